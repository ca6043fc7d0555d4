"""Detect and sweep on a tiny ingested force; the CLI commands."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from scoring_world import build
from typer.testing import CliRunner

from boundline.cli import app
from boundline.detectors import DetectionContext
from boundline.engine import connect
from boundline.scoring import ALERT_COLUMNS, detect, load_settings, parse_as_of, sweep, sweep_dates
from boundline.scoring.facts import pair_facts
from boundline.scoring.settings import from_flat, merged
from boundline.store import open_store

TZ = "Europe/London"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("scoring_world"))


def _ctx(store: Path, as_of: str | None = None) -> DetectionContext:
    return DetectionContext(
        connect(open_store(store)), tz=TZ, as_of=parse_as_of(as_of, TZ) if as_of else None
    )


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_detect_flags_the_pursuer_not_the_flo(store: Path) -> None:
    alerts = detect(_ctx(store), load_settings())
    pairs = [(a.officer_id, a.person_id) for a in alerts]
    assert pairs[0] == ("O1", "P1")
    assert ("O1", "P2") in pairs
    assert not any(o == "O2" for o, _ in pairs)
    top = alerts[0]
    assert "burglary case they reported was closed" in top.summary
    assert top.adjustments["vulnerability"] > 0


def test_as_of_excludes_later_data(store: Path) -> None:
    alerts = detect(_ctx(store, "2024-03-31"), load_settings())
    assert [(a.officer_id, a.person_id) for a in alerts] == [("O1", "P1")]
    assert "140 contacts" in alerts[0].summary  # 28 nights × 5, none after 31 March


def test_legitimate_tasking_facts(store: Path) -> None:
    facts = pair_facts(_ctx(store), [("O2", "P3"), ("O1", "P1")], load_settings().adjustments)
    flo = facts[("O2", "P3")]
    assert (flo.contacts, flo.legitimate, flo.legitimate_roles) == (40, 40, ("flo",))
    assert flo.legitimate_share == 1.0
    assert facts[("O1", "P1")].legitimate == 0
    assert facts[("O1", "P1")].vulnerable


def test_sweep_reports_the_first_high_date(store: Path) -> None:
    s = from_flat(
        merged(
            {
                "weights.BL101": 30,
                "weights.BL102": 30,
                "weights.BL103": 25,
                "adjustments.vulnerability_bonus": 10,
                "severity.high": 60,
            }
        )
    )
    assert sweep_dates(date(2024, 3, 1), date(2024, 3, 31), 7)[-2:] == [
        date(2024, 3, 29),
        date(2024, 3, 31),
    ]
    dates = sweep_dates(date(2024, 3, 1), date(2024, 3, 15), 7)
    assert len(dates) == 3
    seen: list[date] = []
    rows = sweep(connect(open_store(store)), dates, s, TZ, lambda d, _: seen.append(d))
    assert seen == dates
    [p1] = [r for r in rows if r.person_id == "P1"]
    # 35 contacts by the end of 8 March: 2 × 30 × 35/45 + 10 = 56.7 (medium);
    # 70 by 15 March: 2 × 30 × 70/80 + 10 = 62.5 (high).
    assert (p1.first_alert, p1.first_high) == ("2024-03-08", "2024-03-15")
    assert p1.score_at_first_high == pytest.approx(62.5)
    assert p1.peak_score >= p1.score_at_first_high


def test_detect_command_writes_the_files(store: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["detect", "--store", str(store), "--out", str(tmp_path), "--top", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "O1" in result.output and "2 alerts" in result.output
    with (tmp_path / "alerts.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == ALERT_COLUMNS
    assert [r["person_id"] for r in rows] == ["P1", "P2"]
    data = json.loads((tmp_path / "alerts.json").read_text(encoding="utf-8"))
    assert [d["rank"] for d in data] == [1, 2] and "contributions" in data[0]


def test_detect_command_as_of(store: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["detect", "--store", str(store), "--out", str(tmp_path), "--as-of", "2024-03-31"]
    )
    assert result.exit_code == 0, result.output
    rows = _csv(tmp_path / "alerts.csv")
    assert [r["person_id"] for r in rows] == ["P1"]


def test_sweep_command(store: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "sweep",
            "--store",
            str(store),
            "--from",
            "2024-03-01",
            "--to",
            "2024-04-30",
            "--every",
            "4w",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = _csv(tmp_path / "sweep.csv")
    assert {r["person_id"] for r in rows} == {"P1", "P2"}
    assert (
        json.loads((tmp_path / "sweep.json").read_text(encoding="utf-8"))[0]["officer_id"] == "O1"
    )


@pytest.mark.parametrize(
    "args",
    [["--as-of", "last tuesday"], ["--settings", "missing.toml"]],
)
def test_detect_command_user_errors(store: Path, tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(
        app, ["detect", "--store", str(store), "--out", str(tmp_path), *args]
    )
    assert result.exit_code == 2, result.output
