"""A small synthetic force (60 officers, 2 months), generated and ingested once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from boundline.engine import Engine, connect
from boundline.ingest import ingest
from boundline.store import open_store
from boundline.synth import SynthConfig, generate


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The store folder and scenarios.json of a small force (about 4 s)."""
    root = tmp_path_factory.mktemp("reports")
    generate(SynthConfig(scale="demo", seed=7, officers=60, months=2), root / "src")
    ingest(root / "src", root / "store")
    return root / "store", json.loads((root / "src" / "scenarios.json").read_text())


@pytest.fixture(scope="session")
def engine(world: tuple[Path, dict[str, Any]]) -> Engine:
    return connect(open_store(world[0]))


@pytest.fixture(scope="session")
def cases(world: tuple[Path, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in world[1]["cases"]}
