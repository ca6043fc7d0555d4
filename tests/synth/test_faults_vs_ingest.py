"""The fault counts in scenarios.json equal what ingest sets aside, table by table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from boundline.synth import SynthResult

ingest_module = pytest.importorskip("boundline.ingest")


def test_ingest_sets_aside_exactly_the_planted_faults(
    demo: SynthResult, scenarios: dict[str, Any], tmp_path: Path
) -> None:
    ingest = getattr(ingest_module, "ingest", None)
    if ingest is None:
        pytest.skip("boundline.ingest.ingest is not there yet")
    report = ingest(demo.scenarios_path.parent, tmp_path / "store")
    got = {
        name: {rule: n for rule, n in sorted(t.set_aside_by_rule.items()) if n}
        for name, t in report.tables.items()
        if any(t.set_aside_by_rule.values())
    }
    assert got == scenarios["faults"]


def test_ingest_of_the_parquet_force_path_sets_aside_the_planted_faults(tmp_path: Path) -> None:
    import json

    from boundline.synth import SynthConfig, generate

    ingest = getattr(ingest_module, "ingest", None)
    if ingest is None:
        pytest.skip("boundline.ingest.ingest is not there yet")
    result = generate(SynthConfig(scale="force", officers=40, months=1, seed=5), tmp_path / "src")
    scen = json.loads(result.scenarios_path.read_text())
    report = ingest(tmp_path / "src", tmp_path / "store")
    got = {
        name: {rule: n for rule, n in sorted(t.set_aside_by_rule.items()) if n}
        for name, t in report.tables.items()
        if any(t.set_aside_by_rule.values())
    }
    assert got == scen["faults"]
