"""Table-driven cases for BL301: look-ups of a person with no task or after closure.

Base world (bl_world): O1 attended I1 (P1 victim) 1 March 2024 10:00–12:00; I1 closed
20 March 10:00. I2 is an incident O1 was never tasked to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bl_world import build, findings, incident, tasking

_N = iter(range(1, 10**6))


def lookup(
    time: str, incident_id: str = "", person: str = "P1", officer: str = "O1", system: str = "PNC"
) -> dict[str, str]:
    return {
        "access_id": f"A{next(_N)}",
        "officer_id": officer,
        "time": time,
        "system": system,
        "person_id": person,
        "incident_id": incident_id,
    }


INCIDENTS = [
    incident("I1", "2024-03-01T10:00:00Z", "2024-03-20T10:00:00Z"),
    incident("I2", "2024-03-02T10:00:00Z"),
]
KEYS = ["officer_id", "person_id", "lookups", "without_task", "after_closure", "total"]

CASES: list[tuple[str, dict[str, Any], list[dict[str, Any]]]] = [
    (
        "two look-ups with no incident",
        {
            "record_access": [
                lookup("2024-03-05T10:00:00Z"),
                lookup("2024-03-06T10:00:00Z", system="RMS"),
            ]
        },
        [
            {
                "officer_id": "O1",
                "person_id": "P1",
                "lookups": 2,
                "without_task": 2,
                "after_closure": 0,
                "total": 2,
            }
        ],
    ),
    (
        "look-ups for the tasked incident before closure are work",
        {"record_access": [lookup(f"2024-03-0{d}T10:00:00Z", "I1") for d in (2, 3, 4)]},
        [],
    ),
    (
        "an incident the officer was never tasked to is without task",
        {
            "incidents": INCIDENTS,
            "record_access": [
                lookup("2024-03-05T10:00:00Z", "I2"),
                lookup("2024-03-06T10:00:00Z", "I2"),
                lookup("2024-03-07T10:00:00Z", "I1"),
            ],
        },
        [
            {
                "officer_id": "O1",
                "person_id": "P1",
                "lookups": 2,
                "without_task": 2,
                "after_closure": 0,
                "total": 3,
            }
        ],
    ),
    (
        "look-ups for the incident after it closed",
        {
            "record_access": [
                lookup("2024-03-21T10:00:00Z", "I1"),
                lookup("2024-03-25T10:00:00Z", "I1"),
            ]
        },
        [
            {
                "officer_id": "O1",
                "person_id": "P1",
                "lookups": 2,
                "without_task": 0,
                "after_closure": 2,
                "total": 2,
            }
        ],
    ),
    (
        "no task and after closure count once each",
        {"record_access": [lookup("2024-03-21T10:00:00Z"), lookup("2024-03-22T10:00:00Z", "I1")]},
        [
            {
                "officer_id": "O1",
                "person_id": "P1",
                "lookups": 2,
                "without_task": 1,
                "after_closure": 2,
                "total": 2,
            }
        ],
    ),
    (
        "while the incident is open there is no after closure",
        {
            "incidents": [incident("I1", "2024-03-01T10:00:00Z")],
            "incident_officers": [tasking("I1", "O1", "oic", "2024-03-01T10:00:00Z")],
            "record_access": [lookup(f"2024-04-0{d}T10:00:00Z", "I1") for d in (1, 2, 3)],
        },
        [],
    ),
    (
        "one look-up without task is below min_lookups",
        {"record_access": [lookup("2024-03-05T10:00:00Z")]},
        [],
    ),
    (
        "look-up only meeting: the person's look-ups count",
        {
            "record_access": [
                lookup("2024-03-05T10:00:00Z", person="P2", officer="O2"),
                lookup("2024-03-09T10:00:00Z", person="P2", officer="O2"),
            ]
        },
        [
            {
                "officer_id": "O2",
                "person_id": "P2",
                "lookups": 2,
                "without_task": 2,
                "after_closure": 0,
                "total": 2,
            }
        ],
    ),
]


@pytest.mark.parametrize(("tables", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bl301_cases(engine_name: str, tmp_path: Path, tables: dict, want: list) -> None:
    rows = findings(build(engine_name, tmp_path, **tables), "BL301")
    assert [{k: r[k] for k in KEYS} for r in rows] == want


def test_bl301_figures(engine_name: str, tmp_path: Path) -> None:
    ra = [
        lookup("2024-03-05T10:00:00Z"),
        lookup("2024-03-06T10:00:00Z", system="RMS"),
        lookup("2024-03-02T10:00:00Z", "I1"),
    ]
    (r,) = findings(build(engine_name, tmp_path, record_access=ra), "BL301")
    assert r["systems"] == 2 and r["strength"] == pytest.approx(2 / 5)
    assert (r["first"].isoformat(), r["last"].isoformat()) == (
        "2024-03-05T10:00:00+00:00",
        "2024-03-06T10:00:00+00:00",
    )


def test_bl301_as_of(engine_name: str, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    ra = [lookup("2024-03-21T10:00:00Z", "I1"), lookup("2024-03-25T10:00:00Z", "I1")]
    # before the closure was known, look-ups after it had not happened yet
    ctx = build(engine_name, tmp_path, as_of=datetime(2024, 3, 22, tzinfo=UTC), record_access=ra)
    assert findings(ctx, "BL301") == []
