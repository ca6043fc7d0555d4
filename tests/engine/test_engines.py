"""One code path: the demo force gives the same alerts and evidence JSON on DuckDB and Spark."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from boundline.detectors import DetectionContext
from boundline.engine import connect
from boundline.evidence import evidence
from boundline.ingest import ingest
from boundline.scoring import Alert, detect, load_settings, write_alerts
from boundline.store import open_store
from spark_cluster import LOOPBACK, standalone_cluster

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


@pytest.mark.slow
@pytest.mark.spark
def test_detect_on_a_standalone_spark_cluster_writes_the_same_alerts(
    demo_force: tuple[Path, dict[str, Any]], on_duckdb: list[Alert], tmp_path: Path
) -> None:
    """``boundline detect --engine spark --spark-master spark://…`` against a real cluster.

    A master and a worker on loopback (see ``spark_cluster``); the CLI in a process of
    its own as the driver. Its ``alerts.json`` and ``alerts.csv`` are byte for byte
    those the DuckDB alerts are written as (the module's DuckDB run, through the same
    ``write_alerts`` the CLI uses), and the master lists the run as a finished
    application.
    """
    store, _ = demo_force
    env = {**os.environ, "SPARK_LOCAL_IP": LOOPBACK}

    def run(out: Path, *engine: str) -> None:
        command = [sys.executable, "-m", "boundline", "detect", "--store", str(store)]
        done = subprocess.run(  # noqa: S603
            [*command, "--out", str(out), *engine], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-4000:]

    write_alerts(on_duckdb, tmp_path / "duckdb")
    with standalone_cluster(tmp_path / "cluster") as cluster:
        run(tmp_path / "cluster-run", "--engine", "spark", "--spark-master", cluster.url)
        apps = cluster.status()["completedapps"]
    assert [a["name"] for a in apps] == ["boundline"], apps
    for name in ("alerts.json", "alerts.csv"):
        ours = (tmp_path / "cluster-run" / name).read_bytes()
        assert ours == (tmp_path / "duckdb" / name).read_bytes(), name
    assert json.loads((tmp_path / "duckdb" / "alerts.json").read_bytes()), "no alerts"


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
