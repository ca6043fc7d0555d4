"""Appeals: the time to appeal (officer and staff), in and out of time, and the decision."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from statutory_world import AA, VICTIM, at, state_at, why

from boundline.cases.statutory import ProcessState, apply, due
from boundline.errors import IllegalStepError

D = date.fromisoformat


def _do(state: ProcessState, step: str, day: str, **fields: str) -> ProcessState:
    return apply(state, step, actor_role=AA, at=at(day), fields=why(**fields)).state


def _next(state: ProcessState, step: str, **fields: str) -> ProcessState:
    day = (state.history[-1].at.date() + timedelta(days=1)).isoformat()
    return _do(state, step, day, **fields)


def _outcome(subject: str, form: str, finding: str, outcome: str, **extra: str) -> ProcessState:
    """An outcome of Mon 4 Jan 2027 (recorded on the 6th) after the proceedings ``form``."""
    if subject == "staff":
        state = _next(state_at("cta_gross", "staff"), "refer_to_staff_disciplinary")
        step = "record_staff_outcome"
    else:
        state, step = state_at(form), "record_outcome"
    fields = why(finding=finding, outcome=outcome, **extra)
    t = apply(state, step, actor_role=AA, at=at("2027-01-06"), fields=fields, on=D("2027-01-04"))
    return t.state


# (subject, proceedings, finding, outcome, extra outcome fields, deadline kind, last day)
WINDOWS = [
    (
        "officer",
        "hearing",
        "gross_misconduct",
        "dismissal_without_notice",
        {},
        "appeal_tribunal",
        "2027-01-18",
    ),
    (
        "officer",
        "hearing",
        "gross_misconduct",
        "dismissal_without_notice",
        {"decision_given_on": "2027-01-06"},
        "appeal_tribunal",
        "2027-01-20",
    ),
    (
        "officer",
        "accelerated",
        "gross_misconduct",
        "reduction_in_rank",
        {},
        "appeal_tribunal",
        "2027-01-18",
    ),
    ("officer", "meeting", "misconduct", "written_warning", {}, "appeal_meeting", "2027-01-13"),
    ("staff", "", "gross_misconduct", "summary_dismissal", {}, "appeal_staff", "2027-01-18"),
]


@pytest.mark.parametrize(
    ("subject", "form", "finding", "outcome", "extra", "kind", "last"),
    WINDOWS,
    ids=[f"{r[0]}:{r[1]}:{r[5]}:{r[6]}" for r in WINDOWS],
)
def test_appeals_in_and_out_of_time(
    subject: str, form: str, finding: str, outcome: str, extra: dict[str, str], kind: str, last: str
) -> None:
    s = _outcome(subject, form, finding, outcome, **extra)
    window = s.open_deadline(kind)
    assert window is not None and window.due_on == D(last)
    listed = [(i.kind, i.status) for i in due({"C": s}, on=D(last), within=0)]
    assert (kind, "due") in listed
    # on the last day: in time
    in_time = _do(s, "lodge_appeal", last)
    assert in_time.stage("misconduct") == "appeal"
    appeal = in_time.pending_appeal
    assert appeal is not None and (appeal.body, appeal.lodged_on, appeal.outcome) == (
        kind,
        D(last),
        outcome,
    )
    assert in_time.open_deadline(kind) is None
    # the day after: refused without the reason it was accepted late
    late = (D(last) + timedelta(days=1)).isoformat()
    with pytest.raises(IllegalStepError, match=f"ended on {last}; a late notice"):
        _do(s, "lodge_appeal", late)
    accepted = _do(s, "lodge_appeal", late, out_of_time_reason="hospital; chair extended")
    assert accepted.appeals[-1].out_of_time_reason == "hospital; chair extended"
    # once passed, the subject's time to appeal is no longer listed as due
    assert kind not in [i.kind for i in due({"C": s}, on=D(late), within=5)]


def test_the_written_decision_cannot_be_given_before_the_outcome_or_in_the_future() -> None:
    with pytest.raises(IllegalStepError, match="before the outcome"):
        _outcome(
            "officer",
            "hearing",
            "gross_misconduct",
            "final_written_warning",
            decision_given_on="2027-01-01",
        )
    with pytest.raises(IllegalStepError, match="is in the future"):
        _outcome(
            "officer",
            "hearing",
            "gross_misconduct",
            "final_written_warning",
            decision_given_on="2027-01-07",
        )


def test_no_appeal_against_not_proven_and_one_appeal_per_outcome() -> None:
    s = _outcome("officer", "hearing", "not_proven", "no_action")
    assert not [d for d in s.deadlines if d.kind.startswith("appeal_")]
    with pytest.raises(IllegalStepError, match="no finding to appeal against"):
        _next(s, "lodge_appeal")
    s = _next(state_at("appealed"), "record_appeal_outcome", result="dismissed")
    assert (s.stage("misconduct"), s.outcome, s.appeals[-1].result) == (
        "outcome_recorded",
        "dismissal_without_notice",
        "dismissed",
    )
    with pytest.raises(IllegalStepError, match="already lodged"):
        _next(s, "lodge_appeal")


def test_a_case_cannot_close_while_an_appeal_is_pending() -> None:
    with pytest.raises(IllegalStepError, match="taken only from"):
        _next(_next(state_at("appealed"), "refer_to_barred_list"), "close_case")


def test_an_allowed_appeal_withdraws_a_barred_list_report_not_yet_made() -> None:
    s = state_at("appealed")
    assert [o.kind for o in s.pending()] == ["barred_list"]
    s = _next(
        s,
        "record_appeal_outcome",
        result="allowed",
        finding="gross_misconduct",
        outcome="final_written_warning",
    )
    assert (s.finding, s.outcome) == ("gross_misconduct", "final_written_warning")
    assert s.pending() == () and s.open_deadline("barred_list") is None
    closed = [d for d in s.deadlines if d.kind == "barred_list"][-1]
    assert closed.closed_by == "record_appeal_outcome"
    assert _next(s, "close_case").stage("misconduct") == "closed"


def test_an_appeal_allowed_after_the_report_obliges_the_further_report() -> None:
    s = state_at("overturned")  # reported on 2 Jan, allowed on 4 Jan
    change = s.open_deadline("barred_list_change")
    assert change is not None and change.due_on == D("2027-01-08")  # 5 working days from the 4th
    assert [(i.kind, i.status) for i in due({"C": s}, on=D("2027-01-05"))] == [
        ("barred_list_change", "due")
    ]
    with pytest.raises(IllegalStepError, match="obligations are pending: barred_list_change"):
        _next(s, "close_case")
    s = _next(s, "report_barred_list_change")
    assert s.pending() == ()
    assert _next(s, "close_case").stage("misconduct") == "closed"


def test_a_remitted_appeal_goes_back_to_the_proceedings_for_a_new_outcome() -> None:
    s = _next(_next(state_at("dismissed"), "refer_to_barred_list"), "lodge_appeal")
    s = _next(s, "record_appeal_outcome", result="remitted")
    assert (s.stage("misconduct"), s.form, s.finding, s.outcome) == (
        "proceedings",
        "misconduct_hearing",
        None,
        None,
    )
    assert [o.kind for o in s.pending()] == ["barred_list_change"]
    s = _next(s, "record_outcome", finding="gross_misconduct", outcome="dismissal_without_notice")
    assert {o.kind for o in s.pending()} == {"barred_list_change", "barred_list"}
    assert s.open_deadline("appeal_tribunal") is not None  # a new outcome, a new time to appeal
    assert _next(s, "lodge_appeal").stage("misconduct") == "appeal"


def test_a_remitted_staff_appeal_goes_back_to_the_staff_procedure() -> None:
    s = _outcome("staff", "", "gross_misconduct", "summary_dismissal")
    s = _next(_next(s, "lodge_appeal"), "record_appeal_outcome", result="remitted")
    assert s.stage("misconduct") == "staff_disciplinary"
    assert s.pending() == ()  # the report not yet made is withdrawn


def test_a_former_officers_finding_overturned_on_appeal() -> None:
    left = _next(state_at("cta_gross"), "subject_left_service", how="resigned")
    s = _next(_next(left, "refer_to_advisory_list"), "refer_to_misconduct_hearing")
    s = _next(s, "record_outcome", finding="gross_misconduct", outcome="would_have_been_dismissed")
    s = _next(s, "lodge_appeal")
    with pytest.raises(IllegalStepError, match="may impose on a former officer only"):
        _next(
            s,
            "record_appeal_outcome",
            result="allowed",
            finding="gross_misconduct",
            outcome="final_written_warning",
        )
    s = _next(
        s, "record_appeal_outcome", result="allowed", finding="not_proven", outcome="no_action"
    )
    assert s.pending() == () and s.outcome == "no_action"


def test_the_affected_person_is_owed_the_appeal_decision() -> None:
    s = _next(state_at("appealed"), "record_affected_person", ref=VICTIM, role="victim")
    s = _next(s, "update_affected_person", ref=VICTIM)
    assert [o.kind for o in s.pending()] == ["barred_list"]
    s = _next(s, "record_appeal_outcome", result="dismissed")
    assert [(o.kind, o.ref) for o in s.pending()] == [
        ("barred_list", ""),
        ("inform_affected_person", VICTIM),
    ]


def test_a_notice_of_appeal_after_the_case_was_closed_reopens_it() -> None:
    s = _outcome("officer", "hearing", "gross_misconduct", "final_written_warning")
    s = _do(s, "close_case", "2027-01-07")
    assert due({"C": s}, on=D("2027-01-07")) == []  # closing stops the clock of the appeal
    s = _do(s, "reopen_case", "2027-01-12")
    assert s.stage("misconduct") == "outcome_recorded"
    s = _do(s, "lodge_appeal", "2027-01-12")
    assert s.stage("misconduct") == "appeal" and s.appeals[-1].out_of_time_reason is None
