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
from typing import TYPE_CHECKING, Any

from boundline.engine._base import Engine
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
        not when it is cached, so they are registered here explicitly.
        """
        self._con._run_pre_execute_hooks(expr)
        return expr.cache()

    def register(self, name: str, data: Any) -> ir.Table:
        """Bring a pyarrow Table into Spark as a temporary view called ``name``."""
        self.session.createDataFrame(data.to_pandas()).createOrReplaceTempView(name)
        return self._con.table(name)

    def _read(self, table: str, files: list[str]) -> ir.Table:
        # ibis's PySpark read_parquet takes one path; Spark itself takes a list.
        name = f"store_{table}"
        self.session.read.parquet(*files).createOrReplaceTempView(name)
        return self._con.table(name)
