"""Records the CSV reader cannot read are set aside as malformed_row, with their line."""

from __future__ import annotations

from pathlib import Path

from boundline.ingest import ingest
from boundline.store import list_rejects, open_store
from contract_world import write_source

HEADER = "record_id,device_id,time,direction,channel,counterpart,duration_s\n"


def test_malformed_records_and_lines(tmp_path: Path) -> None:
    folder = write_source(tmp_path / "src")
    body = (
        HEADER
        + "R1,D1,2024-03-01T12:00:00Z,out,call,07700 900123,60\n"  # line 2: good
        + "R2,D1,2024-03-01T12:00:00Z,out\n"  # line 3: too few fields
        + "R3,D1,2024-03-01T12:00:00Z,out,call,07700 900123,60,extra,more\n"  # line 4: too many
        + "R4,D1,2024-03-01T12:00:00Z,in,sms,07700 900123,\n"  # line 5: good
        + "R5,D1,2024-03-01T13:00:00Z,xx,sms,07700 900123,\n"  # line 6: bad enum
    )
    (folder / "comms.csv").write_bytes(
        body.encode() + b"R6,D1,2024-03-01T12:00:00Z,in,sms,\xff\xfe,\n"
    )
    report = ingest(folder, tmp_path / "store")
    comms = report.tables["comms"]
    assert (comms.read, comms.accepted, comms.set_aside) == (6, 2, 4)
    assert comms.set_aside_by_rule == {"malformed_row": 3, "bad_enum": 1}
    _, rejects = list_rejects(open_store(tmp_path / "store"), table="comms")
    assert [(r.line, r.rule) for r in rejects] == [
        (3, "malformed_row"),
        (4, "malformed_row"),
        (6, "bad_enum"),
        (7, "malformed_row"),
    ]
    assert '"R2,D1' in rejects[0].raw


def test_quoted_fields_with_commas_and_quotes(tmp_path: Path) -> None:
    folder = write_source(tmp_path / "src")
    (folder / "incidents.csv").write_text(
        "incident_id,opened,closed,category,lat,lon,address\n"
        'I1,2024-03-01T10:00:00Z,,"theft, from shop",53.4,-2.98,"the ""Old"" Parade, 3"\n',
        encoding="utf-8",
    )
    report = ingest(folder, tmp_path / "store")
    assert report.tables["incidents"].accepted == 1


def test_file_the_fast_reader_gives_up_on(tmp_path: Path) -> None:
    """A bare carriage return stops DuckDB's CSV state machine; the exact fallback reads it."""
    folder = write_source(tmp_path / "src")
    (folder / "comms.csv").write_bytes(
        HEADER.encode()
        + b"R1,D1,2024-03-01T12:00:00Z,out,call,07700 900123,60\n"
        + b' ,"""", ,0\r,0\r,0\r,\xc3\xa9,"x\ny",out\n'
        + b"R2,D1,2024-03-01T12:00:00Z,in,sms,07700 900123,\n"
    )
    report = ingest(folder, tmp_path / "store")
    comms = report.tables["comms"]
    assert comms.accepted == 2
    assert comms.accepted + comms.set_aside == comms.read
    assert set(comms.set_aside_by_rule) == {"malformed_row"}
