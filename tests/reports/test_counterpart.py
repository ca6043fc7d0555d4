"""The report for a counterpart: a number that is no known person gets the same report."""

from __future__ import annotations

from typing import Any

import pytest
from report_figures import leaves, lists, parse
from test_report_figures import check_figures

from boundline.detectors import DetectionContext
from boundline.engine import Engine
from boundline.errors import UserInputError
from boundline.evidence import evidence
from boundline.reports import build_report, counterpart_evidence, render_html


def _unknown_counterpart(engine: Engine, officer: str) -> tuple[str, int]:
    """The officer's most frequent counterpart that is neither a person nor a colleague."""
    c = DetectionContext(engine).comms
    pc = engine.table("person_contacts")
    c = c.filter(c.officer_id == officer, ~c.counterpart.isin(pc.value), ~c.is_colleague)
    rows = c.group_by("counterpart").aggregate(n=c.count()).to_pyarrow().to_pylist()
    best = max(rows, key=lambda r: (r["n"], r["counterpart"]))
    return str(best["counterpart"]), int(best["n"])


def test_an_unknown_counterpart_gets_the_report_without_the_persons_records(
    engine: Engine, cases: dict[str, dict[str, Any]]
) -> None:
    officer = cases["case_a"]["officer_id"]
    number, n = _unknown_counterpart(engine, officer)
    report = build_report(engine, officer, counterpart=number)
    assert report.subject == "counterpart"
    ev = report.evidence
    assert ev["counterpart"] == number and ev["person_id"] is None
    assert ev["comms"]["total"] == n > 0
    assert ev["comms"]["after_closure"] == 0 and ev["met_on_duty"] == []
    assert "record_access" not in ev and "visits" not in ev
    html = render_html(report)
    # every figure but the null person_id (a counterpart report names no person)
    shown = {k: v for k, v in ev.items() if k != "person_id"}
    check_figures(html, shown)
    assert "is not a known person" in html
    assert "Record look-ups" not in html and "map" not in report.charts
    assert set(leaves(shown)) == set(parse(html).figures)
    assert lists(shown)["silences"] == len(ev["silences"])


def test_counterpart_figures_match_the_person_figures_for_their_only_number(
    engine: Engine, cases: dict[str, dict[str, Any]]
) -> None:
    # case_b's person has one phone number (and an e-mail address nobody texts)
    case = cases["case_b"]
    as_person = evidence(engine, case["officer_id"], case["person_id"])
    as_number = counterpart_evidence(engine, case["officer_id"], "(07700) 900-001")
    assert as_number["counterpart"] == case["counterpart"] == "+447700900001"
    want = dict(as_person["comms"], after_closure=0)  # no incident links a bare number
    assert as_number["comms"] == want
    assert as_number["silences"] == as_person["silences"]
    assert as_number["period"] == as_person["period"]


def test_a_counterpart_of_a_known_person_gets_that_persons_report(
    engine: Engine, cases: dict[str, dict[str, Any]]
) -> None:
    case = cases["case_a"]
    report = build_report(engine, case["officer_id"], counterpart="07700 900000")
    assert report.subject == "person"
    assert report.evidence == evidence(engine, case["officer_id"], case["person_id"])
    assert any(case["person_id"] in note for note in report.notes)
    assert case["person_id"] in render_html(report)


def test_exactly_one_of_person_and_counterpart(
    engine: Engine, cases: dict[str, dict[str, Any]]
) -> None:
    officer = cases["case_a"]["officer_id"]
    with pytest.raises(UserInputError):
        build_report(engine, officer)
    with pytest.raises(UserInputError):
        build_report(engine, officer, person_id="N1", counterpart="07700 900000")
    with pytest.raises(UserInputError):
        build_report(engine, "NO-SUCH-OFFICER", counterpart="07700 900000")
