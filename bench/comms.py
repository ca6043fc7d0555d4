"""Per-counterpart communications indicators against bandicoot 0.6.0, in one run.

Generates N comms records (default 1M, seeded; see ``_comms_data``) of officers' works
devices, writes them both as a data-contract source folder (ingested into a temporary
store; not timed) and as one bandicoot CSV per device (one device = one bandicoot
user), then times on the same records:

* ours: ``per_counterpart(ctx, night_start_h=19, night_end_h=7).to_pyarrow()`` over the
  whole store (the query and its execution, nothing else), DuckDB engine, zone UTC,
  on one context (``ctx.comms`` is an expression, so every run resolves the comms
  again: devices, local time, shifts, colleagues); also printed: the same from a new
  context each run;
* bandicoot: ``read_csv`` of each user (printed as "load") and, per user, its
  indicators per correspondent (one bandicoot User per correspondent; "compute").
  Also printed: its indicators once per user (less output than ours: a lower bound).

Indicator mapping (bandicoot, ``groupby=None``, all week, all day -> ours per
(officer, counterpart)): ``number_of_interactions`` call/text -> calls, messages;
with ``direction='out'`` -> calls_out, messages_out; ``percent_initiated_interactions``
-> calls_out / calls; ``percent_nocturnal`` call/text -> calls_night / calls,
messages_night / messages; ``call_duration`` mean -> calls_duration_s / calls;
``percent_initiated_conversations`` -> conversations_out / conversations;
``response_rate_text`` -> conversations_in_answered / conversations_in;
``response_delay_text`` mean -> reply_delay_s_sum / reply_delays. Per user also
``number_of_contacts`` call/text -> counterparts with calls > 0 / messages > 0.
Inputs aligned as in tests/detectors/test_peer_bandicoot.py: bandicoot's night
19:00-07:00 passed to ours, naive times ingested as UTC with zone UTC, bandicoot's
``text`` = our every non-call channel, conversations with its 1 h gap; and in the
generated records (see ``_comms_data``) calls always have a duration, a device's
records are >= 2 s apart and none is at 07:00:00 exactly. Where an
indicator is undefined (no calls, no conversations...) bandicoot's placeholder (0 or
None) is what is expected.

bandicoot 0.6.0 does not import on Python 3.11 as published (``inspect.getargspec``
and ``inspect.formatargspec`` were removed); this script restores both before
importing it and says so. If ``--bandicoot-users`` is a sample, bandicoot is timed on
those users and extrapolated linearly by record count (stated in the output).

    .venv/bin/python bench/comms.py [--records 1000000] [--runs 3] [--bc-runs 3]
                                    [--seed 7] [--bandicoot-users 0]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import _comms_data as data  # noqa: E402
from _machine import describe  # noqa: E402
from boundline.detectors import DetectionContext  # noqa: E402
from boundline.detectors.indicators import per_counterpart  # noqa: E402
from boundline.engine import connect  # noqa: E402
from boundline.ingest import ingest  # noqa: E402
from boundline.store import open_store  # noqa: E402

TARGET = 100.0


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, list[float], Any]:
    """Median seconds, every run's seconds, and the last result."""
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times, out


def fmt(times: list[float]) -> str:
    return ", ".join(f"{x:.3f}" for x in times)


