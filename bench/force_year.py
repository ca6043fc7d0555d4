"""A force-year end to end: ingest, detect, alerts, against one raw DuckDB scan.

Uses a ``force``-scale synthetic force (``boundline synth --scale force``: about 8,000
officers, 50M comms, 400M AVL pings, Parquet) and times, each stage in its own
process so that its peak memory (max RSS) is its own:

* baseline: one raw DuckDB scan of the same Parquet columns (every column of every
  table file is read: ``SELECT count(*), max(col) …``), the least any tool must do;
* floor: DuckDB's ``COPY`` of every table file, as it is, to zstd Parquet (no typing,
  no checks, no partitions), the least any ingest that writes a Parquet store must do
  (printed as its own ratio to the scan; ``--no-copy`` leaves it out);
* ``boundline ingest SOURCE --store STORE``: typing, every contract rule, duplicates,
  references, phone normalisation, Parquet by month, rejects, manifest;
* ``boundline detect --store STORE``: every detector, scoring, ``alerts.csv``.

Prints the machine, versions, rows, each stage's wall time, rows/s and peak memory,
the end-to-end ratio to the raw scan, and the targets (15 minutes, 5x the raw scan,
peak memory under 8 GB on 2 cores / 24 GB). Generating the force is not timed.

    .venv/bin/python bench/force_year.py --source DIR [--work DIR] [--scan-runs 3]
    .venv/bin/python bench/force_year.py --generate --officers 2000 --months 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402

BOUNDLINE = [sys.executable, "-m", "boundline"]
GIB = 1024**3


def run_measured(args: list[str]) -> tuple[float, int]:
    """Run a command; return its wall time (s) and peak resident memory (bytes)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed ({status}): {' '.join(args)}")
    return wall, usage.ru_maxrss * 1024  # ru_maxrss is in KiB on Linux


def table_files(source: Path) -> dict[str, list[Path]]:
    """The Parquet (or CSV) files of each table in a source folder."""
    files: dict[str, list[Path]] = {}
    for path in sorted(source.rglob("*")):
        if path.suffix in (".parquet", ".csv") and path.name != "scenarios.json":
            table = path.relative_to(source).parts[0].split(".")[0]
            files.setdefault(table, []).append(path)
    return files


def raw_scan(files: dict[str, list[Path]]) -> tuple[float, int]:
    """One DuckDB scan reading every column of every file; (seconds, rows)."""
    con = duckdb.connect()
    rows = 0
    start = time.perf_counter()
    for paths in files.values():
        names = ", ".join(f"'{p}'" for p in paths)
        reader = "read_parquet" if paths[0].suffix == ".parquet" else "read_csv"
        cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {reader}([{names}])").fetchall()]
        aggs = ", ".join(f'max("{c}")' for c in cols)
        rows += con.execute(f"SELECT count(*), {aggs} FROM {reader}([{names}])").fetchone()[0]
    return time.perf_counter() - start, rows


def raw_copy(files: dict[str, list[Path]], out: Path) -> float:
    """Seconds for DuckDB to copy every table's files to one zstd Parquet file each."""
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    start = time.perf_counter()
    for table, paths in files.items():
        names = ", ".join(f"'{p}'" for p in paths)
        reader = "read_parquet" if paths[0].suffix == ".parquet" else "read_csv"
        con.execute(
            f"COPY (SELECT * FROM {reader}([{names}])) TO '{out / table}.parquet' "
            f"(FORMAT parquet, COMPRESSION zstd)"
        )
    elapsed = time.perf_counter() - start
    con.close()
    shutil.rmtree(out)
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, help="a force-scale source folder (synth output)")
    ap.add_argument("--generate", action="store_true", help="generate the source first")
    ap.add_argument("--officers", type=int, help="with --generate: officers (default 8000)")
    ap.add_argument("--months", type=int, help="with --generate: months (default 12)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", type=Path, help="folder for the store and alerts (kept)")
    ap.add_argument("--scan-runs", type=int, default=3, help="raw scans (median)")
    ap.add_argument("--no-copy", action="store_true", help="leave out the copy floor")
    ap.add_argument(
        "--ingest-seconds",
        type=float,
        help="reuse the store in --work from an earlier run; give that run's ingest time",
    )
    a = ap.parse_args()

    work = a.work or Path(tempfile.mkdtemp(prefix="boundline-force-year-"))
    work.mkdir(parents=True, exist_ok=True)
    source = a.source or work / "src"
    if a.generate:
        cmd = [*BOUNDLINE, "synth", "--out", str(source), "--scale", "force", "--seed"]
        cmd += [str(a.seed)]
        cmd += ["--officers", str(a.officers)] if a.officers else []
        cmd += ["--months", str(a.months)] if a.months else []
        wall, peak = run_measured(cmd)
        print(f"generated {source} in {wall:.0f} s (peak {peak / GIB:.2f} GiB; not timed)")
    if not source.is_dir():
        raise SystemExit(f"{source}: no source folder (give --source or --generate)")

    print(describe("boundline", "duckdb", "ibis-framework", "pyarrow", "numba"))
    files = table_files(source)
    size = sum(p.stat().st_size for ps in files.values() for p in ps)
    print(f"source:  {source} ({size / GIB:.2f} GiB, {len(files)} tables)")

    scans = [raw_scan(files) for _ in range(a.scan_runs)]
    scan_s = statistics.median(s for s, _ in scans)
    rows = scans[0][1]
    print(f"raw scan: {scan_s:.1f} s median of {a.scan_runs} ({rows:,} rows, every column)")
    if not a.no_copy:
        copy_s = raw_copy(files, work / "copy")
        print(
            f"floor:   {copy_s:.1f} s = {copy_s / scan_s:.1f}x the scan (DuckDB COPY of every "
            f"file to zstd Parquet, no checks; one run)"
        )

    store, alerts = work / "store", work / "alerts"
    if a.ingest_seconds is not None and (store / "manifest.json").is_file():
        ingest_s, ingest_mem = a.ingest_seconds, 0
        print(f"ingest:  {ingest_s:.1f} s (an earlier run's, store reused; not measured now)")
    else:
        shutil.rmtree(store, ignore_errors=True)
        cmd = [*BOUNDLINE, "ingest", str(source), "--store", str(store)]
        ingest_s, ingest_mem = run_measured(cmd)
        rate = rows / ingest_s
        print(f"ingest:  {ingest_s:.1f} s, {rate:,.0f} rows/s, peak {ingest_mem / GIB:.2f} GiB")
    detect_s, detect_mem = run_measured(
        [*BOUNDLINE, "detect", "--store", str(store), "--out", str(alerts), "--top", "0"]
    )
    n_alerts = max(0, len((alerts / "alerts.csv").read_text().splitlines()) - 1)
    print(f"detect:  {detect_s:.1f} s, {n_alerts} alerts, peak {detect_mem / GIB:.2f} GiB")

    total = ingest_s + detect_s
    peak = max(ingest_mem, detect_mem)
    ratio = total / scan_s
    print()
    print(f"end to end: {total:.1f} s ({total / 60:.1f} min), {rows / total:,.0f} rows/s")
    print(f"ratio to the raw scan: {ratio:.1f}x; peak memory {peak / GIB:.2f} GiB")
    print(
        f"targets: 15 min {'MET' if total <= 900 else 'NOT MET'}; "
        f"5x raw scan {'MET' if ratio <= 5 else 'NOT MET'}; "
        f"8 GB {'MET' if peak < 8e9 else 'NOT MET'}"
    )
    print(f"store and alerts kept in {work}")


if __name__ == "__main__":
    main()
