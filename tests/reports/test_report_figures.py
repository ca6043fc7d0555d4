"""Every figure in the report equals the evidence JSON, one by one, in its place."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from report_figures import as_text, leaves, lists, parse

from boundline.engine import Engine
from boundline.evidence import evidence
from boundline.reports import Report, build_report, render_html
from boundline.reports._charts import heat_cells, weekly


@pytest.fixture(scope="module")
def reports(engine: Engine, cases: dict[str, dict[str, Any]]) -> dict[str, tuple[Report, str]]:
    out = {}
    for name in ("case_a", "case_b"):
        case = cases[name]
        r = build_report(engine, case["officer_id"], person_id=case["person_id"])
        out[name] = (r, render_html(r))
    return out


def check_figures(html: str, expected: dict[str, Any]) -> None:
    """Each scalar of ``expected`` is in the HTML, every copy equal; nothing else is."""
    parsed = parse(html)
    want = leaves(expected)
    missing = sorted(set(want) - set(parsed.figures))
    assert not missing, f"figures not in the report: {missing}"
    extra = sorted(set(parsed.figures) - set(want))
    assert not extra, f"the report shows figures the evidence does not have: {extra}"
    for path, value in want.items():
        for shown in parsed.figures[path]:
            assert shown.strip() == as_text(value), (path, shown, value)
    for path, n in lists(expected).items():
        assert parsed.lists.get(path) == [n], (path, parsed.lists.get(path), n)


@pytest.mark.parametrize("name", ["case_a", "case_b"])
def test_every_figure_equals_the_evidence(
    name: str,
    reports: dict[str, tuple[Report, str]],
    engine: Engine,
    cases: dict[str, dict[str, Any]],
) -> None:
    case = cases[name]
    figures = evidence(engine, case["officer_id"], case["person_id"])
    report, html = reports[name]
    assert report.evidence == figures
    check_figures(html, figures)
    # the planted figures of the synthetic world agree too (an independent source)
    assert figures["comms"]["total"] == case["figures"]["contacts"]


def test_the_cases_exercise_every_section(reports: dict[str, tuple[Report, str]]) -> None:
    a, b = reports["case_a"][0].evidence, reports["case_b"][0].evidence
    assert a["met_on_duty"] and b["silences"], "the fixture no longer covers every list"
    assert a["record_access"]["total"] > 0
    if "visits" in a:
        assert a["visits"]["items"], "case_a should have visits"


@pytest.mark.parametrize("name", ["case_a", "case_b"])
def test_charts_and_lists_add_up_to_the_figures(
    name: str, reports: dict[str, tuple[Report, str]]
) -> None:
    report, html = reports[name]
    comms = report.evidence["comms"]
    assert len(report.contacts) == comms["total"]
    assert sum(c["contacts"] for c in heat_cells(report.contacts)) == comms["total"]
    assert len(heat_cells(report.contacts)) == 7 * 24
    rows = weekly(report.contacts)
    by = {
        (p, s): sum(r["contacts"] for r in rows if (r["panel"], r["series"]) == (p, s))
        for p, s in {(r["panel"], r["series"]) for r in rows}
    }
    assert by.get(("direction", "officer to person"), 0) == comms["out"]
    assert by.get(("direction", "to officer"), 0) == comms["in"]
    assert by.get(("shift", "on shift"), 0) == comms["on_shift"]
    assert by.get(("shift", "off shift"), 0) == comms["off_shift"]
    ra = report.evidence["record_access"]
    looked = parse(html).lookups
    assert len(looked) == ra["total"]
    assert sum(task == "without" for task, _ in looked) == ra["without_task"]
    assert sum(after == "yes" for _, after in looked) == ra["after_closure"]


def test_the_report_is_self_contained(reports: dict[str, tuple[Report, str]]) -> None:
    for report, html in reports.values():
        assert html.count("<svg") >= 2
        assert {"timeline", "heat"} <= set(report.charts)
        urls = set(re.findall(r"(?:https?|ftp)://[^\s\"'<>)]+", html))
        assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, urls
        assert not re.search(r"<(script|link|img)\b", html), (
            "no scripts, stylesheets or images to fetch"
        )
        assert not re.search(r"\b(src|href)=\"(?!#|data:)", html)


def test_the_wording_states_what_the_report_is(reports: dict[str, tuple[Report, str]]) -> None:
    html = reports["case_a"][1]
    assert "accepted at ingest" in html
    assert "supports a human review" in html and "not a finding" in html


def test_provenance_lists_every_source_file_and_detector(
    reports: dict[str, tuple[Report, str]], engine: Engine
) -> None:
    from boundline.detectors import all_detectors

    report, html = reports["case_a"]
    sources = engine.store.manifest().sources
    assert len(report.provenance.sources) == len(sources) > 0
    parsed = parse(html)
    assert parsed.lists["sources"] == [len(sources)]
    for s in sources:
        assert f"{s.sha256[:32]}<br>{s.sha256[32:]}" in html
        assert s.name in html
    assert parsed.lists["detectors"] == [len(all_detectors())]
    for d in all_detectors():
        assert f"<td>{d.code}</td>" in html
        for p in d.parameters():
            assert f"{p.name} = {p.default}" in unescape(html)
    assert report.provenance.boundline_version in html


def test_without_visits_the_report_says_there_is_no_vehicle_data(
    reports: dict[str, tuple[Report, str]],
) -> None:
    from dataclasses import replace

    report = reports["case_a"][0]
    bare = {k: v for k, v in report.evidence.items() if k != "visits"}
    html = render_html(replace(report, evidence=bare))
    assert "No vehicle data" in html
    check_figures(html, bare)
