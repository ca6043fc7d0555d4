"""Correcting a wrongly recorded step: a correction replays the history, never edits it."""

from __future__ import annotations

from datetime import date

import pytest
from statutory_world import AA, INV, at, state_at, why

from boundline.cases.statutory import (
    ProcessState,
    apply,
    correct,
    effective_records,
    replay,
)
from boundline.errors import IllegalStepError

D = date.fromisoformat
NOW = at("2027-01-05")


@pytest.mark.parametrize(
    "name", ["served", "reported", "dismissed", "overturned", "accelerated", "charged", "left"]
)
def test_every_history_replays_to_its_state(name: str) -> None:
    state = state_at(name)
    assert replay(state.history) == state


def test_a_corrected_field_replays_and_the_wrong_record_stays() -> None:
    served = state_at("served")
    t = correct(
        served, 3, actor_role=AA, at=NOW, reason="the IOPC directed it", fields={"mode": "directed"}
    )
    s = t.state
    assert s.mode == "directed"
    assert len(s.history) == 7 and s.history[:6] == served.history  # nothing edited
    record = s.history[-1]
    assert (t.record, record.step, record.on, dict(record.fields)) == (
        record,
        "correct_step",
        D("2027-01-05"),
        {"supersedes": "3", "mode": "directed", "reason": "the IOPC directed it"},
    )
    effective = effective_records(s.history)
    assert [r.step for r in effective] == [r.step for r in served.history]
    assert dict(effective[2].fields)["mode"] == "directed"
    assert replay(s.history) == s


def test_a_corrected_effective_date_recounts_the_deadline() -> None:
    s = apply(
        state_at("assessed"), "serve_reg17_notice", actor_role=INV, at=NOW, fields=why()
    ).state
    reps = s.open_deadline("representations")
    assert reps is not None and reps.due_on == D("2027-01-19")  # 10 working days after 5 Jan
    t = correct(
        s,
        6,
        actor_role=INV,
        at=at("2027-01-06"),
        reason="served on 29 Dec",
        step_on=D("2026-12-29"),
    )
    reps = t.state.open_deadline("representations")
    assert reps is not None and reps.due_on == D("2027-01-13")
    assert t.state.notices[0].served_on == D("2026-12-29")
    assert [d.kind for d in t.started] == ["representations"]


def test_later_steps_are_ordered_on_the_corrected_dates() -> None:
    s = correct(
        state_at("served"), 6, actor_role=INV, at=NOW, reason="a day early", step_on=D("2026-12-25")
    ).state
    t = apply(
        s, "receive_representations", actor_role=INV, at=NOW, fields=why(), on=D("2026-12-25")
    )
    assert t.record.on == D("2026-12-25")


def test_a_removed_step_is_left_out_of_the_replay() -> None:
    t = correct(
        state_at("served"),
        6,
        actor_role=INV,
        at=NOW,
        reason="served on the wrong officer",
        remove=True,
    )
    assert t.state.notices == () and t.state.open_deadline("representations") is None
    assert [d.kind for d in t.closed] == [] and t.state.stage("misconduct") == "investigation"
    assert "serve_reg17_notice" not in [r.step for r in effective_records(t.state.history)]


def test_a_correction_that_makes_the_history_illegal_is_refused() -> None:
    reported = state_at("reported")  # 7 schedule, 8 hold (28 Dec), 9 report (29 Dec)
    with pytest.raises(IllegalStepError) as caught:
        correct(reported, 6, actor_role=INV, at=NOW, reason="never served", remove=True)
    message = str(caught.value)
    assert "Cannot take step 'correct_step'" in message
    assert "with this correction the history is not legal" in message
    assert "notice has not been served" in message
    with pytest.raises(
        IllegalStepError, match="is before 2026-12-30, the effective date of the step it follows"
    ):
        correct(
            reported, 8, actor_role=INV, at=NOW, reason="held on 30 Dec", step_on=D("2026-12-30")
        )
    assert state_at("reported") == reported


def test_the_latest_correction_of_a_step_wins_and_a_correction_is_not_corrected() -> None:
    s = correct(
        state_at("served"), 3, actor_role=AA, at=NOW, reason="directed", fields={"mode": "directed"}
    ).state
    with pytest.raises(
        IllegalStepError, match="position 7 is itself a correction; correct position 3"
    ):
        correct(s, 7, actor_role=AA, at=NOW, reason="undo", fields={"mode": "local"})
    s = correct(
        s, 3, actor_role=AA, at=NOW, reason="independent after all", fields={"mode": "independent"}
    ).state
    assert s.mode == "independent" and len(s.history) == 8


def test_apply_correct_step_is_correct() -> None:
    served = state_at("served")
    by_apply = apply(
        served,
        "correct_step",
        actor_role=AA,
        at=NOW,
        fields={"supersedes": "5", "severity": "misconduct", "reason": "r"},
        actor="aa1",
    )
    by_function = correct(
        served, 5, actor_role=AA, at=NOW, reason="r", fields={"severity": "misconduct"}, actor="aa1"
    )
    assert by_apply == by_function
    s = by_apply.state
    assert [v.severity for v in s.severity] == ["misconduct"]
    # the notice served told the subject gross misconduct: nothing to re-tell, it replays as served
    assert s.notices[0].severity == "misconduct"


def test_the_opening_may_be_corrected() -> None:
    t = correct(
        state_at("served"),
        1,
        actor_role=AA,
        at=NOW,
        reason="came to attention on 1 Dec",
        fields={"came_to_attention": "2026-12-01"},
    )
    assert t.state.came_to_attention == D("2026-12-01")
    letter = t.state.open_deadline("progress_letter")
    assert letter is not None and letter.due_on == D("2027-12-01")


def test_a_field_the_corrected_step_does_not_take_is_refused() -> None:
    with pytest.raises(IllegalStepError, match="unknown field colour"):
        correct(state_at("served"), 3, actor_role=AA, at=NOW, reason="r", fields={"colour": "red"})


def _steps(state: ProcessState) -> list[str]:
    return [r.step for r in effective_records(state.history)]


def test_reopening_goes_back_to_the_stage_closed_from_or_one_it_has_been_in() -> None:
    closed = apply(
        state_at("dismissed"), "refer_to_barred_list", actor_role=AA, at=NOW, fields=why()
    ).state
    closed = apply(closed, "close_case", actor_role=AA, at=NOW, fields=why()).state
    assert closed.open_deadline("appeal_tribunal") is None
    back = apply(closed, "reopen_case", actor_role=AA, at=NOW, fields=why()).state
    assert back.stage("misconduct") == "outcome_recorded"
    assert back.open_deadline("appeal_tribunal") is None  # not restarted
    chosen = apply(
        closed, "reopen_case", actor_role=AA, at=NOW, fields=why(stage="case_to_answer")
    ).state
    assert chosen.stage("misconduct") == "case_to_answer"
    assert _steps(chosen)[-2:] == ["close_case", "reopen_case"]
