"""Shared fixtures: a minimal valid source folder in the data-contract format."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract_world import write_source
from engines import ENGINES


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A valid source folder with one good row per table."""
    return write_source(tmp_path / "source")


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    """Each engine in turn: the test runs on DuckDB and on Spark (local mode)."""
    name: str = request.param
    return name
