"""A tiny force for scoring tests: O1 pursues P1 at night from 2 March; P2 only from April.

O1 attended I1 (P1 victim, burglary) and I2 (P2 victim) on 1 March 2024; I1 closed on
20 March. O2 is family liaison officer for P3 (I3, open) and talks to P3 on shift.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from boundline.ingest import ingest
from boundline.store import list_rejects, open_store
from contract_world import write_source

P1, P2, P3 = "+447700900123", "+447700900222", "+447700900333"


def _person(pid: str, vulnerable: bool) -> dict[str, str]:
    return {
        "person_id": pid,
        "name": f"Member {pid}",
        "date_of_birth": "",
        "vulnerable": "true" if vulnerable else "false",
        "vulnerability": "mental health" if vulnerable else "",
    }


def _incident(iid: str, category: str, closed: str = "") -> dict[str, str]:
    return {
        "incident_id": iid,
        "opened": "2024-03-01T09:00:00Z",
        "closed": closed,
        "category": category,
        "lat": "",
        "lon": "",
        "address": "",
    }


def _shifts(oid: str) -> list[dict[str, str]]:
    first = date(2024, 2, 25)
    return [
        {
            "officer_id": oid,
            "start": f"{first + timedelta(days=k)}T07:00:00Z",
            "end": f"{first + timedelta(days=k)}T15:00:00Z",
            "kind": "early",
        }
        for k in range(100)
    ]


_N = iter(range(1, 10**9))


def _msg(when: str, counterpart: str, device: str = "D1", direction: str = "out") -> dict[str, str]:
    return {
        "record_id": f"R{next(_N)}",
        "device_id": device,
        "time": when,
        "direction": direction,
        "channel": "sms",
        "counterpart": counterpart,
        "duration_s": "",
    }


def _nightly(counterpart: str, first: date, days: int, per_night: int = 5) -> list[dict[str, str]]:
    """``per_night`` messages from 22:00 UTC each night, alternating out and in."""
    rows = []
    for k in range(days):
        d = first + timedelta(days=k)
        for m in range(per_night):
            direction = "out" if m % 2 == 0 else "in"
            rows.append(_msg(f"{d}T22:{10 * m:02d}:00Z", counterpart, direction=direction))
    return rows


def tables() -> dict[str, list[dict[str, str]]]:
    """The source tables of the world."""
    flo_talk = [
        _msg(f"{date(2024, 3, 2) + timedelta(days=k)}T10:00:00Z", P3, "D2", "out")
        for k in range(20)
    ] + [
        _msg(f"{date(2024, 3, 2) + timedelta(days=k)}T11:00:00Z", P3, "D2", "in") for k in range(20)
    ]
    return {
        "people": [_person("P1", True), _person("P2", False), _person("P3", False)],
        "person_contacts": [
            {"person_id": "P1", "kind": "phone", "value": P1},
            {"person_id": "P2", "kind": "phone", "value": P2},
            {"person_id": "P3", "kind": "phone", "value": P3},
        ],
        "incidents": [
            _incident("I1", "Burglary", "2024-03-20T10:00:00Z"),
            _incident("I2", "theft from shop", "2024-03-05T10:00:00Z"),
            _incident("I3", "sudden death"),
        ],
        "incident_people": [
            {"incident_id": "I1", "person_id": "P1", "role": "victim"},
            {"incident_id": "I2", "person_id": "P2", "role": "victim"},
            {"incident_id": "I3", "person_id": "P3", "role": "other"},
        ],
        "incident_officers": [
            {
                "incident_id": i,
                "officer_id": "O1",
                "role": "attending",
                "start": "2024-03-01T10:00:00Z",
                "end": "2024-03-01T12:00:00Z",
            }
            for i in ("I1", "I2")
        ]
        + [
            {
                "incident_id": "I3",
                "officer_id": "O2",
                "role": "flo",
                "start": "2024-03-01T10:00:00Z",
                "end": "",
            }
        ],
        "devices": [
            {
                "device_id": "D1",
                "msisdn": "07700 900001",
                "officer_id": "O1",
                "assigned_from": "2024-01-01T00:00:00Z",
                "assigned_to": "",
            },
            {
                "device_id": "D2",
                "msisdn": "07700 900002",
                "officer_id": "O2",
                "assigned_from": "2024-01-01T00:00:00Z",
                "assigned_to": "",
            },
        ],
        "shifts": _shifts("O1") + _shifts("O2"),
        "record_access": [],
        "comms": _nightly(P1, date(2024, 3, 2), 28) + _nightly(P2, date(2024, 4, 2), 10) + flo_talk,
    }


def build(root: Path) -> Path:
    """Write and ingest the world; return the store folder."""
    src = write_source(root / "src", tables())
    store = root / "store"
    ingest(src, store)
    total, rejects = list_rejects(open_store(store), None, None, None)
    assert total == 0, rejects
    return store
