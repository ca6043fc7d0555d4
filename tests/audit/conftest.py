"""The ``case_db`` fixture: a fresh case database on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from case_world import DIALECTS, CaseWorld, case_world


@pytest.fixture(params=DIALECTS)
def case_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CaseWorld]:
    """A fresh, migrated case database (its own schema on PostgreSQL)."""
    yield from case_world(request.param, tmp_path)
