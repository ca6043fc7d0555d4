"""The typed entry point of the kernel for one vehicle's sorted pings, and duplicate handling."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from boundline.detectors.stays._kernel import many_jit
from boundline.detectors.stays._params import DuplicatePolicy, StayParams

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
_NAT = np.iinfo(np.int64).min


class Stays(NamedTuple):
    """The stays of one vehicle, one array element per stay, in time order.

    Attributes:
        start_idx: Index (into the input arrays) of the anchor, the stay's first ping.
        end_idx: Exclusive end: index of the ping that left, or the input length for a
            stay still open at the end (``include_last``). Members are
            ``start_idx:end_idx`` minus dropped duplicates.
        started_at: Time of the first ping (int64 nanoseconds since the epoch, UTC).
        finished_at: Time of the first ping that left (trackintel's convention), or of
            the last ping for a stay open at the end.
        lat: Centre latitude (see ``StayParams.centre``).
        lon: Centre longitude.
        n_pings: Number of member pings counted after duplicates were dropped.
    """

    start_idx: I64
    end_idx: I64
    started_at: I64
    finished_at: I64
    lat: F64
    lon: F64
    n_pings: I64


def keep_mask(
    codes: I64 | None, t: I64, lat: F64, lon: F64, policy: DuplicatePolicy
) -> npt.NDArray[np.bool_]:
    """Which pings survive ``policy``, on pings sorted by (vehicle code, time), stably.

    ``codes`` is the vehicle of each ping (``None``: one vehicle). The first ping of each
    group of duplicates, in input order, is kept.
    """
    n = t.shape[0]
    keep = np.ones(n, dtype=np.bool_)
    if policy == "keep" or n < 2:
        return keep
    same = t[1:] == t[:-1]
    if codes is not None:
        same &= codes[1:] == codes[:-1]
    if not same.any():
        return keep
    if policy == "time":
        keep[1:] = ~same
        return keep
    # "exact": among pings of one vehicle and time, drop repeats of a position. Only
    # pings sharing their time with a neighbour can be repeats: sort just those.
    cand = np.flatnonzero(np.concatenate((same, [False])) | np.concatenate(([False], same)))
    c_t, c_lat, c_lon = t[cand], lat[cand], lon[cand]
    keys = (cand, c_lon, c_lat, c_t) if codes is None else (cand, c_lon, c_lat, c_t, codes[cand])
    order = np.lexsort(keys)
    a, b = order[1:], order[:-1]
    rep = (c_t[a] == c_t[b]) & (c_lat[a] == c_lat[b]) & (c_lon[a] == c_lon[b])
    if codes is not None:
        c_codes = codes[cand]
        rep &= c_codes[a] == c_codes[b]
    keep[cand[a[rep]]] = False
    return keep


def check_coordinates(lat: F64, lon: F64) -> None:
    """Raise ValueError unless every latitude and longitude is a finite, valid degree."""
    if not (np.isfinite(lat).all() and np.isfinite(lon).all()):
        raise ValueError("latitude and longitude must be finite (no NaN or infinity)")
    if (np.abs(lat) > 90).any() or (np.abs(lon) > 360).any():
        raise ValueError("latitude must be within [-90, 90] and longitude within [-360, 360]")


def run_kernel(
    t: I64, lat: F64, lon: F64, offsets: I64, params: StayParams
) -> tuple[I64, I64, I64, I64, F64, F64]:
    """Run the compiled kernel over vehicle segments of deduplicated, sorted pings.

    Returns (segment, start, end, finished_at, centre lat, centre lon) per stay.
    """
    seg, rows, centre = many_jit(
        t,
        lat,
        lon,
        offsets,
        float(params.dist_threshold_m),
        params.time_threshold_ns,
        params.gap_threshold_ns,
        params.min_pings,
        params.include_last,
        params.centre == "distinct",
    )
    seg_a: I64 = seg
    start: I64 = rows[:, 0]
    end: I64 = rows[:, 1]
    fin: I64 = rows[:, 2]
    clat: F64 = centre[:, 0]
    clon: F64 = centre[:, 1]
    return seg_a, start, end, fin, clat, clon


def detect_stays(
    times_ns: npt.ArrayLike,
    lat: npt.ArrayLike,
    lon: npt.ArrayLike,
    params: StayParams | None = None,
) -> Stays:
    """Detect the stays of ONE vehicle from its pings sorted by time (the kernel).

    ``times_ns`` are int64 nanoseconds since the epoch (UTC) or ``datetime64`` values,
    non-decreasing; ``lat``/``lon`` are WGS84 degrees. Duplicate pings are dropped first
    as ``params.duplicates`` says. Raises ValueError on unsorted times, missing times
    (NaT), mismatched lengths or invalid coordinates.

    With ``StayParams.trackintel(...)`` the stays are trackintel's
    ``generate_staypoints(method='sliding', ...)`` stays, with the same start and end
    times. The AVL defaults (``StayParams()``) deliberately differ: an ignition-off
    silence at one spot is part of a stay (no gap threshold), a stay needs two pings,
    a stay open at the end of the track counts, duplicates by time are dropped and
    the centre weighs every ping.
    """
    p = params if params is not None else StayParams()
    t_in = np.asarray(times_ns)
    if t_in.dtype.kind == "M":
        t_in = t_in.astype("datetime64[ns]")
    t = np.ascontiguousarray(t_in.view(np.int64) if t_in.dtype.kind == "M" else t_in, np.int64)
    la = np.ascontiguousarray(lat, dtype=np.float64)
    lo = np.ascontiguousarray(lon, dtype=np.float64)
    n = t.shape[0]
    if t.ndim != 1 or la.shape != (n,) or lo.shape != (n,):
        raise ValueError("times_ns, lat and lon must be 1-D arrays of the same length")
    if (t == _NAT).any():
        raise ValueError("times must not be missing (NaT)")
    if n > 1 and (np.diff(t) < 0).any():
        raise ValueError("pings must be sorted by time (non-decreasing)")
    check_coordinates(la, lo)
    keep = keep_mask(None, t, la, lo, p.duplicates)
    kept = np.flatnonzero(keep)
    all_kept = kept.shape[0] == n
    if not all_kept:
        t, la, lo = t[kept], la[kept], lo[kept]
    offsets = np.array([0, t.shape[0]], dtype=np.int64)
    _, start, end, fin, clat, clon = run_kernel(t, la, lo, offsets, p)
    n_pings = end - start
    started = t[start]
    if not all_kept:
        kept_ext = np.append(kept, n)
        start, end = kept[start], kept_ext[end]
    return Stays(start, end, started, fin, clat, clon, n_pings)
