"""Engines: the store's tables as ibis expressions on DuckDB (default) or Spark."""

from __future__ import annotations

from typing import Any

from boundline.engine._base import Engine, ibis_schema
from boundline.errors import EngineUnavailableError, UserInputError
from boundline.store import Store

ENGINES = ("duckdb", "spark")
SPARK_INSTALL = "pip install 'boundline[spark]'"


def connect(store: Store, engine: str = "duckdb", **options: Any) -> Engine:
    """Open ``store`` on the named engine; backends are imported only here, on demand.

    ``options`` go to the engine: ``threads`` for DuckDB; ``master`` (a Spark master
    URL, default ``local[2]``) or ``session`` (an existing SparkSession) for Spark.
    """
    if engine == "duckdb":
        from boundline.engine._duckdb import DuckDBEngine

        return DuckDBEngine(store, **options)
    if engine == "spark":
        try:
            import pyspark  # noqa: F401  (only to learn whether the extra is installed)
        except ImportError as exc:
            raise EngineUnavailableError(
                "The Spark engine needs PySpark, which is not installed. Install it with: "
                f"{SPARK_INSTALL}  (it also needs a Java 17 runtime)."
            ) from exc
        from boundline.engine._spark import SparkEngine

        return SparkEngine(store, **options)
    raise UserInputError(f"Unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}.")


__all__ = ["ENGINES", "SPARK_INSTALL", "Engine", "connect", "ibis_schema"]
