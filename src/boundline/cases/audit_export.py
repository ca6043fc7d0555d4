"""The audit log as people ask for it and take it away: filters from text, JSON lines, CSV.

:func:`audit_filters` turns what the CLI's options or the workbench's query string
say into :class:`~boundline.cases.audit_access.AuditFilters`, by one set of rules,
so both refuse the same values with the same words. :func:`export_audit` gives the
whole filtered log (every page), **newest first** as ``audit show`` and the
workbench list it, masked as the user may see it, as JSON lines or as CSV that no
spreadsheet would run: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return is prefixed with ``'``, so it is read as text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from boundline.audit import record
from boundline.cases.audit_access import AuditFilters, AuditView, masked_views
from boundline.cases.audit_actions import audit_action
from boundline.cases.roles import Actor, Permission, require
from boundline.errors import UserInputError

__all__ = [
    "COLUMNS",
    "EXPORT_FORMATS",
    "audit_filters",
    "export_audit",
    "export_format",
    "instant_of",
    "spreadsheet_safe",
    "to_csv",
    "to_jsonl",
]

#: The formats :func:`export_audit` writes.
EXPORT_FORMATS = ("jsonl", "csv")
#: The fields of each exported entry, in order (the CSV's header).
COLUMNS = (
    "seq",
    "at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "detail",
    "prev_hash",
    "hash",
)
#: How a cell a spreadsheet would take for a formula (or a command) can begin.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def instant_of(text: str, name: str, *, end: bool = False) -> datetime | None:
    """``text`` (an ISO 8601 date, or date and time) as a UTC instant; None if blank.

    A time without an offset is UTC. A date alone is the start of that day (UTC),
    or with ``end`` the start of the next, so ``until`` a day includes the day.
    """
    text = text.strip()
    if not text:
        return None
    try:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            at = datetime.fromisoformat(text)
            return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        return start + timedelta(days=1) if end else start
    except (ValueError, OverflowError):
        raise UserInputError(
            f"{name}: {text[:40]!r} is not a date (2026-03-01) or a date and time "
            "(2026-03-01T09:30, UTC unless it ends in Z or an offset such as +01:00)."
        ) from None


def audit_filters(
    *,
    actor: str | None = None,
    action: str | None = None,
    object_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> AuditFilters:
    """Filters from text as typed (blank is no filter); a UserInputError for a bad value.

    The action must be one the log records; ``since`` is inclusive and ``until``
    exclusive, except that ``until`` a date alone includes that whole day (UTC).
    """

    def given(value: str | None) -> str | None:
        return (value or "").strip() or None

    wanted = given(action)
    start = instant_of(since or "", "since")
    stop = instant_of(until or "", "until", end=True)
    if start is not None and stop is not None and start >= stop:
        raise UserInputError(
            f"since ({start.isoformat()}) is not before until ({stop.isoformat()}): "
            "nothing could match."
        )
    return AuditFilters(
        actor=given(actor),
        action=None if wanted is None else audit_action(wanted),
        object_id=given(object_id),
        since=start,
        until=stop,
    )


def spreadsheet_safe(cell: str) -> str:
    """``cell``, prefixed with ``'`` if a spreadsheet would otherwise run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _fields(e: AuditView) -> list[Any]:
    return [
        e.seq,
        e.at.isoformat(),
        e.actor,
        e.action,
        e.object_type,
        e.object_id,
        e.detail,
        e.prev_hash,
        e.hash,
    ]


def _decoded(detail: str) -> Any:
    """The entry's detail as JSON (the recorded object); the text itself if it is not JSON."""
    try:
        return json.loads(detail) if detail else {}
    except ValueError:
        return detail


def to_jsonl(found: Iterable[AuditView]) -> str:
    """One JSON object a line (the keys of :data:`COLUMNS`; ``detail`` decoded)."""
    lines = []
    for e in found:
        entry = dict(zip(COLUMNS, _fields(e), strict=True))
        entry["detail"] = _decoded(e.detail)
        lines.append(json.dumps(entry, ensure_ascii=False) + "\n")
    return "".join(lines)


def to_csv(found: Iterable[AuditView]) -> str:
    """A header row of :data:`COLUMNS`, then one row an entry; every cell quoted and safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for e in found:
        writer.writerow([spreadsheet_safe(str(v)) for v in _fields(e)])
    return buffer.getvalue()


def export_format(name: str) -> str:
    """``name`` as a format of :data:`EXPORT_FORMATS`; a UserInputError naming them otherwise."""
    wanted = name.strip().lower()
    if wanted not in EXPORT_FORMATS:
        raise UserInputError(f"Export format {name!r} is not one of: {', '.join(EXPORT_FORMATS)}.")
    return wanted


def export_audit(session: Session, actor: Actor, filters: AuditFilters, fmt: str) -> str:
    """The whole filtered log, newest first, as ``jsonl`` or ``csv``; audited (``audit.export``).

    Masked as :func:`~boundline.cases.audit_access.show_audit` masks it; the entry
    records the filters, the format and how many entries left.
    """
    require(actor, Permission.AUDIT_SHOW)
    fmt = export_format(fmt)
    found, total, detail = masked_views(session, actor, filters)
    text = to_jsonl(found) if fmt == "jsonl" else to_csv(found)
    detail |= {"format": fmt, "entries": total}
    record(session, actor.username, "audit.export", "audit_log", "*", detail)
    return text
