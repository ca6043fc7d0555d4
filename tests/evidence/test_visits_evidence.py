"""The evidence ``visits`` object against expectations computed by hand from the rows.

O1 uses V1 and O2 uses V2 all the time; O1 works 07:00–15:00 UTC on 4–8 March 2024.
P1 lives at HOME and works at WORK (80 m east of HOME). Stops (a ping 2 km away, a
ping a minute at the spot, a ping 2 km away at the end):

1. 4 Mar 09:00–09:20, V1, 30 m from HOME, tasked to I2 (50 m away)  → explained by I2
2. 5 Mar 20:00–20:25, V1, 30 m from HOME, off shift                  → unexplained
3. 6 Mar 10:00–10:20, V1, 60 m east of HOME: 60 m from home, 20 m from work → once, work
4. 7 Mar 10:00–10:05, V1, at HOME: 5 minutes, not a stay              → nothing
5. 8 Mar 10:00–10:20, V1, 400 m from HOME                             → nothing
6. 8 Mar 11:00–11:20, V2 (O2's vehicle), at HOME                     → not O1's
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from boundline.engine import Engine
from boundline.evidence import evidence
from boundline.ingest import ingest
from contract_world import write_source
from engines import ENGINES, engine_for

HOME = (53.40, -2.98)
M = 2 * math.pi * 6_371_000 / 360


def move(p: tuple[float, float], north: float = 0.0, east: float = 0.0) -> tuple[float, float]:
    return p[0] + north / M, p[1] + east / (M * math.cos(math.radians(p[0])))


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def stop(vehicle: str, start: datetime, minutes: int, p: tuple[float, float]) -> list[dict]:
    away = move(p, north=2000)
    pts = [(start - timedelta(minutes=5), away)]
    pts += [(start + timedelta(minutes=k), p) for k in range(minutes)]
    pts.append((start + timedelta(minutes=minutes), away))
    return [
        {
            "vehicle_id": vehicle,
            "time": iso(t),
            "lat": f"{q[0]:.9f}",
            "lon": f"{q[1]:.9f}",
            "speed_kmh": "",
        }
        for t, q in pts
    ]


def t(day: int, h: int, m: int = 0) -> datetime:
    return datetime(2024, 3, day, h, m, tzinfo=UTC)


WORK = move(HOME, east=80)
I2_AT = move(HOME, east=50)


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The visits world, ingested once per engine and opened on it."""
    root = tmp_path_factory.mktemp("visits")
    avl = (
        stop("V1", t(4, 9), 20, move(HOME, north=30))
        + stop("V1", t(5, 20), 25, move(HOME, north=30))
        + stop("V1", t(6, 10), 20, move(HOME, east=60))
        + stop("V1", t(7, 10), 5, HOME)
        + stop("V1", t(8, 10), 20, move(HOME, north=400))
        + stop("V2", t(8, 11), 20, HOME)
    )
    tables = {
        "avl": avl,
        "vehicle_use": [
            {
                "vehicle_id": v,
                "officer_id": o,
                "start": "2024-03-01T00:00:00Z",
                "end": "2024-04-01T00:00:00Z",
            }
            for v, o in (("V1", "O1"), ("V2", "O2"))
        ],
        "shifts": [
            {
                "officer_id": "O1",
                "start": f"2024-03-0{d}T07:00:00Z",
                "end": f"2024-03-0{d}T15:00:00Z",
                "kind": "early",
            }
            for d in range(4, 9)
        ],
        "places": [
            {
                "person_id": "P1",
                "kind": k,
                "lat": f"{p[0]:.9f}",
                "lon": f"{p[1]:.9f}",
                "address": "",
                "valid_from": "",
                "valid_to": "",
            }
            for k, p in (("home", HOME), ("work", WORK))
        ],
        "incidents": [
            {
                "incident_id": "I1",
                "opened": "2024-03-01T10:00:00Z",
                "closed": "2024-03-20T10:00:00Z",
                "category": "burglary",
                "lat": "",
                "lon": "",
                "address": "",
            },
            {
                "incident_id": "I2",
                "opened": "2024-03-04T08:30:00Z",
                "closed": "2024-03-04T12:00:00Z",
                "category": "concern for welfare",
                "lat": f"{I2_AT[0]:.9f}",
                "lon": f"{I2_AT[1]:.9f}",
                "address": "",
            },
        ],
        "incident_officers": [
            {
                "incident_id": "I1",
                "officer_id": "O1",
                "role": "attending",
                "start": "2024-03-01T10:00:00Z",
                "end": "2024-03-01T12:00:00Z",
            },
            {
                "incident_id": "I2",
                "officer_id": "O1",
                "role": "attending",
                "start": "2024-03-04T08:45:00Z",
                "end": "2024-03-04T10:00:00Z",
            },
        ],
    }
    write_source(root / "src", tables)
    ingest(root / "src", root / "store")
    return engine_for(root / "store", request.param)


def item(start: datetime, minutes: int, kind: str, by: str | None) -> dict:
    return {
        "start": iso(start),
        "end": iso(start + timedelta(minutes=minutes)),
        "place_kind": kind,
        "vehicle_id": "V1",
        "explained_by": by,
    }


def test_visits_match_the_hand_computation(engine) -> None:  # type: ignore[no-untyped-def]
    got = evidence(engine, "O1", "P1")["visits"]
    assert got == {
        "total": 3,
        "on_shift": 2,
        "explained": 1,
        "unexplained": 2,
        "items": [
            item(t(4, 9), 20, "home", "I2"),
            item(t(5, 20), 25, "home", None),
            item(t(6, 10), 20, "work", None),
        ],
    }


def test_visits_respect_the_period(engine) -> None:  # type: ignore[no-untyped-def]
    got = evidence(engine, "O1", "P1", date(2024, 3, 5), date(2024, 3, 5))["visits"]
    assert (got["total"], got["on_shift"], got["explained"], got["unexplained"]) == (1, 0, 0, 1)
    assert got["items"] == [item(t(5, 20), 25, "home", None)]


def test_another_officers_vehicle_is_their_visit(engine) -> None:  # type: ignore[no-untyped-def]
    got = evidence(engine, "O2", "P1")["visits"]
    assert got["total"] == 1 and got["on_shift"] == 0  # O2 has no shifts here
    assert got["items"][0]["vehicle_id"] == "V2" and got["items"][0]["explained_by"] is None


def test_visits_sit_between_silences_and_record_access(engine) -> None:  # type: ignore[no-untyped-def]
    keys = list(evidence(engine, "O1", "P1"))
    assert keys.index("silences") < keys.index("visits") < keys.index("record_access")
