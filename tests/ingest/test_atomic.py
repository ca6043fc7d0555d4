"""An ingest commits fully or not at all; the same file twice changes nothing; later data appends."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from boundline.engine import connect
from boundline.ingest import ingest
from boundline.store import open_store
from contract_world import VALID, write_source, write_table

KILLER = """
import os, signal, sys
from boundline.ingest import SilentObserver, ingest

class KillAfter(SilentObserver):
    def table_done(self, report):
        if report.table == sys.argv[3]:
            os.kill(os.getpid(), signal.SIGKILL)

    def committing(self):
        if sys.argv[3] == "commit":
            os.kill(os.getpid(), signal.SIGKILL)

ingest(sys.argv[1], sys.argv[2], observer=KillAfter())
"""


def _snapshot(store: Path) -> dict[str, str]:
    """Every visible file's hash, plus the manifest itself."""
    snap = {"manifest.json": (store / "manifest.json").read_text()}
    for files in json.loads(snap["manifest.json"])["tables"].values():
        for f in files:
            snap[f] = hashlib.sha256((store / f).read_bytes()).hexdigest()
    return snap


def _later_comms(n: int, start: int = 100) -> list[dict[str, str]]:
    return [
        {
            **VALID["comms"][0],
            "record_id": f"R{start + i}",
            "time": f"2024-04-{1 + i % 28:02d}T12:00:00Z",
        }
        for i in range(n)
    ]


def test_killed_ingest_leaves_store_unchanged(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest(write_source(tmp_path / "first"), store)
    before = _snapshot(store)
    second = write_source(tmp_path / "second", {"comms": _later_comms(500)})
    for when in ("comms", "commit"):  # mid-way, and with every file written and synced
        proc = subprocess.run(
            [sys.executable, "-c", KILLER, str(second), str(store), when], check=False
        )
        assert proc.returncode == -9
        assert _snapshot(store) == before
        assert connect(open_store(store)).table("comms").count().execute() == 1
    # debris of the killed runs is cleared, and the next ingest commits normally
    report = ingest(second, store)
    assert report.committed
    assert report.tables["comms"].accepted == 500
    visible = {p.relative_to(store).as_posix() for p in store.rglob("*.parquet")}
    assert visible == open_store(store).manifest().referenced()
    assert not (store / "staging").exists()


def test_same_files_twice_change_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    folder = write_source(tmp_path / "src")
    first = ingest(folder, store)
    before = _snapshot(store)
    files_before = sorted(p.as_posix() for p in store.rglob("*") if p.is_file())
    again = ingest(folder, store)
    assert not again.committed
    assert all(t.already_ingested for t in again.tables.values())
    assert set(again.tables) == set(first.tables)
    assert _snapshot(store) == before
    assert sorted(p.as_posix() for p in store.rglob("*") if p.is_file()) == files_before


def test_later_period_appends_and_overlap_is_duplicate(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest(write_source(tmp_path / "jan"), store)
    later = tmp_path / "apr"
    write_table(later, "officers", VALID["officers"])
    write_table(later, "devices", VALID["devices"])
    write_table(later, "comms", [VALID["comms"][0], *_later_comms(3)])
    report = ingest(later, store)
    assert report.tables["comms"].set_aside_by_rule == {"duplicate_key": 1}
    assert report.tables["comms"].accepted == 3
    # officers/devices files are byte-identical to the first ingest: recognised by hash
    assert report.tables["officers"].already_ingested
    engine = connect(open_store(store))
    assert engine.table("comms").count().execute() == 4
    manifest = open_store(store).manifest()
    assert manifest.version == 2
    assert {s.name for s in manifest.sources if s.table == "comms"} == {"comms.csv"}
    assert len([s for s in manifest.sources if s.table == "comms"]) == 2


def test_manifest_records_every_source(tmp_path: Path) -> None:
    store = tmp_path / "store"
    folder = write_source(tmp_path / "src")
    ingest(folder, store)
    sources = {s.table: s for s in open_store(store).manifest().sources}
    assert set(sources) == set(VALID)
    comms = sources["comms"]
    assert comms.sha256 == hashlib.sha256((folder / "comms.csv").read_bytes()).hexdigest()
    assert comms.size == (folder / "comms.csv").stat().st_size
    assert (comms.read, comms.accepted, comms.set_aside, comms.contract_version) == (1, 1, 0, 1)
    assert comms.ingested_at.endswith("Z")
