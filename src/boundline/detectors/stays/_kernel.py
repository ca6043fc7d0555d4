"""The compiled sliding-window kernel: one pass over each vehicle's time-sorted pings.

The functions here are plain Python compiled by numba (``njit``); the per-ping loop runs
as machine code. ``_many`` runs the per-vehicle kernel ``_one`` over consecutive
vehicle segments of the same arrays, so one call serves a whole fleet and one vehicle
(one segment) alike: Spark's grouped functions and the local path run the same code.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numba import njit

# trackintel's point_haversine_dist default radius (metres).
EARTH_RADIUS_M = 6_371_000.0


def _haversine(lon_1: float, lat_1: float, lon_2: float, lat_2: float) -> float:
    """Great-circle distance in metres, operation for operation as trackintel computes it."""
    lon_1 = math.radians(lon_1)
    lat_1 = math.radians(lat_1)
    lon_2 = math.radians(lon_2)
    lat_2 = math.radians(lat_2)
    cos_lat2 = math.cos(lat_2)
    cos_lat1 = math.cos(lat_1)
    cos_lat_d = math.cos(lat_1 - lat_2)
    cos_lon_d = math.cos(lon_1 - lon_2)
    return EARTH_RADIUS_M * math.acos(cos_lat_d - cos_lat1 * cos_lat2 * (1 - cos_lon_d))


def _centre(lat: Any, lon: Any, s: int, e: int, distinct: bool) -> tuple[float, float]:
    """Centre of pings ``s:e``: mean latitude and circular-mean longitude (as trackintel).

    With ``distinct`` each distinct (lat, lon) position counts once, as in trackintel's
    centroid of the union of the member points.
    """
    sum_lat = 0.0
    sum_sin = 0.0
    sum_cos = 0.0
    cnt = 0
    if not distinct or e - s == 1:
        for i in range(s, e):
            sum_lat += lat[i]
            r = math.radians(lon[i])
            sum_sin += math.sin(r)
            sum_cos += math.cos(r)
        cnt = e - s
    else:
        la = lat[s:e]
        lo = lon[s:e]
        order = np.argsort(la, kind="mergesort")
        k = e - s
        i = 0
        while i < k:
            j = i + 1
            while j < k and la[order[j]] == la[order[i]]:
                j += 1
            if j - i == 1:
                sum_lat += la[order[i]]
                r = math.radians(lo[order[i]])
                sum_sin += math.sin(r)
                sum_cos += math.cos(r)
                cnt += 1
            else:
                run = np.sort(lo[order[i:j]])
                for q in range(run.size):
                    if q == 0 or run[q] != run[q - 1]:
                        sum_lat += la[order[i]]
                        r = math.radians(run[q])
                        sum_sin += math.sin(r)
                        sum_cos += math.cos(r)
                        cnt += 1
            i = j
    return sum_lat / cnt, math.degrees(math.atan2(sum_sin / cnt, sum_cos / cnt))


def _one(
    t: Any,
    lat: Any,
    lon: Any,
    lo: int,
    hi: int,
    dist_m: float,
    time_ns: int,
    gap_ns: int,
    min_pings: int,
    include_last: bool,
    distinct: bool,
    out: Any,
    out_c: Any,
    k: int,
) -> int:
    """Stays of the pings ``lo:hi`` (one vehicle), appended to ``out``/``out_c`` from row ``k``.

    ``out`` rows are (start, end, finished_at): members are ``start:end`` (end exclusive);
    ``out_c`` rows are the centre (lat, lon). Returns the next free row.
    """
    if hi <= lo:
        return k
    start = lo
    for curr in range(lo + 1, hi):
        if gap_ns >= 0 and t[curr] - t[curr - 1] > gap_ns:
            start = curr
            continue
        if _haversine(lon[start], lat[start], lon[curr], lat[curr]) >= dist_m:
            if t[curr] - t[start] >= time_ns and curr - start >= min_pings:
                out[k, 0] = start
                out[k, 1] = curr
                out[k, 2] = t[curr]
                out_c[k, 0], out_c[k, 1] = _centre(lat, lon, start, curr, distinct)
                k += 1
            start = curr
    last = hi - 1
    if include_last and t[last] - t[start] >= time_ns and hi - start >= min_pings:
        out[k, 0] = start
        out[k, 1] = hi
        out[k, 2] = t[last]
        out_c[k, 0], out_c[k, 1] = _centre(lat, lon, start, hi, distinct)
        k += 1
    return k


def _many(
    t: Any,
    lat: Any,
    lon: Any,
    offsets: Any,
    dist_m: float,
    time_ns: int,
    gap_ns: int,
    min_pings: int,
    include_last: bool,
    distinct: bool,
) -> tuple[Any, Any, Any]:
    """Stays of every vehicle segment ``offsets[v]:offsets[v + 1]``.

    Returns (vehicle segment per stay, (start, end, finished_at) rows, (lat, lon) rows).
    """
    n = t.shape[0]
    out = np.empty((n + 1, 3), dtype=np.int64)
    out_c = np.empty((n + 1, 2), dtype=np.float64)
    seg = np.empty(n + 1, dtype=np.int64)
    k = 0
    for v in range(offsets.shape[0] - 1):
        k2 = _one(
            t,
            lat,
            lon,
            offsets[v],
            offsets[v + 1],
            dist_m,
            time_ns,
            gap_ns,
            min_pings,
            include_last,
            distinct,
            out,
            out_c,
            k,
        )
        seg[k:k2] = v
        k = k2
    return seg[:k].copy(), out[:k].copy(), out_c[:k].copy()


_jit = njit(cache=True, nogil=True)
_haversine = _jit(_haversine)
_centre = _jit(_centre)
_one = _jit(_one)
many_jit: Any = _jit(_many)
