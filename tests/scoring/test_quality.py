"""The quality check: planted cases in the top 2N, no look-alike there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from boundline.detectors import DetectionContext
from boundline.engine import connect
from boundline.scoring import Alert, detect, load_settings, quality_check
from boundline.store import open_store

synth = pytest.importorskip("boundline.synth")

SCENARIOS: dict[str, Any] = {
    "cases": [
        {"id": "a", "kind": "intense", "officer_id": "O1", "person_id": "P1"},
        {
            "id": "c",
            "kind": "serial",
            "officer_id": "O3",
            "people": [{"person_id": "P7"}, {"person_id": "P8"}],
        },
    ],
    "lookalikes": [{"id": "flo", "kind": "flo", "officer_id": "O9", "person_id": "P9"}],
}


def _alerts(*pairs: tuple[str, str]) -> list[Alert]:
    return [
        Alert(
            rank=i + 1,
            officer_id=o,
            person_id=p,
            counterpart=None,
            score=100.0 - i,
            severity="high",
            detectors=("BL101",),
            summary="",
        )
        for i, (o, p) in enumerate(pairs)
    ]


@pytest.mark.parametrize(
    ("pairs", "passed", "ranks"),
    [
        ([("O1", "P1"), ("O3", "P8"), ("O3", "P7")], True, {"a": 1, "c": 2, "flo": None}),
        (
            [("O1", "P1"), ("X", "1"), ("X", "2"), ("O9", "P9"), ("O3", "P8")],
            False,
            {"a": 1, "c": 5, "flo": 4},
        ),
        (
            [("O1", "P1"), ("O3", "P7"), ("X", "1"), ("X", "2"), ("O9", "P9")],
            True,
            {"a": 1, "c": 2, "flo": 5},
        ),
        ([("O1", "P1"), ("O3", "P7"), ("O9", "P9")], False, {"a": 1, "c": 2, "flo": 3}),
        ([("O1", "P1"), ("O3", "P1")], False, {"a": 1, "c": None, "flo": None}),
    ],
)
def test_quality_check_cases(
    pairs: list[tuple[str, str]], passed: bool, ranks: dict[str, int | None]
) -> None:
    report = quality_check(_alerts(*pairs), SCENARIOS)
    assert report.top == 4
    assert {i.id: i.rank for i in report.items} == ranks
    assert report.passed is passed


@pytest.fixture(scope="module")
def demo(demo_store: tuple[Path, dict[str, Any]]) -> tuple[list[Alert], dict[str, Any]]:
    store, scenarios = demo_store
    alerts = detect(DetectionContext(connect(open_store(store))), load_settings())
    return alerts, scenarios


@pytest.mark.slow
def test_demo_force_passes_the_quality_check(demo: tuple[list[Alert], dict[str, Any]]) -> None:
    alerts, scenarios = demo
    report = quality_check(alerts, scenarios)
    assert report.passed, report
    planted = [i for i in report.items if i.planted]
    assert planted and all(i.severity == "high" for i in planted)


@pytest.mark.slow
def test_demo_alerts_read_well(demo: tuple[list[Alert], dict[str, Any]]) -> None:
    alerts, _ = demo
    top = alerts[0]
    assert top.rank == 1 and top.summary.endswith(".")
    assert "contacts over" in top.summary and "% off shift" in top.summary
    assert all(a.severity in ("high", "medium", "low") for a in alerts)
    assert [a.rank for a in alerts] == list(range(1, len(alerts) + 1))
