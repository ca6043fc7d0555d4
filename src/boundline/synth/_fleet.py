"""Vehicles: crewed sessions inside shifts, and the stops each session makes."""

from __future__ import annotations

import numpy as np

from boundline.synth._clock import MINUTE
from boundline.synth._names import (
    LAT0,
    LAT1,
    LON0,
    LON1,
    M_PER_DEG_LAT,
    M_PER_DEG_LON,
    STATION_POINTS,
)
from boundline.synth._world import ATTEND, F64, I64, NEIGHBOURHOOD, NONE, PATROL, World

SLOTS = 14
CREWED = 0.85
BEAT_RADIUS_M = 3000.0
SPEED_MS = 10.0  # average road speed used to time legs
PROTECT_M = 300.0  # ordinary stops keep this far from planted places
RETURN_S = 20 * MINUTE
BLOCK = 50_000  # sessions per block when drawing and timing stops


Num = F64 | np.float64 | float


def metres(lat0: Num, lon0: Num, lat1: Num, lon1: Num) -> tuple[F64, F64]:
    """North and east offsets in metres from (lat0, lon0) to (lat1, lon1)."""
    north = np.asarray((np.asarray(lat1) - lat0) * M_PER_DEG_LAT, dtype=np.float64)
    east = np.asarray((np.asarray(lon1) - lon0) * M_PER_DEG_LON, dtype=np.float64)
    return north, east


def distance(lat0: Num, lon0: Num, lat1: Num, lon1: Num) -> F64:
    """Straight-line distance in metres (equirectangular, fine over a town)."""
    dn, de = metres(lat0, lon0, lat1, lon1)
    return np.asarray(np.hypot(dn, de), dtype=np.float64)


def random_points(
    rng: np.random.Generator, centre_lat: F64, centre_lon: F64, radius_m: float
) -> tuple[F64, F64]:
    """Uniform points in discs around centres, clipped to the town."""
    n = len(centre_lat)
    r = radius_m * np.sqrt(rng.random(n))
    a = rng.random(n) * 2 * np.pi
    lat = np.clip(centre_lat + r * np.cos(a) / M_PER_DEG_LAT, LAT0, LAT1)
    lon = np.clip(centre_lon + r * np.sin(a) / M_PER_DEG_LON, LON0, LON1)
    return lat, lon


def station_latlon(station: I64) -> tuple[F64, F64]:
    """Coordinates of stations."""
    pts = np.array(STATION_POINTS, dtype=np.float64)
    return pts[station, 0], pts[station, 1]


def build_sessions(world: World, rng: np.random.Generator) -> None:
    """Crew vehicles on shifts and draw each session's stops (kinds, durations, places)."""
    veh = world.officer_vehicle[world.sh_officer]
    rows = np.flatnonzero(veh != NONE)
    big = np.int64(1) << 33
    keys = veh[rows] * big + world.sh_start[rows]
    uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    crewed = rng.random(len(uniq)) < CREWED
    new_index = np.cumsum(crewed) - 1
    lead = rows[first[crewed]]
    n = len(lead)
    world.ses_vehicle = veh[lead]
    world.ses_start = world.sh_start[lead] + rng.integers(10, 30, n) * MINUTE
    world.ses_end = world.sh_end[lead] - rng.integers(10, 30, n) * MINUTE
    world.ses_kind = world.sh_kind[lead]
    world.ses_station = world.officer_station[world.sh_officer[lead]]
    keep = crewed[inverse.reshape(-1)]
    world.crew_session = new_index[inverse.reshape(-1)][keep]
    world.crew_officer = world.sh_officer[rows][keep]
    order = np.lexsort((world.crew_officer, world.crew_session))
    world.crew_session = world.crew_session[order]
    world.crew_officer = world.crew_officer[order]
    # sessions in time order
    by_time = np.lexsort((world.ses_vehicle, world.ses_start))
    remap = np.empty(n, dtype=np.int64)
    remap[by_time] = np.arange(n)
    for name in ("ses_vehicle", "ses_start", "ses_end", "ses_kind", "ses_station"):
        setattr(world, name, getattr(world, name)[by_time])
    world.crew_session = remap[world.crew_session]
    order = np.lexsort((world.crew_officer, world.crew_session))
    world.crew_session = world.crew_session[order]
    world.crew_officer = world.crew_officer[order]
    slat, slon = station_latlon(world.ses_station)
    clat, clon = random_points(rng, slat, slon, 2000.0)
    world.ses_centre = np.stack([clat, clon], axis=1)
    _draw_stops(world, rng)


