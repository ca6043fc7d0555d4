"""Every step of process.toml, table-driven: from a state, a step by a role with fields → a stage or an error."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from statutory_world import AA, INV, at, state_at, why
from test_statutory_new_steps import NEW_STEPS

from boundline.cases.statutory import allowed_steps, apply, default_process, open_process
from boundline.errors import IllegalStepError, UserInputError

# (start state, step, role, fields, expected stage of the step's track)
LEGAL = [
    ("recorded", "refer_to_iopc", AA, why(), "referred"),
    ("recorded_plain", "investigate_locally", AA, why(), "investigation"),
    ("referred", "record_iopc_decision", AA, why(mode="independent"), "investigation"),
    ("investigation", "appoint_investigator", AA, why(investigator="DC Ahmed"), "investigation"),
    ("investigation", "assess_severity", AA, why(severity="misconduct"), "investigation"),
    ("assessed", "serve_reg17_notice", INV, why(), "investigation"),
    ("served", "extend_representations", INV, why(new_due="2027-01-20"), "investigation"),
    ("served", "receive_representations", INV, why(), "investigation"),
    ("served", "schedule_interview", INV, why(date="2027-01-06", agreed="yes"), "investigation"),
    ("interview_set", "postpone_interview", INV, why(new_date="2027-01-05"), "investigation"),
    ("interview_set", "hold_interview", INV, why(), "investigation"),
    ("recorded", "send_progress_letter", AA, why(), "recorded"),
    ("served", "submit_reg21_report", INV, why(opinion="no_case_to_answer"), "report_submitted"),
    ("served", "certify_special_conditions", AA, why(), "case_to_answer"),
    ("reported", "decide_case_to_answer", AA, why(decision="gross_misconduct"), "case_to_answer"),
    (
        "reported",
        "decide_no_case_to_answer",
        AA,
        why(referral="reflective_practice"),
        "no_case_to_answer",
    ),
    ("cta_misconduct", "refer_to_misconduct_meeting", AA, why(), "proceedings"),
    ("cta_gross", "refer_to_misconduct_hearing", AA, why(), "proceedings"),
    (
        "cta_misconduct",
        "refer_to_misconduct_hearing",
        AA,
        why(final_written_warning_in_force="yes"),
        "proceedings",
    ),
    ("certified", "refer_to_accelerated_hearing", AA, why(), "proceedings"),
    ("accelerated", "remit_accelerated_hearing", AA, why(), "case_to_answer"),
    (
        "hearing",
        "record_outcome",
        AA,
        why(finding="gross_misconduct", outcome="reduction_in_rank"),
        "outcome_recorded",
    ),
    ("dismissed", "refer_to_barred_list", AA, why(), "outcome_recorded"),
    ("investigation", "subject_left_service", AA, why(how="retired"), "investigation"),
    ("left", "refer_to_advisory_list", AA, why(), "investigation"),
    ("no_case", "close_case", AA, why(), "closed"),
    (
        "recorded",
        "open_criminal_investigation",
        INV,
        why(offence="misconduct in public office"),
        "criminal_investigation",
    ),
    ("crim_open", "refer_to_cps", INV, why(), "with_cps"),
    ("crim_open", "record_police_nfa", AA, why(), "criminal_nfa"),
    ("with_cps", "record_charge", INV, why(charges="MIPO x2"), "charged"),
    ("with_cps", "record_cps_nfa", INV, why(), "criminal_nfa"),
    (
        "charged",
        "record_criminal_outcome",
        INV,
        why(verdict="convicted", sentence="2 years"),
        "criminal_concluded",
    ),
]

STAFF_LEGAL = [
    ("cta_gross", "refer_to_staff_disciplinary", AA, why(), "staff_disciplinary"),
]

# (start state, step, role, fields, words the error message must contain)
ILLEGAL = [
    ("recorded", "investigate_locally", AA, why(), "must be referred to the IOPC"),
    ("recorded", "refer_to_iopc", INV, why(), "taken by appropriate_authority only"),
    ("recorded", "refer_to_iopc", "admin", why(), "Allowed now for admin: none"),
    ("recorded", "refer_to_iopc", AA, {}, "missing field reason"),
    ("recorded", "refer_to_iopc", AA, why(colour="red"), "unknown field colour"),
    ("recorded", "record_iopc_decision", AA, why(mode="local"), "taken only from referred"),
    (
        "referred",
        "record_iopc_decision",
        AA,
        why(mode="sideways"),
        "mode='sideways' is not one of local, directed, independent",
    ),
    ("referred", "record_iopc_decision", AA, why(), "missing field mode"),
    ("investigation", "serve_reg17_notice", INV, why(), "no investigator has been appointed"),
    ("investigation", "assess_severity", AA, why(severity="awful"), "is not one of"),
    (
        "investigation",
        "schedule_interview",
        INV,
        why(date="2027-01-06"),
        "notice has not been served",
    ),
    ("served", "schedule_interview", INV, why(date="6 Jan"), "is not a date"),
    ("served", "schedule_interview", INV, why(date="2026-12-01"), "in the past"),
    (
        "served",
        "extend_representations",
        INV,
        why(new_due="2027-01-05"),
        "is not after the current one",
    ),
    ("served", "postpone_interview", INV, why(new_date="2027-01-08"), "no interview is scheduled"),
    (
        "interview_set",
        "submit_reg21_report",
        INV,
        why(opinion="no_case_to_answer"),
        "an interview is scheduled",
    ),
    (
        "interview_set",
        "postpone_interview",
        INV,
        why(new_date="2026-12-28"),
        "not later than the date fixed",
    ),
    (
        "reported",
        "send_progress_letter",
        AA,
        why(),
        "taken only from recorded, referred, investigation",
    ),
    ("investigation", "certify_special_conditions", AA, why(), "is not gross misconduct"),
    ("reported", "certify_special_conditions", INV, why(), "taken by appropriate_authority only"),
    (
        "cta_gross",
        "refer_to_misconduct_meeting",
        AA,
        why(),
        "only for a case to answer for misconduct",
    ),
    (
        "cta_misconduct",
        "refer_to_misconduct_hearing",
        AA,
        why(),
        "final written warning is in force",
    ),
    (
        "cta_gross",
        "refer_to_accelerated_hearing",
        AA,
        why(),
        "special conditions have not been certified",
    ),
    ("cta_gross", "refer_to_staff_disciplinary", AA, why(), "does not apply to a police officer"),
    ("hearing", "remit_accelerated_hearing", AA, why(), "not an accelerated hearing"),
    (
        "hearing",
        "record_outcome",
        AA,
        why(finding="gross_misconduct", outcome="a stern look"),
        "may impose on the subject only",
    ),
    (
        "meeting",
        "record_outcome",
        AA,
        why(finding="gross_misconduct", outcome="written_warning"),
        "may find only: not_proven, misconduct",
    ),
    ("hearing", "refer_to_barred_list", AA, why(), "taken only from outcome_recorded"),
    ("reported", "refer_to_barred_list", AA, why(), "taken only from outcome_recorded"),
    ("dismissed", "close_case", AA, why(), "obligations are pending: barred_list"),
    ("left", "subject_left_service", AA, why(how="resigned"), "no longer serving"),
    ("investigation", "refer_to_advisory_list", AA, why(), "no advisory-list report is owed"),
    ("recorded", "refer_to_cps", INV, why(), "stage 'none' of the criminal track"),
    ("charged", "record_criminal_outcome", INV, why(verdict="hung"), "is not one of convicted"),
    ("recorded", "teleport", AA, why(), "there is no such step"),
]


def _take(start: str, step: str, role: str, fields: dict[str, str], subject: str = "officer"):
    state = state_at(start, subject)
    when = at(state.history[-1].at.date() + timedelta(days=1))
    return apply(state, step, actor_role=role, at=when, fields=fields, actor="user1")


@pytest.mark.parametrize(
    ("start", "step", "role", "fields", "stage"), LEGAL, ids=[r[1] + ":" + r[0] for r in LEGAL]
)
def test_a_legal_step_moves_its_track(
    start: str, step: str, role: str, fields: dict[str, str], stage: str
) -> None:
    t = _take(start, step, role, fields)
    track = default_process().step(step).track
    assert t.state.stage(track) == stage
    assert (t.record.step, t.record.actor, t.record.actor_role, t.record.reason) == (
        step,
        "user1",
        role,
        "test",
    )
    assert t.state.history[-1] == t.record
    assert step in allowed_steps(state_at(start), role)


@pytest.mark.parametrize(("start", "step", "role", "fields", "stage"), STAFF_LEGAL)
def test_a_legal_staff_step(
    start: str, step: str, role: str, fields: dict[str, str], stage: str
) -> None:
    assert _take(start, step, role, fields, "staff").state.stage("misconduct") == stage


@pytest.mark.parametrize(
    ("start", "step", "role", "fields", "words"), ILLEGAL, ids=[r[1] + ":" + r[0] for r in ILLEGAL]
)
def test_an_illegal_step_says_why_and_what_is_allowed(
    start: str, step: str, role: str, fields: dict[str, str], words: str
) -> None:
    with pytest.raises(IllegalStepError) as caught:
        _take(start, step, role, fields)
    message = str(caught.value)
    assert words in message
    assert f"Cannot take step {step!r} in stage" in message and "Allowed now for" in message
    assert isinstance(caught.value, UserInputError) and caught.value.exit_code == 2


def test_every_step_of_the_process_is_exercised_legally() -> None:
    covered = {row[1] for row in LEGAL + STAFF_LEGAL}
    covered |= {"record_staff_outcome"}  # test_statutory_outcomes.py
    covered |= NEW_STEPS  # test_statutory_new_steps.py (process version 2)
    assert covered == set(default_process().steps)


def test_allowed_steps_lists_only_what_the_role_may_take() -> None:
    recorded = state_at("recorded")
    assert allowed_steps(recorded, AA) == [
        "refer_to_iopc",
        "send_progress_letter",
        "subject_left_service",
        "suspend_subject",
        "restrict_duties",
        "record_affected_person",
        "record_reference",
        "change_subject_kind",
        "correct_step",
        "open_criminal_investigation",
    ]
    assert allowed_steps(recorded, INV) == [
        "record_affected_person",
        "record_reference",
        "correct_step",
        "open_criminal_investigation",
    ]
    assert allowed_steps(recorded, "auditor") == [] == allowed_steps(recorded, "analyst")


def test_a_failed_step_changes_nothing() -> None:
    before = state_at("served")
    with pytest.raises(IllegalStepError):
        _take("served", "submit_reg21_report", INV, why(opinion="maybe"))
    assert state_at("served") == before


def test_transition_reports_deadlines_started_and_closed() -> None:
    t = _take("assessed", "serve_reg17_notice", INV, why())
    assert [d.kind for d in t.started] == ["representations"]
    t = _take("recorded", "refer_to_iopc", AA, why())
    assert [(d.kind, d.closed_by) for d in t.closed] == [("iopc_referral", "refer_to_iopc")]


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        apply(
            state_at("recorded"),
            "refer_to_iopc",
            actor_role=AA,
            at=at("2026-12-22").replace(tzinfo=None),
            fields=why(),
        )


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"actor_role": "analyst"}, "taken by investigator, appropriate_authority only"),
        ({"subject_kind": "volunteer"}, "subject_kind must be one of officer, staff"),
        ({"reason": " "}, "missing field reason"),
        ({"came_to_attention": date(2027, 1, 1)}, "is after today"),
    ],
)
def test_opening_is_checked(kwargs: dict[str, object], words: str) -> None:
    args: dict[str, object] = {
        "subject_kind": "officer",
        "apsp": True,
        "came_to_attention": date(2026, 12, 21),
        "actor_role": AA,
        "at": at("2026-12-21"),
        "reason": "alert",
    }
    with pytest.raises(IllegalStepError, match=words):
        open_process(**{**args, **kwargs})  # type: ignore[arg-type]


def test_opening_records_who_when_and_why() -> None:
    t = open_process(
        subject_kind="staff",
        apsp=False,
        came_to_attention=date(2026, 12, 1),
        actor="inv7",
        actor_role=INV,
        at=at("2026-12-21"),
        reason="referred by line manager",
    )
    assert (t.record.step, t.record.to_stage, t.record.actor, t.record.reason) == (
        "open_case",
        "recorded",
        "inv7",
        "referred by line manager",
    )
    assert dict(t.state.stages) == {"misconduct": "recorded", "criminal": "none"}
    assert [d.kind for d in t.started] == ["progress_letter"]
