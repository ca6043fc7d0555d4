"""Mapping profiles: the shipped worked example, and profiles that cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest

import boundline.ingest
from boundline.engine import connect
from boundline.errors import ProfileError
from boundline.ingest import ingest, load_profile
from boundline.store import list_rejects, open_store
from contract_world import VALID, write_source

EXAMPLE = Path(boundline.ingest.__file__).parent / "profiles" / "northwind_billing.toml"

NORTHWIND = """CDR_REF;HANDSET_ID;EVENT_DATE;CALL_TYPE;DIRECTION;OTHER_PARTY;DURATION_SECS;TARIFF
NW-1;D1;15/01/2024 21:30:00;Voice;MO;07700 900123;125;standard
NW-2;D1;15/07/2024 21:30:00;SMS;MT;(07700) 900-123;;standard
NW-3;D1;31/03/2024 01:30:00;Data;MO;07700 900777;;data
NW-4;D1;2024-07-15T21:30:00Z;SMS;MO;07700 900123;;standard
NW-5;D1;16/07/2024 09:00:00;Fax;MO;07700 900123;;standard
"""


def test_worked_example_profile(tmp_path: Path) -> None:
    folder = write_source(tmp_path / "src")
    (folder / "comms.csv").unlink()
    (folder / "northwind_itemised.csv").write_text(NORTHWIND, encoding="utf-8")
    report = ingest(folder, tmp_path / "store", load_profile(EXAMPLE))
    comms = report.tables["comms"]
    assert (comms.read, comms.accepted, comms.set_aside) == (5, 3, 2)
    assert comms.set_aside_by_rule == {"bad_timestamp": 1, "bad_enum": 1}
    rows = (
        connect(open_store(tmp_path / "store"))
        .table("comms")
        .order_by("record_id")
        .select("record_id", "time", "direction", "channel", "counterpart", "duration_s", "extra")
        .to_pyarrow()
        .to_pylist()
    )
    got = [
        (
            r["record_id"],
            r["time"].isoformat(),
            r["direction"],
            r["channel"],
            r["counterpart"],
            r["duration_s"],
        )
        for r in rows
    ]
    assert got == [
        # winter: local time is UTC
        ("NW-1", "2024-01-15T21:30:00+00:00", "out", "call", "+447700900123", 125),
        # summer: BST is UTC+1
        ("NW-2", "2024-07-15T20:30:00+00:00", "in", "sms", "+447700900123", None),
        ("NW-3", "2024-03-31T01:30:00+00:00", "out", "other", "+447700900777", None),
    ]
    assert rows[0]["extra"] == '{"TARIFF":"standard"}'
    _, rejects = list_rejects(open_store(tmp_path / "store"))
    assert [(r.line, r.column, r.rule) for r in rejects] == [
        (5, "time", "bad_timestamp"),
        (6, "channel", "bad_enum"),
    ]


def test_yaml_profile_renames_and_zone(tmp_path: Path) -> None:
    folder = write_source(tmp_path / "src")
    (folder / "officers.csv").write_text(
        "Payroll,Full Name,Rank\nO1,PC One,PC\nO2,PCSO Two,PCSO\n", encoding="utf-8"
    )
    shifts = [{**VALID["shifts"][0], "start": "2024-06-01 07:00:00", "end": "2024-06-01 15:00:00"}]
    write_source(folder, {"shifts": shifts})
    (folder / "officers.csv").write_text(
        "Payroll,Full Name,Rank\nO1,PC One,PC\nO2,PCSO Two,PCSO\n", encoding="utf-8"
    )
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "timezone: Europe/London\ntables:\n  officers:\n    columns:\n"
        "      officer_id: Payroll\n      name: Full Name\n      role: Rank\n",
        encoding="utf-8",
    )
    report = ingest(folder, tmp_path / "store", load_profile(profile))
    assert report.tables["officers"].accepted == 2
    assert report.tables["shifts"].accepted == 1
    start = connect(open_store(tmp_path / "store")).table("shifts").start.execute()[0]
    assert start.isoformat() == "2024-06-01T06:00:00+00:00"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("p.toml", "timezone = [", "not valid TOML"),
        ("p.yaml", "tables: [unclosed", "not valid YAML"),
        ("p.json", "{}", "must be a .toml"),
        ("p.toml", 'timezone = "Mars/Olympus"', "not a known time zone"),
        ("p.toml", "[tables.calls]\nfile = 'x.csv'", "'tables.calls' is not a table"),
        ("p.toml", "[tables.comms.columns]\nwhen = 'x'", "'when' is not a column"),
        ("p.toml", "[tables.comms]\ndelimiter = ';;'", "must be one character"),
        ("p.toml", "colour = 'blue'", "unknown settings: colour"),
    ],
)
def test_unusable_profile(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=message) as caught:
        load_profile(path)
    assert str(path) in str(caught.value)


def test_missing_profile_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot be read"):
        load_profile(tmp_path / "absent.toml")


def test_profile_names_a_missing_file(tmp_path: Path) -> None:
    profile = tmp_path / "p.toml"
    profile.write_text("[tables.comms]\nfile = 'nope.csv'\n", encoding="utf-8")
    from boundline.errors import MissingTableError

    with pytest.raises(MissingTableError, match="nope.csv"):
        ingest(write_source(tmp_path / "src"), tmp_path / "store", load_profile(profile))
    assert not (tmp_path / "store" / "manifest.json").exists()
