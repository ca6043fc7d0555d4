"""Stay detection against trackintel's generate_staypoints(method='sliding'), in one run.

Generates a fleet of AVL pings (default 1M: ~500 vehicles, moving pings every 10-60 s,
traffic-light stops, parked spells with GPS jitter and ignition-off silences, 1% of
pings re-sent), then times on the same pings:

* trackintel: ``generate_staypoints(method='sliding', ...)`` on a ready Positionfixes
  GeoDataFrame (building the GeoDataFrame is not timed);
* boundline: ``stays_frame(pings, StayParams.trackintel(...))`` on the pandas DataFrame
  (factorising vehicles, order check, duplicates, kernel, output frame: all timed).

Both use trackintel's parameters (100 m, 10 min, gap 15 min) and the results are checked
to be identical (same stays, start and end times, centres within 1e-6 degree). If
trackintel on every ping would take longer than --budget seconds (estimated from a
subset), trackintel is timed on a subset of vehicles, ours on the same subset for the
ratio, and ours on all pings as well. Prints medians of several runs and the ratio.

    .venv/bin/python bench/staypoints.py [--pings 1000000] [--runs 5] [--ti-runs 3] [--budget 180]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402
from boundline.detectors.stays import StayParams, stays_frame  # noqa: E402

M_PER_DEG = 6_371_000.0 * math.pi / 180
TI_SETTINGS: dict[str, Any] = {"dist_threshold": 100, "time_threshold": 10, "gap_threshold": 15}


Arrays = tuple[np.ndarray, np.ndarray, np.ndarray]


def vehicle_pings(rng: np.random.Generator, target: int) -> Arrays:
    """About ``target`` pings of one vehicle: (seconds, metres east, metres north)."""
    ts, xs, ys = [], [], []
    t, x, y, heading = float(rng.integers(0, 3600)), 0.0, 0.0, rng.uniform(0, 2 * math.pi)
    n = 0
    while n < target:
        if rng.uniform() < 0.35:  # parked: jitter, pings every 30-120 s, maybe ignition off
            k = int(rng.integers(5, 90))
            dt = rng.uniform(30, 120, k)
            if rng.uniform() < 0.4:
                dt[rng.integers(0, k)] += rng.uniform(15, 300) * 60
            sigma = rng.uniform(3, 25)
            seg_t = t + np.cumsum(dt)
            seg_x, seg_y = x + rng.normal(0, sigma, k), y + rng.normal(0, sigma, k)
        else:  # driving: pings every 10-60 s, with traffic-light stops of 20-120 s
            k = int(rng.integers(10, 120))
            dt = rng.uniform(10, 60, k)
            speed = rng.uniform(4, 20, k) * (rng.uniform(size=k) > 0.08)  # some pings stopped
            heading_k = heading + np.cumsum(rng.normal(0, 0.3, k))
            heading = float(heading_k[-1])
            seg_t = t + np.cumsum(dt)
            seg_x = x + np.cumsum(speed * dt * np.cos(heading_k))
            seg_y = y + np.cumsum(speed * dt * np.sin(heading_k))
        ts.append(seg_t)
        xs.append(seg_x)
        ys.append(seg_y)
        t, x, y = float(seg_t[-1]), float(seg_x[-1]), float(seg_y[-1])
        n += k
    return np.concatenate(ts), np.concatenate(xs), np.concatenate(ys)


def generate(pings: int, per_vehicle: int = 2000, seed: int = 42) -> pd.DataFrame:
    """A fleet of AVL pings, sorted by vehicle and time, with 1% exact re-sends."""
    rng = np.random.default_rng(seed)
    parts = []
    start = np.datetime64("2025-03-01T00:00:00", "s").astype(np.int64)
    for v in range(max(1, pings // per_vehicle)):
        t, x, y = vehicle_pings(rng, per_vehicle)
        lat0, lon0 = 51.3 + rng.uniform(0, 0.4), -0.5 + rng.uniform(0, 0.6)
        parts.append(
            pd.DataFrame(
                {
                    "vehicle_id": f"V{v:05d}",
                    "t": start + np.round(t).astype(np.int64),
                    "lat": lat0 + y / M_PER_DEG,
                    "lon": lon0 + x / (M_PER_DEG * math.cos(math.radians(lat0))),
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    resent = frame.sample(frac=0.01, random_state=seed)
    frame = pd.concat([frame, resent]).sort_values(["vehicle_id", "t"], kind="stable")
    frame["time"] = pd.to_datetime(frame.pop("t"), unit="s", utc=True)
    return frame.reset_index(drop=True)


def to_positionfixes(pings: pd.DataFrame) -> Any:
    import geopandas as gpd
    import trackintel as ti

    gdf = gpd.GeoDataFrame(
        {"user_id": pings["vehicle_id"].to_numpy(), "tracked_at": pings["time"]},
        geometry=gpd.points_from_xy(pings["lon"], pings["lat"]),
        crs="EPSG:4326",
    )
    gdf.index.name = "id"
    return ti.Positionfixes(gdf)


def run_trackintel(pfs: Any) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*duplicates were dropped", category=UserWarning)
        warnings.filterwarnings("ignore", message="No staypoints can be", category=UserWarning)
        _, sp = pfs.generate_staypoints(method="sliding", **TI_SETTINGS)
    return pd.DataFrame(
        {
            "vehicle_id": sp["user_id"].to_numpy(),
            "started_at": sp["started_at"].to_numpy(),
            "finished_at": sp["finished_at"].to_numpy(),
            "lat": sp.geometry.y.to_numpy(),
            "lon": sp.geometry.x.to_numpy(),
        }
    )


def run_ours(pings: pd.DataFrame, params: StayParams | None = None) -> pd.DataFrame:
    return stays_frame(pings, params or StayParams.trackintel(**TI_SETTINGS))


def identical(ours: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    a = ours.sort_values(["vehicle_id", "started_at"]).reset_index(drop=True)
    b = theirs.sort_values(["vehicle_id", "started_at"]).reset_index(drop=True)
    b_start = pd.to_datetime(b["started_at"], utc=True).to_numpy()
    b_end = pd.to_datetime(b["finished_at"], utc=True).to_numpy()
    return bool(
        len(a) == len(b)
        and (a["vehicle_id"].to_numpy() == b["vehicle_id"].to_numpy()).all()
        and (a["started_at"].to_numpy() == b_start).all()
        and (a["finished_at"].to_numpy() == b_end).all()
        and np.abs(a["lat"].to_numpy() - b["lat"].to_numpy()).max(initial=0) < 1e-6
        and np.abs(a["lon"].to_numpy() - b["lon"].to_numpy()).max(initial=0) < 1e-6
    )


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pings", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5, help="runs of ours (median)")
    ap.add_argument("--ti-runs", type=int, default=3, help="runs of trackintel (median)")
    ap.add_argument("--budget", type=float, default=180.0, help="max s for a trackintel run")
    args = ap.parse_args()

    print(describe("numpy", "pandas", "numba", "llvmlite", "trackintel", "geopandas", "shapely"))
    t0 = time.perf_counter()
    pings = generate(args.pings)
    vehicles = pings["vehicle_id"].unique()
    gen_s = time.perf_counter() - t0
    print(f"\ngenerated {len(pings):,} pings of {len(vehicles)} vehicles in {gen_s:.1f} s")

    t0 = time.perf_counter()
    run_ours(pings.iloc[:1000])
    first_s = time.perf_counter() - t0
    print(f"first call of ours (numba compile or cache load): {first_s:.2f} s (not timed)")

    # Estimate trackintel's cost on a 5% probe of the vehicles, then pick the subset.
    probe_v = vehicles[: max(1, len(vehicles) // 20)]
    probe = pings[pings["vehicle_id"].isin(probe_v)].reset_index(drop=True)
    run_trackintel(to_positionfixes(pings.iloc[:500]))  # warm-up: imports, first-call costs
    probe_pfs = to_positionfixes(probe)
    probe_s, _ = timed(lambda: run_trackintel(probe_pfs), 1)
    estimate = probe_s * len(pings) / len(probe)
    if estimate <= args.budget:
        subset = pings
    else:
        share = max(args.budget / estimate, len(probe) / len(pings))
        subset_v = vehicles[: max(1, int(len(vehicles) * share))]
        subset = pings[pings["vehicle_id"].isin(subset_v)].reset_index(drop=True)
    full = len(subset) == len(pings)
    plan = (
        "timing it on all pings"
        if full
        else f"timing both on a subset of {subset['vehicle_id'].nunique()} vehicles "
        f"({len(subset):,} pings) for the ratio, and ours on all pings too"
    )
    print(
        f"trackintel on all pings estimated at {estimate:.0f} s "
        f"from a {len(probe):,}-ping probe; {plan}"
    )

    pfs = to_positionfixes(subset)
    ti_s, theirs = timed(lambda: run_trackintel(pfs), args.ti_runs)
    ours_s, ours = timed(lambda: run_ours(subset), args.runs)
    same = identical(ours, theirs)
    label = "all pings" if full else "subset"
    print(f"\nstays found: trackintel {len(theirs):,}, ours {len(ours):,}; identical: {same}")
    print(f"trackintel, {label} ({len(subset):,} pings), median of {args.ti_runs}: {ti_s:8.3f} s")
    print(f"ours,       {label} ({len(subset):,} pings), median of {args.runs}: {ours_s:8.3f} s")
    print(f"ratio trackintel / ours: {ti_s / ours_s:,.0f}x  (target >= 100x)")
    if not full:
        all_s, all_out = timed(lambda: run_ours(pings), args.runs)
        print(
            f"ours,       all pings ({len(pings):,}), median of {args.runs}: {all_s:8.3f} s "
            f"({len(pings) / all_s / 1e6:.1f} M pings/s, {len(all_out):,} stays)"
        )
    avl_s, avl = timed(lambda: run_ours(pings, StayParams()), args.runs)
    print(
        f"ours, AVL defaults (StayParams()), all {len(pings):,} pings, median of {args.runs}: "
        f"{avl_s:8.3f} s ({len(avl):,} stays)"
    )
    if not same:
        sys.exit("results differ from trackintel")


if __name__ == "__main__":
    main()
