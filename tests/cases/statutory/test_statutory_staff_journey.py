"""A whole pure journey for a PCSO (police staff), from the APSP alert to the closed case."""

from __future__ import annotations

from datetime import date

from statutory_world import AA, INV, at, why

from boundline.cases.statutory import (
    ProcessState,
    Transition,
    apply,
    due,
    notice_fields,
    open_process,
    replay,
    state_from_json,
    state_to_json,
)

D = date.fromisoformat


def test_a_pcso_from_referral_to_a_dismissed_appeal() -> None:
    log: list[Transition] = []

    def step(
        state: ProcessState, name: str, role: str, day: str, on: str | None = None, **fields: str
    ) -> ProcessState:
        t = apply(
            state,
            name,
            actor_role=role,
            at=at(day),
            fields=why(**fields),
            actor=f"{role}-1",
            on=D(on) if on else None,
        )
        log.append(t)
        return state_from_json(state_to_json(t.state))

    s = open_process(
        subject_kind="staff",
        apsp=True,
        came_to_attention=D("2027-03-01"),
        actor="aa-1",
        actor_role=AA,
        at=at("2027-03-01"),
        reason="BL102 alert on a PCSO",
    ).state
    s = step(s, "refer_to_iopc", AA, "2027-03-02")
    s = step(s, "record_iopc_decision", AA, "2027-03-09", mode="local")
    s = step(s, "appoint_investigator", AA, "2027-03-09", investigator="DS Rowe")
    s = step(s, "assess_severity", AA, "2027-03-10", severity="gross_misconduct")
    # served on Thursday 11 March, recorded on the Monday after
    s = step(s, "serve_reg17_notice", INV, "2027-03-15", on="2027-03-11")
    assert s.notices[0].variant == "staff" and s.notices[0].served_on == D("2027-03-11")
    assert s.open_deadline("representations").due_on == D("2027-03-25")  # type: ignore[union-attr]
    assert notice_fields(s)["likely_proceedings"] == (
        "disciplinary hearing under the police staff disciplinary procedure"
    )
    s = step(s, "receive_representations", INV, "2027-03-22")
    s = step(s, "schedule_interview", INV, "2027-03-23", date="2027-03-30", agreed="yes")
    s = step(s, "hold_interview", INV, "2027-03-31", on="2027-03-30")
    s = step(s, "submit_reg21_report", INV, "2027-04-20", opinion="case_to_answer_gross_misconduct")
    s = step(s, "decide_case_to_answer", AA, "2027-04-22", decision="gross_misconduct")
    s = step(s, "refer_to_staff_disciplinary", AA, "2027-04-23")
    s = step(
        s,
        "record_staff_outcome",
        AA,
        "2027-05-24",
        finding="gross_misconduct",
        outcome="summary_dismissal",
        decision_given_on="2027-05-24",
    )
    assert s.stage("misconduct") == "outcome_recorded"
    items = due({"PCSO": s}, on=D("2027-05-24"), within=10)
    assert [(i.kind, i.due_on) for i in items] == [
        ("barred_list", D("2027-05-28")),  # 5 working days beginning with the dismissal
        ("appeal_staff", D("2027-06-08")),  # 10 working days after (31 May is a bank holiday)
    ]
    s = step(s, "refer_to_barred_list", AA, "2027-05-25")
    s = step(s, "lodge_appeal", AA, "2027-06-01")
    assert s.stage("misconduct") == "appeal" and s.pending_appeal is not None
    assert s.pending_appeal.body == "appeal_staff"
    s = step(s, "record_appeal_outcome", AA, "2027-07-01", result="dismissed")
    assert (s.finding, s.outcome, s.appeals[-1].result) == (
        "gross_misconduct",
        "summary_dismissal",
        "dismissed",
    )
    s = step(s, "close_case", AA, "2027-07-02")

    assert dict(s.stages) == {"misconduct": "closed", "criminal": "none"}
    assert s.pending() == () and due({"PCSO": s}, on=D("2027-07-02")) == []
    assert [r.step for r in s.history] == ["open_case", *(t.record.step for t in log)]
    assert replay(s.history) == s
