"""The CLI as the driver of a standalone Spark cluster writes the alerts DuckDB writes.

On a force of its own, smaller than the demo's (60 officers, 2 months, its planted
cases included): what is proven here is that the cluster runs the same detector code
to the same bytes, which a smaller force shows as well; the demo force's equality on
both engines is ``test_engines.py``. The cluster run is the suite's longest test; on
the demo force it took 214 s on two cores, most of it Spark working through the data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from boundline.detectors import DetectionContext
from boundline.engine import connect
from boundline.ingest import ingest
from boundline.scoring import detect, load_settings, write_alerts
from boundline.store import open_store
from boundline.synth import SynthConfig, generate
from spark_cluster import LOOPBACK, standalone_cluster

pytest.importorskip("pyspark", reason="the Spark engine needs the spark extra (pyspark)")

# py4j, PySpark's bridge to the JVM, leaves its local sockets to the garbage collector.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Exception ignored in. <socket.socket:pytest.PytestUnraisableExceptionWarning"
)


@pytest.fixture(scope="module")
def small_force(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic force of 60 officers over 2 months, ingested."""
    root = tmp_path_factory.mktemp("small-force")
    generate(SynthConfig(scale="demo", seed=11, officers=60, months=2), root / "source")
    ingest(root / "source", root / "store")
    return root / "store"


@pytest.mark.slow
@pytest.mark.spark
def test_detect_on_a_standalone_spark_cluster_writes_the_same_alerts(
    small_force: Path, tmp_path: Path
) -> None:
    """``boundline detect --engine spark --spark-master spark://…`` against a real cluster.

    A master and a worker on loopback (see ``spark_cluster``); the CLI in a process of
    its own as the driver. Its ``alerts.json`` and ``alerts.csv`` are byte for byte
    those of the DuckDB alerts written by the same ``write_alerts`` the CLI uses, and
    the master lists the run as a finished application.
    """
    store = small_force
    env = {**os.environ, "SPARK_LOCAL_IP": LOOPBACK}

    def run(out: Path, *engine: str) -> None:
        command = [sys.executable, "-m", "boundline", "detect", "--store", str(store)]
        done = subprocess.run(  # noqa: S603
            [*command, "--out", str(out), *engine], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-4000:]

    on_duckdb = detect(DetectionContext(connect(open_store(store))), load_settings())
    write_alerts(on_duckdb, tmp_path / "duckdb")
    with standalone_cluster(tmp_path / "cluster") as cluster:
        run(tmp_path / "cluster-run", "--engine", "spark", "--spark-master", cluster.url)
        apps = cluster.status()["completedapps"]
    assert [a["name"] for a in apps] == ["boundline"], apps
    for name in ("alerts.json", "alerts.csv"):
        ours = (tmp_path / "cluster-run" / name).read_bytes()
        assert ours == (tmp_path / "duckdb" / name).read_bytes(), name
    assert json.loads((tmp_path / "duckdb" / "alerts.json").read_bytes()), "no alerts"
