"""Shared fixtures: a minimal valid source folder, and the demo force built once per run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from boundline.ingest import ingest
from boundline.synth import SynthConfig, SynthResult, generate
from contract_world import write_source
from engines import ENGINES


@pytest.fixture(scope="session")
def demo_source(tmp_path_factory: pytest.TempPathFactory) -> SynthResult:
    """The demo force's source files (seed 7, as ``boundline demo``), made once per run.

    Read-only: a test that changes files copies them first.
    """
    return generate(SynthConfig(scale="demo", seed=7), tmp_path_factory.mktemp("demo") / "src")


@pytest.fixture(scope="session")
def demo_store(demo_source: SynthResult) -> tuple[Path, dict[str, Any]]:
    """The demo force ingested once per run (read-only), and its scenarios.json."""
    source = demo_source.scenarios_path.parent
    store = source.parent / "store"
    ingest(source, store)
    return store, json.loads(demo_source.scenarios_path.read_text(encoding="utf-8"))


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A valid source folder with one good row per table."""
    return write_source(tmp_path / "source")


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    """Each engine in turn: the test runs on DuckDB and on Spark (local mode)."""
    name: str = request.param
    return name
