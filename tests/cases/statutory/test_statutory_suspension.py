"""Suspension and restricted duties, reviewed at least every 4 weeks (Conduct Regs 11)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from statutory_world import AA, INV, at, state_at, why

from boundline.cases.statutory import ProcessState, apply, due
from boundline.errors import IllegalStepError

D = date.fromisoformat
SUSPEND = {"ground": "investigation_prejudiced", "redeployment_considered": "yes"}


def _do(state: ProcessState, step: str, day: str, role: str = AA, **fields: str) -> ProcessState:
    return apply(state, step, actor_role=role, at=at(day), fields=why(**fields)).state


def _suspended(subject: str = "officer", day: str = "2027-01-04") -> ProcessState:
    return _do(state_at("investigation", subject), "suspend_subject", day, **SUSPEND)


def test_a_suspension_is_reviewed_every_four_weeks() -> None:
    s = _suspended()
    assert s.measure is not None and (s.measure.kind, s.measure.since, s.measure.ground) == (
        "suspended",
        D("2027-01-04"),
        "investigation_prejudiced",
    )
    review = s.open_deadline("suspension_review")
    assert review is not None and (review.due_on, review.period) == (D("2027-02-01"), 1)
    assert [(i.kind, i.status) for i in due({"C": s}, on=D("2027-01-26"))] == [
        ("suspension_review", "due")
    ]
    assert [(i.kind, i.status) for i in due({"C": s}, on=D("2027-02-02"))] == [
        ("suspension_review", "overdue")
    ]
    s = _do(s, "review_suspension", "2027-02-01", decision="continue")
    review = s.open_deadline("suspension_review")
    assert review is not None and (review.due_on, review.period) == (D("2027-03-01"), 2)
    s = _do(s, "review_suspension", "2027-02-20", decision="continue")  # an early review
    review = s.open_deadline("suspension_review")
    assert review is not None and review.due_on == D("2027-03-20")
    assert s.measure is not None and (s.measure.reviews, s.measure.last_review_on) == (
        2,
        D("2027-02-20"),
    )
    closed = [d for d in s.deadlines if d.kind == "suspension_review" and not d.open]
    assert [d.closed_by for d in closed] == ["review_suspension", "review_suspension"]


# (decision at the review of a suspension, the measure after, the review deadline open after)
REVIEWS = [
    ("continue", "suspended", "suspension_review"),
    ("lift", None, None),
    ("restricted_duties", "restricted_duties", "restriction_review"),
]


@pytest.mark.parametrize(("decision", "measure", "deadline"), REVIEWS)
def test_what_a_review_decides(decision: str, measure: str | None, deadline: str | None) -> None:
    s = _do(_suspended(), "review_suspension", "2027-01-20", decision=decision)
    assert (s.measure.kind if s.measure else None) == measure
    reviews = {"suspension_review", "restriction_review"}
    assert [d.kind for d in s.deadlines if d.open and d.kind in reviews] == (
        [deadline] if deadline else []
    )
    if decision != "continue":
        assert s.measures[0].ended_on == D("2027-01-20")
        assert s.measures[0].ended_by == "review_suspension"


def test_restricted_duties_are_reviewed_and_may_become_a_suspension() -> None:
    s = _do(state_at("investigation"), "restrict_duties", "2027-01-04", duties="office only")
    assert s.open_deadline("restriction_review") is not None
    assert s.open_deadline("restriction_review").due_on == D("2027-02-01")  # type: ignore[union-attr]
    s = _do(s, "suspend_subject", "2027-01-11", **SUSPEND)
    assert [(m.kind, m.ended_on) for m in s.measures] == [
        ("restricted_duties", D("2027-01-11")),
        ("suspended", None),
    ]
    assert s.open_deadline("restriction_review") is None
    assert s.open_deadline("suspension_review") is not None


def test_a_staff_suspension_follows_the_force_procedure() -> None:
    s = _suspended("staff")
    assert s.open_deadline("suspension_review") is None
    review = s.open_deadline("staff_suspension_review")
    assert review is not None and review.due_on == D("2027-02-01")
    items = due({"C": s}, on=D("2027-02-01"), within=0)
    assert [i.what for i in items] == ["review the staff member's suspension (force procedure)"]


def test_a_changed_subject_kind_keeps_the_running_review_and_uses_its_own_next() -> None:
    s = _do(_suspended(), "change_subject_kind", "2027-01-05", kind="staff")
    review = s.open_deadline("suspension_review")
    assert review is not None and review.due_on == D("2027-02-01")
    s = _do(s, "review_suspension", "2027-01-29", decision="continue")
    assert s.open_deadline("suspension_review") is None
    assert s.open_deadline("staff_suspension_review") is not None


def test_leaving_the_service_ends_the_suspension() -> None:
    s = _do(_suspended(), "subject_left_service", "2027-01-10", how="resigned")
    assert s.measure is None and s.measures[0].ended_by == "subject_left_service"
    assert s.open_deadline("suspension_review") is None


def test_a_case_does_not_close_while_the_subject_is_suspended() -> None:
    s = _suspended()
    for step, role, fields in [
        ("appoint_investigator", AA, {"investigator": "DS Rowe"}),
        ("assess_severity", AA, {"severity": "misconduct"}),
        ("serve_reg17_notice", INV, {}),
        ("submit_reg21_report", INV, {"opinion": "no_case_to_answer"}),
        ("decide_no_case_to_answer", AA, {"referral": "none"}),
    ]:
        s = _do(s, step, "2027-01-05", role, **fields)
    with pytest.raises(IllegalStepError, match="the subject is suspended: review_suspension"):
        _do(s, "close_case", "2027-01-06")
    with pytest.raises(IllegalStepError, match="taken only from recorded"):
        _do(s, "suspend_subject", "2027-01-06", **SUSPEND)  # no proceedings: no new suspension
    s = _do(s, "lift_suspension", "2027-01-06")
    assert s.measure is None
    assert _do(s, "close_case", "2027-01-06").stage("misconduct") == "closed"


def test_reviews_run_on_their_own_thread_of_dates() -> None:
    s = _suspended(day="2027-01-04")
    later = s.history[-1].at.date() + timedelta(days=30)
    s = _do(s, "review_suspension", later.isoformat(), decision="continue")
    with pytest.raises(IllegalStepError, match="on the suspension steps"):
        apply(
            s,
            "lift_suspension",
            actor_role=AA,
            at=at("2027-02-10"),
            fields=why(),
            on=D("2027-02-01"),
        )