def per_user_ours(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Our rows summed over counterparts, per officer, with the contact counts."""
    sums: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        s = sums[r["officer_id"]]
        for k, v in r.items():
            if isinstance(v, int):
                s[k] += v
        s["call_contacts"] += r["calls"] > 0
        s["text_contacts"] += r["messages"] > 0
    out = {}
    for officer, s in sums.items():
        out[officer] = data.ours_as_bandicoot(s) | {
            "call_contacts": s["call_contacts"],
            "text_contacts": s["text_contacts"],
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3, help="runs of ours (median)")
    ap.add_argument("--bc-runs", type=int, default=3, help="runs of bandicoot (median)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--bandicoot-users", type=int, default=0, help="sample size; 0 = all")
    args = ap.parse_args()

    print(describe("boundline", "duckdb", "ibis-framework", "pyarrow", "pandas", "bandicoot"))
    print(
        "note: bandicoot 0.6.0 calls inspect.getargspec and inspect.formatargspec, both "
        "removed in Python 3.11;\n      this benchmark restores them (shims over "
        "inspect.getfullargspec) before importing it."
    )
    bc = data.import_bandicoot()
    work = Path(tempfile.mkdtemp(prefix="boundline-bench-comms-"))
    try:
        run(args, bc, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, bc: Any, work: Path) -> None:
    t0 = time.perf_counter()
    frame = data.generate(args.records, args.seed)
    data.write_source(frame, work / "src")
    sizes = data.write_bandicoot(frame, work / "bc")
    pairs = frame.groupby(["device", "counterpart"]).size()
    print(
        f"\ngenerated {len(frame):,} records of {len(sizes)} devices and "
        f"{frame['counterpart'].nunique():,} counterparts ({len(pairs):,} pairs; records per "
        f"pair: median {int(pairs.median())}, max {pairs.max():,}, "
        f"{int((pairs >= 1000).sum())} pairs with >= 1,000) in {time.perf_counter() - t0:.1f} s"
    )
    report = ingest(work / "src", work / "store")
    c = report.tables["comms"]
    print(f"ingested in {report.seconds:.1f} s (not timed): {c.accepted:,} comms accepted")
    if c.accepted != len(frame):
        raise SystemExit(f"ingest set aside records: {c}")

    # Ours: the whole store. The first call (ibis compile, DuckDB file metadata, the
    # context's offsets table) is printed and not counted.
    ctx = DetectionContext(connect(open_store(work / "store")), tz="UTC")

    def ours() -> Any:
        return per_counterpart(ctx, night_start_h=19, night_end_h=7).to_pyarrow()

    t0 = time.perf_counter()
    ours()
    print(f"first call of ours (not timed): {time.perf_counter() - t0:.3f} s")
    ours_s, ours_runs, table = timed(ours, args.runs)
    rows = table.to_pylist()

    # Ours from a new context each run: nothing the context builds lazily is reused.
    def ours_cold() -> Any:
        fresh = DetectionContext(connect(open_store(work / "store")), tz="UTC")
        return per_counterpart(fresh, night_start_h=19, night_end_h=7).to_pyarrow()

    cold_s, cold_runs, _ = timed(ours_cold, args.runs)

    # bandicoot: all users, or a seeded sample of them.
    users = sorted(sizes)
    if 0 < args.bandicoot_users < len(users):
        rng = np.random.default_rng(args.seed)
        users = sorted(rng.choice(users, args.bandicoot_users, replace=False).tolist())
    n_sample = sum(sizes[u] for u in users)
    scale = len(frame) / n_sample
    full = n_sample == len(frame)
    plan = (
        "all users"
        if full
        else f"a seeded sample of {len(users)} of {len(sizes)} users ({n_sample:,} records); "
        f"times extrapolated linearly by record count (x{scale:.2f})"
    )
    print(f"bandicoot on {plan}")
    folder = str(work / "bc")

    def load() -> dict[str, Any]:
        return {u: bc.read_csv(u, folder, describe=False, warnings=False) for u in users}

    def compute() -> dict[str, Any]:
        return {u: data.bandicoot_per_counterpart(bc, loaded[u]) for u in users}

    def compute_users() -> dict[str, Any]:
        for u in users:
            loaded[u].reset_cache()
        return {u: data.bandicoot_indicators(bc, loaded[u], per_user=True) for u in users}

    load_s, load_runs, loaded = timed(load, args.bc_runs)
    bc_s, bc_runs, theirs = timed(compute, args.bc_runs)
    bcu_s, bcu_runs, theirs_u = timed(compute_users, args.bc_runs)

    # Equality on the bandicoot users: every (user, counterpart, indicator).
    ours_pc = {(r["officer_id"], r["counterpart"]): r for r in rows}
    compared, defined, bad, missing = 0, 0, [], 0
    for u in users:
        officer = "O" + u[1:]
        keys = {k for k in ours_pc if k[0] == officer}
        missing += len(keys ^ {(officer, cp) for cp in theirs[u]})
        for cp, vals in theirs[u].items():
            mine = ours_pc.get((officer, cp))
            if mine is not None:
                n, d, diffs = data.compare(data.ours_as_bandicoot(mine), vals)
                compared, defined = compared + n, defined + d
                bad += [f"{u} {cp} {d}" for d in diffs]
    mine_u = per_user_ours(rows)
    compared_u, defined_u, bad_u = 0, 0, []
    for u in users:
        n, d, diffs = data.compare(mine_u["O" + u[1:]], theirs_u[u])
        compared_u, defined_u = compared_u + n, defined_u + d
        bad_u += [f"{u} {d}" for d in diffs]
    n_pairs = sum(len(theirs[u]) for u in users)
    print(
        f"\nequality, per (user, counterpart, indicator): {compared:,} values compared "
        f"({defined:,} defined) over {n_pairs:,} pairs of {len(users)} users; "
        f"{len(bad)} mismatches; {missing} pairs in one result only"
    )
    print(
        f"equality, per (user, indicator) (ours summed over counterparts): "
        f"{compared_u:,} values compared ({defined_u:,} defined); {len(bad_u)} mismatches"
    )
    for line in (bad + bad_u)[:10]:
        print("  mismatch:", line)

    label = "all" if full else "sample"
    print(
        f"\nours, all {len(frame):,} records, median of {args.runs}: {ours_s:8.3f} s "
        f"(runs {fmt(ours_runs)}; {len(rows):,} rows, {len(frame) / ours_s / 1e6:.2f} M records/s)"
    )
    print(
        f"ours, new context each run (also resolving ctx.comms), median of {args.runs}: "
        f"{cold_s:8.3f} s (runs {fmt(cold_runs)})"
    )
    for what, med, runs in (
        ("load (read_csv)", load_s, load_runs),
        ("compute, per correspondent", bc_s, bc_runs),
        ("compute, per user only", bcu_s, bcu_runs),
        ("load + compute per corr.", load_s + bc_s, []),
    ):
        extra = f" -> {med * scale:8.1f} s for all records" if not full else ""
        runs_s = f" (runs {fmt(runs)})" if runs else ""
        print(
            f"bandicoot {what:<27}, {label} ({n_sample:,} records), median of "
            f"{args.bc_runs}: {med:8.2f} s{extra}{runs_s}"
        )

    ratio = bc_s * scale / ours_s
    ratio_load = (load_s + bc_s) * scale / ours_s
    ratio_user = bcu_s * scale / ours_s
    how = "measured on all records" if full else f"extrapolated from {len(users)} users"
    print("\n== summary ==")
    print(f"records {len(frame):,}; bandicoot {how}")
    print(f"ours                                 : {ours_s:8.3f} s")
    print(f"ours, new context (resolving comms)  : {cold_s:8.3f} s")
    print(f"bandicoot compute per correspondent  : {bc_s * scale:8.1f} s  ratio {ratio:,.1f}x")
    print(
        f"bandicoot load + compute             : {(load_s + bc_s) * scale:8.1f} s  "
        f"ratio {ratio_load:,.1f}x"
    )
    print(f"bandicoot compute per corr. / ours, new context: {bc_s * scale / cold_s:,.1f}x")
    print(
        f"bandicoot compute per user (less out): {bcu_s * scale:8.1f} s  ratio {ratio_user:,.1f}x"
    )
    print(
        f"values equal: {compared - len(bad):,}/{compared:,} per counterpart, "
        f"{compared_u - len(bad_u):,}/{compared_u:,} per user"
    )
    print(
        f"target >= {TARGET:.0f}x (compute only, per correspondent): "
        f"{'met' if ratio >= TARGET else 'NOT met'}"
    )
    if bad or bad_u or missing:
        sys.exit("values differ from bandicoot")


if __name__ == "__main__":
    main()
