"""One code path: the demo force gives the same alerts and evidence JSON on DuckDB and Spark."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from boundline.detectors import DetectionContext
from boundline.engine import connect
from boundline.evidence import evidence
from boundline.ingest import ingest
from boundline.scoring import Alert, detect, load_settings
from boundline.store import open_store

pytest.importorskip("pyspark", reason="the Spark engine needs the spark extra (pyspark)")

# py4j, PySpark's bridge to the JVM, leaves its local sockets to the garbage collector.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
)


@pytest.fixture(scope="module")
def demo_force(demo_store: tuple[Path, dict[str, Any]]) -> tuple[Path, dict[str, Any]]:
    """The demo force, exactly as ``boundline demo`` makes it (300 officers, 4 months)."""
    return demo_store


def _detect(store: Path, engine: str) -> list[Alert]:
    return detect(DetectionContext(connect(open_store(store), engine)), load_settings())


@pytest.fixture(scope="module")
def on_duckdb(demo_force: tuple[Path, dict[str, Any]]) -> list[Alert]:
    """The demo force's alerts on DuckDB, once for the module (both tests compare with them)."""
    return _detect(demo_force[0], "duckdb")


@pytest.mark.slow
def test_alerts_and_evidence_are_identical_on_duckdb_and_spark(
    demo_force: tuple[Path, dict[str, Any]], on_duckdb: list[Alert]
) -> None:
    store, scenarios = demo_force
    on_spark = [a.row() for a in _detect(store, "spark")]
    assert on_duckdb, "the demo force should raise alerts"
    assert json.dumps(on_spark) == json.dumps([a.row() for a in on_duckdb])
    spark = connect(open_store(store), "spark")
    duck = connect(open_store(store), "duckdb")
    for case in scenarios["cases"]:
        if "person_id" not in case:
            continue
        pair = (case["officer_id"], case["person_id"])
        on_spark_json = json.dumps(evidence(spark, *pair), indent=2)
        assert on_spark_json == json.dumps(evidence(duck, *pair), indent=2), pair


def test_spark_without_pyspark_names_the_install_command(tmp_path: Path) -> None:
    """With pyspark hidden from the import system, --engine spark says how to install it."""
    store = tmp_path / "store"
    store.mkdir()
    code = (
        "import sys, importlib.abc\n"
        "class Hide(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'pyspark' or name.startswith('pyspark.'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Hide())\n"
        "from boundline.cli import main\n"
        "sys.argv = ['boundline', 'detect', '--store', sys.argv[1], '--engine', 'spark']\n"
        "main()\n"
    )
    from contract_world import write_source

    ingest(write_source(tmp_path / "src"), store)
    done = subprocess.run(
        [sys.executable, "-c", code, str(store)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2, done.stderr
    assert "pip install 'boundline[spark]'" in " ".join(done.stderr.split())
    assert "Traceback" not in done.stderr
