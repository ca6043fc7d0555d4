"""Severity versions and the prompt to tell the officer; the interview and its one postponement."""

from __future__ import annotations

from datetime import date

import pytest
from statutory_world import AA, INV, at, state_at, why

from boundline.cases.statutory import ProcessState, apply
from boundline.errors import IllegalStepError

D = date.fromisoformat


def _do(state: ProcessState, step: str, role: str, day: str, **fields: str) -> ProcessState:
    return apply(state, step, actor_role=role, at=at(day), fields=why(**fields), actor="u").state


def test_severity_assessments_are_versioned() -> None:
    s = state_at("assessed")
    s = _do(s, "assess_severity", AA, "2027-01-04", severity="misconduct")
    s = _do(s, "assess_severity", AA, "2027-01-05", severity="none")
    assert [(a.version, a.severity) for a in s.severity] == [
        (1, "gross_misconduct"),
        (2, "misconduct"),
        (3, "none"),
    ]
    assert s.severity[-1].by_role == AA and s.severity[-1].at == at("2027-01-05")
    assert s.pending() == ()  # nothing served yet, so there is no one to tell
    with pytest.raises(IllegalStepError, match="must be misconduct or gross misconduct"):
        _do(s, "serve_reg17_notice", INV, "2027-01-06")


def test_a_change_after_the_notice_prompts_a_further_notice() -> None:
    served = state_at("served")
    assert served.notices[0].severity == "gross_misconduct"
    changed = apply(
        served,
        "assess_severity",
        actor_role=AA,
        at=at("2027-01-04"),
        fields=why(severity="misconduct"),
    )
    assert [o.kind for o in changed.raised] == ["notify_severity_change"]
    assert "must be told of the change" in changed.raised[0].text
    with pytest.raises(IllegalStepError, match="not yet been told of the changed severity"):
        _do(changed.state, "submit_reg21_report", INV, "2027-01-05", opinion="no_case_to_answer")
    told = apply(
        changed.state, "serve_reg17_notice", actor_role=INV, at=at("2027-01-05"), fields=why()
    )
    assert [o.kind for o in told.discharged] == ["notify_severity_change"]
    second = told.state.notices[-1]
    assert (second.number, second.severity, second.severity_version) == (2, "misconduct", 2)
    # a further notice does not restart the period for representations
    assert told.started == () and told.state.open_deadline("representations").due_on == D(
        "2027-01-12"
    )


def test_changing_back_before_telling_withdraws_the_prompt() -> None:
    s = _do(state_at("served"), "assess_severity", AA, "2027-01-04", severity="misconduct")
    s = _do(s, "assess_severity", AA, "2027-01-05", severity="gross_misconduct")
    assert s.pending() == () and len(s.severity) == 3


def test_the_interview_may_be_postponed_once_within_five_working_days() -> None:
    s = _do(state_at("served"), "schedule_interview", INV, "2026-12-29", date="2026-12-30")
    assert s.open_deadline("interview").due_on == D("2026-12-30")
    # 5 working days after 30 Dec: 31 Dec, 4, 5, 6, 7 Jan (New Year's Day and the weekend skipped)
    with pytest.raises(IllegalStepError, match="2027-01-08 is beyond 2027-01-07"):
        _do(s, "postpone_interview", INV, "2026-12-29", new_date="2027-01-08")
    s = _do(s, "postpone_interview", INV, "2026-12-29", new_date="2027-01-07")
    assert (s.interview.scheduled_for, s.interview.first_specified, s.interview.postponements) == (
        D("2027-01-07"),
        D("2026-12-30"),
        1,
    )
    assert s.open_deadline("interview").due_on == D("2027-01-07")
    assert len([d for d in s.deadlines if d.kind == "interview"]) == 1  # replaced, not duplicated
    with pytest.raises(IllegalStepError, match="already postponed"):
        _do(s, "postpone_interview", INV, "2027-01-04", new_date="2027-01-07")
    s = _do(s, "hold_interview", INV, "2027-01-07")
    assert s.interview.held and s.open_deadline("interview") is None
    with pytest.raises(IllegalStepError, match="no interview is scheduled"):
        _do(s, "postpone_interview", INV, "2027-01-08", new_date="2027-01-09")


def test_representations_can_be_extended_and_received() -> None:
    s = _do(state_at("served"), "extend_representations", INV, "2027-01-04", new_due="2027-01-19")
    assert s.open_deadline("representations").due_on == D("2027-01-19")
    s = _do(s, "receive_representations", INV, "2027-01-18")
    assert s.open_deadline("representations") is None
    with pytest.raises(IllegalStepError, match="no period for representations is running"):
        _do(s, "extend_representations", INV, "2027-01-18", new_due="2027-01-30")


def test_the_report_stops_the_progress_letter_clock() -> None:
    reported = state_at("reported")
    assert reported.open_deadline("progress_letter") is None
    assert reported.opinion == "case_to_answer_gross_misconduct"
