"""Table-driven cases for stays → visits: attribution, places, explanations, the grid.

The world (bl_world.base_tables plus vehicles): O1 and O2 work 07:00–15:00 UTC daily;
O1 attended I1 (P1 victim) on 1 March 2024. P1's home is HOME. O1 uses vehicle V1 all
day every day unless a case says otherwise. A "stop" is: a ping 2 km away, pings every
minute at the spot from ``start`` for ``minutes``, then a ping 2 km away at
``start + minutes`` (the stay is ``[start, start + minutes)``).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from bl_world import build, incident, tasking

from boundline.detectors.visits import (
    METRES_PER_DEGREE,
    cell_size,
    max_abs_lat,
    nearest_place,
)

HOME = (53.40, -2.98)
DAY = datetime(2024, 3, 5, tzinfo=UTC)


def at(day: int = 5, h: int = 9, m: int = 0) -> datetime:
    return datetime(2024, 3, day, h, m, tzinfo=UTC)


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def move(
    point: tuple[float, float], north_m: float = 0.0, east_m: float = 0.0
) -> tuple[float, float]:
    lat, lon = point
    return (
        lat + north_m / METRES_PER_DEGREE,
        lon + east_m / (METRES_PER_DEGREE * math.cos(math.radians(lat))),
    )


def ping(vehicle: str, t: datetime, p: tuple[float, float], speed: float = 0.0) -> dict[str, str]:
    return {
        "vehicle_id": vehicle,
        "time": iso(t),
        "lat": f"{p[0]:.9f}",
        "lon": f"{p[1]:.9f}",
        "speed_kmh": f"{speed}",
    }


def stop(
    start: datetime, minutes: float, p: tuple[float, float], vehicle: str = "V1"
) -> list[dict]:
    away = move(p, north_m=2000)
    rows = [ping(vehicle, start - timedelta(minutes=5), away, 40)]
    n = int(minutes)
    rows += [ping(vehicle, start + timedelta(minutes=k), p) for k in range(n)]
    rows.append(ping(vehicle, start + timedelta(minutes=minutes), away, 40))
    return rows


def drive_by(start: datetime, p: tuple[float, float], vehicle: str = "V1") -> list[dict]:
    """40 km/h through ``p``: a ping every 15 s, 167 m apart, from 1 km south to 1 km north."""
    return [
        ping(vehicle, start + timedelta(seconds=15 * k), move(p, north_m=-1000 + 167 * k), 40)
        for k in range(13)
    ]


def use(
    vehicle: str,
    officer: str,
    start: str = "2024-02-25T00:00:00Z",
    end: str = "2024-06-01T00:00:00Z",
) -> dict[str, str]:
    return {"vehicle_id": vehicle, "officer_id": officer, "start": start, "end": end}


def place(
    pid: str, p: tuple[float, float], kind: str = "home", valid_from: str = "", valid_to: str = ""
) -> dict[str, str]:
    return {
        "person_id": pid,
        "kind": kind,
        "lat": f"{p[0]:.9f}",
        "lon": f"{p[1]:.9f}",
        "address": "",
        "valid_from": valid_from,
        "valid_to": valid_to,
    }


def located(iid: str, p: tuple[float, float], opened: str, closed: str = "") -> dict[str, str]:
    return {**incident(iid, opened, closed), "lat": f"{p[0]:.9f}", "lon": f"{p[1]:.9f}"}


def world(avl: list[dict], **tables: Any) -> dict[str, Any]:
    base = {"avl": avl, "vehicle_use": [use("V1", "O1")], "places": [place("P1", HOME)]}
    return {**base, **tables}


def visit_rows(ctx: Any, officer: str | None = None, person: str | None = None) -> list[dict]:
    v = nearest_place(ctx.visit_places)
    if officer:
        v = v.filter(v.officer_id == officer)
    if person:
        v = v.filter(v.person_id == person)
    cols = [
        "officer_id",
        "person_id",
        "vehicle_id",
        "started_at",
        "finished_at",
        "place_kind",
        "on_shift",
        "explained_by",
    ]
    rows = v.select(*cols).to_pyarrow().to_pylist()
    return sorted(rows, key=lambda r: (r["officer_id"], r["person_id"], r["started_at"]))


NEAR = move(HOME, north_m=30)
I1_TASK = tasking("I1", "O1", "attending", "2024-03-01T10:00:00Z", "2024-03-01T12:00:00Z")
I2 = located("I2", move(HOME, east_m=50), "2024-03-05T08:30:00Z", "2024-03-06T00:00:00Z")
I2_FAR = located("I2", move(HOME, east_m=500), "2024-03-05T08:30:00Z", "2024-03-06T00:00:00Z")

# (id, tables, expected visits of (officer, person) as (officer, on_shift, explained_by))
CASES: list[tuple[str, dict[str, Any], list[tuple[str, bool, str | None]]]] = [
    ("drive-by at speed is no visit", world(drive_by(at(), HOME)), []),
    (
        "3-minute traffic-light stop 20 m away is no visit",
        world(stop(at(), 3, move(HOME, north_m=20))),
        [],
    ),
    ("20-minute stop 500 m away is no visit", world(stop(at(), 20, move(HOME, north_m=500))), []),
    (
        "20-minute stop 30 m from home, no tasking: unexplained",
        world(stop(at(), 20, NEAR)),
        [("O1", True, None)],
    ),
    (
        "tasked to an incident 50 m away during the stay: explained",
        world(
            stop(at(), 20, NEAR),
            incidents=[incident("I1", "2024-03-01T10:00:00Z", "2024-03-20T10:00:00Z"), I2],
            incident_officers=[
                I1_TASK,
                tasking("I2", "O1", "attending", "2024-03-05T08:45:00Z", "2024-03-05T10:00:00Z"),
            ],
        ),
        [("O1", True, "I2")],
    ),
    (
        "open-ended tasking runs until the incident closed: explained",
        world(
            stop(at(), 20, NEAR),
            incidents=[incident("I1", "2024-03-01T10:00:00Z", "2024-03-20T10:00:00Z"), I2],
            incident_officers=[I1_TASK, tasking("I2", "O1", "oic", "2024-03-05T08:45:00Z")],
        ),
        [("O1", True, "I2")],
    ),
    (
        "tasking ended before the stay: unexplained",
        world(
            stop(at(), 20, NEAR),
            incidents=[incident("I1", "2024-03-01T10:00:00Z", "2024-03-20T10:00:00Z"), I2],
            incident_officers=[
                I1_TASK,
                tasking("I2", "O1", "attending", "2024-03-05T08:30:00Z", "2024-03-05T08:50:00Z"),
            ],
        ),
        [("O1", True, None)],
    ),
    (
        "tasked to an incident 500 m away: unexplained",
        world(
            stop(at(), 20, NEAR),
            incidents=[incident("I1", "2024-03-01T10:00:00Z", "2024-03-20T10:00:00Z"), I2_FAR],
            incident_officers=[
                I1_TASK,
                tasking("I2", "O1", "attending", "2024-03-05T08:45:00Z", "2024-03-05T10:00:00Z"),
            ],
        ),
        [("O1", True, None)],
    ),
    (
        "a colleague's tasking does not explain O1's stay",
        world(
            stop(at(), 20, NEAR),
            incidents=[incident("I1", "2024-03-01T10:00:00Z", "2024-03-20T10:00:00Z"), I2],
            incident_officers=[
                I1_TASK,
                tasking("I2", "O2", "attending", "2024-03-05T08:45:00Z", "2024-03-05T10:00:00Z"),
            ],
        ),
        [("O1", True, None)],
    ),
    ("off-shift stay in a police vehicle", world(stop(at(h=20), 25, NEAR)), [("O1", False, None)]),
    (
        "stay across the end of the shift is on shift",
        world(stop(at(h=14, m=50), 20, NEAR)),
        [("O1", True, None)],
    ),
    (
        "two officers crewing one vehicle both get the visit",
        world(stop(at(), 20, NEAR), vehicle_use=[use("V1", "O1"), use("V1", "O2")]),
        [("O1", True, None), ("O2", True, None)],
    ),
    (
        "vehicle booked to O2 at the time: O2's visit, not O1's",
        world(
            stop(at(), 20, NEAR),
            vehicle_use=[
                use("V1", "O1", end="2024-03-05T08:00:00Z"),
                use("V1", "O2", start="2024-03-05T08:00:00Z"),
            ],
        ),
        [("O2", True, None)],
    ),
    (
        "vehicle in nobody's use: no visit",
        world(stop(at(), 20, NEAR), vehicle_use=[use("V1", "O1", end="2024-03-01T00:00:00Z")]),
        [],
    ),
    (
        "149 m from home is a visit",
        world(stop(at(), 20, move(HOME, east_m=149))),
        [("O1", True, None)],
    ),
    ("151 m from home is not", world(stop(at(), 20, move(HOME, east_m=151))), []),
    (
        "a place valid only in the past does not match",
        world(stop(at(), 20, NEAR), places=[place("P1", HOME, valid_to="2024-02-01")]),
        [],
    ),
    (
        "a place valid only from later does not match",
        world(stop(at(), 20, NEAR), places=[place("P1", HOME, valid_from="2024-04-01")]),
        [],
    ),
    (
        "a place valid on the day matches (valid_to inclusive)",
        world(
            stop(at(), 20, NEAR),
            places=[place("P1", HOME, valid_from="2024-01-01", valid_to="2024-03-05")],
        ),
        [("O1", True, None)],
    ),
    (
        "near home and work: the stay counts once",
        world(
            stop(at(), 20, NEAR),
            places=[place("P1", HOME), place("P1", move(HOME, east_m=80), kind="work")],
        ),
        [("O1", True, None)],
    ),
]


@pytest.mark.parametrize(("tables", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_visit_cases(engine_name: str, tmp_path: Path, tables: dict, want: list) -> None:
    ctx = build(engine_name, tmp_path, **tables)
    got = visit_rows(ctx, person="P1")
    assert [(r["officer_id"], r["on_shift"], r["explained_by"]) for r in got] == want


def test_visit_row_times_and_kind(engine_name: str, tmp_path: Path) -> None:
    ctx = build(
        engine_name,
        tmp_path,
        **world(
            stop(at(), 20, NEAR),
            places=[place("P1", HOME), place("P1", move(HOME, east_m=80), kind="work")],
        ),
    )
    (r,) = visit_rows(ctx)
    assert (r["started_at"], r["finished_at"]) == (at(), at(m=20))
    assert (r["vehicle_id"], r["place_kind"]) == ("V1", "home")  # 30 m beats ~85 m


def _boundary_case(axis: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """A home just past a grid-cell boundary and a stop back across it (lat, lon or both).

    The join sizes longitude cells from the stays' largest |lat|: the stop's latitude.
    """
    d_lat = cell_size(150.0, 0.0)[0]
    home_lat, spot_lat = HOME[0], HOME[0]
    if axis in ("lat", "both"):
        home_lat = (math.floor(HOME[0] / d_lat) + 1) * d_lat + 1e-7
        spot_lat = move((home_lat, 0.0), north_m=-100 if axis == "lat" else -70)[0]
    d_lon = cell_size(150.0, spot_lat)[1]
    home_lon, spot_lon = HOME[1], HOME[1]
    if axis in ("lon", "both"):
        home_lon = (math.floor(HOME[1] / d_lon) + 1) * d_lon + 1e-7
        spot_lon = move((spot_lat, home_lon), east_m=-100 if axis == "lon" else -70)[1]
    return (home_lat, home_lon), (spot_lat, spot_lon)


@pytest.mark.parametrize("axis", ["lat", "lon", "both"])
def test_place_across_a_cell_boundary_is_found(engine_name: str, tmp_path: Path, axis: str) -> None:
    home, spot = _boundary_case(axis)
    ctx = build(engine_name, tmp_path, **world(stop(at(), 20, spot), places=[place("P1", home)]))
    d_lat, d_lon = cell_size(150.0, max_abs_lat(ctx.stays))
    assert (math.floor(home[0] / d_lat) != math.floor(spot[0] / d_lat)) == (axis != "lon")
    assert (math.floor(home[1] / d_lon) != math.floor(spot[1] / d_lon)) == (axis != "lat")
    assert len(visit_rows(ctx)) == 1


def test_cell_size_is_never_narrower_than_the_radius() -> None:
    for lat in (0.0, 45.0, 53.4, 70.0, 85.0):
        d_lat, d_lon = cell_size(150.0, lat)
        assert d_lat * METRES_PER_DEGREE >= 150.0
        assert d_lon * METRES_PER_DEGREE * math.cos(math.radians(lat + 0.01)) >= 150.0
    with pytest.raises(ValueError):
        cell_size(0.0, 50.0)


def test_no_avl_means_no_stays(engine_name: str, tmp_path: Path) -> None:
    ctx = build(engine_name, tmp_path, **world([ping("V1", at(), HOME)]))
    assert ctx.stays.count().to_pyarrow().as_py() == 0
    assert visit_rows(ctx) == []


def test_as_of_leaves_later_pings_out(engine_name: str, tmp_path: Path) -> None:
    ctx = build(engine_name, tmp_path, as_of=at(day=4), **world(stop(at(), 20, NEAR)))
    assert visit_rows(ctx) == []


def _shift(oid: str, start: datetime, end: datetime) -> dict[str, str]:
    return {"officer_id": oid, "start": iso(start), "end": iso(end), "kind": "night"}


def test_overlaps_across_midnight_count_once(engine_name: str, tmp_path: Path) -> None:
    """A stay 23:50–00:30 meets a crewing row of months and two shifts on both days.

    Each interval touches several UTC days, so the day-bucketed joins see each pair on
    every shared day; the overlaps must still be counted once: 40 min of use, and
    10 + 30 min of the two shifts.
    """
    shifts = [_shift("O1", at(5, 20), at(5, 23, 59) + timedelta(seconds=60))]
    shifts.append(_shift("O1", at(6, 0), at(6, 6)))
    ctx = build(engine_name, tmp_path, **world(stop(at(5, 23, 50), 40, NEAR), shifts=shifts))
    v = ctx.visit_places
    (r,) = v.select("use_overlap_s", "shift_overlap_s", "on_shift").to_pyarrow().to_pylist()
    assert r == {"use_overlap_s": 2400.0, "shift_overlap_s": 2400.0, "on_shift": True}


def test_stays_from_the_engine_are_the_kernels_stays(tmp_path: Path) -> None:
    """The engine hands the kernel integer codes for the vehicles, not their ids: the
    stays must be those of the kernel run on the pings as written."""
    import pandas as pd

    from boundline.detectors.stays import stays_frame
    from boundline.detectors.visits import stays_table

    avl: list[dict] = []
    for v in range(12):
        for d in range(3):
            avl += stop(at(day=5 + d, h=8 + v % 5), 10 + v, move(HOME, north_m=300 * v), f"V{v}")
    uses = [use(f"V{v}", "O1") for v in range(12)]
    ctx = build("duckdb", tmp_path, **world(avl, vehicle_use=uses))
    cols = ["vehicle_id", "started_at", "finished_at", "lat", "lon", "n_pings"]
    got = stays_table(ctx.engine).to_pyarrow().select(cols).to_pylist()
    pings = pd.DataFrame(avl).astype({"lat": float, "lon": float})
    want = stays_frame(pings)[cols].to_dict("records")
    assert len(want) == 12 * 5  # each vehicle: 3 stops, and 2 nights waiting 2 km away
    key = lambda r: (r["vehicle_id"], r["started_at"])  # noqa: E731
    assert [tuple(r.values()) for r in sorted(got, key=key)] == [
        (
            r["vehicle_id"],
            r["started_at"].to_pydatetime(),
            r["finished_at"].to_pydatetime(),
            r["lat"],
            r["lon"],
            r["n_pings"],
        )
        for r in sorted(want, key=key)
    ]
