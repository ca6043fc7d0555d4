"""Ingest of one table's file into staging: read, check, dedupe, resolve, write."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from boundline.contract import Kind, Rule, Table
from boundline.errors import IngestInvariantError
from boundline.ingest._fallback import read_with_python
from boundline.ingest._phones import build_phone_map
from boundline.ingest._profile import Profile
from boundline.ingest._report import IngestObserver, TableReport
from boundline.ingest._source import SourceFile
from boundline.ingest._sql import check_sql, ident, literal, native_sources, raw_name

STEPS = 4
#: Parquet files larger than this are checked a slice of rows at a time (row groups are
#: skipped by ``file_row_number``), so staging space is bounded by the slice, not the file.
SLICE_ROWS = 25_000_000


@dataclass(frozen=True)
class TableContext:
    """What a table's ingest needs to know about the store and this run."""

    ingest_id: str
    store_root: Path
    work_dir: Path
    visible: dict[str, list[Path]]  # table -> files readable as accepted (store + this run)
    profile: Profile
    slice_rows: int = SLICE_ROWS  # Parquet files with more rows are checked in slices


def _parquet_list(files: list[Path]) -> str:
    return "[" + ", ".join(literal(str(f)) for f in files) + "]"


def _native(con: duckdb.DuckDBPyConnection, src: SourceFile) -> frozenset[str]:
    """The Parquet file's columns that are read as typed (see ``native_sources``)."""
    if src.kind != "parquet":
        return frozenset()
    described = con.execute(
        f"DESCRIBE SELECT * FROM read_parquet({literal(str(src.path))})"
    ).fetchall()
    types = {str(r[0]): str(r[1]) for r in described}
    return native_sources(src.table, src.mapping, types)


def _relation(
    src: SourceFile, rows: tuple[int, int] | None = None, native: frozenset[str] = frozenset()
) -> str:
    """A FROM-able relation with ``__ord`` and every file column as text, but ``native``.

    ``rows`` (Parquet only) keeps the rows ``[lo, hi)`` of the file, by row number.
    """
    if src.kind == "parquet":
        cols = ", ".join(
            ident(h) if h in native else f"CAST({ident(h)} AS VARCHAR) AS {ident(h)}"
            for h in src.header
        )
        where = (
            f" WHERE file_row_number >= {rows[0]} AND file_row_number < {rows[1]}" if rows else ""
        )
        return (
            f"(SELECT file_row_number + 1 AS __ord, {cols} "
            f"FROM read_parquet({literal(str(src.path))}, file_row_number = true){where})"
        )
    return f"(SELECT rowid + 1 AS __ord, * FROM {_csv_text(src)})"


def _csv_text(src: SourceFile) -> str:
    """Name of the table that :func:`_read_csv` fills with the file's records as text."""
    return f"csv_{src.table.name}"


def _read_csv(con: duckdb.DuckDBPyConnection, src: SourceFile) -> None:
    """Read a CSV file's well-formed records, as text and in file order, into a table.

    In a table, ``rowid`` numbers the records in file order (insertion order is
    preserved), which ``row_number() OVER ()`` over the reader did too but in one
    thread for everything after it: the checks then ran on one core.
    """
    columns = "{" + ", ".join(f"{literal(h)}: 'VARCHAR'" for h in src.header) + "}"
    name = src.table.name
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {_csv_text(src)} AS SELECT * FROM read_csv("
        f"{literal(str(src.path))}, header = true, auto_detect = false, "
        f"delim = {literal(src.mapping.delimiter)}, quote = '\"', escape = '\"', "
        f"columns = {columns}, store_rejects = true, rejects_table = 'rej_{name}', "
        f"rejects_scan = 'rejscan_{name}', rejects_limit = 0, encoding = 'utf-8')"
    )


def _malformed(con: duckdb.DuckDBPyConnection, src: SourceFile) -> str:
    """Create ``mal_<table>``: one row per unreadable CSV record, with its line."""
    name = f"mal_{src.table.name}"
    if src.kind == "csv":
        con.execute(
            f"CREATE OR REPLACE TABLE {name} AS "
            f"SELECT line, good_before, column_name, csv_line FROM ("
            f"SELECT line, any_value(column_name) AS column_name, any_value(csv_line) AS csv_line, "
            f"line - 2 - (row_number() OVER (ORDER BY line) - 1) AS good_before "
            f"FROM rej_{src.table.name} GROUP BY line)"
        )
    else:
        con.execute(
            f"CREATE OR REPLACE TABLE {name} (line BIGINT, good_before BIGINT, "
            f"column_name VARCHAR, csv_line VARCHAR)"
        )
    return name


