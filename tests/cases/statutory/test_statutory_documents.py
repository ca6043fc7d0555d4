"""The regulation 17 notice (officer and police-staff variants) and the regulation 21 report."""

from __future__ import annotations

import re
from datetime import date

import pytest
from statutory_world import state_at

from boundline.cases.statutory import (
    ExhibitEntry,
    default_process,
    notice_fields,
    render_reg17_notice,
    render_reg21_report,
    representations_due,
    to_pdf,
)
from boundline.errors import UserInputError

COMMON = {
    "case_ref": "PSD-2026-0042",
    "subject_name": "Alex Smith",
    "force": "Northwind Police",
    "served_on": "2026-12-22",
    "conduct": "Sent personal messages to a victim of crime met on duty (incident 2026/118).",
    "standard": "Authority, respect and courtesy; Discreditable conduct",
}
OFFICER = {**COMMON, "rank": "PC", "warrant_number": "4471"}
STAFF = {**COMMON, "role": "Police community support officer"}


def _with_state(fields: dict[str, str], subject: str = "officer") -> dict[str, str]:
    return {**fields, **notice_fields(state_at("served", subject))}


def test_the_state_supplies_severity_proceedings_investigator_and_due_date() -> None:
    assert notice_fields(state_at("served")) == {
        "investigator": "DS Rowe",
        "severity": "gross misconduct",
        "likely_proceedings": "misconduct hearing",
        "representations_due": "2027-01-12",
    }
    assert notice_fields(state_at("served", "staff"))["likely_proceedings"].endswith(
        "under the police staff disciplinary procedure"
    )
    assert representations_due(date(2026, 12, 22)) == date(2027, 1, 8)


def test_the_officer_notice_has_every_required_field_and_section() -> None:
    fields = _with_state(OFFICER)
    html = render_reg17_notice(fields)
    for name in default_process().notices["officer"].required:
        match = re.search(rf'data-field="{name}">([^<]*)<', html)
        assert match, name
        assert match.group(1) == fields[name], name
    for section in ("barred-list", "advice", "representations", "caution"):
        assert f'data-section="{section}"' in html
    assert "police barred list" in html and "police friend" in html
    assert "You do not have to say anything" in html
    assert 'data-notice="officer"' in html and "4471" in html


def test_the_staff_variant() -> None:
    html = " ".join(render_reg17_notice(_with_state(STAFF, "staff"), variant="staff").split())
    assert 'data-notice="staff"' in html
    assert "do not apply to police staff" in html and "trade union" in html
    assert "Police community support officer" in html and "police barred list" in html
    with pytest.raises(UserInputError, match="missing field.*role"):
        render_reg17_notice(_with_state(OFFICER, "staff"), variant="staff")


@pytest.mark.parametrize(
    "name", ["conduct", "standard", "investigator", "severity", "representations_due"]
)
def test_a_missing_field_is_named(name: str) -> None:
    fields = _with_state(OFFICER)
    fields.pop(name)
    with pytest.raises(UserInputError, match=rf"missing field\(s\) {name}\."):
        render_reg17_notice(fields)
    fields[name] = "   "
    with pytest.raises(UserInputError, match=name):
        render_reg17_notice(fields)


def test_text_is_escaped() -> None:
    html = render_reg17_notice({**_with_state(OFFICER), "conduct": "<script>x</script>"})
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_an_unknown_variant_is_refused() -> None:
    with pytest.raises(UserInputError, match="variants are officer, staff"):
        render_reg17_notice(_with_state(OFFICER), variant="volunteer")


EXHIBITS = [
    ExhibitEntry(
        "AS/1",
        "Works phone call records, Jan-Mar 2026",
        "a" * 64,
        "comms export 2026-04-01",
        "DC Ahmed",
        "Contact pattern",
    ),
    ExhibitEntry(
        "AS/2",
        "Evidence report (Boundline)",
        "b" * 64,
        "boundline report",
        "Analyst Lee",
        "Figures quoted",
    ),
]
FACTS = {
    "case_ref": "PSD-2026-0042",
    "subject_name": "PC Alex Smith",
    "investigator": "DS Rowe",
    "allegation": "Abuse of position for a sexual purpose.",
    "severity": "gross misconduct",
    "summary_of_evidence": "117 calls and messages after the incident closed.",
    "opinion": "Case to answer for gross misconduct.",
    "submitted_on": "2027-06-01",
}


def test_the_report_has_its_exhibit_index() -> None:
    html = render_reg21_report(FACTS, EXHIBITS)
    rows = re.findall(r'<tr data-exhibit="([^"]+)">(.*?)</tr>', html, re.S)
    assert [ref for ref, _ in rows] == ["AS/1", "AS/2"]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", rows[0][1])
    assert cells == [
        "AS/1",
        "Works phone call records, Jan-Mar 2026",
        "a" * 64,
        "comms export 2026-04-01",
        "DC Ahmed",
        "Contact pattern",
    ]
    for name, value in FACTS.items():
        assert f'data-field="{name}">{value}<' in html
    assert "2 exhibit(s)" in html


def test_the_report_refuses_missing_facts_and_duplicate_exhibits() -> None:
    with pytest.raises(UserInputError, match="missing field\\(s\\) opinion"):
        render_reg21_report({k: v for k, v in FACTS.items() if k != "opinion"}, EXHIBITS)
    with pytest.raises(UserInputError, match="not unique: AS/1"):
        render_reg21_report(FACTS, [EXHIBITS[0], EXHIBITS[0]])
    assert "No exhibits." in render_reg21_report(FACTS, [])


# WeasyPrint warns where the system lacks libharfbuzz-subset (a system library, not ours).
@pytest.mark.filterwarnings("ignore:HarfBuzz-Subset will be required:DeprecationWarning")
def test_documents_render_to_pdf() -> None:
    pdf = to_pdf(render_reg17_notice(_with_state(OFFICER)))
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert len(pdf) > 5_000
