"""Table-driven scoring: findings → score, contributions, severity, order, summary."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from boundline.scoring import (
    ALERT_COLUMNS,
    MetThrough,
    PairFacts,
    Settings,
    score,
    write_alerts,
)
from boundline.scoring.settings import from_flat, merged

ROOT = Path(__file__).resolve().parents[2]


def settings(**over: Any) -> Settings:
    base = {
        "weights.BL101": 30,
        "weights.BL102": 20,
        "weights.BL103": 10,
        "weights.default": 5,
        "adjustments.vulnerability_bonus": 10,
        "adjustments.legitimate_reduction": 40,
        "severity.high": 60,
        "severity.medium": 30,
    }
    return from_flat(merged({**base, **over}))


def f(
    code: str, strength: float, officer: str = "O1", person: str | None = "P1", **fig: Any
) -> dict[str, Any]:
    return {
        "officer_id": officer,
        "counterpart": "+447700900001",
        "person_id": person,
        "code": code,
        "strength": strength,
        **fig,
    }


CASES = [
    # (findings, facts, expected score, contributions in order, severity)
    ([f("BL101", 0.5)], PairFacts(), 15.0, {"BL101": 15.0}, "low"),
    (
        [f("BL101", 1.0), f("BL102", 0.5)],
        PairFacts(),
        40.0,
        {"BL101": 30.0, "BL102": 10.0},
        "medium",
    ),
    (
        [f("BL103", 1.0), f("BL102", 1.0)],
        PairFacts(),
        30.0,
        {"BL102": 20.0, "BL103": 10.0},
        "medium",
    ),
    (
        [f("BL101", 1.0), f("BL102", 1.0), f("BL103", 1.0)],
        PairFacts(),
        60.0,
        {"BL101": 30.0, "BL102": 20.0, "BL103": 10.0},
        "high",
    ),
    (
        [f("BL101", 1.0), f("BL102", 1.0), f("BL103", 1.0)],
        PairFacts(vulnerable=True),
        70.0,
        {"BL101": 30.0, "BL102": 20.0, "BL103": 10.0},
        "high",
    ),
    ([f("BL101", 1.0)], PairFacts(contacts=10, legitimate=10), 0.0, {"BL101": 30.0}, "low"),
    ([f("BL101", 1.0)], PairFacts(contacts=10, legitimate=5), 10.0, {"BL101": 30.0}, "low"),
    ([f("BL777", 1.0)], PairFacts(), 5.0, {"BL777": 5.0}, "low"),
    (
        [f("BL101", float("nan")), f("BL102", 1.7)],
        PairFacts(),
        20.0,
        {"BL102": 20.0, "BL101": 0.0},
        "low",
    ),
]


@pytest.mark.parametrize(("rows", "facts", "expected", "contributions", "severity"), CASES)
def test_scoring_cases(
    rows: list[dict[str, Any]],
    facts: PairFacts,
    expected: float,
    contributions: dict[str, float],
    severity: str,
) -> None:
    findings: dict[str, Any] = {}
    for r in rows:
        findings.setdefault(r["code"], []).append(r)
    [alert] = score(findings, settings(), {("O1", "P1"): facts})
    assert alert.score == expected
    assert list(alert.contributions.items()) == list(contributions.items())
    assert alert.detectors == tuple(contributions)
    assert alert.severity == severity
    assert alert.rank == 1


def test_clipped_to_100() -> None:
    s = settings(**{"weights.BL101": 80, "weights.BL102": 80})
    [a] = score({"BL101": [f("BL101", 1.0)], "BL102": [f("BL102", 1.0)]}, s)
    assert a.score == 100.0 and a.severity == "high"


def test_vulnerability_raises_and_legitimate_tasking_lowers() -> None:
    findings = {"BL101": [f("BL101", 0.8)], "BL102": [f("BL102", 0.8)]}
    plain = score(findings, settings(), {("O1", "P1"): PairFacts(contacts=20)})[0].score
    vulnerable = score(
        findings, settings(), {("O1", "P1"): PairFacts(contacts=20, vulnerable=True)}
    )[0]
    tasked = score(findings, settings(), {("O1", "P1"): PairFacts(contacts=20, legitimate=15)})[0]
    assert vulnerable.score > plain > tasked.score
    assert vulnerable.adjustments["vulnerability"] == 10
    assert tasked.adjustments["legitimate_tasking"] == -30


def test_ranking_and_ties_are_deterministic() -> None:
    findings = {
        "BL101": [
            f("BL101", 0.5, "O2", "P9"),
            f("BL101", 0.5, "O1", "P2"),
            f("BL101", 0.5, "O1", "P1"),
            f("BL101", 0.9, "O3", "P1"),
        ],
        "BL102": pd.DataFrame([f("BL102", 0.1, "O2", "P9")]),
    }
    alerts = score(findings, settings())
    assert [(a.rank, a.officer_id, a.person_id) for a in alerts] == [
        (1, "O3", "P1"),
        (2, "O2", "P9"),
        (3, "O1", "P1"),
        (4, "O1", "P2"),
    ]


def test_finding_without_a_person_is_keyed_by_counterpart() -> None:
    rows = [
        f("BL101", 0.5, person=None),
        {**f("BL102", 0.5, person=None), "counterpart": "@someone"},
    ]
    alerts = score({"BL101": rows[:1], "BL102": rows[1:]}, settings())
    assert sorted((a.person_id, a.counterpart) for a in alerts) == [
        (None, "+447700900001"),
        (None, "@someone"),
    ]


def test_summary_carries_the_key_figures() -> None:
    t0, t1 = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 6, 1, tzinfo=UTC)
    facts = PairFacts(
        vulnerable=True,
        vulnerability="mental health",
        contacts=412,
        off_shift=292,
        first=t0,
        last=t1,
        met=(
            MetThrough("I1", "Burglary", "victim", "attending", datetime(2024, 2, 1, tzinfo=UTC)),
        ),
    )
    findings = {
        "BL101": [f("BL101", 0.9, contacts=400, contacts_total=412)],
        "BL102": [f("BL102", 0.9, night=120, off_shift=292)],
        "BL103": [f("BL103", 0.9, contacts=300)],
        "BL201": [f("BL201", 0.7, visits=9, home=9, work=0)],
        "BL104": [f("BL104", 0.5, share_out=0.92, messages_out=84, unreplied_messages=79)],
        "BL105": [f("BL105", 0.5, silences=1, longest_gap_days=30.2)],
        "BL106": [f("BL106", 0.5, people=10)],
        "BL301": [f("BL301", 0.5, lookups=3, without_task=3, after_closure=0)],
        "BL999": [f("BL999", 0.5)],
    }
    [a] = score(findings, settings(), {("O1", "P1"): facts}, {"BL999": "something-new"})
    s = a.summary
    for part in (
        "412 contacts over 5 months",
        "71% off shift",
        "120 at night",
        "300 after the burglary case they reported was closed",
        "9 unexplained on-shift stops at their home",
        "92% of contact started by the officer",
        "79 of 84 messages unanswered",
        "a 30-day silence",
        "one of 10 people",
        "3 record look-ups without a task",
        "BL999 (something-new)",
        "flagged vulnerable (mental health)",
    ):
        assert part in s, (part, s)
    assert s.endswith(".") and not s[0].islower()
    assert not re.search(r"\b(she|her|he|him|his)\b", s, re.IGNORECASE)


def test_alerts_csv_has_exactly_the_columns_of_outputs_md(tmp_path: Path) -> None:
    spec = ROOT.parent / "shared" / "spec" / "outputs.md"
    if spec.exists():
        text = spec.read_text(encoding="utf-8").split("## `boundline evidence`")[0]
        assert tuple(re.findall(r"^\| (\w+) \|", text, re.MULTILINE)[1:]) == ALERT_COLUMNS
    alerts = score(
        {"BL101": [f("BL101", 0.5)], "BL102": [f("BL102", 0.5, officer="O2")]}, settings()
    )
    csv_path, json_path = write_alerts(alerts, tmp_path)
    with csv_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == ALERT_COLUMNS
    assert [r[0] for r in rows[1:]] == ["1", "2"]
    import json

    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert [tuple(list(d)[: len(ALERT_COLUMNS)]) for d in data] == [ALERT_COLUMNS] * 2
    assert data[0]["contributions"] == {"BL101": 15.0}
