"""Deadlines: their dates from the rules of ``process.toml``, and starting and closing them.

A rule counts ``count`` units from a day: calendar days, working days (England and
Wales, :mod:`boundline.cases.statutory.calendar`) or calendar months, either *after*
the day or *beginning with* it. Monthly rules (the progress letters) count from the
day the allegation came to the attention of the appropriate authority, ``count``
months for the first period and ``repeat_months`` more for each later one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from boundline.cases.statutory.calendar import (
    add_months,
    add_working_days,
    next_working_day,
    nth_working_day_from,
)
from boundline.cases.statutory.definition import DeadlineRule
from boundline.cases.statutory.state import Deadline, ProcessState

__all__ = ["close_deadline", "due_date", "start_deadline"]


def due_date(rule: DeadlineRule, day: date, period: int = 1) -> date:
    """The day a deadline of ``rule`` falls due, counted from ``day`` (period ``period``)."""
    if rule.unit == "months":
        months = rule.count + (rule.repeat_months or 0) * (period - 1)
        return next_working_day(add_months(day, months))
    if rule.unit == "working_days":
        if rule.counting == "beginning_with":
            return nth_working_day_from(day, rule.count)
        return add_working_days(day, rule.count)
    if rule.counting == "beginning_with":
        return day + timedelta(days=max(rule.count - 1, 0))
    return day + timedelta(days=rule.count)


def start_deadline(
    state: ProcessState,
    rule: DeadlineRule,
    at: datetime,
    day: date,
    *,
    period: int = 1,
    due_on: date | None = None,
    ref: str = "",
) -> ProcessState:
    """``state`` with a new open deadline of ``rule`` counted from ``day`` (the effective day).

    An open one of the same kind (and ``ref``) is replaced. ``due_on`` overrides the
    computed date (an interview's fixed day, an extension).
    """
    kept = tuple(
        d for d in state.deadlines if not (d.kind == rule.kind and d.open and d.ref == ref)
    )
    when = due_on if due_on is not None else due_date(rule, day, period)
    new = Deadline(kind=rule.kind, due_on=when, started_at=at, period=period, ref=ref)
    return replace(state, deadlines=(*kept, new))


def close_deadline(
    state: ProcessState, kind: str, at: datetime, step: str, ref: str | None = None
) -> ProcessState:
    """``state`` with the open deadlines of ``kind`` (about ``ref``, if given) closed."""
    return replace(
        state,
        deadlines=tuple(
            replace(d, closed_at=at, closed_by=step)
            if d.kind == kind and d.open and ref in (None, d.ref)
            else d
            for d in state.deadlines
        ),
    )
