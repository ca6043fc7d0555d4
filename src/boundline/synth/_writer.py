"""Writing contract tables as CSV (fixed formatting) or Parquet, in appended chunks."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from boundline.contract import Kind, table


def schema(name: str) -> pa.Schema:
    """The Arrow schema of a contract table as written (timestamps stay text)."""
    types = {Kind.FLOAT: pa.float64(), Kind.INTEGER: pa.int64()}
    return pa.schema([(c.name, types.get(c.kind, pa.string())) for c in table(name).columns])


class TableWriter:
    """Appends chunks of one table to ``<table>.csv`` or ``<table>.parquet``."""

    def __init__(self, out_dir: Path, name: str, fmt: str) -> None:
        self.name = name
        self.schema = schema(name)
        self.path = out_dir / f"{name}.{fmt}"
        self.rows = 0
        self._csv: IO[bytes] | None = None
        self._pq: pq.ParquetWriter | None = None
        if fmt == "csv":
            self._csv = self.path.open("wb")
            self._csv.write((",".join(self.schema.names) + "\n").encode())
        else:
            self._pq = pq.ParquetWriter(self.path, self.schema, compression="zstd")

    def write(self, columns: dict[str, pa.Array]) -> None:
        """Append one chunk, given as contract column name -> array."""
        tbl = pa.table(
            [
                pa.array(columns[f.name], f.type)
                if not isinstance(columns[f.name], pa.Array)
                else columns[f.name].cast(f.type)
                for f in self.schema
            ],
            schema=self.schema,
        )
        self.rows += tbl.num_rows
        if tbl.num_rows == 0:
            return
        if self._csv is not None:
            pcsv.write_csv(
                tbl, self._csv, pcsv.WriteOptions(include_header=False, quoting_style="needed")
            )
        elif self._pq is not None:
            self._pq.write_table(tbl)

    def close(self) -> None:
        """Finish the file."""
        if self._csv is not None:
            self._csv.close()
        if self._pq is not None:
            self._pq.close()
