"""Busy places: the counted officers equal a brute-force count, up to the cap.

``place_officer_counts`` skips the pair-by-pair count where one square wholly within
150 m of a place already holds more than ``BUSY_CAP`` officers. Whatever it skips,
``place_officers <= m`` must give the brute-force answer for every ``m`` up to the cap.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import ibis
import pytest
from bl_world import build

from boundline.detectors.visits import METRES_PER_DEGREE, RADIUS_M, place_officer_counts
from boundline.detectors.visits._findings import met_visits
from boundline.detectors.visits._near import BUSY_CAP
from boundline.errors import UserInputError

T0 = datetime(2024, 3, 1, tzinfo=UTC)
CENTRE = (53.40, -2.98)


def _haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    r = 6_371_000.0
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(h)))


def _point(rng: random.Random, spread_m: float, around: tuple[float, float]) -> tuple[float, float]:
    north, east = rng.gauss(0, spread_m), rng.gauss(0, spread_m)
    lat = around[0] + north / METRES_PER_DEGREE
    return lat, around[1] + east / (METRES_PER_DEGREE * math.cos(math.radians(lat)))


def _world(seed: int) -> tuple[list[dict], list[dict]]:
    """A dense yard (many officers), a quiet street, and places with validity limits."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    stays = []
    for i in range(1500):
        dense = i % 3 != 0
        officer = f"O{rng.randrange(60 if dense else 8)}"
        spot = _point(rng, 60 if dense else 400, CENTRE)
        start = T0 + timedelta(days=rng.randrange(30), minutes=rng.randrange(1440))
        stays.append(
            {
                "stay_id": i,
                "officer_id": officer,
                "started_at": start,
                "finished_at": start + timedelta(minutes=20),
                "lat": spot[0],
                "lon": spot[1],
                "explained": rng.random() < 0.2,
            }
        )
    places = []
    for k in range(80):
        spot = _point(rng, 50 if k < 40 else 500, CENTRE)
        limited = k % 4 == 0
        places.append(
            {
                "person_id": f"P{k}",
                "kind": "home",
                "lat": spot[0],
                "lon": spot[1],
                "address": "",
                "valid_from": (T0 + timedelta(days=10)).date() if limited else None,
                "valid_to": (T0 + timedelta(days=20)).date() if limited else None,
            }
        )
    return stays, places


def _brute(stays: list[dict], places: list[dict]) -> dict[str, int]:
    counts = {}
    for p in places:
        officers = set()
        for s in stays:
            if s["explained"]:
                continue
            if p["valid_from"] is not None and p["valid_from"] > s["finished_at"].date():
                continue
            if p["valid_to"] is not None and p["valid_to"] < s["started_at"].date():
                continue
            if _haversine((s["lat"], s["lon"]), (p["lat"], p["lon"])) <= RADIUS_M:
                officers.add(s["officer_id"])
        counts[p["person_id"]] = len(officers)
    return counts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_agree_with_brute_force_up_to_the_cap(seed: int) -> None:
    stays, places = _world(seed)
    xs = ibis.memtable(stays)
    pl = ibis.memtable(places)
    wanted = pl.select("person_id", place_kind=pl.kind, place_lat=pl.lat, place_lon=pl.lon)
    got_rows = place_officer_counts(xs, pl, wanted, RADIUS_M, CENTRE[0]).execute()
    got = dict(zip(got_rows.person_id, got_rows.place_officers, strict=True))
    want = _brute(stays, places)
    assert sum(v > BUSY_CAP for v in want.values()) >= 10, "the yard should be busy"
    assert sum(0 < v <= BUSY_CAP for v in want.values()) >= 5, "some places should be quiet"
    for person, n in want.items():
        shown = int(got.get(person, 0))
        if n <= BUSY_CAP:
            assert shown == n, person
        else:
            assert BUSY_CAP < shown <= n, person


def test_max_place_officers_above_the_cap_is_refused(tmp_path: Path) -> None:
    ctx = build("duckdb", tmp_path)
    with pytest.raises(UserInputError, match="at most 20"):
        met_visits(ctx, ("home",), True, BUSY_CAP + 1)
