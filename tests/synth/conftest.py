"""Shared fixtures: one demo-scale synthetic force, generated once per session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from synth_checks import check_folder

from boundline.synth import SynthResult


@pytest.fixture(scope="session")
def demo(demo_source: SynthResult) -> SynthResult:
    """The demo force with seed 7, as the CLI's demo would make it (made once per run)."""
    return demo_source


@pytest.fixture(scope="session")
def scenarios(demo: SynthResult) -> dict[str, Any]:
    """The demo's scenarios.json."""
    result: dict[str, Any] = json.loads(demo.scenarios_path.read_text())
    return result


@pytest.fixture(scope="session")
def checked(demo: SynthResult) -> tuple[dict[str, pd.DataFrame], dict[str, dict[str, int]]]:
    """The demo's accepted rows and set-aside counts, by the independent checker."""
    return check_folder(Path(demo.scenarios_path).parent)
