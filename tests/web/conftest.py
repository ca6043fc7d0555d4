"""The workbench's fixtures: one world per test session, apps built on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_world import WebWorld, build_world


@pytest.fixture(scope="session")
def web_world(tmp_path_factory: pytest.TempPathFactory) -> WebWorld:
    """The small force with hostile values, queued, with one user per role."""
    return build_world(tmp_path_factory.mktemp("web"))


@pytest.fixture
def store(web_world: WebWorld) -> Path:
    return web_world.store