def _verdict_sql(table: Table, staged: str, ctx: TableContext) -> str:
    """The staged rows set aside, each with its first broken rule, duplicates included.

    References are checked here too. Narrow on purpose (``__ord``, ``__err``, and only
    the rows set aside): the wide rows stay in ``staged``.
    """
    joins: list[str] = []
    verdicts = ["s.__err"]
    key = table.key
    if key is not None:
        k = ident(key.name)
        dup = (
            f"CASE WHEN s.__err IS NULL AND (row_number() OVER "
            f"(PARTITION BY s.{k}, s.__err IS NULL ORDER BY s.__ord) > 1"
        )
        existing = ctx.visible.get(table.name, [])
        if existing:
            joins.append(
                f"LEFT JOIN (SELECT DISTINCT {k} AS k FROM read_parquet("
                f"{_parquet_list(existing)})) ex ON s.{k} = ex.k"
            )
            dup += " OR ex.k IS NOT NULL"
        verdicts.append(f"{dup}) THEN {literal(key.name + '|' + Rule.DUPLICATE_KEY.value)} END")
    for i, ref in enumerate(table.references):
        ref_col, alias = ident(ref.column), f"r{i}"
        files = ctx.visible.get(ref.target_table, [])
        verdict = f"{literal(ref.column + '|' + Rule.UNKNOWN_REFERENCE.value)}"
        if files:
            joins.append(
                f"LEFT JOIN (SELECT DISTINCT {ident(ref.target_column)} AS k FROM read_parquet("
                f"{_parquet_list(files)})) {alias} ON s.{ref_col} = {alias}.k"
            )
            verdicts.append(
                f"CASE WHEN s.{ref_col} IS NOT NULL AND {alias}.k IS NULL THEN {verdict} END"
            )
        else:
            verdicts.append(f"CASE WHEN s.{ref_col} IS NOT NULL THEN {verdict} END")
    return (
        f"SELECT __ord, __err FROM (SELECT s.__ord, coalesce({', '.join(verdicts)}) AS __err "
        f"FROM {staged} s {' '.join(joins)}) WHERE __err IS NOT NULL"
    )


def _checked_sql(table: Table, staged: str, verdicts: str, phone_map: str | None) -> str:
    """Staged rows with their final verdict and normalised phone columns.

    ``verdicts`` holds only the set-aside rows, each with its whole verdict (see
    :func:`_verdict_sql`), so the join's build side is small and the staged rows
    stream through it in file order: the accepted rows are written without a sort.
    """
    joins = [f"LEFT JOIN {verdicts} v ON s.__ord = v.__ord"]
    selects = []
    for col in table.columns:
        q = ident(col.name)
        if col.kind is Kind.PHONE and phone_map is not None:
            alias = f"p_{col.name}"
            joins.append(f"LEFT JOIN {phone_map} {alias} ON s.{q} = {alias}.v")
            selects.append(f"{alias}.n AS {q}")
        else:
            selects.append(f"s.{q}")
    raws = ", ".join(f"s.{ident(raw_name(c.name))}" for c in table.columns)
    return (
        f"SELECT s.__ord, v.__err, {', '.join(selects)}, {raws}, s.extra "
        f"FROM {staged} s {' '.join(joins)}"
    )


