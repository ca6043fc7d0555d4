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


#: Parquet column types kept as they are, by contract kind: no round trip through text.
NATIVE_TYPES = {
    Kind.FLOAT: frozenset({"DOUBLE", "FLOAT"}),
    Kind.INTEGER: frozenset(
        {"BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UINTEGER", "USMALLINT", "UTINYINT"}
    ),
}


def native_sources(table: Table, mapping: TableMapping, types: dict[str, str]) -> frozenset[str]:
    """The file columns (of ``types``: name to DuckDB type) read as they are typed.

    A Parquet ``DOUBLE`` feeding a ``float`` column, or an integer feeding an
    ``integer`` one, needs no parsing: its value is checked (finite, in range) as it
    is, and its text is made only for the rows set aside. Columns with a value map
    are always read as text.
    """
    found = set()
    for col in table.columns:
        source = mapping.source_column(col.name)
        allowed = NATIVE_TYPES.get(col.kind, frozenset())
        if types.get(source) in allowed and col.name not in mapping.values:
            found.add(source)
    return frozenset(found)


def _native_typed(column: Column, t: str, v: str) -> tuple[None, str, str]:
    """(None, typed value, error WHEN-clauses) for a non-null value read natively."""
    if column.kind is Kind.FLOAT:
        error = f"WHEN NOT isfinite({v}) THEN '{Rule.BAD_FLOAT.value}'"
        return None, f"CAST({t} AS DOUBLE)", error
    # As text, an integer may have at most 18 digits; the same bound holds here.
    too_long = f"{t} <= -1000000000000000000 OR {t} >= 1000000000000000000"
    return None, f"try_cast({t} AS BIGINT)", f"WHEN {too_long} THEN '{Rule.BAD_INTEGER.value}'"


def trimmed(expr: str) -> str:
    """``NULLIF(trim(expr), '')``, with DuckDB's ``trim`` only where it can change the text.

    ``trim`` strips Unicode space separators (category Zs) and costs as much as parsing
    a timestamp, on every value. The only such separator in ASCII is the space, so a
    value that is all ASCII (as many bytes as characters) and neither starts nor ends
    with a space is already trimmed; only the others go through ``trim``.
    """
    return (
        f"(CASE WHEN prefix({expr}, ' ') OR suffix({expr}, ' ') "
        f"OR strlen({expr}) <> length({expr}) THEN NULLIF(trim({expr}), '') "
        f"ELSE NULLIF({expr}, '') END)"
    )


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


def _timestamp(t: str, p: str, v: str, fmt: str | None, zone: str | None) -> tuple[str, str, str]:
    """(parse, value, error WHEN-clauses) for a timestamp in trimmed text ``t``.

    ``p`` names the parse-stage result and ``v`` the typed value, so the error
    clauses can look at both without computing anything twice.
    """
    zoned = "" if zone is None else literal(zone)
    bad, naive_rule = Rule.BAD_TIMESTAMP.value, Rule.NAIVE_TIMESTAMP.value
    if fmt is not None:
        parse = f"try_strptime({t}, {literal(fmt)})"
        if "%z" in fmt or "%Z" in fmt:
            return parse, p, f"WHEN {v} IS NULL THEN '{bad}'"
        if zone is None:
            return (
                parse,
                "CAST(NULL AS TIMESTAMPTZ)",
                (f"WHEN {p} IS NULL THEN '{bad}' ELSE '{naive_rule}'"),
            )
        return parse, f"timezone({zoned}, {p})", f"WHEN {v} IS NULL THEN '{bad}'"
    parse = f"regexp_extract({t}, {literal(ISO_TS)}, ['d', 'tm', 'off'])"
    local = f"timezone({zoned}, try_cast({t} AS TIMESTAMP))" if zone else "NULL"
    value = (
        f"(CASE WHEN {p}.d = '' THEN NULL WHEN {p}.off <> '' "
        f"THEN try_cast({t} AS TIMESTAMPTZ) ELSE {local} END)"
    )
    error = f"WHEN {p}.d = '' THEN '{bad}' "
    if zone is None:
        error += (
            f"WHEN {p}.off = '' AND try_cast({t} AS TIMESTAMP) IS NULL THEN '{bad}' "
            f"WHEN {p}.off = '' THEN '{naive_rule}' "
        )
    error += f"WHEN {v} IS NULL THEN '{bad}'"
    return parse, value, error


