"""What falls due, in words: "224 working days overdue", "due in 3 working days", "due today".

Working days are counted by the statutory calendar
(:func:`boundline.cases.statutory.calendar.working_days_between`: weekends and the
bank holidays of England and Wales skipped), the same count the process keeps.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.markup import escape

from boundline.cases.statutory import DueItem
from boundline.cases.statutory.calendar import working_days_between


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


def due_line(item: DueItem, on: date) -> str:
    """One due item as ``case due`` and ``case show`` print it (Rich markup escaped)."""
    when = f"{item.due_on} ({when_due(item.due_on, on)})" if item.due_on else "(pending)"
    return f"{escape(item.case)}  {when}  {item.kind}: {escape(item.what)}"


def due_json(item: DueItem, on: date) -> dict[str, Any]:
    """One due item as a JSON object (``due_on`` ISO 8601, or null for a pending obligation)."""
    return {
        "case": item.case,
        "kind": item.kind,
        "what": item.what,
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "status": item.status,
        "overdue": item.overdue,
        "working_days_left": item.working_days_left,
        "in_words": when_due(item.due_on, on),
    }
