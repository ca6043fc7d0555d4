"""Effective dates: when a step took effect, apart from when it was recorded.

A step's effective date (``on``) may not be in the future, before the case was opened,
or before the effective date of the last step of the same line (the main line of its
track, or its thread); ``hold_interview`` not before the day fixed. The deadlines a step
starts count from its effective date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from statutory_world import AA, INV, OPENED, at, state_at, why

from boundline.cases.statutory import (
    Notice,
    ProcessState,
    StepRecord,
    Transition,
    apply,
    open_process,
    representations_due,
)
from boundline.errors import IllegalStepError

D = date.fromisoformat
SUSPEND = why(ground="public_interest", redeployment_considered="yes")

# (start state, step, role, fields, effective date, recorded on, words of the refusal or None)
DATES = [
    (
        "served",
        "receive_representations",
        INV,
        why(),
        "2026-12-28",
        "2026-12-27",
        "its effective date 2026-12-28 is in the future (it is recorded on 2026-12-27)",
    ),
    (
        "served",
        "receive_representations",
        INV,
        why(),
        "2026-12-25",
        "2026-12-27",
        "is before 2026-12-26, the effective date of the step it follows on the main line of the misconduct track (serve_reg17_notice)",
    ),
    ("served", "receive_representations", INV, why(), "2026-12-26", "2027-01-04", None),
    (
        "served",
        "record_reference",
        AA,
        why(kind="force", value="PSD/26/1"),
        "2026-12-20",
        "2026-12-27",
        "is before the case was opened (2026-12-21)",
    ),
    (
        "served",
        "record_reference",
        AA,
        why(kind="force", value="PSD/26/1"),
        "2026-12-21",
        "2026-12-27",
        None,
    ),
    # a step alongside the stages is ordered on its own thread, not the main line
    ("served", "suspend_subject", AA, SUSPEND, "2026-12-22", "2026-12-27", None),
    (
        "suspended",
        "review_suspension",
        AA,
        why(decision="continue"),
        "2026-12-23",
        "2026-12-27",
        "before 2026-12-24, the effective date of the step it follows on the suspension steps (suspend_subject)",
    ),
    (
        "victim",
        "update_affected_person",
        INV,
        why(ref="PERSON-91B0DE"),
        "2026-12-23",
        "2026-12-27",
        "on the affected steps (record_affected_person)",
    ),
    # the criminal track is its own line
    ("served", "open_criminal_investigation", INV, why(), "2026-12-22", "2026-12-27", None),
    (
        "crim_open",
        "refer_to_cps",
        INV,
        why(),
        "2026-12-21",
        "2026-12-27",
        "on the main line of the criminal track (open_criminal_investigation)",
    ),
    # the interview: not held before the day fixed (2026-12-28 in interview_set)
    (
        "interview_set",
        "hold_interview",
        INV,
        why(),
        "2026-12-27",
        "2026-12-27",
        "the interview is fixed for 2026-12-28: it cannot have been held on 2026-12-27",
    ),
    ("interview_set", "hold_interview", INV, why(), "2026-12-28", "2027-01-04", None),
    (
        "served",
        "schedule_interview",
        INV,
        why(date="2026-12-27"),
        "2026-12-28",
        "2027-01-04",
        "the interview date 2026-12-27 is in the past",
    ),
    ("dismissed", "lodge_appeal", AA, why(), "2026-12-31", "2027-01-04", "before 2027-01-01"),
]


def _take(
    start: str, step: str, role: str, fields: dict[str, str], on: str, recorded: str
) -> Transition:
    return apply(state_at(start), step, actor_role=role, at=at(recorded), fields=fields, on=D(on))


@pytest.mark.parametrize(
    ("start", "step", "role", "fields", "on", "recorded", "words"),
    DATES,
    ids=[f"{r[1]}:{r[0]}:{r[4]}" for r in DATES],
)
def test_effective_dates_are_validated(
    start: str,
    step: str,
    role: str,
    fields: dict[str, str],
    on: str,
    recorded: str,
    words: str | None,
) -> None:
    if words is None:
        t = _take(start, step, role, fields, on, recorded)
        assert (t.record.on, t.record.at) == (D(on), at(recorded))
        return
    with pytest.raises(IllegalStepError) as caught:
        _take(start, step, role, fields, on, recorded)
    assert words in str(caught.value)
    assert f"Cannot take step {step!r}" in str(caught.value)


def _walk(steps: list[tuple[str, str, str, dict[str, str]]], state: ProcessState) -> ProcessState:
    for step, role, day, fields in steps:
        state = apply(state, step, actor_role=role, at=at(day), fields=fields).state
    return state


def test_the_interview_fixed_for_11_december_is_not_held_on_2_december() -> None:
    state = open_process(
        subject_kind="officer",
        apsp=True,
        came_to_attention=D("2026-11-02"),
        actor_role=AA,
        at=at("2026-11-02"),
        reason="APSP alert",
    ).state
    state = _walk(
        [
            ("refer_to_iopc", AA, "2026-11-02", why()),
            ("record_iopc_decision", AA, "2026-11-09", why(mode="local")),
            ("appoint_investigator", AA, "2026-11-09", why(investigator="DS Rowe")),
            ("assess_severity", AA, "2026-11-10", why(severity="gross_misconduct")),
            ("serve_reg17_notice", INV, "2026-11-11", why()),
            ("schedule_interview", INV, "2026-11-30", why(date="2026-12-11", agreed="yes")),
        ],
        state,
    )
    with pytest.raises(IllegalStepError, match="fixed for 2026-12-11: it cannot have been held"):
        apply(state, "hold_interview", actor_role=INV, at=at("2026-12-02"), fields=why())
    held = apply(
        state,
        "hold_interview",
        actor_role=INV,
        at=at("2026-12-14"),
        fields=why(),
        on=D("2026-12-11"),
    ).state
    assert held.interview is not None and held.interview.held_on == D("2026-12-11")


def test_deadlines_count_from_the_effective_day() -> None:
    # the notice was served on Sat 26 Dec and recorded on Mon 4 Jan
    t = apply(
        state_at("assessed"),
        "serve_reg17_notice",
        actor_role=INV,
        at=at("2027-01-04"),
        fields=why(),
        on=D("2026-12-26"),
    )
    notice = t.state.notices[0]
    assert (notice.served_on, notice.served_at) == (D("2026-12-26"), at("2027-01-04"))
    due = t.state.open_deadline("representations")
    assert due is not None and due.due_on == representations_due(D("2026-12-26"))
    assert due.due_on == D("2027-01-12") and due.started_at == at("2027-01-04")
    # a suspension decided on 24 Dec, recorded on 30 Dec: reviewed within 4 weeks of the 24th
    s = apply(
        state_at("investigation"),
        "suspend_subject",
        actor_role=AA,
        at=at("2026-12-30"),
        fields=SUSPEND,
        on=D("2026-12-24"),
    ).state
    review = s.open_deadline("suspension_review")
    assert review is not None and review.due_on == D("2027-01-21")
    assert s.measure is not None and s.measure.since == D("2026-12-24")


def test_a_severity_assessment_records_its_effective_day() -> None:
    s = apply(
        state_at("investigation"),
        "assess_severity",
        actor_role=AA,
        at=at("2026-12-30"),
        fields=why(severity="misconduct"),
        on=D("2026-12-24"),
    ).state
    assert (s.severity[-1].on, s.severity[-1].at) == (D("2026-12-24"), at("2026-12-30"))


@pytest.mark.parametrize(
    ("on", "came", "words"),
    [
        ("2026-12-22", "2026-12-21", "is in the future"),
        ("2026-12-20", "2026-12-21", "before the matter came to attention (2026-12-21)"),
    ],
)
def test_the_opening_day_is_checked(on: str, came: str, words: str) -> None:
    with pytest.raises(IllegalStepError, match=re.escape(words)):
        open_process(
            subject_kind="officer",
            apsp=True,
            came_to_attention=D(came),
            actor_role=AA,
            at=at(OPENED),
            reason="alert",
            on=D(on),
        )


def test_the_referral_is_due_the_day_after_the_opening_took_effect() -> None:
    t = open_process(
        subject_kind="officer",
        apsp=True,
        came_to_attention=D("2026-12-21"),
        actor_role=AA,
        at=at("2026-12-23"),
        reason="recorded late",
        on=D("2026-12-21"),
    )
    assert t.record.on == D("2026-12-21")
    referral = t.state.open_deadline("iopc_referral")
    assert referral is not None and referral.due_on == D("2026-12-22")


def test_a_day_left_out_is_the_local_day_of_the_instant() -> None:
    late = datetime(2027, 6, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 June in London
    record = StepRecord(
        "refer_to_iopc", "misconduct", "recorded", "referred", "", AA, late, "r", ()
    )
    assert record.on == D("2027-06-02")
    notice = Notice(1, "officer", 1, "misconduct", late)
    assert notice.served_on == D("2027-06-02")
    explicit = StepRecord("x", "misconduct", "", "", "", AA, late, "r", (), D("2027-05-30"))
    assert explicit.on == D("2027-05-30")