def _write_accepted(
    con: duckdb.DuckDBPyConnection, table: Table, checked: str, ctx: TableContext, tag: str
) -> tuple[list[Path], int]:
    """Write accepted rows as Parquet into data/ (invisible until the manifest names them).

    File names start with ``tag`` (the ingest id, plus the slice of a sliced file).
    Returns the files and the number of rows written (as DuckDB's ``COPY`` counts them).
    """
    cols = []
    for name, sql_type in table.storage_columns():
        if name.endswith("_raw") and table.column(name[: -len("_raw")]).kind is Kind.PHONE:
            cols.append(f"{ident(raw_name(name[:-4]))} AS {ident(name)}")
        else:
            cols.append(f"CAST({ident(name)} AS {sql_type}) AS {ident(name)}")
    # No ORDER BY: ``checked`` streams the staged rows in file order (insertion order is
    # preserved, and its one join probes them against the few set-aside rows).
    select = f"SELECT {', '.join(cols)} FROM {checked} WHERE __err IS NULL"
    out_dir = ctx.work_dir / "out" / table.name
    out_dir.mkdir(parents=True, exist_ok=True)
    target_dir = ctx.store_root / "data" / table.name
    if table.partition_by_month is None:
        tmp = out_dir / f"{tag}.parquet"
        done = con.execute(
            f"COPY ({select}) TO {literal(str(tmp))} (FORMAT parquet, COMPRESSION zstd)"
        ).fetchone()
        written = [tmp]
    else:
        # The UTC month by epoch arithmetic: ``AT TIME ZONE`` goes through ICU per row,
        # which costs four times as much on a 400M-row table.
        utc = f"make_timestamp(epoch_us({ident(table.partition_by_month)}))"
        month = f"strftime({utc}, '%Y-%m')"
        done = con.execute(
            f"COPY (SELECT *, {month} AS month FROM ({select})) TO {literal(str(out_dir))} "
            f"(FORMAT parquet, COMPRESSION zstd, PARTITION_BY (month), "
            f"FILENAME_PATTERN {literal(tag + '-{i}')}, OVERWRITE_OR_IGNORE)"
        ).fetchone()
        written = sorted(out_dir.rglob(f"{tag}-*.parquet"))
    final = []
    for path in written:
        dest = target_dir / path.relative_to(out_dir)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, dest)
        final.append(dest)
    return final, int(done[0]) if done else 0


def _record_rejects(
    con: duckdb.DuckDBPyConnection, src: SourceFile, checked: str, malformed: str
) -> None:
    """Append this file's set-aside rows to the run's ``rejects`` table."""
    t = src.table
    raw = (
        "CAST(to_json({"
        + ", ".join(
            f"{literal(c.name)}: CAST({ident(raw_name(c.name))} AS VARCHAR)" for c in t.columns
        )
        + "}) AS VARCHAR)"
    )
    line = (
        "__ord"
        if src.kind == "parquet"
        else (f"__ord + 1 + (SELECT count(*) FROM {malformed} m WHERE m.good_before < c.__ord)")
    )
    file_lit = literal(str(src.path))
    con.execute(
        f"INSERT INTO rejects SELECT {literal(t.name)}, {file_lit}, {line}, "
        f"split_part(__err, '|', 1), split_part(__err, '|', 2), {raw} "
        f"FROM {checked} c WHERE __err IS NOT NULL"
    )
    con.execute(
        f"INSERT INTO rejects SELECT {literal(t.name)}, {file_lit}, line, column_name, "
        f"{literal(Rule.MALFORMED_ROW.value)}, CAST(to_json({{'record': csv_line}}) AS VARCHAR) "
        f"FROM {malformed}"
    )


def _slices(
    con: duckdb.DuckDBPyConnection, src: SourceFile, size: int
) -> list[tuple[int, int] | None]:
    """The row ranges a file is checked in: one slice, unless it is a large Parquet file."""
    if src.kind != "parquet":
        return [None]
    found = con.execute(
        f"SELECT sum(num_rows) FROM parquet_file_metadata({literal(str(src.path))})"
    ).fetchone()
    total = int(found[0]) if found and found[0] is not None else 0
    if total <= size:
        return [None]
    return [(lo, min(lo + size, total)) for lo in range(0, total, size)]


