"""The engines every detector and evidence test runs on: DuckDB, and Spark in local mode.

Tests take the ``engine_name`` fixture (tests/conftest.py) or parametrize over
:data:`ENGINES` and open the store with :func:`engine_for`. Spark reuses one session
for the whole test run (``SparkSession.builder.getOrCreate``), so only the first
Spark test pays for starting the JVM. Without PySpark the Spark cases skip and say
so; ``-m "not spark"`` leaves them out.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import pytest

from boundline.engine import Engine, connect
from boundline.store import open_store

_NO_PYSPARK = find_spec("pyspark") is None

#: py4j, PySpark's bridge to the JVM, leaves its local sockets to the garbage collector.
SPARK_SOCKETS = pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
)

ENGINES = [
    "duckdb",
    pytest.param(
        "spark",
        marks=[
            pytest.mark.spark,
            SPARK_SOCKETS,
            pytest.mark.skipif(_NO_PYSPARK, reason="the Spark engine needs pyspark (extra spark)"),
        ],
    ),
]


def engine_for(store: Path, name: str) -> Engine:
    """The store folder ``store`` opened on engine ``name``."""
    return connect(open_store(store), name)
