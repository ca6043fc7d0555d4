"""Same seed, same bytes; another seed, other data."""

from __future__ import annotations

from pathlib import Path

import pytest

from boundline.synth import SynthConfig, generate


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.slow
def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    cfg = SynthConfig(scale="demo", officers=80, months=2, seed=11)
    a = generate(cfg, tmp_path / "a")
    b = generate(cfg, tmp_path / "b")
    fa, fb = _files(a.scenarios_path.parent), _files(b.scenarios_path.parent)
    assert fa.keys() == fb.keys()
    assert len(fa) == 14
    for name in fa:
        assert fa[name] == fb[name], name


@pytest.mark.slow
def test_other_seed_gives_other_data(tmp_path: Path) -> None:
    a = generate(SynthConfig(officers=80, months=2, seed=11), tmp_path / "a")
    b = generate(SynthConfig(officers=80, months=2, seed=12), tmp_path / "b")
    assert a.files["comms"].read_bytes() != b.files["comms"].read_bytes()
    assert a.scenarios_path.read_bytes() != b.scenarios_path.read_bytes()


def test_progress_is_reported(tmp_path: Path) -> None:
    seen: list[tuple[str, int]] = []
    generate(SynthConfig(officers=40, months=1, seed=1), tmp_path, lambda s, n: seen.append((s, n)))
    stages = [s for s, _ in seen]
    assert stages[0] == "workforce" and "comms" in stages and stages[-1] == "avl"
