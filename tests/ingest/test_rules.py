"""One tiny bad input per contract rule → exactly that rule, column and line reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from boundline.ingest import ingest
from boundline.store import list_rejects, open_store
from contract_world import VALID, write_source


def _with(table: str, **changes: str) -> list[dict[str, str]]:
    """The valid rows of ``table`` followed by one copy of its first row with changes."""
    return [*VALID[table], {**VALID[table][0], **changes}]


# (case id, table, bad row changes, expected column, expected rule)
CASES = [
    (
        "missing required id",
        "comms",
        {"record_id": "R2", "device_id": ""},
        "device_id",
        "missing_value",
    ),
    (
        "whitespace is empty",
        "officers",
        {"officer_id": "O9", "name": "   "},
        "name",
        "missing_value",
    ),
    (
        "timestamp not ISO",
        "comms",
        {"record_id": "R2", "time": "01/03/2024 12:00"},
        "time",
        "bad_timestamp",
    ),
    (
        "impossible timestamp",
        "comms",
        {"record_id": "R2", "time": "2024-13-45T99:00:00Z"},
        "time",
        "bad_timestamp",
    ),
    (
        "offset-less timestamp",
        "comms",
        {"record_id": "R2", "time": "2024-03-01T12:00:00"},
        "time",
        "naive_timestamp",
    ),
    (
        "bad date",
        "officers",
        {"officer_id": "O9", "start_date": "01/04/2015"},
        "start_date",
        "bad_date",
    ),
    (
        "integer with decimals",
        "comms",
        {"record_id": "R2", "duration_s": "12.5"},
        "duration_s",
        "bad_integer",
    ),
    (
        "negative duration",
        "comms",
        {"record_id": "R2", "duration_s": "-3"},
        "duration_s",
        "out_of_range",
    ),
    ("float not a number", "avl", {"lat": "north"}, "lat", "bad_float"),
    ("float nan", "avl", {"lon": "nan"}, "lon", "bad_float"),
    ("latitude out of range", "avl", {"lat": "91.5"}, "lat", "out_of_range"),
    ("longitude out of range", "places", {"lon": "-180.01"}, "lon", "out_of_range"),
    (
        "incident latitude out of range",
        "incidents",
        {"incident_id": "I2", "lat": "-90.5"},
        "lat",
        "out_of_range",
    ),
    (
        "bad boolean",
        "people",
        {"person_id": "P2", "vulnerable": "maybe"},
        "vulnerable",
        "bad_boolean",
    ),
    (
        "direction not enumerated",
        "comms",
        {"record_id": "R2", "direction": "sideways"},
        "direction",
        "bad_enum",
    ),
    (
        "channel not enumerated",
        "comms",
        {"record_id": "R2", "channel": "fax"},
        "channel",
        "bad_enum",
    ),
    ("contact kind not enumerated", "person_contacts", {"kind": "pager"}, "kind", "bad_enum"),
    ("place kind not enumerated", "places", {"kind": "holiday"}, "kind", "bad_enum"),
    ("person role not enumerated", "incident_people", {"role": "bystander"}, "role", "bad_enum"),
    ("officer role not enumerated", "incident_officers", {"role": "boss"}, "role", "bad_enum"),
    ("shift ends before start", "shifts", {"end": "2024-03-01T06:00:00Z"}, "end", "interval_order"),
    ("empty shift", "shifts", {"end": "2024-03-01T07:00:00Z"}, "end", "interval_order"),
    (
        "device interval order",
        "devices",
        {"device_id": "D2", "assigned_to": "2023-01-01T00:00:00Z"},
        "assigned_to",
        "interval_order",
    ),
    (
        "incident closed before opened",
        "incidents",
        {"incident_id": "I2", "closed": "2024-02-01T00:00:00Z"},
        "closed",
        "interval_order",
    ),
    (
        "tasking interval order",
        "incident_officers",
        {"end": "2024-03-01T09:00:00Z"},
        "end",
        "interval_order",
    ),
    (
        "vehicle use interval order",
        "vehicle_use",
        {"end": "2024-03-01T06:59:59Z"},
        "end",
        "interval_order",
    ),
    ("place validity order", "places", {"valid_to": "2019-12-31"}, "valid_to", "interval_order"),
    (
        "officer dates order",
        "officers",
        {"officer_id": "O9", "end_date": "2010-01-01"},
        "end_date",
        "interval_order",
    ),
    ("repeated officer key", "officers", {"name": "Someone else"}, "officer_id", "duplicate_key"),
    ("repeated comms record", "comms", {}, "record_id", "duplicate_key"),
    ("repeated person key", "people", {}, "person_id", "duplicate_key"),
    ("repeated incident key", "incidents", {}, "incident_id", "duplicate_key"),
    ("repeated access key", "record_access", {}, "access_id", "duplicate_key"),
    (
        "unknown device in comms",
        "comms",
        {"record_id": "R2", "device_id": "D9"},
        "device_id",
        "unknown_reference",
    ),
    (
        "unknown officer on device",
        "devices",
        {"device_id": "D2", "officer_id": "O9"},
        "officer_id",
        "unknown_reference",
    ),
    ("unknown officer on shift", "shifts", {"officer_id": "O9"}, "officer_id", "unknown_reference"),
    ("unknown vehicle in avl", "avl", {"vehicle_id": "V9"}, "vehicle_id", "unknown_reference"),
    (
        "unknown person contact",
        "person_contacts",
        {"person_id": "P9"},
        "person_id",
        "unknown_reference",
    ),
    ("unknown person place", "places", {"person_id": "P9"}, "person_id", "unknown_reference"),
    (
        "unknown incident person",
        "incident_people",
        {"incident_id": "I9"},
        "incident_id",
        "unknown_reference",
    ),
    (
        "unknown tasked officer",
        "incident_officers",
        {"officer_id": "O9"},
        "officer_id",
        "unknown_reference",
    ),
    (
        "unknown looked-up person",
        "record_access",
        {"access_id": "A2", "person_id": "P9"},
        "person_id",
        "unknown_reference",
    ),
    (
        "unknown look-up incident",
        "record_access",
        {"access_id": "A2", "incident_id": "I9"},
        "incident_id",
        "unknown_reference",
    ),
    (
        "first broken rule wins",
        "comms",
        {"record_id": "R1", "time": "bad"},
        "time",
        "bad_timestamp",
    ),
]


@pytest.mark.parametrize(
    ("table", "changes", "column", "rule"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_rule(tmp_path: Path, table: str, changes: dict[str, str], column: str, rule: str) -> None:
    folder = write_source(tmp_path / "src", {table: _with(table, **changes)})
    report = ingest(folder, tmp_path / "store")
    counts = report.tables[table]
    good = len(VALID[table])
    assert (counts.read, counts.accepted, counts.set_aside) == (good + 1, good, 1)
    assert counts.set_aside_by_rule == {rule: 1}
    assert counts.duplicates == (1 if rule == "duplicate_key" else 0)
    total, rejects = list_rejects(open_store(tmp_path / "store"), table=table)
    assert total == 1
    (reject,) = rejects
    assert (reject.column, reject.rule, reject.line) == (column, rule, good + 2)
    assert reject.file.endswith(f"{table}.csv")
    for other, t in report.tables.items():
        if other != table:
            n = len(VALID[other])
            assert (t.read, t.accepted, t.set_aside) == (n, n, 0), other


def test_every_rule_has_a_case() -> None:
    from boundline.contract import Rule

    covered = {c[4] for c in CASES} | {"malformed_row"}  # malformed: see test_malformed.py
    assert covered == {r.value for r in Rule}


def test_referential_rules_see_only_accepted_keys(tmp_path: Path) -> None:
    officers = [
        *VALID["officers"],
        {**VALID["officers"][0], "officer_id": "O3", "start_date": "bad"},
    ]
    shifts = [*VALID["shifts"], {**VALID["shifts"][0], "officer_id": "O3"}]
    folder = write_source(tmp_path / "src", {"officers": officers, "shifts": shifts})
    report = ingest(folder, tmp_path / "store")
    assert report.tables["officers"].set_aside_by_rule == {"bad_date": 1}
    assert report.tables["shifts"].set_aside_by_rule == {"unknown_reference": 1}


def test_duplicate_after_invalid_first_keeps_the_valid_one(tmp_path: Path) -> None:
    comms = [
        {**VALID["comms"][0], "time": "not a time"},
        VALID["comms"][0],
    ]
    report = ingest(write_source(tmp_path / "src", {"comms": comms}), tmp_path / "store")
    assert report.tables["comms"].set_aside_by_rule == {"bad_timestamp": 1}
    assert report.tables["comms"].accepted == 1
