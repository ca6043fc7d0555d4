"""Ingest throughput against DuckDB's own read of the same CSV, in one run.

Generates a comms file of N rows (default 10M) with realistic repetition of
counterparts written in several forms, plus the officers and devices it refers to,
then times:

* baseline: ``SELECT count(*) FROM read_csv(file, all columns VARCHAR)`` in DuckDB;
* floor: ``COPY (SELECT * FROM read_csv(file)) TO parquet`` in DuckDB, the least any
  ingest that writes a Parquet store must do (no typing, no checks);
* boundline: a full ``ingest`` of the folder into a fresh store (typing, every
  contract rule, duplicates, references, phone normalisation, Parquet by month,
  rejects, manifest).

Prints the medians of several runs and the ratio. Target: ingest within 3x of the raw read.

    .venv/bin/python bench/ingest.py [--rows 10000000] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).parent))
from _machine import describe  # noqa: E402
from boundline.ingest import ingest  # noqa: E402


def generate(folder: Path, rows: int) -> Path:
    """Write officers, devices and an N-row comms CSV with DuckDB."""
    folder.mkdir(parents=True)
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT 'O' || i AS officer_id, 'Officer ' || i AS name, 'PC' AS role "
        f"FROM range(2000) t(i)) TO '{folder}/officers.csv' (HEADER)"
    )
    con.execute(
        f"COPY (SELECT 'D' || i AS device_id, '07700 9' || lpad(i::VARCHAR, 5, '0') AS msisdn, "
        f"'O' || i AS officer_id, '2023-01-01T00:00:00Z' AS assigned_from, NULL AS assigned_to "
        f"FROM range(2000) t(i)) TO '{folder}/devices.csv' (HEADER)"
    )
    # 200k distinct numbers, each written in one of three forms; 0.1% duplicated records.
    con.execute(
        f"""COPY (
        SELECT 'R' || (CASE WHEN i % 1000 = 999 THEN i - 1 ELSE i END) AS record_id,
               'D' || (i % 2000) AS device_id,
               strftime(TIMESTAMP '2024-01-01' + to_seconds(i * 3), '%Y-%m-%dT%H:%M:%SZ') AS time,
               CASE WHEN i % 3 = 0 THEN 'in' ELSE 'out' END AS direction,
               CASE WHEN i % 4 = 0 THEN 'call' ELSE 'sms' END AS channel,
               CASE (i % 7) % 3
                 WHEN 0 THEN '07' || lpad(((i * 7919) % 200000)::VARCHAR, 9, '0')
                 WHEN 1 THEN '+44 7' || lpad(((i * 7919) % 200000)::VARCHAR, 9, '0')
                 ELSE '00447' || lpad(((i * 7919) % 200000)::VARCHAR, 9, '0') END AS counterpart,
               CASE WHEN i % 4 = 0 THEN (i % 600)::VARCHAR END AS duration_s
        FROM range({rows}) t(i)) TO '{folder}/comms.csv' (HEADER)"""
    )
    con.close()
    return folder / "comms.csv"


def time_raw(path: Path) -> float:
    """Seconds for DuckDB to read and count every record of the file as text."""
    con = duckdb.connect()
    started = time.perf_counter()
    con.execute(f"SELECT count(*) FROM read_csv('{path}', all_varchar = true)").fetchone()
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def time_copy(path: Path, out: Path) -> float:
    """Seconds for DuckDB to copy the file, as text, into one zstd Parquet file."""
    con = duckdb.connect()
    started = time.perf_counter()
    con.execute(
        f"COPY (SELECT * FROM read_csv('{path}', all_varchar = true)) TO '{out}' "
        f"(FORMAT parquet, COMPRESSION zstd)"
    )
    elapsed = time.perf_counter() - started
    con.close()
    out.unlink()
    return elapsed


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(describe("boundline", "duckdb", "ibis-framework", "pyarrow", "phonenumbers"))
    work = Path(tempfile.mkdtemp(prefix="boundline-bench-"))
    try:
        started = time.perf_counter()
        comms = generate(work / "src", args.rows)
        size_mb = comms.stat().st_size / 1e6
        print(
            f"generated {args.rows:,} comms rows ({size_mb:,.0f} MB) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        raw = [time_raw(comms) for _ in range(args.runs)]
        floor = [time_copy(comms, work / "copy.parquet") for _ in range(args.runs)]
        ours = []
        for run in range(args.runs):
            store = work / f"store{run}"
            started = time.perf_counter()
            report = ingest(work / "src", store)
            ours.append(time.perf_counter() - started)
            c = report.tables["comms"]
            if c.read != args.rows or c.accepted + c.set_aside != c.read:
                raise SystemExit(f"ingest lost rows: {c}")
            shutil.rmtree(store)
        raw_m, ours_m = statistics.median(raw), statistics.median(ours)
        floor_m = statistics.median(floor)
        print(
            f"duckdb read_csv count : median {raw_m:7.2f} s  ({args.rows / raw_m:,.0f} rows/s)"
            f"  runs {', '.join(f'{x:.2f}' for x in raw)}"
        )
        print(
            f"duckdb csv -> parquet : median {floor_m:7.2f} s  ({args.rows / floor_m:,.0f} rows/s)"
            f"  runs {', '.join(f'{x:.2f}' for x in floor)}"
        )
        print(
            f"boundline ingest      : median {ours_m:7.2f} s  ({args.rows / ours_m:,.0f} rows/s)"
            f"  runs {', '.join(f'{x:.2f}' for x in ours)}"
        )
        print(f"accepted {c.accepted:,}, set aside {c.set_aside:,} ({c.duplicates:,} duplicates)")
        print(f"ratio ingest / raw read: {ours_m / raw_m:.1f}x  (target: <= 3x)")
        print(f"ratio ingest / csv->parquet copy: {ours_m / floor_m:.1f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
