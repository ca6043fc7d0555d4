"""AVL pings: every 10-60 s along L-shaped routes while moving, sparse while parked."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from boundline.synth._fleet import SPEED_MS, metres, station_latlon
from boundline.synth._names import M_PER_DEG_LAT, M_PER_DEG_LON
from boundline.synth._world import F64, I64, World

NEAR_END_M = 250.0  # no moving pings this close (along the route) to a stop
FINAL_LEG_MIN, FINAL_LEG_MAX = 300, 900


@dataclass
class Pings:
    """A batch of AVL pings."""

    vehicle: I64
    time: I64
    lat: F64
    lon: F64
    speed: F64


def _jitter(rng: np.random.Generator, lat: F64, lon: F64) -> tuple[F64, F64]:
    r = rng.uniform(5.0, 20.0, len(lat))
    a = rng.random(len(lat)) * 2 * np.pi
    return lat + r * np.cos(a) / M_PER_DEG_LAT, lon + r * np.sin(a) / M_PER_DEG_LON


def _points(world: World, lo: int, hi: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Sequence of places per session: station, kept stops, station."""
    keep = world.stop_keep[lo:hi]
    s_idx, j_idx = np.nonzero(keep)
    sess = s_idx + lo
    arrive = world.stop_arrive[lo:hi][keep]
    dur = world.stop_dur[lo:hi][keep]
    lat = world.stop_lat[lo:hi][keep]
    lon = world.stop_lon[lo:hi][keep]
    n = hi - lo
    all_sess = np.arange(lo, hi, dtype=np.int64)
    slat, slon = station_latlon(world.ses_station[lo:hi])
    last_depart = world.ses_start[lo:hi].copy()
    np.maximum.at(last_depart, s_idx, arrive + dur)
    last_j = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last_j, s_idx, j_idx)
    has = last_j >= 0
    rows = np.arange(lo, hi)
    llat = np.where(has, world.stop_lat[rows, np.maximum(last_j, 0)], slat)
    llon = np.where(has, world.stop_lon[rows, np.maximum(last_j, 0)], slon)
    dn, de = metres(llat, llon, slat, slon)
    need = ((np.abs(dn) + np.abs(de)) / SPEED_MS).astype(np.int64) + 60
    final = last_depart + np.maximum(rng.integers(FINAL_LEG_MIN, FINAL_LEG_MAX, n), need)
    end = world.ses_end[lo:hi]
    final_arrive = np.minimum(final, end - 1)
    return {
        "sess": np.concatenate([all_sess, sess, all_sess]),
        "order": np.concatenate([np.full(n, -1), j_idx, np.full(n, 99)]),
        "lat": np.concatenate([slat, lat, slat]),
        "lon": np.concatenate([slon, lon, slon]),
        "arrive": np.concatenate([world.ses_start[lo:hi], arrive, final_arrive]),
        "depart": np.concatenate([world.ses_start[lo:hi], arrive + dur, final_arrive]),
    }