def _draw_stops(world: World, rng: np.random.Generator) -> None:
    """Draw every session's stops, a block of sessions at a time to bound memory."""
    n = len(world.ses_start)
    shape = (n, SLOTS)
    world.stop_kind = np.zeros(shape, dtype=np.int64)
    world.stop_dur = np.zeros(shape, dtype=np.int64)
    world.leg_dur = np.zeros(shape, dtype=np.int64)
    world.stop_lat = np.zeros(shape)
    world.stop_lon = np.zeros(shape)
    world.stop_planted = np.zeros(shape, dtype=np.bool_)
    nbh = world.officer_roster[lead_officers(world)] == NEIGHBOURHOOD
    leg = world.params.leg_minutes
    for lo in range(0, n, BLOCK):
        hi = min(n, lo + BLOCK)
        bs = (hi - lo, SLOTS)
        p_attend = np.where(nbh[lo:hi], 0.05, 0.13)[:, None]
        kind = np.where(rng.random(bs) < p_attend, ATTEND, PATROL)
        short = rng.random(bs) < 0.4
        patrol = np.where(short, rng.integers(1, 8, bs), rng.integers(12, 50, bs))
        attend = rng.integers(20, 70, bs)
        dur = np.where(kind == ATTEND, attend, patrol) * MINUTE + rng.integers(0, 60, bs)
        world.stop_kind[lo:hi] = kind
        world.stop_dur[lo:hi] = dur
        world.leg_dur[lo:hi] = rng.integers(leg[0] * MINUTE, leg[1] * MINUTE, bs)
        clat = np.repeat(world.ses_centre[lo:hi, 0], SLOTS)
        clon = np.repeat(world.ses_centre[lo:hi, 1], SLOTS)
        lat, lon = random_points(rng, clat, clon, BEAT_RADIUS_M)
        world.stop_lat[lo:hi] = lat.reshape(bs)
        world.stop_lon[lo:hi] = lon.reshape(bs)


def lead_officers(world: World) -> I64:
    """The first crew member of each session."""
    lead = np.full(len(world.ses_start), NONE, dtype=np.int64)
    lead[world.crew_session[::-1]] = world.crew_officer[::-1]
    return lead


def protect(world: World, rng: np.random.Generator, points: list[tuple[float, float]]) -> None:
    """Move ordinary stops away from planted places, so planted figures stay exact."""
    n = len(world.ses_start)
    for lo in range(0, n, BLOCK):
        hi = min(n, lo + BLOCK)
        for _ in range(50):
            near = np.zeros((hi - lo, SLOTS), dtype=np.bool_)
            for plat, plon in points:
                d = distance(world.stop_lat[lo:hi], world.stop_lon[lo:hi], plat, plon)
                near |= d < PROTECT_M
            near &= ~world.stop_planted[lo:hi]
            if not near.any():
                break
            s_idx, j_idx = np.nonzero(near)
            s_idx += lo
            lat, lon = random_points(
                rng, world.ses_centre[s_idx, 0], world.ses_centre[s_idx, 1], BEAT_RADIUS_M
            )
            world.stop_lat[s_idx, j_idx] = lat
            world.stop_lon[s_idx, j_idx] = lon
        else:
            raise RuntimeError("could not keep ordinary stops away from planted places")


def schedule(world: World) -> None:
    """Time every stop: legs long enough for the distance, stops kept inside the session."""
    n = len(world.ses_start)
    world.stop_arrive = np.zeros((n, SLOTS), dtype=np.int64)
    world.stop_keep = np.zeros((n, SLOTS), dtype=np.bool_)
    for lo in range(0, n, BLOCK):
        hi = min(n, lo + BLOCK)
        slat, slon = station_latlon(world.ses_station[lo:hi])
        lat, lon = world.stop_lat[lo:hi], world.stop_lon[lo:hi]
        prev_lat = np.concatenate([slat[:, None], lat[:, :-1]], axis=1)
        prev_lon = np.concatenate([slon[:, None], lon[:, :-1]], axis=1)
        dn, de = metres(prev_lat, prev_lon, lat, lon)
        need = ((np.abs(dn) + np.abs(de)) / SPEED_MS).astype(np.int64) + MINUTE
        dur = world.stop_dur[lo:hi]
        depart = world.ses_start[lo:hi, None] + np.cumsum(
            np.maximum(world.leg_dur[lo:hi], need) + dur, axis=1
        )
        world.stop_arrive[lo:hi] = depart - dur
        world.stop_keep[lo:hi] = depart + RETURN_S <= world.ses_end[lo:hi, None]
    world.leg_dur = np.zeros((0, 0), dtype=np.int64)  # no longer needed
    if (world.stop_planted & ~world.stop_keep).any():
        raise RuntimeError("a planted stop fell outside its vehicle session")
