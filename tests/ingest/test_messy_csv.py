"""Property tests: messy and malformed CSVs never crash ingest and never lose a row."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boundline.ingest import ingest
from boundline.store import list_rejects, open_store
from contract_world import write_source

COLUMNS = ["record_id", "device_id", "time", "direction", "channel", "counterpart", "duration_s"]

_cell = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "R1",
            "D1",
            "D9",
            "out",
            "IN",
            "sms",
            "call",
            "fax",
            "07700 900123",
            "+44 7700 900123",
            "2024-03-01T12:00:00Z",
            "2024-03-01T12:00:00",
            "2024-02-30T00:00:00Z",
            "60",
            "-1",
            "1e3",
            "nan",
            '"',
            "a,b",
            "x\ny",
        ]
    ),
    st.text(max_size=12),
)
_row = st.lists(_cell, min_size=0, max_size=9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(_row, min_size=0, max_size=25))
def test_well_quoted_rows_are_all_accounted_for(rows: list[list[str]]) -> None:
    """Rows written by a real CSV writer: read equals rows written, nothing lost."""
    tmp = Path(tempfile.mkdtemp())
    try:
        folder = write_source(tmp / "src")
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")  # quotes any field holding \r or \n
        writer.writerow(COLUMNS)
        written = 0
        for row in rows:
            if not any(cell.strip() for cell in row) and len(row) <= 1:
                continue  # a blank line is not a record
            writer.writerow(row)
            written += 1
        (folder / "comms.csv").write_text(buf.getvalue(), encoding="utf-8")
        report = ingest(folder, tmp / "store")
        comms = report.tables["comms"]
        assert comms.accepted + comms.set_aside == comms.read == written
        total, _ = list_rejects(open_store(tmp / "store"), table="comms")
        assert total == comms.set_aside
    finally:
        shutil.rmtree(tmp)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(body: bytes) -> None:
    """Any bytes after a valid header: no crash, and accepted + set aside = read."""
    tmp = Path(tempfile.mkdtemp())
    try:
        folder = write_source(tmp / "src")
        (folder / "comms.csv").write_bytes((",".join(COLUMNS) + "\n").encode() + body)
        report = ingest(folder, tmp / "store")
        comms = report.tables["comms"]
        assert comms.accepted + comms.set_aside == comms.read
        total, _ = list_rejects(open_store(tmp / "store"), table="comms")
        assert total == comms.set_aside
    finally:
        shutil.rmtree(tmp)
