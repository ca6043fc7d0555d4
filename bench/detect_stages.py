"""Where a detect run spends its time: each shared relation and each detector, timed.

``boundline detect`` builds the shared relations lazily, inside whichever detector first
needs them, so its total says nothing about the parts. This script forces them one at a
time on one context, in the order a run meets them, then runs each detector and the
scoring, and prints each step's wall time and its share of the whole, next to the
time of one raw DuckDB scan of the store's Parquet files (the same baseline as
``bench/force_year.py``). The alerts are the same as ``boundline detect``'s (the same
``detect`` function is called at the end, on the warmed context).

    .venv/bin/python bench/detect_stages.py --store STORE [--tz Europe/London]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402


def timed(steps: list[tuple[str, float]], name: str, work: Callable[[], Any]) -> Any:
    """Run ``work``, record its wall time under ``name``, print it, return its result."""
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    steps.append((name, seconds))
    print(f"  {name:<28} {seconds:8.1f} s", flush=True)
    return result


def raw_scan(store: Any) -> float:
    """Seconds to read every column of every accepted-rows Parquet file once."""
    from boundline.contract import BY_NAME

    con = duckdb.connect()
    start = time.perf_counter()
    for table in BY_NAME:
        files = [str(p) for p in store.files(table)]
        if not files:
            continue
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({files})").fetchall()
        cols = [r[0] for r in described]
        aggs = ", ".join(f'max("{c}")' for c in cols)
        con.execute(f"SELECT count(*), {aggs} FROM read_parquet({files})").fetchone()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--tz", default="Europe/London")
    a = ap.parse_args()

    from boundline.detectors import REGISTRY, DetectionContext
    from boundline.engine import connect
    from boundline.scoring import detect, load_settings
    from boundline.store import open_store

    print(describe("boundline", "duckdb", "ibis-framework", "pyarrow", "numba"))
    store = open_store(a.store)
    store.require()
    scan = raw_scan(store)
    print(f"raw scan of the store: {scan:.1f} s")
    engine = connect(store, "duckdb")
    ctx = DetectionContext(engine, tz=a.tz)
    steps: list[tuple[str, float]] = []
    print("shared relations (materialised in the engine):")
    timed(steps, "contacts", lambda: ctx.contacts.count().execute())
    timed(steps, "stays", lambda: ctx.stays.count().execute())
    timed(steps, "explained_stays", lambda: ctx.explained_stays.count().execute())
    timed(steps, "met_visit_places", lambda: ctx.met_visit_places.count().execute())
    timed(steps, "place_officers", lambda: ctx.place_officers.count().execute())
    print("detectors (on the warmed context):")
    for code in sorted(REGISTRY):
        timed(steps, code, lambda code=code: REGISTRY[code].find(ctx, None).to_pyarrow())
    alerts = timed(steps, "detect + score (warm)", lambda: detect(ctx, load_settings()))
    total = sum(s for _, s in steps)
    print()
    print(f"{len(alerts)} alerts; total {total:.1f} s ({total / scan:.1f}x the raw scan)")
    for name, seconds in sorted(steps, key=lambda s: -s[1])[:8]:
        print(f"  {name:<28} {seconds:8.1f} s  {100 * seconds / total:5.1f}%")


if __name__ == "__main__":
    main()
