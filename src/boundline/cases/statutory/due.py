"""What falls due: the open deadlines and pending obligations of many cases, on a day.

:func:`due` is what ``boundline case due`` lists: every open deadline that is
overdue or falls due within ``within`` working days of ``on``, and every pending
obligation, most urgent first: the statutory deadlines, the suspension and
restricted-duties reviews, the updates owed to affected persons and the subject's
time to appeal alike. A period the subject has (``lapses``, the time to appeal) is
listed while it runs and not once it has passed: nothing is owed by the force then.
A deadline or obligation owed to one affected person names them (their pseudonym).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from boundline.cases.statutory.calendar import add_working_days, working_days_between
from boundline.cases.statutory.definition import Process, default_process
from boundline.cases.statutory.state import ProcessState

__all__ = ["DueItem", "due", "when_due"]


@dataclass(frozen=True)
class DueItem:
    """One thing due on one case: a deadline (with its date) or an obligation (without)."""

    case: str
    kind: str
    what: str
    due_on: date | None
    overdue: bool
    working_days_left: int | None

    @property
    def status(self) -> str:
        """``overdue``, ``due`` (today or later) or ``pending`` (an obligation with no date)."""
        if self.due_on is None:
            return "pending"
        return "overdue" if self.overdue else "due"


def due(
    states: Mapping[str, ProcessState],
    on: date,
    *,
    within: int | None = 5,
    process: Process | None = None,
) -> list[DueItem]:
    """What is overdue, or due within ``within`` working days of ``on``, across ``states``.

    ``states`` maps a case reference to its state. Deadlines of obligations are listed
    once, with their date; obligations without a deadline are listed as pending.
    ``within=None`` lists every open deadline, however far off.
    """
    process = process or default_process()
    horizon = date.max if within is None else add_working_days(on, within)
    items: list[DueItem] = []
    for case, state in states.items():
        for d in state.deadlines:
            if d.open and d.due_on <= horizon:
                rule = process.deadlines[d.kind]
                if rule.lapses and d.due_on < on:
                    continue
                what = rule.label + (f" (period {d.period})" if rule.repeat_months else "")
                what += f" ({d.ref})" if d.ref else ""
                items.append(
                    DueItem(
                        case,
                        d.kind,
                        what,
                        d.due_on,
                        d.due_on < on,
                        working_days_between(on, d.due_on),
                    )
                )
        dated = {(d.kind, d.ref) for d in state.deadlines if d.open}
        for o in state.pending():
            if (process.obligations[o.kind].get("deadline"), o.ref) not in dated:
                what = o.text + (f" ({o.ref})" if o.ref else "")
                items.append(DueItem(case, o.kind, what, None, False, None))
    return sorted(items, key=lambda i: (i.due_on or on, i.due_on is None, i.case, i.kind))


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


def when_due(due_on: date | None, on: date) -> str:
    """A deadline ``due_on`` as seen on day ``on``, in words (``pending`` without a date)."""
    if due_on is None:
        return "pending"
    if due_on == on:
        return "due today"
    left = working_days_between(on, due_on)
    if due_on < on:
        # overdue since a day that was not a working day, with no working day passed since
        return f"{_days(-left)} overdue" if left < 0 else f"overdue since {due_on}"
    return f"due in {_days(left)}" if left > 0 else f"due {due_on}, before the next working day"
