"""Outcomes validated against the form of proceedings, the finding and the subject."""

from __future__ import annotations

from datetime import timedelta

import pytest
from statutory_world import AA, at, state_at, why

from boundline.cases.statutory import ProcessState, allowed_outcomes, apply, default_process
from boundline.errors import IllegalStepError

MEETING = ["no_further_action", "management_advice", "written_warning", "final_written_warning"]
HEARING = [*MEETING, "reduction_in_rank", "dismissal_without_notice"]
ACCELERATED = ["final_written_warning", "reduction_in_rank", "dismissal_without_notice"]


def _next(state: ProcessState, step: str, **fields: str) -> ProcessState:
    when = at(state.history[-1].at.date() + timedelta(days=1))
    return apply(state, step, actor_role=AA, at=when, fields=why(**fields)).state


@pytest.mark.parametrize(
    ("form", "finding", "former", "fww", "allowed"),
    [
        ("misconduct_meeting", "not_proven", False, False, ["no_action"]),
        ("misconduct_meeting", "misconduct", False, False, MEETING),
        ("misconduct_meeting", "gross_misconduct", False, False, []),
        ("misconduct_hearing", "misconduct", False, False, MEETING),
        ("misconduct_hearing", "misconduct", False, True, HEARING),
        ("misconduct_hearing", "gross_misconduct", False, False, HEARING),
        (
            "misconduct_hearing",
            "gross_misconduct",
            True,
            False,
            ["no_further_action", "would_have_been_dismissed"],
        ),
        ("misconduct_hearing", "misconduct", True, False, ["no_further_action"]),
        ("accelerated_hearing", "gross_misconduct", False, False, ACCELERATED),
        (
            "accelerated_hearing",
            "gross_misconduct",
            True,
            False,
            ["no_further_action", "would_have_been_dismissed"],
        ),
        (
            "staff_disciplinary",
            "gross_misconduct",
            False,
            False,
            [
                "no_further_action",
                "first_written_warning",
                "final_written_warning",
                "dismissal_with_notice",
                "summary_dismissal",
            ],
        ),
    ],
)
def test_what_each_form_may_impose(
    form: str, finding: str, former: bool, fww: bool, allowed: list[str]
) -> None:
    rule = default_process().forms[form]
    assert list(allowed_outcomes(rule, finding, former=former, fww_in_force=fww)) == allowed


@pytest.mark.parametrize(
    ("state", "finding", "outcome", "error"),
    [
        ("meeting", "misconduct", "written_warning", None),
        ("meeting", "not_proven", "no_action", None),
        ("meeting", "not_proven", "written_warning", "may impose on the subject only: no_action"),
        (
            "meeting",
            "misconduct",
            "dismissal_without_notice",
            "misconduct meeting that finds misconduct",
        ),
        ("meeting", "gross_misconduct", "written_warning", "may find only"),
        ("hearing", "gross_misconduct", "dismissal_without_notice", None),
        (
            "hearing",
            "misconduct",
            "dismissal_without_notice",
            "needs a final written warning in force",
        ),
        ("hearing", "misconduct", "final_written_warning", None),
        (
            "hearing",
            "gross_misconduct",
            "would_have_been_dismissed",
            "may impose on the subject only",
        ),
        ("accelerated", "gross_misconduct", "dismissal_without_notice", None),
        (
            "accelerated",
            "gross_misconduct",
            "written_warning",
            "accelerated misconduct hearing that finds gross_misconduct",
        ),
        ("accelerated", "misconduct", "final_written_warning", "may find only: gross_misconduct"),
    ],
)
def test_record_outcome_is_validated(
    state: str, finding: str, outcome: str, error: str | None
) -> None:
    start = state_at(state)
    if error is None:
        after = _next(start, "record_outcome", finding=finding, outcome=outcome)
        assert (after.stage("misconduct"), after.finding, after.outcome) == (
            "outcome_recorded",
            finding,
            outcome,
        )
    else:
        with pytest.raises(IllegalStepError, match=error):
            _next(start, "record_outcome", finding=finding, outcome=outcome)


