"""Every evidence field against an independent hand computation over the CSV rows written.

The hand computation below uses plain Python (datetime, zoneinfo) over the same
rows, with phone numbers normalised by hand in ``SAME_AS``: it shares no code
with boundline, so a figure that agrees is reproducible from the accepted rows.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import typer
from typer.testing import CliRunner

from boundline.cli._evidence import evidence_command
from boundline.engine import connect
from boundline.errors import UserInputError
from boundline.evidence import evidence
from boundline.ingest import ingest
from boundline.store import open_store
from contract_world import write_source
from engines import engine_for

LONDON = ZoneInfo("Europe/London")

# The person P1's numbers as written in person_contacts, and every written form in
# comms that means one of them (by hand: E.164 +447700900123 and the handle).
P1_VALUES = ["+44 7700 900123", "@Member.One"]
SAME_AS = {
    "07700 900123",
    "07700900123",
    "00447700900123",
    "+447700900123",
    "@member.one",
    "+44 7700 900123",
    " @MEMBER.one",
}


def _io(iid: str, oid: str, role: str, start: str, end: str) -> dict[str, str]:
    return {"incident_id": iid, "officer_id": oid, "role": role, "start": start, "end": end}


def _inc(iid: str, opened: str, closed: str) -> dict[str, str]:
    return {
        "incident_id": iid,
        "opened": opened,
        "closed": closed,
        "category": "assault",
        "lat": "",
        "lon": "",
        "address": "",
    }


def _c(
    rid: str,
    time: str,
    direction: str = "out",
    channel: str = "sms",
    counterpart: str = "07700 900123",
    device: str = "D1",
    duration: str = "",
) -> dict[str, str]:
    return {
        "record_id": rid,
        "device_id": device,
        "time": time,
        "direction": direction,
        "channel": channel,
        "counterpart": counterpart,
        "duration_s": duration,
    }


TABLES: dict[str, list[dict[str, str]]] = {
    "people": [
        {
            "person_id": "P1",
            "name": "One",
            "date_of_birth": "",
            "vulnerable": "true",
            "vulnerability": "x",
        },
        {
            "person_id": "P2",
            "name": "Two",
            "date_of_birth": "",
            "vulnerable": "false",
            "vulnerability": "",
        },
    ],
    "person_contacts": [
        {"person_id": "P1", "kind": "phone", "value": P1_VALUES[0]},
        {"person_id": "P1", "kind": "handle", "value": P1_VALUES[1]},
        {"person_id": "P1", "kind": "phone", "value": "07700900123"},  # the same number again
        {"person_id": "P2", "kind": "phone", "value": "07700 900222"},
    ],
    "incidents": [
        _inc("I1", "2024-03-01T10:00:00Z", "2024-03-20T10:00:00Z"),
        _inc("I2", "2024-03-10T10:00:00Z", "2024-04-05T09:00:00Z"),
        _inc("I3", "2024-03-11T10:00:00Z", ""),
    ],
    "incident_people": [
        {"incident_id": "I1", "person_id": "P1", "role": "victim"},
        {"incident_id": "I2", "person_id": "P1", "role": "witness"},
        {"incident_id": "I3", "person_id": "P2", "role": "victim"},
    ],
    "incident_officers": [
        _io("I1", "O1", "attending", "2024-03-01T10:00:00Z", "2024-03-01T12:00:00Z"),
        _io("I2", "O1", "oic", "2024-03-10T10:00:00Z", ""),
        _io("I3", "O2", "attending", "2024-03-11T10:00:00Z", "2024-03-11T11:00:00Z"),
    ],
    "devices": [
        {
            "device_id": "D1",
            "msisdn": "07700 900001",
            "officer_id": "O1",
            "assigned_from": "2024-01-01T00:00:00Z",
            "assigned_to": "2024-05-01T00:00:00Z",
        },
        {
            "device_id": "D1",
            "msisdn": "07700 900001",
            "officer_id": "O2",
            "assigned_from": "2024-05-01T00:00:00Z",
            "assigned_to": "",
        },
        {
            "device_id": "D3",
            "msisdn": "07700 900003",
            "officer_id": "O1",
            "assigned_from": "2024-04-01T00:00:00Z",
            "assigned_to": "",
        },
    ],
    "shifts": [
        {
            "officer_id": "O1",
            "start": f"{date(2024, 3, 1) + timedelta(days=k)}T07:00:00Z",
            "end": f"{date(2024, 3, 1) + timedelta(days=k)}T15:00:00Z",
            "kind": "early",
        }
        for k in range(70)
    ],
    "comms": [
        _c("R01", "2024-03-01T11:00:00Z", channel="call", duration="120"),
        _c("R02", "2024-03-02T21:59:59Z", counterpart="00447700900123"),  # GMT: not night
        _c("R03", "2024-03-02T22:00:00Z", direction="in", counterpart="+447700900123"),  # night
        _c("R04", "2024-03-03T05:59:00Z", channel="app", counterpart=" @MEMBER.one"),  # night
        _c("R05", "2024-03-25T19:00:00Z"),  # a silence
        _c("R06", "2024-04-05T09:00:00Z", channel="call", duration="0"),  # at last closure
        _c("R07", "2024-04-06T21:30:00Z", direction="in", device="D3"),  # 22:30 BST night
        _c("R08", "2024-04-07T04:30:00Z", device="D3", channel="mms"),  # 05:30 BST night
        _c("R09", "2024-04-07T05:00:00Z", device="D3"),  # 06:00 BST day
        _c("R13", "2024-04-25T12:00:00Z", device="D3"),  # after 18 days
        _c("R10", "2024-05-02T19:00:00Z"),  # D1 now held by O2: not O1's
        _c("R11", "2024-04-08T19:00:00Z", counterpart="07700 900222"),  # P2, not P1
        _c("R12", "2024-04-09T12:00:00Z", counterpart="07700 900001", device="D3"),  # colleague
        _c("R05", "2024-03-26T19:00:00Z"),  # duplicate record_id: set aside
    ],
    "record_access": [
        {
            "access_id": "A1",
            "officer_id": "O1",
            "time": "2024-03-01T11:30:00Z",
            "system": "RMS",
            "person_id": "P1",
            "incident_id": "I1",
        },
        {
            "access_id": "A2",
            "officer_id": "O1",
            "time": "2024-03-15T02:00:00Z",
            "system": "PNC",
            "person_id": "P1",
            "incident_id": "",
        },
        {
            "access_id": "A3",
            "officer_id": "O1",
            "time": "2024-04-10T02:00:00Z",
            "system": "PND",
            "person_id": "P1",
            "incident_id": "I3",
        },
        {
            "access_id": "A4",
            "officer_id": "O1",
            "time": "2024-04-11T02:00:00Z",
            "system": "PND",
            "person_id": "P1",
            "incident_id": "I2",
        },
        {
            "access_id": "A5",
            "officer_id": "O2",
            "time": "2024-04-11T02:00:00Z",
            "system": "PND",
            "person_id": "P1",
            "incident_id": "",
        },
    ],
}


def _t(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def _z(d: datetime | None) -> str | None:
    return None if d is None else d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def hand(officer: str, person: str, lo: datetime | None = None, hi: datetime | None = None) -> dict:
    """The evidence object, by hand, over TABLES (person P1 only; see SAME_AS)."""
    assert person == "P1"
    seen: set[str] = set()
    comms = []
    for r in TABLES["comms"]:  # first occurrence of a record_id is the accepted one
        if r["record_id"] not in seen:
            seen.add(r["record_id"])
            comms.append(r)

    def holder_is_officer(r: dict) -> bool:
        t = _t(r["time"])
        return any(
            d["device_id"] == r["device_id"]
            and d["officer_id"] == officer
            and _t(d["assigned_from"]) <= t
            and (not d["assigned_to"] or t < _t(d["assigned_to"]))
            for d in TABLES["devices"]
        )

    contacts = [
        r
        for r in comms
        if holder_is_officer(r)
        and r["counterpart"] in SAME_AS
        and (lo is None or _t(r["time"]) >= lo)
        and (hi is None or _t(r["time"]) < hi)
    ]
    times = sorted(_t(r["time"]) for r in contacts)
    shifts = [
        (_t(s["start"]), _t(s["end"])) for s in TABLES["shifts"] if s["officer_id"] == officer
    ]
    on_shift = sum(any(a <= _t(r["time"]) < b for a, b in shifts) for r in contacts)

    def night(r: dict) -> bool:
        h = _t(r["time"]).astimezone(LONDON).hour
        return h >= 22 or h < 6

    tasked_incidents = {
        io["incident_id"] for io in TABLES["incident_officers"] if io["officer_id"] == officer
    }
    met = [
        (ip["incident_id"], ip["role"], io["role"])
        for io in TABLES["incident_officers"]
        for ip in TABLES["incident_people"]
        if io["officer_id"] == officer
        and ip["person_id"] == person
        and io["incident_id"] == ip["incident_id"]
    ]
    incidents = {i["incident_id"]: i for i in TABLES["incidents"]}
    closes = [incidents[i]["closed"] for i, _, _ in met]
    last_closed = max(_t(c) for c in closes) if closes and all(closes) else None
    after = sum(last_closed is not None and _t(r["time"]) >= last_closed for r in contacts)
    silences = [
        {"from": _z(a), "to": _z(b), "days": round((b - a).total_seconds() / 86400, 2)}
        for a, b in zip(times, times[1:], strict=False)
        if (b - a) >= timedelta(days=14)
    ]
    ra = [
        a
        for a in TABLES["record_access"]
        if a["officer_id"] == officer
        and a["person_id"] == person
        and (lo is None or _t(a["time"]) >= lo)
        and (hi is None or _t(a["time"]) < hi)
    ]
    all_times = [_t(r["time"]) for r in comms]
    return {
        "officer_id": officer,
        "person_id": person,
        "period": {"from": _z(lo or min(all_times)), "to": _z(hi or max(all_times))},
        "met_on_duty": [
            {
                "incident_id": i,
                "person_role": pr,
                "officer_role": orole,
                "opened": _z(_t(incidents[i]["opened"])),
                "closed": _z(_t(incidents[i]["closed"])) if incidents[i]["closed"] else None,
            }
            for i, pr, orole in sorted(met, key=lambda m: (incidents[m[0]]["opened"], m))
        ],
        "comms": {
            "total": len(contacts),
            "out": sum(r["direction"] == "out" for r in contacts),
            "in": sum(r["direction"] == "in" for r in contacts),
            "calls": sum(r["channel"] == "call" for r in contacts),
            "messages": sum(r["channel"] != "call" for r in contacts),
            "first": _z(times[0]) if times else None,
            "last": _z(times[-1]) if times else None,
            "on_shift": on_shift,
            "off_shift": len(contacts) - on_shift,
            "night": sum(night(r) for r in contacts),
            "after_closure": after,
        },
        "silences": silences,
        # TABLES has one AVL ping (no stay), so no visits; see test_visits_evidence.py
        "visits": {"total": 0, "on_shift": 0, "explained": 0, "unexplained": 0, "items": []},
        "record_access": {
            "total": len(ra),
            "without_task": sum(
                not a["incident_id"] or a["incident_id"] not in tasked_incidents for a in ra
            ),
            "after_closure": sum(
                last_closed is not None and _t(a["time"]) >= last_closed for a in ra
            ),
        },
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("evidence")
    src = write_source(root / "src", TABLES)
    ingest(src, root / "store")
    return root / "store"


def test_every_field_matches_the_hand_computation(engine_name: str, store: Path) -> None:
    got = evidence(engine_for(store, engine_name), "O1", "P1")
    want = hand("O1", "P1")
    for key in want:
        assert got[key] == want[key], key
    assert set(got) == {
        "officer_id",
        "person_id",
        "period",
        "met_on_duty",
        "comms",
        "silences",
        "visits",
        "record_access",
    }


def test_the_hand_computation_is_not_vacuous(store: Path) -> None:
    want = hand("O1", "P1")
    c = want["comms"]
    assert (c["total"], c["on_shift"], c["night"], c["after_closure"]) == (10, 3, 4, 5)
    assert len(want["silences"]) == 2 and len(want["met_on_duty"]) == 2
    assert want["record_access"] == {"total": 4, "without_task": 2, "after_closure": 2}


def test_period_filter(engine_name: str, store: Path) -> None:
    got = evidence(engine_for(store, engine_name), "O1", "P1", date(2024, 3, 3), date(2024, 4, 6))
    lo = datetime(2024, 3, 3, tzinfo=UTC)  # GMT: local midnight = UTC midnight
    hi = datetime(2024, 4, 6, 23, tzinfo=UTC)  # BST: end of 6 April local = 23:00 UTC
    want = hand("O1", "P1", lo, hi)
    assert got == want
    assert got["comms"]["total"] == 4


def test_unknown_ids_are_user_errors(store: Path) -> None:
    engine = connect(open_store(store))
    with pytest.raises(UserInputError, match="officer 'O9'"):
        evidence(engine, "O9", "P1")
    with pytest.raises(UserInputError, match="person 'P9'"):
        evidence(engine, "O1", "P9")


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("evidence")(evidence_command)

    @app.callback()
    def _root() -> None:
        """Test app."""

    return app


def test_cli_writes_json(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "ev.json"
    r = CliRunner().invoke(
        _app(),
        ["evidence", "--officer", "O1", "--person", "P1", "--store", str(store), "--out", str(out)],
    )
    assert r.exit_code == 0, r.output
    assert json.loads(out.read_text()) == hand("O1", "P1")
    r = CliRunner().invoke(
        _app(),
        [
            "evidence",
            "--officer",
            "O1",
            "--person",
            "P1",
            "--store",
            str(store),
            "--from",
            "2024-03-03",
            "--to",
            "2024-04-06",
        ],
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["comms"]["total"] == 4


def test_cli_unknown_officer_exits_2(store: Path) -> None:
    r = CliRunner().invoke(
        _app(), ["evidence", "--officer", "O9", "--person", "P1", "--store", str(store)]
    )
    assert r.exit_code == 2
    assert "O9" in r.output
