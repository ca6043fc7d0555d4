"""The triage queue: listing it (pseudonymised for analysts), confirming, dismissing.

Every decision is a new :class:`~boundline.cases.models.TriageDecision` row (never
changed), and an audit entry. Confirming opens a new case (origin ``alert``) or
joins an existing one, and keeps a snapshot of the alert, and optionally the
evidence JSON given, as exhibits of the case. The subject's kind (police officer or
police staff) comes from the force's data (:mod:`boundline.cases.subjects`). Joining
an item about another officer to a case adds a second subject with a process of their
own, so it must be asked for (``add_subject=True``). A subject starts their statutory
process when the actor may record a conduct matter
(:mod:`boundline.cases.process_service`). A case's title never holds an identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases.casefile import add_subject, new_case
from boundline.cases.compartments import case_for
from boundline.cases.exhibits import add_exhibit, add_exhibit_bytes
from boundline.cases.masking import identities, masked
from boundline.cases.models import Case, Exhibit, TriageDecision, TriageItem
from boundline.cases.process_service import start_from_alert
from boundline.cases.pseudonyms import shown
from boundline.cases.roles import Actor, Permission, can, require
from boundline.cases.subjects import subject_kind, subjects_of
from boundline.cases.triage_load import LoadSummary, load_alerts
from boundline.errors import UserInputError

__all__ = [
    "DecisionView",
    "LoadSummary",
    "QueueRow",
    "confirm",
    "decisions",
    "dismiss",
    "list_queue",
    "load_alerts",
]

STATUSES = ("needs_review", "confirmed", "dismissed")


@dataclass(frozen=True)
class QueueRow:
    """One queue item as the acting user may see it."""

    id: int
    officer: str
    person: str
    score: float
    severity: str
    detectors: str
    summary: str
    status: str
    case: str | None
    earlier: str | None  # the last decision, e.g. "dismissed by ann 2026-01-05: reason"
    loaded_at: datetime | None = None


def _earlier(session: Session, item: TriageItem) -> str | None:
    """The last confirm/dismiss decision about an item, in words."""
    last = session.scalar(
        select(TriageDecision)
        .where(TriageDecision.item_id == item.id, TriageDecision.decision != "reopened")
        .order_by(TriageDecision.id.desc())
        .limit(1)
    )
    if last is None:
        return None
    return f"{last.decision} by {last.actor} on {last.at:%Y-%m-%d}: {last.reason}"


def queue_row(session: Session, actor: Actor, item: TriageItem) -> QueueRow:
    """One item as ``actor`` may see it (pseudonyms unless the role sees identities)."""
    officer = shown(session, actor, "officer", item.officer_id) or ""
    if item.person_id:
        person = shown(session, actor, "person", item.person_id) or ""
        real = item.person_id
    else:
        person = shown(session, actor, "counterpart", item.counterpart) or ""
        real = item.counterpart or ""
    ids = {} if can(actor.role, Permission.IDENTITY_SEE) else {item.officer_id: officer}
    if real and ids:
        ids[real] = person
    summary = masked(item.summary, ids)
    case = session.get(Case, item.case_id) if item.case_id else None
    return QueueRow(
        item.id,
        officer,
        person,
        item.score,
        item.severity,
        item.detectors,
        summary,
        item.status,
        case.reference if case else None,
        masked(_earlier(session, item), ids),
        item.loaded_at,
    )


def list_queue(session: Session, actor: Actor, status: str | None = None) -> list[QueueRow]:
    """The queue, strongest first; each item shown is an audited view of its people."""
    require(actor, Permission.TRIAGE_LIST)
    query = select(TriageItem).order_by(TriageItem.score.desc(), TriageItem.id)
    if status is not None:
        if status not in STATUSES:
            raise UserInputError(f"Status {status!r} is not one of: {', '.join(STATUSES)}.")
        query = query.where(TriageItem.status == status)
    rows = [queue_row(session, actor, item) for item in session.scalars(query)]
    audit_rows(session, actor, rows)
    return rows


def audit_rows(session: Session, actor: Actor, rows: list[QueueRow]) -> None:
    """Record each row shown as a ``view`` of its people (as the actor saw them)."""
    identities = "real" if can(actor.role, Permission.IDENTITY_SEE) else "pseudonymised"
    for row in rows:
        record(
            session,
            actor.username,
            "view",
            "triage_item",
            str(row.id),
            {"officer": row.officer, "person": row.person, "identities": identities},
        )


def _item(session: Session, item_id: int) -> TriageItem:
    item = session.get(TriageItem, item_id)
    if item is None:
        raise UserInputError(f"No triage item {item_id} in this case database.")
    return item


def _decide(
    session: Session, actor: Actor, item: TriageItem, decision: str, reason: str, case: Case | None
) -> TriageDecision:
    """Record a decision (the item's status follows it)."""
    made = TriageDecision(
        item_id=item.id,
        decision=decision,
        reason=reason.strip(),
        actor=actor.username,
        at=utcnow(),
        case_id=case.id if case else None,
        score=item.score,
        detectors=item.detectors,
    )
    session.add(made)
    item.status = decision
    item.case_id = case.id if case else item.case_id
    item.decided_score, item.decided_detectors = item.score, item.detectors
    session.flush()
    detail = {
        "reason": made.reason,
        "case": case.reference if case else None,
        "score": item.score,
        "detectors": item.detectors,
    }
    record(
        session,
        actor.username,
        f"triage.{'confirm' if case else 'dismiss'}",
        "triage_item",
        str(item.id),
        detail,
    )
    return made


def _reason(reason: str) -> str:
    if not reason.strip():
        raise UserInputError("Every triage decision needs a reason: --reason must not be empty.")
    return reason


def confirm(
    session: Session,
    actor: Actor,
    store: Path,
    item_id: int,
    case: str,
    reason: str,
    evidence: Path | None = None,
    purpose: str = "misconduct",
    evidence_json: bytes | None = None,
    *,
    stated_kind: str | None = None,
    add_to_case: bool = False,
) -> tuple[Case, list[Exhibit]]:
    """Confirm an item into a new case (``case="NEW"``) or an existing one, with exhibits.

    The alert is kept as an exhibit, and the evidence JSON too when given: as a
    file (``evidence``, the CLI) or as its bytes (``evidence_json``, the workbench,
    which computes it from the store). ``stated_kind`` is the subject's kind when
    the data cannot tell (a role that is neither an officer's nor staff's); and
    ``add_to_case`` confirms that an item about another officer joins a case.
    """
    require(actor, Permission.TRIAGE_DECIDE)
    _reason(reason)
    item = _item(session, item_id)
    if item.status == "confirmed":
        raise UserInputError(f"Triage item {item_id} is already confirmed into a case.")
    officer = shown(session, actor, "officer", item.officer_id) or ""
    target = None if case.strip().upper() == "NEW" else case_for(session, actor, case)
    if target is not None:
        named = {s.officer_id for s in subjects_of(session, target)}
        if named and item.officer_id not in named and not add_to_case:
            raise UserInputError(
                f"Case {target.reference} is not about {officer}: joining triage item "
                f"{item.id} adds {officer} as a further subject, with a statutory process "
                "of their own. Confirm that with --add-subject."
            )
    kind = subject_kind(store, item.officer_id, stated_kind, officer)
    if target is None:
        title = f"Alert {item.id}: score {item.score:g} ({item.severity}), {item.detectors}"
        target = new_case(session, actor, "alert", purpose, title)
    add_subject(session, actor, target.reference, item.officer_id, kind, checked=True)
    start_from_alert(session, actor, target, reason)
    _decide(session, actor, item, "confirmed", reason, target)
    exhibits = [
        add_exhibit_bytes(
            session,
            actor,
            store,
            target.reference,
            item.alert_json.encode("utf-8"),
            f"alert-{item.id}.json",
            "alert_snapshot",
            target.purpose,
            note=f"triage item {item.id}",
        )
    ]
    if evidence_json is not None:
        exhibits.append(
            add_exhibit_bytes(
                session,
                actor,
                store,
                target.reference,
                evidence_json,
                f"evidence-{item.id}.json",
                "evidence_json",
                target.purpose,
                note=f"evidence figures of triage item {item.id}, computed from the store",
            )
        )
    if evidence is not None:
        exhibits.append(
            add_exhibit(
                session, actor, store, target.reference, evidence, "evidence_json", target.purpose
            )
        )
    return target, exhibits


def dismiss(session: Session, actor: Actor, item_id: int, reason: str) -> TriageDecision:
    """Dismiss an item, with the reason (it comes back only if it fires stronger)."""
    require(actor, Permission.TRIAGE_DECIDE)
    _reason(reason)
    item = _item(session, item_id)
    if item.status != "needs_review":
        raise UserInputError(f"Triage item {item_id} is {item.status}, not needs_review.")
    return _decide(session, actor, item, "dismissed", reason, None)


@dataclass(frozen=True)
class DecisionView:
    """A decision about an item as the acting user may see it (its reason masked)."""

    id: int
    item_id: int
    decision: str
    reason: str
    actor: str
    at: datetime
    case_id: int | None
    score: float
    detectors: str


def decisions(session: Session, actor: Actor, item_id: int) -> list[DecisionView]:
    """Every decision about an item, oldest first."""
    require(actor, Permission.TRIAGE_LIST)
    ids = identities(session, actor)
    query = select(TriageDecision).where(TriageDecision.item_id == _item(session, item_id).id)
    return [
        DecisionView(
            d.id,
            d.item_id,
            d.decision,
            masked(d.reason, ids),
            d.actor,
            d.at,
            d.case_id,
            d.score,
            d.detectors,
        )  # fmt: skip
        for d in session.scalars(query.order_by(TriageDecision.id))
    ]
