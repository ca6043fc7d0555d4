"""The force-scale code path (Parquet, chunked writing), at a tiny size."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from synth_checks import check_folder

from boundline.synth import SynthConfig, generate


@pytest.mark.slow
def test_force_scale_writes_parquet_that_meets_the_contract(tmp_path: Path) -> None:
    result = generate(SynthConfig(scale="force", officers=40, months=1, seed=5), tmp_path)
    scen = json.loads(result.scenarios_path.read_text())
    assert scen["scale"] == "force" and scen["officers"] == 40
    for name, path in result.files.items():
        assert path.suffix == ".parquet"
        assert pq.read_metadata(path).num_rows == result.rows[name]
    assert pq.read_schema(result.files["avl"]).field("lat").type == "double"
    _, faults = check_folder(tmp_path)
    assert faults == scen["faults"]
    assert [c["id"] for c in scen["cases"]] == ["case_a", "case_b", "case_c"]


@pytest.mark.slow
def test_force_scale_is_deterministic(tmp_path: Path) -> None:
    cfg = SynthConfig(scale="force", officers=30, months=1, seed=9)
    a = generate(cfg, tmp_path / "a")
    b = generate(cfg, tmp_path / "b")
    for name, path in a.files.items():
        assert path.read_bytes() == b.files[name].read_bytes(), name