def ingest_table(
    con: duckdb.DuckDBPyConnection, src: SourceFile, ctx: TableContext, observer: IngestObserver
) -> tuple[TableReport, list[Path]]:
    """Take one file through every check; return its report and the data files written.

    A large Parquet file goes through a slice of rows at a time; each slice's accepted
    rows become visible to the next one's duplicate and reference checks, exactly as
    if the slices were files ingested one after another.
    """
    t = src.table
    report = TableReport(t.name, str(src.path))
    slices = _slices(con, src, ctx.slice_rows)
    observer.table_started(t.name, str(src.path), STEPS * len(slices))
    files: list[Path] = []
    by_rule: dict[str, int] = {}
    for k, rows in enumerate(slices):
        tag = ctx.ingest_id if rows is None else f"{ctx.ingest_id}-s{k:03d}"
        read, accepted, rules, written = _ingest_slice(con, src, ctx, observer, rows, tag)
        report.read += read
        report.accepted += accepted
        for rule, n in rules.items():
            by_rule[rule] = by_rule.get(rule, 0) + n
        files += written
        ctx.visible.setdefault(t.name, []).extend(written)
    report.set_aside = sum(by_rule.values())
    if report.accepted + report.set_aside != report.read:
        raise IngestInvariantError(
            f"{src.path}: {report.read} rows read but {report.accepted} accepted and "
            f"{report.set_aside} set aside; nothing was written to the store."
        )
    report.duplicates = by_rule.get(Rule.DUPLICATE_KEY.value, 0)
    report.set_aside_by_rule = dict(sorted(by_rule.items()))
    return report, files


def _ingest_slice(
    con: duckdb.DuckDBPyConnection,
    src: SourceFile,
    ctx: TableContext,
    observer: IngestObserver,
    rows: tuple[int, int] | None,
    tag: str,
) -> tuple[int, int, dict[str, int], list[Path]]:
    """Check one slice (or the whole file); return read, accepted, set aside by rule, files."""
    t = src.table
    staged, checked = f"staged_{t.name}", f"checked_{t.name}"
    native = _native(con, src)
    relation = _relation(src, rows, native)
    zone = ctx.profile.timezone
    sql = check_sql(t, relation, src.header, src.extras, src.mapping, zone, native)
    try:
        if src.kind == "csv":
            _read_csv(con, src)
        con.execute(f"CREATE TABLE {staged} AS {sql}")
    except duckdb.InvalidInputException:
        if src.kind != "csv":
            raise
        con.execute(f"DROP TABLE IF EXISTS rej_{t.name}")
        relation = read_with_python(
            con,
            src.path,
            src.header,
            src.mapping.delimiter,
            ctx.work_dir / f"{t.name}.fallback.parquet",
            f"rej_{t.name}",
        )
        sql = check_sql(t, relation, src.header, src.extras, src.mapping, zone)
        con.execute(f"CREATE TABLE {staged} AS {sql}")
    malformed = _malformed(con, src)
    observer.step(t.name, "read and typed")
    phones = [c.name for c in t.columns if c.kind is Kind.PHONE]
    phone_map = (
        build_phone_map(con, staged, phones, ctx.profile.region, f"phones_{t.name}")
        if phones
        else None
    )
    observer.step(t.name, "phone numbers normalised")
    verdicts = f"verdicts_{t.name}"
    con.execute(f"CREATE TABLE {verdicts} AS {_verdict_sql(t, staged, ctx)}")
    con.execute(f"CREATE VIEW {checked} AS {_checked_sql(t, staged, verdicts, phone_map)}")
    observer.step(t.name, "duplicates and references checked")
    files, accepted = _write_accepted(con, t, checked, ctx, tag)
    _record_rejects(con, src, checked, malformed)
    observer.step(t.name, "written")
    counted = con.execute(
        f"SELECT split_part(__err, '|', 2) AS rule, count(*) FROM {verdicts} GROUP BY ALL"
    ).fetchall()
    n_malformed = con.execute(f"SELECT count(*) FROM {malformed}").fetchone()
    by_rule = {str(r): int(n) for r, n in counted}
    staged_rows = con.execute(f"SELECT count(*) FROM {staged}").fetchone()
    n_staged = int(staged_rows[0]) if staged_rows else 0
    if n_malformed and n_malformed[0]:
        by_rule[Rule.MALFORMED_ROW.value] = int(n_malformed[0])
    read = n_staged + by_rule.get(Rule.MALFORMED_ROW.value, 0)
    con.execute(f"DROP VIEW {checked}")
    con.execute(f"DROP TABLE IF EXISTS {_csv_text(src)}")
    for name in (staged, verdicts):
        con.execute(f"DROP TABLE {name}")
    return int(read), accepted, by_rule, files