def _stop_pings(rng: np.random.Generator, pts: dict[str, np.ndarray]) -> tuple[I64, ...]:
    """Arrival, departure and a heartbeat every 4-9 minutes while parked."""
    dur = pts["depart"] - pts["arrive"]
    beats = (dur // rng.integers(240, 540, len(dur))).astype(np.int64)
    count = np.where(dur > 0, beats + 2, 1)
    owner = np.repeat(np.arange(len(dur)), count)
    start = np.cumsum(count) - count
    k = np.arange(len(owner)) - start[owner]
    span = np.maximum(count[owner] - 1, 1)
    t = pts["arrive"][owner] + (dur[owner] * k) // span
    return owner, t


def _leg_pings(
    rng: np.random.Generator,
    pts: dict[str, np.ndarray],
    a: I64,
    b: I64,
    gap_s: tuple[float, float],
) -> tuple[I64, I64, F64, F64, F64]:
    """Moving pings for legs from point ``a`` to point ``b`` (indexes into ``pts``).

    Pings are ``gap_s`` seconds apart (uniform between the two bounds).
    """
    t0 = pts["depart"][a]
    dur = (pts["arrive"][b] - t0).astype(np.float64)
    ok = dur > 30
    a, b, t0, dur = a[ok], b[ok], t0[ok], dur[ok]
    dn, de = metres(pts["lat"][a], pts["lon"][a], pts["lat"][b], pts["lon"][b])
    north_first = rng.random(len(a)) < 0.5
    first_len = np.where(north_first, np.abs(dn), np.abs(de))
    total = np.abs(dn) + np.abs(de)
    pause = np.where(rng.random(len(a)) < 0.5, rng.uniform(20, 150, len(a)), 0.0)
    pause = np.where(dur > pause + 60, pause, 0.0)
    moving = dur - pause
    at = rng.uniform(0.2, 0.8, len(a)) * moving
    nmax = np.ceil(dur / gap_s[0]).astype(np.int64)
    leg = np.repeat(np.arange(len(a)), nmax)
    gaps = rng.uniform(gap_s[0], gap_s[1], len(leg))
    cs = np.cumsum(gaps)
    base = np.concatenate([[0.0], cs])[np.cumsum(nmax) - nmax]
    tau = cs - base[leg]
    inside = tau < dur[leg]
    leg, tau = leg[inside], tau[inside]
    m = np.where(tau < at[leg], tau, np.maximum(tau - pause[leg], at[leg]))
    s = m / np.maximum(moving[leg], 1.0) * total[leg]
    keep = (s >= NEAR_END_M) & (total[leg] - s >= NEAR_END_M)
    leg, tau, m, s = leg[keep], tau[keep], m[keep], s[keep]
    paused = (tau >= at[leg]) & (tau < at[leg] + pause[leg])
    fl = first_len[leg]
    nf = north_first[leg]
    along1 = np.minimum(s, fl)
    along2 = np.maximum(s - fl, 0.0)
    sn = np.sign(dn[leg])
    se = np.sign(de[leg])
    north = np.where(nf, along1 * sn, along2 * sn)
    east = np.where(nf, along2 * se, along1 * se)
    lat = pts["lat"][a][leg] + north / M_PER_DEG_LAT
    lon = pts["lon"][a][leg] + east / M_PER_DEG_LON
    v = total[leg] / np.maximum(moving[leg], 1.0) * 3.6 * rng.uniform(0.8, 1.2, len(leg))
    speed = np.where(paused, 0.0, np.round(v, 1))
    t = t0[leg] + np.round(tau).astype(np.int64)
    return a[leg], t, lat, lon, speed


def pings(world: World, lo: int, hi: int, rng: np.random.Generator) -> Pings:
    """All pings of sessions ``[lo, hi)``, sorted by time."""
    pts = _points(world, lo, hi, rng)
    order = np.lexsort((pts["order"], pts["sess"]))
    pts = {k: v[order] for k, v in pts.items()}
    owner, st = _stop_pings(rng, pts)
    slat, slon = _jitter(rng, pts["lat"][owner], pts["lon"][owner])
    same = pts["sess"][1:] == pts["sess"][:-1]
    a = np.flatnonzero(same)
    lowner, lt, llat, llon, lspeed = _leg_pings(rng, pts, a, a + 1, world.params.ping_gap_s)
    sess = np.concatenate([pts["sess"][owner], pts["sess"][lowner]])
    t = np.concatenate([st, lt])
    lat = np.concatenate([slat, llat])
    lon = np.concatenate([slon, llon])
    speed = np.concatenate([np.zeros(len(st)), lspeed])
    inside = t < world.ses_end[sess]
    vehicle = world.ses_vehicle[sess]
    order = np.lexsort((vehicle, t))
    order = order[inside[order]]
    return Pings(
        vehicle[order],
        t[order],
        np.round(lat[order], 6),
        np.round(lon[order], 6),
        speed[order],
    )
