"""Stays of a whole fleet from a table of pings, and of one vehicle for grouped engines."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from boundline.detectors.stays._detect import check_coordinates, keep_mask, run_kernel
from boundline.detectors.stays._params import StayParams

PING_COLUMNS = ("vehicle_id", "time", "lat", "lon")
STAY_COLUMNS = ("vehicle_id", "started_at", "finished_at", "lat", "lon", "n_pings")


def _utc_ns(col: pd.Series) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Times as int64 nanoseconds since the epoch, UTC; naive times are taken as UTC."""
    times = pd.to_datetime(col, utc=True)
    if times.isna().any():
        raise ValueError("ping times must not be missing")
    naive = times.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    return naive.view(np.int64)


def _as_frame(pings: Any) -> pd.DataFrame:
    """The four ping columns of a pandas DataFrame or a pyarrow Table, as pandas."""
    if not isinstance(pings, pd.DataFrame):
        if not hasattr(pings, "select") or not hasattr(pings, "to_pandas"):
            raise TypeError(f"pings must be a pandas DataFrame or pyarrow Table, not {type(pings)}")
        missing = [c for c in PING_COLUMNS if c not in pings.column_names]
        if missing:
            raise ValueError(f"pings lack the column(s) {missing}")
        frame: pd.DataFrame = pings.select(list(PING_COLUMNS)).to_pandas()
        return frame
    missing = [c for c in PING_COLUMNS if c not in pings.columns]
    if missing:
        raise ValueError(f"pings lack the column(s) {missing}")
    return pings


def _utc_series(ns: np.ndarray[Any, np.dtype[np.int64]]) -> pd.Series:
    return pd.Series(pd.DatetimeIndex(ns.view("datetime64[ns]")).tz_localize("UTC"))


def _empty(vehicle_dtype: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "vehicle_id": pd.Series([], dtype=vehicle_dtype),
            "started_at": pd.Series([], dtype="datetime64[ns, UTC]"),
            "finished_at": pd.Series([], dtype="datetime64[ns, UTC]"),
            "lat": pd.Series([], dtype="float64"),
            "lon": pd.Series([], dtype="float64"),
            "n_pings": pd.Series([], dtype="int64"),
        }
    )


def stays_frame(pings: Any, params: StayParams | None = None) -> pd.DataFrame:
    """Stays of every vehicle in ``pings`` (pandas DataFrame or pyarrow Table).

    ``pings`` needs the columns vehicle_id, time, lat, lon (other columns are ignored), in
    any order; naive times are taken as UTC. Rows are sorted stably by (vehicle, time)
    and duplicates dropped (``params.duplicates``) before the kernel runs once over all
    vehicles. Returns one row per stay with the columns vehicle_id, started_at,
    finished_at (``datetime64[ns, UTC]``), lat, lon (the centre) and n_pings (member
    pings after dropping duplicates), ordered by vehicle (first appearance in the
    input) and start time. ``finished_at`` is the time of the first ping that left
    (trackintel's convention) or the last ping for a stay open at the end.
    Raises ValueError on missing values or invalid coordinates.
    """
    p = params if params is not None else StayParams()
    frame = _as_frame(pings)
    vehicle = frame["vehicle_id"]
    if len(frame) == 0:
        return _empty(vehicle.dtype)
    codes_raw, uniques = pd.factorize(vehicle, sort=False)
    if (codes_raw < 0).any():
        raise ValueError("vehicle_id must not be missing")
    codes = codes_raw.astype(np.int64, copy=False)
    t = _utc_ns(frame["time"])
    lat = frame["lat"].to_numpy(dtype=np.float64)
    lon = frame["lon"].to_numpy(dtype=np.float64)
    check_coordinates(lat, lon)
    dc, dt = np.diff(codes), np.diff(t)
    if not ((dc > 0) | ((dc == 0) & (dt >= 0))).all():
        order = np.lexsort((t, codes))  # stable: equal times keep their input order
        codes, t, lat, lon = codes[order], t[order], lat[order], lon[order]
    keep = keep_mask(codes, t, lat, lon, p.duplicates)
    if not keep.all():
        codes, t, lat, lon = codes[keep], t[keep], lat[keep], lon[keep]
    bounds = np.flatnonzero(np.diff(codes)) + 1
    offsets = np.concatenate(([0], bounds, [codes.shape[0]])).astype(np.int64)
    seg, start, end, fin, clat, clon = run_kernel(t, lat, lon, offsets, p)
    if seg.shape[0] == 0:
        return _empty(vehicle.dtype)
    vehicle_out = pd.Series(uniques.take(codes[offsets[seg]]), dtype=vehicle.dtype)
    return pd.DataFrame(
        {
            "vehicle_id": vehicle_out,
            "started_at": _utc_series(t[start]),
            "finished_at": _utc_series(fin),
            "lat": clat,
            "lon": clon,
            "n_pings": end - start,
        }
    )


def stays_for_vehicle(pings: pd.DataFrame, params: StayParams | None = None) -> pd.DataFrame:
    """Stays of ONE vehicle's pings: the pure per-group function for grouped engines.

    Same input columns and output as :func:`stays_frame`; this is what Spark calls per
    vehicle (``applyInPandas(functools.partial(stays_for_vehicle, params=...), schema)``).
    Raises ValueError if the rows hold more than one vehicle.
    """
    frame = _as_frame(pings)
    if frame["vehicle_id"].nunique(dropna=False) > 1:
        raise ValueError("stays_for_vehicle expects the pings of one vehicle")
    return stays_frame(frame, params)
