"""A slow, exact CSV reader for the rare file DuckDB's fast reader gives up on.

DuckDB's CSV state machine can stop on some malformed inputs (a bare carriage
return inside an unquoted field, for example) instead of setting the record
aside. Rather than fail the whole ingest, the file is read again with Python's
:mod:`csv` module, record by record: records with the wrong number of fields or
with bytes that are not UTF-8 become ``malformed_row`` rejects, the rest are
written as text to a Parquet file that the normal checks then read. This path is
taken only for such files, so its per-row cost does not touch normal ingests.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

_BATCH = 50_000


def _has_bad_bytes(fields: list[str]) -> bool:
    return any("\udc80" <= ch <= "\udcff" for f in fields for ch in f)


def read_with_python(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    header: tuple[str, ...],
    delimiter: str,
    out: Path,
    rejects_table: str,
) -> str:
    """Write the file's well-formed records to ``out``; malformed ones to ``rejects_table``.

    Returns a relation with ``__ord`` and the header's columns as text.
    """
    names = ["__ord", *header]
    schema = pa.schema([("__ord", pa.int64())] + [(h, pa.string()) for h in header])
    malformed: list[tuple[int, str | None, str]] = []
    writer = pq.ParquetWriter(out, schema)
    batch: list[list[object]] = [[] for _ in names]
    ordinal = 0
    try:
        with path.open(encoding="utf-8", errors="surrogateescape", newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter, strict=False)
            next(reader, None)
            last_line = reader.line_num
            for fields in reader:
                start, last_line = last_line + 1, reader.line_num
                if not fields:
                    continue
                if len(fields) != len(header) or _has_bad_bytes(fields):
                    text = delimiter.join(fields).encode("utf-8", "replace").decode("utf-8")
                    malformed.append((start, None, text))
                    continue
                ordinal += 1
                batch[0].append(ordinal)
                for i, value in enumerate(fields, start=1):
                    batch[i].append(value if value != "" else None)
                if len(batch[0]) >= _BATCH:
                    writer.write_table(pa.table(batch, schema=schema))
                    batch = [[] for _ in names]
        writer.write_table(pa.table(batch, schema=schema))
    finally:
        writer.close()
    rows = pa.table(
        {
            "line": pa.array([m[0] for m in malformed], pa.int64()),
            "column_name": pa.array([m[1] for m in malformed], pa.string()),
            "csv_line": pa.array([m[2] for m in malformed], pa.string()),
        }
    )
    con.register("__fallback_rejects", rows)
    con.execute(f"CREATE OR REPLACE TABLE {rejects_table} AS SELECT * FROM __fallback_rejects")
    con.unregister("__fallback_rejects")
    return f"(SELECT * FROM read_parquet('{str(out).replace(chr(39), chr(39) * 2)}'))"
