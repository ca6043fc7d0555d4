"""The affected person and their updates, references, the subject's kind, and a subject
who resigned before the referral."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from statutory_world import AA, INV, VICTIM, at, state_at, why

from boundline.cases.statutory import ProcessState, apply, due
from boundline.errors import IllegalStepError

D = date.fromisoformat
OTHER = "CONTACT-0A1B2C"


def _do(state: ProcessState, step: str, day: str, who: str = AA, /, **fields: str) -> ProcessState:
    return apply(state, step, actor_role=who, at=at(day), fields=why(**fields)).state


def _next(state: ProcessState, step: str, who: str = AA, /, **fields: str) -> ProcessState:
    day = (state.history[-1].at.date() + timedelta(days=1)).isoformat()
    return _do(state, step, day, who, **fields)


def test_an_affected_person_is_updated_every_28_days_until_the_outcome() -> None:
    s = state_at("victim")  # recorded on 24 Dec 2026
    person = s.person(VICTIM)
    assert person is not None and (person.role, person.recorded_on) == ("victim", D("2026-12-24"))
    first = s.open_deadline("affected_update", VICTIM)
    assert first is not None and (first.due_on, first.period) == (D("2027-01-21"), 1)
    items = due({"C": s}, on=D("2027-01-18"))
    assert [(i.kind, i.what, i.status) for i in items] == [
        (
            "affected_update",
            f"update the affected person on the progress of the case ({VICTIM})",
            "due",
        )
    ]
    s = _do(s, "update_affected_person", "2027-01-15", INV, ref=VICTIM)
    second = s.open_deadline("affected_update", VICTIM)
    assert second is not None and (second.due_on, second.period) == (D("2027-02-12"), 2)
    person = s.person(VICTIM)
    assert person is not None and (person.updates, person.last_update_on) == (1, D("2027-01-15"))
    assert [d.closed_by for d in s.deadlines if d.kind == "affected_update" and not d.open] == [
        "update_affected_person"
    ]


def test_each_affected_person_has_their_own_clock() -> None:
    s = _do(
        state_at("victim"),
        "record_affected_person",
        "2027-01-04",
        INV,
        ref=OTHER,
        role="complainant",
    )
    s = _do(s, "update_affected_person", "2027-01-05", INV, ref=VICTIM)
    mine = s.open_deadline("affected_update", VICTIM)
    theirs = s.open_deadline("affected_update", OTHER)
    assert mine is not None and theirs is not None
    assert (mine.due_on, theirs.due_on) == (D("2027-02-02"), D("2027-02-01"))


def test_the_outcome_stops_the_updates_and_is_owed_to_the_affected_person() -> None:
    s = _do(
        state_at("hearing"), "record_affected_person", "2027-01-01", INV, ref=VICTIM, role="victim"
    )
    s = _do(
        s,
        "record_outcome",
        "2027-01-04",
        finding="gross_misconduct",
        outcome="final_written_warning",
    )
    assert s.open_deadline("affected_update") is None
    assert [(o.kind, o.ref) for o in s.pending()] == [("inform_affected_person", VICTIM)]
    items = [i for i in due({"C": s}, on=D("2027-01-04")) if i.due_on is None]
    assert [i.what for i in items] == [
        f"tell the affected person the outcome (Police Reform Act 2002 Sch 3 paras 21A and 23) ({VICTIM})"
    ]
    with pytest.raises(IllegalStepError, match="obligations are pending: inform_affected_person"):
        _do(s, "close_case", "2027-01-05")
    with pytest.raises(IllegalStepError, match="not a pseudonym"):
        _do(s, "update_affected_person", "2027-01-05", INV, ref="Mrs Jones")
    s = _do(s, "update_affected_person", "2027-01-05", INV, ref=VICTIM)
    assert s.pending() == () and s.open_deadline("affected_update") is None  # no more clock
    assert _do(s, "close_case", "2027-01-05").stage("misconduct") == "closed"


def test_a_person_recorded_after_the_outcome_is_owed_it_at_once() -> None:
    s = _next(state_at("no_case"), "record_affected_person", INV, ref=VICTIM, role="complainant")
    assert [(o.kind, o.ref) for o in s.pending()] == [("inform_affected_person", VICTIM)]
    assert s.open_deadline("affected_update") is None


def test_no_case_to_answer_is_an_outcome_for_the_affected_person() -> None:
    s = _next(state_at("reported"), "record_affected_person", INV, ref=VICTIM, role="victim")
    s = _next(s, "decide_no_case_to_answer", referral="none")
    assert [(o.kind, o.ref) for o in s.pending()] == [("inform_affected_person", VICTIM)]


def test_references_are_kept() -> None:
    s = _next(state_at("served"), "record_reference", kind="iopc", value="2026/012345")
    s = _next(s, "record_reference", INV, kind="cps", value="43SS1234526")
    s = _next(s, "record_reference", kind="force", value="PSD/26/0017")
    assert [(r.kind, r.value) for r in s.references] == [
        ("iopc", "2026/012345"),
        ("cps", "43SS1234526"),
        ("force", "PSD/26/0017"),
    ]
    assert s.references[0].on == D("2026-12-27")
    with pytest.raises(IllegalStepError, match="already recorded"):
        _next(s, "record_reference", kind="iopc", value="2026/012345")


def test_changing_the_subject_kind_after_the_notice_obliges_the_right_notice() -> None:
    s = _next(state_at("served"), "change_subject_kind", kind="staff")
    assert s.subject_kind == "staff"
    assert [o.kind for o in s.pending()] == ["notice_variant_change"]
    with pytest.raises(IllegalStepError, match="variant for the subject's former kind"):
        _next(s, "submit_reg21_report", INV, opinion="no_case_to_answer")
    told = _next(s, "serve_reg17_notice", INV)
    assert told.notices[-1].variant == "staff" and told.pending() == ()
    # changed back before serving: nothing is owed
    back = _next(s, "change_subject_kind", kind="officer")
    assert back.pending() == ()


def test_a_staff_case_wrongly_recorded_as_an_officer_goes_to_the_staff_procedure() -> None:
    s = _next(state_at("cta_gross"), "change_subject_kind", kind="staff")
    with pytest.raises(IllegalStepError, match="do not apply to police staff"):
        _next(s, "refer_to_misconduct_hearing")
    assert _next(s, "refer_to_staff_disciplinary").stage("misconduct") == "staff_disciplinary"


# (state, steps before closing, the words of the refusal or None: closed)
RESIGNED = [
    ("left_reported", [], None),
    ("left_recorded", [], "obligations are pending: advisory_list"),
    ("left_apsp", [], "the IOPC referral is still due"),
    ("left_apsp", [("refer_to_iopc", {})], None),
    ("recorded_plain", [], "only when the subject has left the service"),
    ("recorded", [("refer_to_iopc", {})], "only when the subject has left the service"),
]


@pytest.mark.parametrize(("start", "steps", "words"), RESIGNED)
def test_a_subject_who_resigned_before_the_referral(
    start: str, steps: list[tuple[str, dict[str, str]]], words: str | None
) -> None:
    s = state_at(start)
    for step, fields in steps:
        s = _next(s, step, **fields)
    if words is None:
        closed = _next(s, "close_case")
        assert closed.stage("misconduct") == "closed"
        assert [d.kind for d in closed.deadlines if d.open] == []  # the progress letters stop
        assert due({"C": closed}, on=D("2028-01-01")) == []
    else:
        with pytest.raises(IllegalStepError, match=words):
            _next(s, "close_case")


def test_closing_early_is_the_outcome_owed_to_the_affected_person() -> None:
    s = _next(state_at("left_reported"), "record_affected_person", INV, ref=VICTIM, role="victim")
    closed = _next(s, "close_case")
    assert closed.open_deadline("affected_update") is None
    assert [(o.kind, o.ref) for o in closed.pending()] == [("inform_affected_person", VICTIM)]
    told = _next(closed, "update_affected_person", INV, ref=VICTIM)
    assert told.pending() == () and told.stage("misconduct") == "closed"
