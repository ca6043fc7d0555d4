"""ibis on Apache Spark (PySpark), for a force or a national body beyond one machine.

Loaded only when asked for (``connect(store, "spark")``); PySpark is the optional
``spark`` extra. The settings follow what was found necessary on this stack: Arrow
transfers, a UTC session time zone, a private warehouse folder, no UI, and the
current Python for UDF workers.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from boundline.engine._base import Engine, GroupFunc, ibis_schema
from boundline.store import Store

if TYPE_CHECKING:
    import ibis.expr.types as ir

DEFAULT_MASTER = "local[2]"


def spark_session(master: str = DEFAULT_MASTER) -> Any:
    """A SparkSession configured for Boundline (reused if one is already running)."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    warehouse = tempfile.mkdtemp(prefix="boundline-spark-warehouse-")
    session = (
        SparkSession.builder.master(master)
        .appName("boundline")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", warehouse)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.memory", "4g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkEngine(Engine):
    """ibis on PySpark, reading the store's Parquet files in place."""

    name = "spark"

    def __init__(self, store: Store, master: str = DEFAULT_MASTER, session: Any = None) -> None:
        super().__init__(store)
        import ibis

        self.session = session if session is not None else spark_session(master)
        self._con = ibis.pyspark.connect(self.session)

    @property
    def backend(self) -> Any:
        """The ibis PySpark backend."""
        return self._con

    def cache(self, expr: ir.Table) -> ir.Table:
        """Materialise ``expr`` once, registering its in-memory tables with Spark first.

        ibis's PySpark backend registers memtables only when an expression is executed,
        not when it is cached, so they are registered here explicitly; the cached
        table's timestamps are typed as UTC again (Spark hands them back naive).
        """
        self._con._run_pre_execute_hooks(expr)
        return _utc(expr.cache(), expr.schema())

    def map_groups(
        self,
        expr: ir.Table,
        *,
        by: str,
        order_by: Sequence[str],
        func: GroupFunc,
        schema: Mapping[str, str],
    ) -> ir.Table:
        """Run ``func`` per group on the executors (``groupBy(by).applyInPandas``).

        Each group arrives sorted by ``order_by``; nothing is collected on the driver.
        The result is persisted and registered as a temporary view.
        """
        import ibis
        from ibis.backends.pyspark.datatypes import PySparkSchema

        def per_group(frame: Any) -> Any:
            return func(frame.sort_values(list(order_by), kind="stable"))[list(schema)]

        self._con._run_pre_execute_hooks(expr)
        frame = self.session.sql(self._con.compile(expr))
        spark_schema = PySparkSchema.from_ibis(ibis.schema(dict(schema)))
        result = frame.groupBy(by).applyInPandas(per_group, schema=spark_schema).persist()
        name = f"boundline_groups_{uuid4().hex}"
        result.createOrReplaceTempView(name)
        return _utc(self._con.table(name), ibis.schema(dict(schema)))

    def register(self, name: str, data: Any) -> ir.Table:
        """Bring a pyarrow Table into Spark as a temporary view called ``name``."""
        import ibis

        self.session.createDataFrame(data.to_pandas()).createOrReplaceTempView(name)
        return _utc(self._con.table(name), ibis.Schema.from_pyarrow(data.schema))

    def _read(self, table: str, files: list[str]) -> ir.Table:
        # ibis's PySpark read_parquet takes one path; Spark itself takes a list.
        name = f"store_{table}"
        self.session.read.parquet(*files).createOrReplaceTempView(name)
        return _utc(self._con.table(name), ibis_schema(table))


def _utc(table: ir.Table, schema: Any) -> ir.Table:
    """``table`` with its timestamps typed as UTC where ``schema`` says they are.

    Spark's TIMESTAMP is an instant shown in the session's zone (UTC here), which
    ibis reads as a naive timestamp; typing it as UTC (a no-op cast in Spark SQL)
    makes results come back time-zone aware, exactly as they do from DuckDB.
    """
    casts = {
        name: table[name].cast(dtype)
        for name, dtype in schema.items()
        if name in table.columns
        and dtype.is_timestamp()
        and dtype.timezone is not None
        and table[name].type().is_timestamp()
        and table[name].type().timezone is None
    }
    return table.mutate(**casts) if casts else table