def _typed(
    column: Column, t: str, p: str, v: str, mapping: TableMapping, zone: str | None
) -> tuple[str | None, str, str]:
    """(parse or None, typed value, error WHEN-clauses) for a non-empty value ``t``."""
    kind = column.kind
    if kind in (Kind.ID, Kind.TEXT, Kind.PHONE):
        return None, t, ""
    if kind is Kind.ENUM:
        values = _in_list(column.values)
        return None, f"lower({t})", f"WHEN {v} NOT IN {values} THEN '{Rule.BAD_ENUM.value}'"
    if kind is Kind.TIMESTAMP:
        return _timestamp(t, p, v, mapping.timestamp_formats.get(column.name), zone)
    if kind is Kind.DATE:
        shape = f"regexp_full_match({t}, '\\d{{4}}-\\d{{2}}-\\d{{2}}')"
        value = f"(CASE WHEN {shape} THEN try_cast({t} AS DATE) END)"
        return None, value, f"WHEN {v} IS NULL THEN '{Rule.BAD_DATE.value}'"
    if kind is Kind.INTEGER:
        shape = f"regexp_full_match({t}, '[+-]?\\d{{1,18}}')"
        value = f"(CASE WHEN {shape} THEN try_cast({t} AS BIGINT) END)"
        return None, value, f"WHEN {v} IS NULL THEN '{Rule.BAD_INTEGER.value}'"
    if kind is Kind.FLOAT:
        error = f"WHEN {v} IS NULL OR NOT isfinite({v}) THEN '{Rule.BAD_FLOAT.value}'"
        return None, f"try_cast({t} AS DOUBLE)", error
    if kind is Kind.BOOLEAN:
        low = f"lower({t})"
        true, false = _in_list(_TRUE), _in_list(_FALSE)
        value = f"(CASE WHEN {low} IN {true} THEN true WHEN {low} IN {false} THEN false END)"
        return None, value, f"WHEN {v} IS NULL THEN '{Rule.BAD_BOOLEAN.value}'"
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
    native: frozenset[str] = frozenset(),
) -> str:
    """SELECT that types every column and names each row's first broken rule.

    ``relation`` yields ``__ord`` (the row's position in the file) and the file's
    columns as text, except the ``native`` ones (:func:`native_sources`), which keep
    their type. The result has ``__ord``, ``__err`` (``column|rule`` or NULL), the
    typed contract columns, ``__raw_<column>`` for every column (a native column's
    raw value is the value itself; rejects turn it into text) and ``extra``.
    """
    # Four stages, each computing every expression once: the text as written and
    # trimmed; parses that both the value and the error need; typed values; errors.
    raw_cols = [ident(raw_name(c.name)) for c in table.columns]
    stage1, parse, values, errors = ["__ord"], ["*"], ["__ord", *raw_cols, "extra"], ["*"]
    for col in table.columns:
        q, t = ident(col.name), ident(f"__t_{col.name}")
        p = ident(f"__p_{col.name}")
        source = mapping.source_column(col.name)
        if source in native:
            stage1.append(f"{ident(source)} AS {ident(raw_name(col.name))}")
            stage1.append(f"{ident(source)} AS {t}")
            parsed, value, when = _native_typed(col, t, q)
        else:
            mapped = _mapped(col, mapping, header)
            stage1.append(f"{mapped} AS {ident(raw_name(col.name))}")
            stage1.append(f"{trimmed(mapped)} AS {t}")
            parsed, value, when = _typed(col, t, p, q, mapping, zone)
        if parsed is not None:
            parse.append(f"{parsed} AS {p}")
            values.append(p)
        values.append(t)
        if col.kind in (Kind.ID, Kind.TEXT):
            value = ident(raw_name(col.name))
        values.append(f"(CASE WHEN {t} IS NULL THEN NULL ELSE {value} END) AS {q}")
        missing = "" if col.optional else f"WHEN {t} IS NULL THEN '{Rule.MISSING_VALUE.value}' "
        case = f"{missing}WHEN {t} IS NULL THEN NULL {when} {_range(col, q)}".strip()
        errors.append(f"(CASE {case} END) AS {ident(f'__e_{col.name}')}")
    extra = "CAST(NULL AS VARCHAR)"
    if extras:
        fields = ", ".join(f"{literal(e)}: {ident(e)}" for e in extras)
        extra = f"CAST(to_json({{{fields}}}) AS VARCHAR)"
    stage1.append(f"{extra} AS extra")
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
    inner = f"SELECT {', '.join(stage1)} FROM {relation}"
    inner = f"SELECT {', '.join(parse)} FROM ({inner})"
    inner = f"SELECT {', '.join(values)} FROM ({inner})"
    inner = f"SELECT {', '.join(errors)} FROM ({inner})"
    verdict = f"coalesce({', '.join(pieces)}) AS __err"
    return f"SELECT __ord, {verdict}, {', '.join(names)}, extra FROM ({inner})"
