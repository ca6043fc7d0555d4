"""Shared fixtures: a minimal valid source folder in the data-contract format."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract_world import write_source


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A valid source folder with one good row per table."""
    return write_source(tmp_path / "source")
