"""The triage queue a page at a time, filtered by status, severity and detector."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boundline.cases.models import TriageItem
from boundline.cases.roles import Actor, Permission, require
from boundline.cases.triage import STATUSES, QueueRow, audit_rows, queue_row
from boundline.errors import UserInputError

__all__ = ["SEVERITIES", "QueuePage", "queue_item", "queue_page"]

SEVERITIES = ("high", "medium", "low")
_CODE = re.compile(r"^BL\d{3}$")


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue: its rows (as the user may see them) and where it is."""

    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    per_page: int


def queue_page(
    session: Session,
    actor: Actor,
    *,
    status: str | None = None,
    severity: str | None = None,
    detector: str | None = None,
    page: int = 1,
    per_page: int = 25,
) -> QueuePage:
    """The queue, strongest first, one page; each item shown is an audited view."""
    require(actor, Permission.TRIAGE_LIST)
    query = select(TriageItem)
    if status:
        if status not in STATUSES:
            raise UserInputError(f"Status {status!r} is not one of: {', '.join(STATUSES)}.")
        query = query.where(TriageItem.status == status)
    if severity:
        if severity not in SEVERITIES:
            raise UserInputError(f"Severity {severity!r} is not one of: {', '.join(SEVERITIES)}.")
        query = query.where(TriageItem.severity == severity)
    if detector:
        if not _CODE.match(detector):
            raise UserInputError(f"{detector!r} is not a detector code (BL followed by 3 digits).")
        query = query.where((";" + TriageItem.detectors + ";").contains(f";{detector};"))
    total = int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    ordered = query.order_by(TriageItem.score.desc(), TriageItem.id)
    items = session.scalars(ordered.offset((page - 1) * per_page).limit(per_page))
    rows = [queue_row(session, actor, item) for item in items]
    audit_rows(session, actor, rows)
    return QueuePage(rows, total, page, pages, per_page)


def queue_item(
    session: Session, actor: Actor, item_id: int
) -> tuple[QueueRow, int | None, int | None]:
    """One item as ``actor`` may see it (an audited view), and the items before and after it.

    Before and after are its neighbours in the queue's order (strongest first) among
    the items in the same status, for stepping through the queue one item at a time.
    """
    require(actor, Permission.TRIAGE_LIST)
    item = session.get(TriageItem, item_id)
    if item is None:
        raise UserInputError(f"No triage item {item_id} in this case database.")
    row = queue_row(session, actor, item)
    audit_rows(session, actor, [row])
    ids = list(
        session.scalars(
            select(TriageItem.id)
            .where(TriageItem.status == item.status)
            .order_by(TriageItem.score.desc(), TriageItem.id)
        )
    )
    if item.id not in ids:  # decided by someone else since it was read: no neighbours
        return row, None, None
    at = ids.index(item.id)
    before = ids[at - 1] if at > 0 else None
    after = ids[at + 1] if at + 1 < len(ids) else None
    return row, before, after


def strongest_pairs(session: Session, limit: int) -> list[tuple[str, str | None, str | None]]:
    """The real (officer, person, counterpart) of the strongest items needing review.

    For system work only (the workbench computes their figures ahead of time); it
    shows nothing to anyone, so it takes no actor and writes no audit entry.
    """
    query = (
        select(TriageItem.officer_id, TriageItem.person_id, TriageItem.counterpart)
        .where(TriageItem.status == "needs_review")
        .order_by(TriageItem.score.desc(), TriageItem.id)
        .limit(limit)
    )
    return [(o, p, c) for o, p, c in session.execute(query)]
