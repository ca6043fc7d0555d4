"""The ingest run: discover, check each table, write aside, publish atomically."""

from __future__ import annotations

import hashlib
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from boundline.contract import CONTRACT_VERSION
from boundline.ingest._profile import Profile
from boundline.ingest._report import IngestObserver, IngestReport, SilentObserver, TableReport
from boundline.ingest._source import SourceFile, discover
from boundline.ingest._sql import literal
from boundline.ingest._table import SLICE_ROWS, TableContext, ingest_table
from boundline.store import (
    DEFAULT_STORE,
    Manifest,
    SourceRecord,
    Store,
    fsync_file,
    open_store,
    publish_manifest,
)

REJECTS_DDL = (
    'CREATE TABLE rejects ("table" VARCHAR, file VARCHAR, line BIGINT, "column" VARCHAR, '
    "rule VARCHAR, raw VARCHAR)"
)


def _ingest_id(now: datetime, sources: list[SourceFile]) -> str:
    digest = hashlib.sha256("".join(s.sha256 for s in sources).encode()).hexdigest()
    return f"{now:%Y%m%dT%H%M%S}-{digest[:8]}"


#: DuckDB's working memory for an ingest; beyond it, it spills to the staging folder, so
#: an ingest's memory does not grow with the size of the files.
DEFAULT_MEMORY_LIMIT = "4GB"


def _connect(work_dir: Path, memory_limit: str) -> duckdb.DuckDBPyConnection:
    # In memory, spilling to the staging folder when a table outgrows memory_limit.
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"SET temp_directory = {literal(str(work_dir / 'spill'))}")
    con.execute("SET preserve_insertion_order = true")
    con.execute(f"SET memory_limit = {literal(memory_limit)}")
    return con


def _rel(store: Store, path: Path) -> str:
    return path.relative_to(store.root).as_posix()


def _run(
    store: Store,
    manifest: Manifest,
    sources: list[SourceFile],
    profile: Profile,
    observer: IngestObserver,
    report: IngestReport,
    limits: tuple[str, int],
) -> None:
    """Check every new file; publish them all in one manifest update, or nothing."""
    known = {s.sha256: s for s in manifest.sources}
    fresh = [s for s in sources if s.sha256 not in known]
    for src in sources:
        if src.sha256 in known:
            report.tables[src.table.name] = TableReport(
                src.table.name, str(src.path), already_ingested=True
            )
    if not fresh:
        return
    now = datetime.now(UTC)
    work_dir = store.staging_dir / report.ingest_id
    work_dir.mkdir(parents=True)
    visible = {t: [store.root / p for p in files] for t, files in manifest.tables.items()}
    memory_limit, slice_rows = limits
    ctx = TableContext(report.ingest_id, store.root, work_dir, visible, profile, slice_rows)
    con = _connect(work_dir, memory_limit)
    try:
        con.execute(REJECTS_DDL)
        new_files: dict[str, list[Path]] = {}
        records: list[SourceRecord] = []
        for src in fresh:
            started = time.perf_counter()
            table_report, files = ingest_table(con, src, ctx, observer)
            table_report.seconds = time.perf_counter() - started
            new_files.setdefault(src.table.name, []).extend(files)  # ctx.visible has them
            report.tables[src.table.name] = table_report
            records.append(
                SourceRecord(
                    report.ingest_id,
                    src.table.name,
                    src.path.name,
                    str(src.path.resolve()),
                    src.sha256,
                    src.size,
                    table_report.read,
                    table_report.accepted,
                    table_report.set_aside,
                    table_report.duplicates,
                    CONTRACT_VERSION,
                    now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                )
            )
            observer.table_done(table_report)
        rejects_path = store.rejects_dir / f"{report.ingest_id}.parquet"
        rejects_path.parent.mkdir(parents=True, exist_ok=True)
        con.execute(
            f'COPY (SELECT * FROM rejects ORDER BY "table", line) TO '
            f"{literal(str(rejects_path))} (FORMAT parquet, COMPRESSION zstd)"
        )
    finally:
        con.close()
    for path in [rejects_path, *(p for files in new_files.values() for p in files)]:
        fsync_file(path)
    observer.committing()
    tables = {t: list(files) for t, files in manifest.tables.items()}
    for table, files in new_files.items():
        tables.setdefault(table, []).extend(_rel(store, p) for p in files)
    publish_manifest(
        store.root,
        Manifest(
            version=manifest.version + 1,
            tables=tables,
            rejects=[*manifest.rejects, _rel(store, rejects_path)],
            sources=[*manifest.sources, *records],
        ),
    )
    report.committed = True
    shutil.rmtree(store.staging_dir, ignore_errors=True)


def ingest(
    source: Path | str,
    store: Path | str = DEFAULT_STORE,
    profile: Profile | None = None,
    observer: IngestObserver | None = None,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    slice_rows: int = SLICE_ROWS,
) -> IngestReport:
    """Load a source folder into a store: all of it, or (on any failure) none of it.

    Files already ingested (same SHA-256) are recognised and change nothing; a later
    period's files append. User errors raise :class:`~boundline.errors.UserInputError`
    before the store is touched. Parquet files of more than ``slice_rows`` rows are
    checked that many rows at a time, which bounds the staging space; the result is
    the same as in one go.
    """
    started = time.perf_counter()
    profile = profile or Profile()
    target = open_store(store)
    sources = discover(Path(source), profile)
    report = IngestReport(_ingest_id(datetime.now(UTC), sources), str(target.root))
    with target.locked() as manifest:
        limits = (memory_limit, slice_rows)
        _run(target, manifest, sources, profile, observer or SilentObserver(), report, limits)
    report.seconds = time.perf_counter() - started
    return report