def test_a_misconduct_hearing_with_a_live_final_written_warning_may_dismiss() -> None:
    hearing = _next(
        state_at("cta_misconduct"),
        "refer_to_misconduct_hearing",
        final_written_warning_in_force="yes",
    )
    assert hearing.fww_in_force
    after = _next(
        hearing, "record_outcome", finding="misconduct", outcome="dismissal_without_notice"
    )
    assert [o.kind for o in after.pending()] == ["barred_list"]


def test_only_dismissals_oblige_a_barred_list_report() -> None:
    after = _next(
        state_at("hearing"),
        "record_outcome",
        finding="gross_misconduct",
        outcome="final_written_warning",
    )
    assert after.pending() == ()
    assert _next(after, "close_case").stage("misconduct") == "closed"


def test_a_former_officer_would_have_been_dismissed_and_is_barred() -> None:
    left = _next(state_at("cta_gross"), "subject_left_service", how="resigned")
    assert left.former and [o.kind for o in left.pending()] == ["advisory_list"]
    hearing = _next(left, "refer_to_misconduct_hearing")
    with pytest.raises(IllegalStepError, match="would_have_been_dismissed"):
        _next(
            hearing,
            "record_outcome",
            finding="gross_misconduct",
            outcome="dismissal_without_notice",
        )
    done = _next(
        hearing, "record_outcome", finding="gross_misconduct", outcome="would_have_been_dismissed"
    )
    assert {o.kind for o in done.pending()} == {"advisory_list", "barred_list"}
    with pytest.raises(
        IllegalStepError, match="obligations are pending: advisory_list, barred_list"
    ):
        _next(done, "close_case")
    done = _next(_next(done, "refer_to_advisory_list"), "refer_to_barred_list")
    assert _next(done, "close_case").stage("misconduct") == "closed"


def test_a_former_officer_cannot_face_proceedings_for_misconduct_only() -> None:
    left = _next(state_at("cta_misconduct"), "subject_left_service", how="retired")
    with pytest.raises(IllegalStepError, match="only for gross misconduct"):
        _next(left, "refer_to_misconduct_hearing", final_written_warning_in_force="yes")
    with pytest.raises(IllegalStepError, match="no longer serving"):
        _next(left, "refer_to_misconduct_meeting")


def test_a_remitted_accelerated_hearing_goes_to_a_hearing() -> None:
    remitted = _next(state_at("accelerated"), "remit_accelerated_hearing")
    assert (remitted.form, remitted.special_conditions, remitted.case_to_answer) == (
        None,
        False,
        "gross_misconduct",
    )
    assert _next(remitted, "refer_to_misconduct_hearing").form == "misconduct_hearing"


def test_staff_go_through_the_staff_disciplinary_procedure() -> None:
    staff = state_at("cta_gross", "staff")
    for step in (
        "refer_to_misconduct_meeting",
        "refer_to_misconduct_hearing",
        "refer_to_accelerated_hearing",
    ):
        with pytest.raises(IllegalStepError, match="do not apply to police staff"):
            _next(staff, step)
    with pytest.raises(IllegalStepError, match="do not apply to police staff"):
        _next(state_at("reported", "staff"), "certify_special_conditions")
    referred = _next(staff, "refer_to_staff_disciplinary")
    with pytest.raises(IllegalStepError, match="taken only from proceedings"):
        _next(referred, "record_outcome", finding="gross_misconduct", outcome="summary_dismissal")
    with pytest.raises(IllegalStepError, match="may impose on the subject only"):
        _next(
            referred,
            "record_staff_outcome",
            finding="gross_misconduct",
            outcome="reduction_in_rank",
        )
    done = _next(
        referred, "record_staff_outcome", finding="gross_misconduct", outcome="summary_dismissal"
    )
    assert done.stage("misconduct") == "outcome_recorded"
    assert [o.kind for o in done.pending()] == ["barred_list"]
    assert state_at("served", "staff").notices[0].variant == "staff"
