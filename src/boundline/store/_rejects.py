"""Reading back the rows ingest set aside."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from boundline.store._store import Store


@dataclass(frozen=True)
class Reject:
    """One set-aside row: where it was, which rule it broke, what it said."""

    table: str
    file: str
    line: int
    column: str | None
    rule: str
    raw: str


def list_rejects(
    store: Store,
    table: str | None = None,
    rule: str | None = None,
    limit: int | None = None,
) -> tuple[int, list[Reject]]:
    """Return ``(total matching, first `limit` rows)`` of the visible rejects, in file order."""
    files = [str(p) for p in store.reject_files()]
    if not files:
        return 0, []
    where, params = [], []
    if table is not None:
        where.append('"table" = ?')
        params.append(table)
    if rule is not None:
        where.append("rule = ?")
        params.append(rule)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    con = duckdb.connect()
    try:
        listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        con.execute(f"CREATE VIEW r AS SELECT * FROM read_parquet([{listing}])")
        total_row = con.execute(f"SELECT count(*) FROM r {clause}", params).fetchone()
        total = int(total_row[0]) if total_row else 0
        lim = "" if limit is None else f"LIMIT {int(limit)}"
        rows = con.execute(
            f'SELECT "table", file, line, "column", rule, raw FROM r {clause} '
            f"ORDER BY file, line {lim}",
            params,
        ).fetchall()
    finally:
        con.close()
    return total, [Reject(str(t), str(f), int(ln), c, str(r), str(w)) for t, f, ln, c, r, w in rows]
