"""A full APSP case, from the alert to the outcome, with its criminal track and what falls due."""

from __future__ import annotations

from datetime import date

from statutory_world import AA, INV, at, opened, state_at, why

from boundline.cases.statutory import (
    ProcessState,
    Transition,
    apply,
    due,
    open_process,
    state_from_json,
    state_to_json,
)

D = date.fromisoformat


def test_an_apsp_case_from_referral_to_outcome() -> None:
    log: list[Transition] = []

    def step(state: ProcessState, name: str, role: str, day: str, **fields: str) -> ProcessState:
        t = apply(state, name, actor_role=role, at=at(day), fields=why(**fields), actor=f"{role}-1")
        log.append(t)
        # the service stores the state as JSON after every step
        return state_from_json(state_to_json(t.state))

    s = open_process(
        subject_kind="officer",
        apsp=True,
        came_to_attention=D("2027-03-24"),
        actor="aa-1",
        actor_role=AA,
        at=at("2027-03-25"),
        reason="BL102 alert triaged",
    ).state
    assert s.open_deadline("iopc_referral").due_on == D("2027-03-26")  # Good Friday still counts
    assert [i.kind for i in due({"C-1": s}, on=D("2027-03-26"))] == ["iopc_referral"]
    s = step(s, "refer_to_iopc", AA, "2027-03-26")
    s = step(s, "record_iopc_decision", AA, "2027-04-06", mode="directed")
    s = step(s, "open_criminal_investigation", INV, "2027-04-06")
    s = step(s, "appoint_investigator", AA, "2027-04-07", investigator="DS Rowe")
    s = step(s, "assess_severity", AA, "2027-04-07", severity="gross_misconduct")
    s = step(s, "serve_reg17_notice", INV, "2027-04-08")
    assert s.open_deadline("representations").due_on == D("2027-04-22")
    s = step(s, "schedule_interview", INV, "2027-04-09", date="2027-04-30")
    items = due({"C-1": s}, on=D("2027-04-20"))
    assert [(i.kind, i.due_on, i.status) for i in items] == [
        ("representations", D("2027-04-22"), "due")
    ]
    assert items[0].working_days_left == 2
    s = step(s, "receive_representations", INV, "2027-04-21")
    s = step(s, "postpone_interview", INV, "2027-04-26", new_date="2027-05-07")  # 3 May is May Day
    s = step(s, "hold_interview", INV, "2027-05-07")
    s = step(s, "refer_to_cps", INV, "2027-05-10")
    s = step(s, "submit_reg21_report", INV, "2027-06-01", opinion="case_to_answer_gross_misconduct")
    s = step(s, "decide_case_to_answer", AA, "2027-06-03", decision="gross_misconduct")
    s = step(s, "refer_to_misconduct_hearing", AA, "2027-06-04")
    s = step(s, "record_charge", INV, "2027-06-10", charges="misconduct in public office")
    s = step(
        s,
        "record_outcome",
        AA,
        "2027-08-27",
        finding="gross_misconduct",
        outcome="dismissal_without_notice",
    )
    # Fri 27 Aug counts as day 1; Mon 30 Aug is a bank holiday
    assert s.open_deadline("barred_list").due_on == D("2027-09-03")
    overdue = due({"C-1": s}, on=D("2027-09-06"))
    # the officer's time to appeal (PAT Rules 2020 r 9) runs too: 10 working days after
    assert [(i.kind, i.overdue, i.working_days_left) for i in overdue] == [
        ("barred_list", True, -1),
        ("appeal_tribunal", False, 5),
    ]
    s = step(s, "refer_to_barred_list", AA, "2027-09-01")
    s = step(s, "close_case", AA, "2027-09-01")
    s = step(
        s, "record_criminal_outcome", AA, "2028-02-01", verdict="convicted", sentence="2 years"
    )

    assert dict(s.stages) == {"misconduct": "closed", "criminal": "criminal_concluded"}
    assert due({"C-1": s}, on=D("2028-02-02")) == []
    assert [r.step for r in s.history][:3] == ["open_case", "refer_to_iopc", "record_iopc_decision"]
    assert len(s.history) == len(log) + 1
    record = s.history[-3]
    assert (record.step, record.actor, record.actor_role, record.at, record.reason) == (
        "refer_to_barred_list",
        "appropriate_authority-1",
        AA,
        at("2027-09-01"),
        "test",
    )
    assert ("outcome", "dismissal_without_notice") in s.history[-4].fields
    assert (s.mode, s.investigator, s.finding, s.outcome) == (
        "directed",
        "DS Rowe",
        "gross_misconduct",
        "dismissal_without_notice",
    )
    assert all(not d.open for d in s.deadlines)


def test_due_lists_many_cases_most_urgent_first() -> None:
    states = {"B": state_at("served"), "A": opened(), "C": state_at("left")}
    items = due(states, on=D("2027-01-05"), within=5)
    assert [(i.case, i.kind, i.status) for i in items] == [
        ("A", "iopc_referral", "overdue"),
        ("C", "advisory_list", "overdue"),
        ("B", "representations", "due"),
    ]
    assert items[0].what == "refer the APSP matter to the IOPC"
    later = due(states, on=D("2027-12-20"), within=1)
    assert [(i.case, i.kind, i.status, i.what.endswith("(period 1)")) for i in later] == [
        ("A", "iopc_referral", "overdue", False),
        ("C", "advisory_list", "overdue", False),
        ("B", "representations", "overdue", False),
        ("A", "progress_letter", "due", True),
        ("B", "progress_letter", "due", True),
        ("C", "progress_letter", "due", True),
    ]


def test_an_obligation_without_a_deadline_is_listed_as_pending() -> None:
    s = apply(
        state_at("served"),
        "assess_severity",
        actor_role=AA,
        at=at("2027-01-04"),
        fields=why(severity="misconduct"),
    ).state
    pending = [i for i in due({"X": s}, on=D("2027-01-04")) if i.due_on is None]
    assert [(i.kind, i.status) for i in pending] == [("notify_severity_change", "pending")]
