"""Typed Parquet numbers are checked as they are, with exactly the text path's result.

A Parquet ``DOUBLE`` or integer column feeding a ``float`` or ``integer`` contract
column is not turned into text and parsed back (``native_sources``): at force scale
that round trip was a large share of ingest. The result must not change: the same
file with those columns written as text gives the same accepted rows, the same
rejects (line, column, rule) and the same raw values.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from boundline.contract import table
from boundline.ingest import ingest
from boundline.ingest._profile import TableMapping
from boundline.ingest._sql import native_sources
from boundline.store import list_rejects, open_store
from contract_world import VALID, write_source

LATS = [53.4, 91.5, math.nan, math.inf, None, -90.0, 53.123456789]
DURATIONS = [60, -5, None, 10**18, 10**18 - 1, 0, 7]


def _avl(n: int) -> pa.Table:
    rows = []
    for i in range(n):
        row: dict[str, Any] = dict(VALID["avl"][0])
        row["time"] = f"2024-03-01T12:{i:02d}:00Z"
        row["lat"] = LATS[i % len(LATS)]
        row["lon"] = -2.98
        row["speed_kmh"] = float(i)
        rows.append(row)
    return pa.Table.from_pylist(rows)


def _comms(n: int) -> pa.Table:
    rows = []
    for i in range(n):
        row: dict[str, Any] = dict(VALID["comms"][0])
        row.update(record_id=f"R{i}", time=f"2024-03-01T12:{i:02d}:00Z")
        row["duration_s"] = DURATIONS[i % len(DURATIONS)]
        rows.append(row)
    schema = pa.Table.from_pylist(rows).schema.set(
        list(rows[0]).index("duration_s"), pa.field("duration_s", pa.int64())
    )
    return pa.Table.from_pylist(rows, schema=schema)


def _as_text(t: pa.Table) -> pa.Table:
    """The same table with every column as DuckDB's text of it (what ingest did before)."""
    con = duckdb.connect()
    con.register("t", t)
    cols = ", ".join(f'CAST("{c}" AS VARCHAR) AS "{c}"' for c in t.column_names)
    return con.execute(f"SELECT {cols} FROM t").to_arrow_table()


def _source(root: Path, text: bool) -> Path:
    src = write_source(root)
    for name, data in (("avl", _avl(14)), ("comms", _comms(14))):
        (src / f"{name}.csv").unlink(missing_ok=True)
        pq.write_table(_as_text(data) if text else data, src / f"{name}.parquet")
    return src


def _result(store: Path) -> dict[str, Any]:
    opened = open_store(store)
    con = duckdb.connect()
    tables = {}
    for name, files in opened.manifest().tables.items():
        paths = ", ".join(f"'{opened.root / f}'" for f in files)
        tables[name] = con.execute(f"SELECT * FROM read_parquet([{paths}]) ORDER BY ALL").fetchall()
    _, rejects = list_rejects(opened, None, None, None)
    rows = sorted((r.table, r.line, r.column, r.rule, r.raw) for r in rejects)
    return {"tables": tables, "rejects": rows}


def test_native_numbers_give_the_text_result(tmp_path: Path) -> None:
    native = ingest(_source(tmp_path / "native", text=False), tmp_path / "s1")
    text = ingest(_source(tmp_path / "text", text=True), tmp_path / "s2")
    assert {t: r.as_dict() for t, r in native.tables.items()} == {
        t: r.as_dict() for t, r in text.tables.items()
    }
    got, want = _result(tmp_path / "s1"), _result(tmp_path / "s2")
    assert got == want
    rules = {(r[0], r[2], r[3]) for r in got["rejects"]}
    assert {("avl", "lat", "out_of_range"), ("avl", "lat", "bad_float")} <= rules
    assert {
        ("comms", "duration_s", "bad_integer"),
        ("comms", "duration_s", "out_of_range"),
    } <= rules
    raws = [r[4] for r in got["rejects"] if r[0] == "avl"]
    assert any('"lat":"91.5"' in raw for raw in raws), raws


@pytest.mark.parametrize(
    ("column", "arrow_type", "native"),
    [
        ("lat", "DOUBLE", True),
        ("lat", "FLOAT", True),
        ("lat", "VARCHAR", False),
        ("lat", "DECIMAL(9,6)", False),
        ("vehicle_id", "BIGINT", False),
    ],
)
def test_which_columns_are_read_natively(column: str, arrow_type: str, native: bool) -> None:
    avl = table("avl")
    types = {c.name: "VARCHAR" for c in avl.columns} | {column: arrow_type}
    assert (column in native_sources(avl, TableMapping(), types)) is native


def test_a_value_map_keeps_a_column_as_text() -> None:
    comms = table("comms")
    types = {c.name: "VARCHAR" for c in comms.columns} | {"duration_s": "BIGINT"}
    mapped = TableMapping(values={"duration_s": {"-": "0"}})
    assert "duration_s" in native_sources(comms, TableMapping(), types)
    assert "duration_s" not in native_sources(comms, mapped, types)
