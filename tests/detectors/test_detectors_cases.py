"""Table-driven cases: tiny tables → ingest → each detector → expected findings.

The base world (bl_world.base_tables): O1 attended incident I1 (P1, vulnerable,
victim) on 1 March 2024 10:00–12:00 UTC; I1 closed 20 March 10:00; O1 and O2 work
07:00–15:00 UTC daily; O1 holds D1, O2 holds D2 (07700 900002). Times in March
before the 31st are GMT (local = UTC); from 31 March, BST (local = UTC + 1 h).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from bl_world import (
    O2_DEVICE,
    P2_NUMBER,
    P3_NUMBER,
    base_tables,
    build,
    call,
    device,
    findings,
    incident,
    msg,
    tasking,
)

EVENINGS = [f"2024-03-{d:02d}T19:30:00Z" for d in (5, 6, 7, 8)]  # off shift, not night


def _pick(rows: list[dict[str, Any]], keys: list[str]) -> list[dict[str, Any]]:
    return [{k: r[k] for k in keys} for r in rows]


# ---------------------------------------------------------------- BL101

BL101_CASES = [
    (
        "evening texts after attending",
        {"comms": [msg(t) for t in EVENINGS]},
        [{"officer_id": "O1", "person_id": "P1", "contacts": 4, "contacts_total": 4}],
    ),
    (
        "numbers written differently all resolve to P1",
        {
            "comms": [
                msg(EVENINGS[0], counterpart="07700900123"),
                msg(EVENINGS[1], counterpart="00447700900123"),
                msg(EVENINGS[2], counterpart="+447700 900 123"),
                msg(EVENINGS[3], counterpart=" @member.ONE ", channel="app"),
            ]
        },
        [{"officer_id": "O1", "person_id": "P1", "contacts": 4, "contacts_total": 4}],
    ),
    ("below min_contacts", {"comms": [msg(t) for t in EVENINGS[:2]]}, []),
    (
        "contact during the attendance is the tasking",
        {"comms": [call(f"2024-03-01T10:{m:02d}:00Z") for m in (5, 15, 25, 35)]},
        [],
    ),
    (
        "on-shift follow-up within 3 days of the tasking",
        {
            "comms": [call(f"2024-03-0{d}T09:00:00Z") for d in (2, 3)]
            + [call("2024-03-01T13:00:00Z")]
        },
        [],
    ),
    (
        "FLO on shift during the tasking",
        {
            "incident_officers": [tasking("I1", "O1", "flo", "2024-03-01T10:00:00Z", "")],
            "comms": [call(f"2024-03-{d:02d}T09:00:00Z") for d in range(2, 19)],
        },
        [],
    ),
    (
        "OIC on shift while the incident is open",
        {
            "incident_officers": [tasking("I1", "O1", "oic", "2024-03-01T10:00:00Z")],
            "incidents": [incident("I1", "2024-03-01T10:00:00Z")],
            "comms": [msg(f"2024-03-{d:02d}T11:00:00Z") for d in range(2, 28)],
        },
        [],
    ),
    (
        "colleague counterpart never counts, even if a person lists it",
        {
            "person_contacts": [
                *base_tables()["person_contacts"],
                {"person_id": "P1", "kind": "phone", "value": O2_DEVICE},
            ],
            "comms": [msg(t, counterpart=O2_DEVICE) for t in EVENINGS],
        },
        [],
    ),
    (
        "device re-issued: only the holder at the time counts",
        {
            "devices": [
                device("D1", "07700 900001", "O1", "2024-01-01T00:00:00Z", "2024-03-07T00:00:00Z"),
                device("D1", "07700 900001", "O2", "2024-03-07T00:00:00Z"),
                device("D2", O2_DEVICE, "O2", "2024-01-01T00:00:00Z"),
            ],
            "comms": [
                msg(t)
                for t in [
                    "2024-03-05T19:30:00Z",
                    "2024-03-05T20:30:00Z",
                    "2024-03-06T19:30:00Z",
                    "2024-03-07T19:30:00Z",
                    "2024-03-08T19:30:00Z",
                ]
            ],
        },
        [{"officer_id": "O1", "person_id": "P1", "contacts": 3, "contacts_total": 3}],
    ),
    (
        "person never met on duty is not a finding",
        {"comms": [msg(t, counterpart=P2_NUMBER) for t in EVENINGS]},
        [],
    ),
    (
        "met by look-up only",
        {
            "record_access": [
                {
                    "access_id": "A9",
                    "officer_id": "O2",
                    "time": "2024-03-02T10:00:00Z",
                    "system": "PNC",
                    "person_id": "P2",
                    "incident_id": "",
                }
            ],
            "comms": [msg(t, counterpart=P2_NUMBER, device_id="D2") for t in EVENINGS],
        },
        [{"officer_id": "O2", "person_id": "P2", "contacts": 4, "contacts_total": 4}],
    ),
]


@pytest.mark.parametrize(
    ("case", "tables", "expected"), BL101_CASES, ids=[c[0] for c in BL101_CASES]
)
def test_bl101(
    engine_name: str, tmp_path: Path, case: str, tables: dict, expected: list[dict]
) -> None:
    rows = findings(build(engine_name, tmp_path, **tables), "BL101")
    assert _pick(rows, list(expected[0]) if expected else []) == expected
    for r in rows:
        assert r["code"] == "BL101" and 0.0 <= r["strength"] <= 1.0


def test_bl101_figures(engine_name: str, tmp_path: Path) -> None:
    ctx = build(
        engine_name, tmp_path, comms=[msg(t) for t in EVENINGS] + [msg("2024-03-26T19:30:00Z")]
    )
    (row,) = findings(ctx, "BL101")
    assert row["counterpart"] == "+447700900123"
    assert row["contacts"] == 5
    assert row["first"] == datetime(2024, 3, 5, 19, 30, tzinfo=UTC)
    assert row["last"] == datetime(2024, 3, 26, 19, 30, tzinfo=UTC)
    assert row["rate_per_week"] == pytest.approx(5 / 3)  # 21 days = 3 weeks
    # tasking ended 1 March 12:00; closed 20 March 10:00
    assert row["days_after_tasking"] == pytest.approx((25 * 24 + 7.5) / 24)
    assert row["days_after_closure"] == pytest.approx((6 * 24 + 9.5) / 24)
    assert row["strength"] == pytest.approx(5 / 15)


# ---------------------------------------------------------------- BL102


def test_bl102_off_shift_and_night_in_local_time(engine_name: str, tmp_path: Path) -> None:
    comms = [
        msg("2024-04-10T20:30:00Z"),  # 21:30 BST: off shift, not night
        msg("2024-04-10T21:30:00Z"),  # 22:30 BST: off shift, night
        msg("2024-04-11T04:59:00Z"),  # 05:59 BST: off shift, night
        msg("2024-04-11T05:00:00Z"),  # 06:00 BST: off shift, not night
        msg("2024-04-11T08:00:00Z"),  # on shift, day
        msg("2024-03-12T21:30:00Z"),  # 21:30 GMT: off shift, not night
    ]
    (row,) = findings(build(engine_name, tmp_path, comms=comms), "BL102")
    assert (row["contacts"], row["off_shift"], row["night"]) == (5, 5, 2)
    assert row["share"] == pytest.approx(5 / 6)


def test_bl102_night_on_a_night_shift_counts(engine_name: str, tmp_path: Path) -> None:
    shifts = [
        {
            "officer_id": "O1",
            "start": "2024-04-10T20:00:00Z",
            "end": "2024-04-11T06:00:00Z",
            "kind": "night",
        }
    ]
    comms = [msg(f"2024-04-10T2{m}:30:00Z") for m in (1, 2, 3)]  # 22:30–00:30 BST, on shift
    (row,) = findings(build(engine_name, tmp_path, shifts=shifts, comms=comms), "BL102")
    assert (row["contacts"], row["off_shift"], row["night"]) == (3, 0, 3)


def test_bl102_flo_off_shift_during_tasking_is_left_to_the_tasking(
    engine_name: str, tmp_path: Path
) -> None:
    io = [tasking("I1", "O1", "flo", "2024-03-01T10:00:00Z", "")]
    comms = [msg(f"2024-03-{d:02d}T21:00:00Z") for d in range(2, 15)]
    assert findings(build(engine_name, tmp_path, incident_officers=io, comms=comms), "BL102") == []


# ---------------------------------------------------------------- BL103


def test_bl103_after_closure(engine_name: str, tmp_path: Path) -> None:
    comms = [
        msg("2024-03-19T19:00:00Z"),  # before closure
        msg("2024-03-20T10:00:00Z"),  # at closure, on shift: follow-up (telling the outcome)
        msg("2024-03-21T11:00:00Z"),  # on-shift follow-up
        msg("2024-03-20T15:00:00Z"),  # at shift end (excluded end): off shift, after closure
        msg("2024-03-25T19:00:00Z"),
    ]
    (row,) = findings(build(engine_name, tmp_path, comms=comms), "BL103")
    assert row["contacts"] == 2
    assert row["first"] == datetime(2024, 3, 20, 15, tzinfo=UTC)
    assert row["off_shift"] == 2
    assert row["last_closed"] == datetime(2024, 3, 20, 10, tzinfo=UTC)
    assert row["days_after_closure"] == pytest.approx(5 + 9 / 24)


@pytest.mark.parametrize(
    "case", ["open incident", "second incident still open", "witness care after closure"]
)
def test_bl103_no_finding(engine_name: str, tmp_path: Path, case: str) -> None:
    comms = [msg(f"2024-03-{d}T11:00:00Z") for d in (25, 26, 27)]
    tables: dict[str, Any] = {"comms": comms}
    if case == "open incident":
        tables["incidents"] = [incident("I1", "2024-03-01T10:00:00Z")]
    elif case == "second incident still open":
        tables["incidents"] = [
            incident("I1", "2024-03-01T10:00:00Z", "2024-03-20T10:00:00Z"),
            incident("I2", "2024-03-10T10:00:00Z"),
        ]
        tables["incident_people"] = [
            {"incident_id": "I1", "person_id": "P1", "role": "victim"},
            {"incident_id": "I2", "person_id": "P1", "role": "witness"},
        ]
        tables["incident_officers"] = [
            tasking("I1", "O1", "attending", "2024-03-01T10:00:00Z", "2024-03-01T12:00:00Z"),
            tasking("I2", "O1", "attending", "2024-03-10T10:00:00Z", "2024-03-10T11:00:00Z"),
        ]
    else:
        tables["incident_officers"] = [
            tasking("I1", "O1", "attending", "2024-03-01T10:00:00Z", "2024-03-01T12:00:00Z"),
            tasking("I1", "O1", "witness_care", "2024-03-02T10:00:00Z", "2024-04-30T00:00:00Z"),
        ]
    assert findings(build(engine_name, tmp_path, **tables), "BL103") == []


# ---------------------------------------------------------------- BL104


def test_bl104_one_sided(engine_name: str, tmp_path: Path) -> None:
    comms = [
        msg("2024-03-05T19:00:00Z"),
        msg("2024-03-05T20:00:00Z", direction="in"),  # a reply to the first message
        msg("2024-03-06T19:00:00Z"),
        msg("2024-03-07T19:00:00Z"),
        msg("2024-03-08T19:00:00Z"),
        msg("2024-03-09T19:00:00Z", channel="app", counterpart="@member.one"),
        call("2024-03-10T19:00:00Z", duration="0"),
        call("2024-03-11T19:00:00Z", duration=""),
        call("2024-03-12T19:00:00Z", duration="300"),
        msg("2024-03-12T19:10:00Z"),
    ]
    (row,) = findings(build(engine_name, tmp_path, comms=comms), "BL104")
    assert (row["contacts"], row["out"]) == (10, 9)
    assert row["share_out"] == pytest.approx(0.9)
    assert (row["calls_out"], row["unanswered_calls_out"]) == (3, 2)
    assert (row["messages_out"], row["unreplied_messages"]) == (6, 5)
    v = 10 / 20
    assert row["strength"] == pytest.approx((0.9 + 7 / 9) / 2 * v)


def test_bl104_reply_window_and_balance(engine_name: str, tmp_path: Path) -> None:
    comms = []
    for d in range(5, 13):
        comms += [
            msg(f"2024-03-{d:02d}T19:00:00Z"),
            msg(f"2024-03-{d:02d}T19:05:00Z", direction="in"),
        ]
    assert findings(build(engine_name, tmp_path, comms=comms), "BL104") == []  # share_out 0.5


# ---------------------------------------------------------------- BL105


@pytest.mark.parametrize(
    ("pid", "number", "strength"), [("P1", "+44 7700 900123", 0.5), ("P2", P2_NUMBER, 0.3)]
)
def test_bl105_silence_and_resumption(
    engine_name: str, tmp_path: Path, pid: str, number: str, strength: float
) -> None:
    ip = [{"incident_id": "I1", "person_id": pid, "role": "victim"}]
    times = [
        "2024-04-01T19:00:00Z",
        "2024-04-02T19:00:00Z",
        "2024-04-03T19:00:00Z",
        "2024-04-20T19:00:00Z",
        "2024-04-21T19:00:00Z",
    ]
    ctx = build(
        engine_name, tmp_path, incident_people=ip, comms=[msg(t, counterpart=number) for t in times]
    )
    (row,) = findings(ctx, "BL105")
    assert row["silences"] == 1
    assert row["longest_gap_days"] == pytest.approx(17.0)
    assert row["last_silence_from"] == datetime(2024, 4, 3, 19, tzinfo=UTC)
    assert row["last_resumed"] == datetime(2024, 4, 20, 19, tzinfo=UTC)
    assert row["vulnerable"] == (1 if pid == "P1" else 0)
    assert row["strength"] == pytest.approx(strength)


def test_bl105_gap_under_14_days_or_no_resumption(engine_name: str, tmp_path: Path) -> None:
    times = [
        "2024-04-01T19:00:00Z",
        "2024-04-02T19:00:00Z",
        "2024-04-15T18:59:59Z",
        "2024-04-16T19:00:00Z",
    ]
    assert findings(build(engine_name, tmp_path, comms=[msg(t) for t in times]), "BL105") == []


# ---------------------------------------------------------------- BL106


def _three_incidents(n_people: int) -> dict[str, Any]:
    people = ["P1", "P2", "P3"][:n_people]
    numbers = {"P1": "+44 7700 900123", "P2": P2_NUMBER, "P3": P3_NUMBER}
    return {
        "incidents": [
            incident(f"I{k}", "2024-03-01T10:00:00Z", "2024-03-05T10:00:00Z") for k in (1, 2, 3)
        ],
        "incident_people": [
            {"incident_id": f"I{k}", "person_id": f"P{k}", "role": "witness"} for k in (1, 2, 3)
        ],
        "incident_officers": [
            tasking(f"I{k}", "O1", "attending", "2024-03-01T10:00:00Z", "2024-03-01T11:00:00Z")
            for k in (1, 2, 3)
        ],
        "comms": [msg("2024-03-10T20:00:00Z", counterpart=numbers[p]) for p in people],
    }


def test_bl106_breadth(engine_name: str, tmp_path: Path) -> None:
    rows = findings(build(engine_name, tmp_path, **_three_incidents(3)), "BL106")
    assert _pick(
        rows, ["officer_id", "person_id", "people", "contacts", "off_shift", "after_closure"]
    ) == [
        {
            "officer_id": "O1",
            "person_id": p,
            "people": 3,
            "contacts": 1,
            "off_shift": 1,
            "after_closure": 1,
        }
        for p in ("P1", "P2", "P3")
    ]
    assert rows[0]["strength"] == pytest.approx(3 / 8)


def test_bl106_two_people_is_not_breadth(engine_name: str, tmp_path: Path) -> None:
    assert findings(build(engine_name, tmp_path, **_three_incidents(2)), "BL106") == []


# ---------------------------------------------------------------- as_of


def test_as_of_uses_only_what_was_known(engine_name: str, tmp_path: Path) -> None:
    comms = [msg(f"2024-03-{d:02d}T19:30:00Z") for d in (21, 22, 23, 24)]
    ctx = build(engine_name, tmp_path, as_of=datetime(2024, 3, 23, tzinfo=UTC), comms=comms)
    (row,) = findings(ctx, "BL101", min_contacts=2)
    assert row["contacts"] == 2
    assert findings(ctx, "BL103", min_contacts=1) != []  # closed 20 March, before as_of
    early = build(
        engine_name, tmp_path / "early", as_of=datetime(2024, 3, 19, tzinfo=UTC), comms=comms
    )
    assert findings(early, "BL101", min_contacts=1) == []


def test_as_of_keeps_a_tasking_running_past_closure(engine_name: str, tmp_path: Path) -> None:
    """Witness care runs past the closure (to court); replayed before its recorded end,
    it is still running, so on-shift contact then is neither after closure nor beyond it."""
    taskings = [
        tasking("I1", "O1", "attending", "2024-03-01T10:00:00Z", "2024-03-01T12:00:00Z"),
        tasking("I1", "O1", "witness_care", "2024-03-02T09:00:00Z", "2024-05-01T09:00:00Z"),
    ]
    comms = [msg(f"2024-03-{d:02d}T10:30:00Z") for d in (25, 26, 27, 28)]
    replay = build(
        engine_name,
        tmp_path,
        as_of=datetime(2024, 4, 1, tzinfo=UTC),
        incident_officers=taskings,
        comms=comms,
    )
    for code in ("BL101", "BL103"):
        assert findings(replay, code, min_contacts=1) == [], code
    full = build(engine_name, tmp_path / "full", incident_officers=taskings, comms=comms)
    for code in ("BL101", "BL103"):
        assert findings(full, code, min_contacts=1) == [], code
