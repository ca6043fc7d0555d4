"""A real Spark standalone cluster on loopback: one master and one worker, for tests.

Started from the ``spark-class`` launcher that the PySpark wheel ships (no separate
Spark download), every process bound to 127.0.0.1 (``SPARK_LOCAL_IP``), on free
ports. The worker's executors are JVMs of their own with Python workers of their
own, so a job that runs here has crossed the process boundaries a real cluster has;
what it does not show is a second machine (the store must then be on a file system
or object store every executor can read, see docs/scaling.md).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Cluster:
    """The master's URL (``spark://…``), its status page's URL, and the logs folder."""

    url: str
    status_url: str
    logs: Path

    def status(self) -> dict[str, Any]:
        """The master's status as JSON (workers, running and completed applications)."""
        with urllib.request.urlopen(self.status_url, timeout=5) as response:  # noqa: S310 - loopback
            found: dict[str, Any] = json.load(response)
        return found

    def log_tail(self, lines: int = 40) -> str:
        """The end of every process's log, for a failure message."""
        out = []
        for path in sorted(self.logs.glob("*.log")):
            out.append(f"--- {path.name}\n" + "\n".join(path.read_text().splitlines()[-lines:]))
        return "\n".join(out)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def standalone_cluster(folder: Path, cores: int = 2, memory: str = "4g") -> Iterator[Cluster]:
    """Start a master and one worker; yield when the worker has registered; stop both."""
    import pyspark

    home = Path(pyspark.__file__).parent
    launcher = str(home / "bin" / "spark-class")
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": LOOPBACK}
    port, ui = _free_port(), _free_port()
    cluster = Cluster(
        f"spark://{LOOPBACK}:{port}", f"http://{LOOPBACK}:{ui}/json/", folder / "logs"
    )
    cluster.logs.mkdir(exist_ok=True)
    commands = {
        "master": [
            launcher, "org.apache.spark.deploy.master.Master",
            "--host", LOOPBACK, "--port", str(port), "--webui-port", str(ui),
        ],
        "worker": [
            launcher, "org.apache.spark.deploy.worker.Worker", cluster.url,
            "--host", LOOPBACK, "--cores", str(cores), "--memory", memory,
            "--webui-port", str(_free_port()), "--work-dir", str(folder / "work"),
        ],
    }  # fmt: skip
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for name, command in commands.items():
            with (cluster.logs / f"{name}.log").open("wb") as log:
                procs.append(subprocess.Popen(command, env=env, stdout=log, stderr=log))  # noqa: S603
            if name == "master":
                _wait(cluster, lambda s: s.get("status") == "ALIVE", "the master to start")
        _wait(cluster, lambda s: s.get("aliveworkers", 0) >= 1, "the worker to register")
        yield cluster
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait(cluster: Cluster, ready: Any, what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if ready(cluster.status()):
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"waited {timeout:.0f} s for {what}:\n{cluster.log_tail()}")
