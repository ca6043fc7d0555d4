"""Working days in England and Wales, and the deadlines counted in them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from statutory_world import AA, INV, at, opened, state_at, why

from boundline.cases.statutory import (
    Process,
    ProcessState,
    add_months,
    add_working_days,
    apply,
    is_working_day,
    load_process,
    next_working_day,
    nth_working_day_from,
    open_process,
    working_days_between,
)
from boundline.cases.statutory.calendar import bank_holidays, local_day
from boundline.cases.statutory.definition import process_text

D = date.fromisoformat


def _open(
    came_to_attention: str, on: str, *, apsp: bool, reason: str, process: Process | None = None
) -> ProcessState:
    """An officer's process, opened by the appropriate authority ``on`` a day."""
    return open_process(
        subject_kind="officer",
        apsp=apsp,
        came_to_attention=D(came_to_attention),
        actor_role=AA,
        at=at(on),
        reason=reason,
        process=process,
    ).state


def test_christmas_boxing_day_and_new_year_are_not_working_days() -> None:
    assert [
        is_working_day(D(x)) for x in ("2026-12-24", "2026-12-25", "2026-12-28", "2026-12-29")
    ] == [
        True,
        False,
        False,
        True,  # Boxing Day 2026 is a Saturday: Monday 28th is the substitute
    ]
    assert add_working_days(D("2026-12-24"), 1) == D("2026-12-29")
    assert add_working_days(D("2026-12-31"), 1) == D("2027-01-04")
    assert add_working_days(D("2027-12-24"), 1) == D("2027-12-29")  # 27th and 28th are substitutes


def test_easter_2027() -> None:
    assert {D("2027-03-26"), D("2027-03-29")} <= bank_holidays(2027)
    assert add_working_days(D("2027-03-25"), 1) == D("2027-03-30")
    assert nth_working_day_from(D("2027-03-26"), 5) == D("2027-04-05")  # begins on Good Friday
    assert working_days_between(D("2027-03-25"), D("2027-04-01")) == 3


def test_counting_after_and_beginning_with() -> None:
    monday = D("2027-01-04")
    assert add_working_days(monday, 0) == monday
    assert nth_working_day_from(monday, 1) == monday
    assert nth_working_day_from(monday, 5) == D("2027-01-08")
    assert add_working_days(monday, 5) == D("2027-01-11")
    assert next_working_day(D("2027-01-02")) == monday


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 40))
def test_working_days_between_inverts_add_working_days(day: date, n: int) -> None:
    later = add_working_days(day, n)
    assert working_days_between(day, later) == n
    assert working_days_between(later, day) == -n
    assert n == 0 or is_working_day(later)


def test_calendar_months_clamp_to_the_end_of_the_month() -> None:
    assert add_months(D("2026-01-31"), 1) == D("2026-02-28")
    assert add_months(D("2027-08-31"), 6) == D("2028-02-29")
    assert add_months(D("2026-12-21"), 18) == D("2028-06-21")


def test_the_day_is_the_day_in_london() -> None:
    assert local_day(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == D("2026-07-01")
    assert local_day(datetime(2026, 12, 31, 23, 30, tzinfo=UTC)) == D("2026-12-31")


def test_iopc_referral_is_due_the_day_after_even_on_christmas_day() -> None:
    state = _open("2026-12-24", "2026-12-24", apsp=True, reason="APSP")
    assert state.open_deadline("iopc_referral").due_on == D("2026-12-25")


def test_the_referral_deadline_is_configurable_in_working_days(tmp_path: Path) -> None:
    text = process_text().replace(
        'count = 1\nunit = "calendar_days"', 'count = 1\nunit = "working_days"', 1
    )
    path = tmp_path / "process.toml"
    path.write_text(text, encoding="utf-8")
    custom = load_process(path)
    state = _open("2026-12-24", "2026-12-24", apsp=True, reason="APSP", process=custom)
    assert state.open_deadline("iopc_referral").due_on == D("2026-12-29")


def test_no_referral_deadline_when_not_apsp() -> None:
    assert opened(apsp=False).open_deadline("iopc_referral") is None


def test_representations_are_due_ten_working_days_after_the_notice() -> None:
    state = opened()
    for step, role, fields in [
        ("refer_to_iopc", AA, why()),
        ("record_iopc_decision", AA, why(mode="local")),
        ("appoint_investigator", AA, why(investigator="DS Rowe")),
        ("assess_severity", AA, why(severity="misconduct")),
    ]:
        state = apply(state, step, actor_role=role, at=at("2026-12-21"), fields=fields).state
    served = apply(state, "serve_reg17_notice", actor_role=INV, at=at("2026-12-22"), fields=why())
    assert served.state.open_deadline("representations").due_on == D("2027-01-08")


def test_progress_letters_at_twelve_months_then_every_six() -> None:
    state = opened()
    first = state.open_deadline("progress_letter")
    assert (first.due_on, first.period) == (D("2027-12-21"), 1)
    state = apply(
        state, "send_progress_letter", actor_role=AA, at=at("2027-12-21"), fields=why()
    ).state
    second = state.open_deadline("progress_letter")
    assert (second.due_on, second.period) == (D("2028-06-21"), 2)
    state = apply(
        state, "send_progress_letter", actor_role=AA, at=at("2028-06-21"), fields=why()
    ).state
    assert state.open_deadline("progress_letter").due_on == D("2028-12-21")


def test_a_progress_letter_falling_on_a_bank_holiday_moves_to_the_next_working_day() -> None:
    state = _open("2025-12-25", "2026-01-05", apsp=False, reason="late")
    assert state.open_deadline("progress_letter").due_on == D("2026-12-29")


def test_barred_list_report_within_five_working_days_beginning_with_the_dismissal() -> None:
    hearing = state_at("hearing")
    t = apply(
        hearing,
        "record_outcome",
        actor_role=AA,
        at=at("2027-12-23"),
        fields=why(finding="gross_misconduct", outcome="dismissal_without_notice"),
    )
    # 23 Dec (1), 24 (2), 29 (3), 30 (4), 31 (5): 25-28 are Christmas, a weekend and substitutes
    assert t.state.open_deadline("barred_list").due_on == D("2027-12-31")
    assert [o.kind for o in t.raised] == ["barred_list"]
    assert t.state.outcome == "dismissal_without_notice"
