"""The default engine: ibis on an embedded DuckDB."""

from __future__ import annotations

import shutil
import tempfile
import weakref
from typing import TYPE_CHECKING, Any

from boundline.engine._base import Engine
from boundline.store import Store

if TYPE_CHECKING:
    import ibis.expr.types as ir


#: DuckDB's memory cap for detection; with Python's share, a run stays under 8 GB.
MEMORY_LIMIT = "5GB"


class DuckDBEngine(Engine):
    """ibis on DuckDB, in memory, reading the store's Parquet files in place."""

    name = "duckdb"

    def __init__(
        self, store: Store, threads: int | None = None, memory_limit: str = MEMORY_LIMIT
    ) -> None:
        super().__init__(store)
        import ibis

        self._con = ibis.duckdb.connect()
        self._con.raw_sql("SET TimeZone = 'UTC'")
        # Bounded memory: large sorts and joins (a force-year of AVL pings) spill to a
        # private temporary folder instead of growing without limit.
        self._spill = tempfile.mkdtemp(prefix="boundline-duckdb-")
        weakref.finalize(self, shutil.rmtree, self._spill, ignore_errors=True)
        self._con.raw_sql(f"SET memory_limit = '{memory_limit}'")
        self._con.raw_sql(f"SET temp_directory = '{self._spill}'")
        # Rows are ordered where order matters (ORDER BY); not keeping insertion order
        # lets large joins and materialisations spill instead of running out of memory.
        self._con.raw_sql("SET preserve_insertion_order = false")
        if threads is not None:
            self._con.raw_sql(f"SET threads = {int(threads)}")

    @property
    def backend(self) -> Any:
        """The ibis DuckDB backend."""
        return self._con

    def _read(self, table: str, files: list[str]) -> ir.Table:
        return self._con.read_parquet(files, table_name=f"store_{table}", hive_partitioning=False)

    def _batches(self, expr: ir.Table, rows: int) -> Any:
        # ibis 12 streams with DuckDB's deprecated fetch_record_batch; use its successor.
        self._con._run_pre_execute_hooks(expr)
        return self._con.con.execute(self._con.compile(expr)).to_arrow_reader(rows)
