"""A large Parquet file checked in slices gives exactly what one pass gives.

The force-scale path writes Parquet; ingest checks files of more than ``slice_rows``
rows a slice at a time so that staging space is bounded. Slices must be invisible in
the result: the same accepted rows, the same set-aside rows (file, line, column,
rule), the same counts, including duplicates whose first copy lies in an earlier slice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from boundline.ingest import ingest
from boundline.store import open_store
from boundline.synth import SynthConfig, generate
from contract_world import VALID, write_source


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("slices")
    generate(SynthConfig(scale="force", officers=30, months=1, seed=11), root / "src")
    return root / "src"


def _content(store: Path) -> dict[str, Any]:
    opened = open_store(store)
    con = duckdb.connect()
    tables = {}
    for table, files in opened.manifest().tables.items():
        paths = ", ".join(f"'{opened.root / f}'" for f in files)
        rows = con.execute(f"SELECT * FROM read_parquet([{paths}]) ORDER BY ALL").fetchall()
        tables[table] = rows
    rejects = sorted(
        (r.table, Path(r.file).name, r.line, r.column, r.rule) for r in _all_rejects(opened)
    )
    return {"tables": tables, "rejects": rejects}


def _all_rejects(opened: Any) -> list[Any]:
    from boundline.store import list_rejects

    _, rows = list_rejects(opened, None, None, None)
    return list(rows)


def test_slices_change_nothing(source: Path, tmp_path: Path) -> None:
    whole = ingest(source, tmp_path / "whole")
    sliced = ingest(source, tmp_path / "sliced", slice_rows=7_000)
    counts = {t: r.as_dict() for t, r in whole.tables.items()}
    assert {t: r.as_dict() for t, r in sliced.tables.items()} == counts
    assert counts["avl"]["read"] > 3 * 7_000, "the AVL file should need several slices"
    assert counts["comms"]["duplicates"] > 0, "the planted duplicates should be there"
    assert {t: r.set_aside_by_rule for t, r in sliced.tables.items()} == {
        t: r.set_aside_by_rule for t, r in whole.tables.items()
    }
    assert _content(tmp_path / "sliced") == _content(tmp_path / "whole")
    files = open_store(tmp_path / "sliced").manifest().tables["avl"]
    assert any("-s001" in f for f in files), "the sliced ingest should write per slice"


def _comms(record_id: str, minute: int, device: str = "D1") -> dict[str, str]:
    row = dict(VALID["comms"][0])
    row.update(record_id=record_id, device_id=device, time=f"2024-03-01T12:{minute:02d}:00Z")
    return row


# rows (by line): which are set aside, with which rule, when slices hold 3 rows
SLICE_CASES = [
    (
        "a duplicate whose first copy is in an earlier slice",
        [_comms("R1", 0), _comms("R2", 1), _comms("R3", 2), _comms("R4", 3), _comms("R1", 4)],
        [(5, "record_id", "duplicate_key")],
    ),
    (
        "a duplicate inside the second slice and a bad reference in the first",
        [_comms("R1", 0), _comms("R2", 1, "D9"), _comms("R3", 2), _comms("R4", 3), _comms("R4", 4)],
        [(2, "device_id", "unknown_reference"), (5, "record_id", "duplicate_key")],
    ),
]


@pytest.mark.parametrize(
    ("rows", "want"), [c[1:] for c in SLICE_CASES], ids=[c[0] for c in SLICE_CASES]
)
def test_rules_across_slices(tmp_path: Path, rows: list[dict[str, str]], want: list) -> None:
    src = write_source(tmp_path / "src")
    csv_path = src / "comms.csv"
    csv_path.unlink()
    pq.write_table(pa.Table.from_pylist(rows), src / "comms.parquet", row_group_size=2)
    report = ingest(src, tmp_path / "store", slice_rows=3)
    got = sorted(
        (r.line, r.column, r.rule)
        for r in _all_rejects(open_store(tmp_path / "store"))
        if r.table == "comms"
    )
    assert got == want
    assert report.tables["comms"].read == len(rows)
    assert report.tables["comms"].accepted == len(rows) - len(want)
