"""What falls due, as the CLI prints it (words from ``statutory.due.when_due``).

Working days are counted by the statutory calendar
(:func:`boundline.cases.statutory.calendar.working_days_between`: weekends and the
bank holidays of England and Wales skipped), the same count the process keeps.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.markup import escape

from boundline.cases.statutory import DueItem
from boundline.cases.statutory.due import when_due


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
