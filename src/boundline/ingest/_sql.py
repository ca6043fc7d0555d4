"""The SQL that reads one source file and checks every row against the contract.

Everything here is generated from the contract model, so a new column or rule is
a change of data, not of code. Values never reach SQL text: only contract
identifiers, the file's header names (quoted) and profile settings do.
"""

from __future__ import annotations

from boundline.contract import Column, Kind, Rule, Table
from boundline.ingest._profile import TableMapping

ISO_TS = (
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)\s*"
    r"([Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")


def ident(name: str) -> str:
    """Quote an identifier for DuckDB."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """Quote a string literal for DuckDB."""
    return "'" + text.replace("'", "''") + "'"


def _in_list(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(literal(v) for v in values) + ")"


def raw_name(column: str) -> str:
    """Staging name of the value as written in the file."""
    return f"__raw_{column}"


def _mapped(column: Column, mapping: TableMapping, header: tuple[str, ...]) -> str:
    source = mapping.source_column(column.name)
    if source not in header:
        return "CAST(NULL AS VARCHAR)"
    expr = ident(source)
    value_map = mapping.values.get(column.name)
    if value_map:
        whens = " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in value_map.items())
        expr = f"(CASE trim({expr}) {whens} ELSE {expr} END)"
    return expr


def _timestamp(t: str, fmt: str | None, zone: str | None) -> tuple[str, str]:
    """Return (typed value, error case) for a timestamp held in trimmed text ``t``."""
    zoned = "" if zone is None else literal(zone)
    if fmt is not None:
        parsed = f"try_strptime({t}, {literal(fmt)})"
        if "%z" in fmt or "%Z" in fmt:
            return parsed, f"WHEN {parsed} IS NULL THEN '{Rule.BAD_TIMESTAMP.value}'"
        if zone is None:
            return "CAST(NULL AS TIMESTAMPTZ)", (
                f"WHEN {parsed} IS NULL THEN '{Rule.BAD_TIMESTAMP.value}' "
                f"ELSE '{Rule.NAIVE_TIMESTAMP.value}'"
            )
        value = f"timezone({zoned}, {parsed})"
        return value, f"WHEN {parsed} IS NULL THEN '{Rule.BAD_TIMESTAMP.value}'"
    shape = f"regexp_full_match({t}, {literal(ISO_TS)})"
    offset = f"regexp_extract({t}, {literal(ISO_TS)}, 3)"
    naive = f"try_cast({t} AS TIMESTAMP)"
    aware = f"try_cast({t} AS TIMESTAMPTZ)"
    local = f"timezone({zoned}, {naive})" if zone else "CAST(NULL AS TIMESTAMPTZ)"
    value = f"(CASE WHEN NOT {shape} THEN NULL WHEN {offset} <> '' THEN {aware} ELSE {local} END)"
    error = (
        f"WHEN NOT {shape} OR {naive} IS NULL THEN '{Rule.BAD_TIMESTAMP.value}' "
        f"WHEN {offset} <> '' AND {aware} IS NULL THEN '{Rule.BAD_TIMESTAMP.value}' "
    )
    if zone is None:
        error += f"WHEN {offset} = '' THEN '{Rule.NAIVE_TIMESTAMP.value}'"
    return value, error


def _typed(column: Column, t: str, mapping: TableMapping, zone: str | None) -> tuple[str, str]:
    """Return (typed value, error WHEN-clauses) for a present, non-empty value ``t``."""
    kind = column.kind
    if kind in (Kind.ID, Kind.TEXT, Kind.PHONE):
        return t, ""
    if kind is Kind.ENUM:
        value = f"lower({t})"
        return value, f"WHEN {value} NOT IN {_in_list(column.values)} THEN '{Rule.BAD_ENUM.value}'"
    if kind is Kind.TIMESTAMP:
        return _timestamp(t, mapping.timestamp_formats.get(column.name), zone)
    if kind is Kind.DATE:
        value = f"try_cast({t} AS DATE)"
        shape = f"regexp_full_match({t}, '\\d{{4}}-\\d{{2}}-\\d{{2}}')"
        return value, f"WHEN NOT {shape} OR {value} IS NULL THEN '{Rule.BAD_DATE.value}'"
    if kind is Kind.INTEGER:
        value = f"try_cast({t} AS BIGINT)"
        shape = f"regexp_full_match({t}, '[+-]?\\d{{1,18}}')"
        return value, f"WHEN NOT {shape} OR {value} IS NULL THEN '{Rule.BAD_INTEGER.value}'"
    if kind is Kind.FLOAT:
        value = f"try_cast({t} AS DOUBLE)"
        return value, f"WHEN {value} IS NULL OR NOT isfinite({value}) THEN '{Rule.BAD_FLOAT.value}'"
    if kind is Kind.BOOLEAN:
        low = f"lower({t})"
        true, false = _in_list(_TRUE), _in_list(_FALSE)
        value = f"(CASE WHEN {low} IN {true} THEN true WHEN {low} IN {false} THEN false END)"
        return value, f"WHEN {value} IS NULL THEN '{Rule.BAD_BOOLEAN.value}'"
    raise AssertionError(kind)  # pragma: no cover - every kind is handled above


def _range(column: Column, value: str) -> str:
    parts = []
    if column.minimum is not None:
        parts.append(f"{value} < {column.minimum}")
    if column.maximum is not None:
        parts.append(f"{value} > {column.maximum}")
    if not parts:
        return ""
    return f"WHEN {' OR '.join(parts)} THEN '{Rule.OUT_OF_RANGE.value}'"


def check_sql(
    table: Table,
    relation: str,
    header: tuple[str, ...],
    extras: tuple[str, ...],
    mapping: TableMapping,
    zone: str | None,
) -> str:
    """SELECT that types every column and names each row's first broken rule.

    ``relation`` yields ``__ord`` (the row's position in the file) and the file's
    columns as text. The result has ``__ord``, ``__err`` (``column|rule`` or NULL),
    the typed contract columns, ``__raw_<column>`` for every column and ``extra``.
    """
    stage1 = ["__ord"]
    stage2 = ["__ord"]
    for col in table.columns:
        q = ident(col.name)
        t = ident(f"__t_{col.name}")
        stage1.append(f"{_mapped(col, mapping, header)} AS {ident(raw_name(col.name))}")
        stage1.append(f"NULLIF(trim({_mapped(col, mapping, header)}), '') AS {t}")
        value, when = _typed(col, t, mapping, zone)
        if col.kind in (Kind.ID, Kind.TEXT):
            value = f"(CASE WHEN {t} IS NULL THEN NULL ELSE {ident(raw_name(col.name))} END)"
        missing = "" if col.optional else f"WHEN {t} IS NULL THEN '{Rule.MISSING_VALUE.value}' "
        rng = _range(col, value)
        case = f"{missing}WHEN {t} IS NULL THEN NULL {when} {rng}".strip()
        stage2.append(f"(CASE WHEN {t} IS NULL THEN NULL ELSE {value} END) AS {q}")
        stage2.append(ident(raw_name(col.name)))
        err_col = ident(f"__e_{col.name}")
        stage2.append(f"(CASE {case} END) AS {err_col}")
    extra = "CAST(NULL AS VARCHAR)"
    if extras:
        fields = ", ".join(f"{literal(e)}: {ident(e)}" for e in extras)
        extra = f"CAST(to_json({{{fields}}}) AS VARCHAR)"
    stage1.append(f"{extra} AS extra")
    stage2.append("extra")
    pieces = [
        f"CASE WHEN {ident('__e_' + c.name)} IS NOT NULL THEN "
        f"{literal(c.name + '|')} || {ident('__e_' + c.name)} END"
        for c in table.columns
    ]
    for iv in table.intervals:
        s, e = ident(iv.start), ident(iv.end)
        pieces.append(
            f"CASE WHEN {s} IS NOT NULL AND {e} IS NOT NULL AND {e} <= {s} "
            f"THEN {literal(iv.end + '|' + Rule.INTERVAL_ORDER.value)} END"
        )
    names = [ident(c.name) for c in table.columns] + [
        ident(raw_name(c.name)) for c in table.columns
    ]
    return (
        f"SELECT __ord, coalesce({', '.join(pieces)}) AS __err, {', '.join(names)}, extra "
        f"FROM (SELECT {', '.join(stage2)} FROM (SELECT {', '.join(stage1)} FROM {relation}))"
    )
