"""The evidence register: exhibits of a case, their chain of custody, and verifying them.

An exhibit is fingerprinted (SHA-256, size) when it is added, and its content is
copied into ``<store>/exhibits/<sha256>`` (content-addressed, written atomically),
except a source file the store has ingested (same path and SHA-256 in the store's
manifest), which is referenced where it is. Adding is the custody event
``received``; :func:`verify_exhibits` re-hashes every exhibit.

A file whose SHA-256 is already an exhibit of the same case is refused, naming that
exhibit, unless a reason to register the same content again is given
(``allow_duplicate``); the reason and the earlier exhibit are then kept in the audit
entry and the custody note. Content Boundline makes itself (an alert snapshot, a
document) is not checked: each making of it is an event of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases._content import sha256_file, store_bytes, store_file
from boundline.cases.casefile import PURPOSES, check_choice, find_case
from boundline.cases.compartments import case_for, may_see
from boundline.cases.models import Case, CustodyEvent, Exhibit
from boundline.cases.roles import Actor, Permission, Role, require
from boundline.errors import CaseHiddenError, UserInputError
from boundline.store import read_manifest

ORIGINS = ("source_file", "evidence_json", "report", "statement", "alert_snapshot", "other")
CUSTODY_EVENTS = ("received", "viewed", "exported", "disclosed", "returned")


@dataclass(frozen=True)
class ExhibitCheck:
    """The outcome of re-hashing one exhibit: ``ok``, ``mismatch`` or ``missing``."""

    reference: str
    status: str
    expected: str
    actual: str | None
    path: Path


def _ingested_source(store: Path, path: Path, sha: str) -> bool:
    """Whether ``path`` is a source file the store ingested, unchanged since."""
    resolved = path.resolve()
    return any(
        s.sha256 == sha and Path(s.path).resolve() == resolved for s in read_manifest(store).sources
    )


def _admit(session: Session, actor: Actor, reference: str, origin: str, purpose: str) -> Case:
    """The case an exhibit may be added to, once the actor and the choices are checked."""
    require(actor, Permission.EXHIBIT_ADD)
    check_choice(origin, ORIGINS, "Origin")
    check_choice(purpose, PURPOSES, "Purpose")
    return case_for(session, actor, reference)


def _register(
    session: Session,
    actor: Actor,
    case: Case,
    name: str,
    fingerprint: tuple[str, int, str],
    by_reference: bool,
    origin: str,
    purpose: str,
    note: str,
    duplicate: dict[str, str] | None = None,
) -> Exhibit:
    """Number, register and receive an exhibit whose content is already in place.

    ``duplicate`` (the earlier exhibit and the reason) goes into the audit entry.
    """
    number = (
        session.scalar(select(func.max(Exhibit.number)).where(Exhibit.case_id == case.id)) or 0
    ) + 1
    sha, size, location = fingerprint
    exhibit = Exhibit(
        case_id=case.id,
        number=number,
        reference=f"{case.reference}/EX-{number:03d}",
        name=name,
        sha256=sha,
        size=size,
        origin=origin,
        purpose=purpose,
        producer=actor.username,
        location=location,
        by_reference=by_reference,
        added_at=utcnow(),
    )
    session.add(exhibit)
    session.flush()
    session.add(
        CustodyEvent(
            exhibit_id=exhibit.id,
            event="received",
            actor=actor.username,
            at=exhibit.added_at,
            note=note,
        )
    )
    detail = {"sha256": sha, "size": size, "origin": origin, "purpose": purpose}
    detail |= duplicate or {}
    record(session, actor.username, "exhibit.add", "exhibit", exhibit.reference, detail)
    return exhibit


def add_exhibit(
    session: Session,
    actor: Actor,
    store: Path,
    reference: str,
    path: Path,
    origin: str,
    purpose: str,
    note: str = "",
    allow_duplicate: str | None = None,
) -> Exhibit:
    """Add a file as an exhibit of case ``reference``.

    A file with the SHA-256 of an exhibit the case already has is refused (a
    UserInputError naming that exhibit and its file name), unless
    ``allow_duplicate`` gives the reason to register the same content again.
    """
    case = _admit(session, actor, reference, origin, purpose)
    if not path.is_file():
        raise UserInputError(f"{path}: no such file to add as an exhibit.")
    sha, size = sha256_file(path)
    duplicate = _duplicate(session, case, path.name, sha, allow_duplicate)
    if duplicate:
        note = f"{note} (same content as {duplicate['duplicate_of']}: {allow_duplicate})".strip()
    by_reference = origin == "source_file" and _ingested_source(store, path, sha)
    fingerprint = (sha, size, str(path.resolve())) if by_reference else store_file(store, path)
    return _register(
        session, actor, case, path.name, fingerprint, by_reference, origin, purpose, note, duplicate
    )


def _duplicate(
    session: Session, case: Case, name: str, sha: str, reason: str | None
) -> dict[str, str] | None:
    """The earlier exhibit of ``case`` with this SHA-256, and the reason to add it again.

    None when there is none; a UserInputError naming it when there is one and no
    reason (or an empty one) was given.
    """
    if reason is not None and not reason.strip():
        raise UserInputError("--allow-duplicate needs a reason: why keep the same content twice.")
    earlier = session.scalar(
        select(Exhibit)
        .where(Exhibit.case_id == case.id, Exhibit.sha256 == sha)
        .order_by(Exhibit.number)
        .limit(1)
    )
    if earlier is None:
        return None
    if reason is None:
        raise UserInputError(
            f"{name} is already exhibit {earlier.reference} ({earlier.name}) of case "
            f"{case.reference}: the same SHA-256, {sha}. It was not added again; to keep "
            "the same content as a second exhibit, say why with --allow-duplicate REASON."
        )
    return {"duplicate_of": earlier.reference, "duplicate_reason": reason.strip()}


def add_exhibit_bytes(
    session: Session,
    actor: Actor,
    store: Path,
    reference: str,
    data: bytes,
    name: str,
    origin: str,
    purpose: str,
    note: str = "",
) -> Exhibit:
    """Add content made by Boundline (an alert snapshot, a report) as an exhibit."""
    case = _admit(session, actor, reference, origin, purpose)
    fingerprint = store_bytes(store, data)
    return _register(session, actor, case, name, fingerprint, False, origin, purpose, note)


def find_exhibit(session: Session, reference: str) -> Exhibit:
    """The exhibit with this reference; a UserInputError if there is none."""
    exhibit = session.scalar(select(Exhibit).where(Exhibit.reference == reference.upper()))
    if exhibit is None:
        raise UserInputError(f"No exhibit {reference!r} in this case database.")
    return exhibit


def _visible_exhibit(session: Session, actor: Actor, reference: str) -> Exhibit:
    """The exhibit, if ``actor`` may see its case (need to know); else "no such exhibit"."""
    exhibit = find_exhibit(session, reference)
    case = session.get(Case, exhibit.case_id)
    if case is None or not may_see(session, actor, case):
        raise CaseHiddenError(
            f"No exhibit {reference!r} in this case database.",
            case=case.reference if case else "",
        )
    return exhibit


def list_exhibits(session: Session, actor: Actor, reference: str) -> list[Exhibit]:
    """The exhibits of a case, in order; each one shown is an audited view."""
    require(actor, Permission.EXHIBIT_LIST)
    case = case_for(session, actor, reference)
    found = list(
        session.scalars(select(Exhibit).where(Exhibit.case_id == case.id).order_by(Exhibit.number))
    )
    for exhibit in found:
        record(session, actor.username, "view", "exhibit", exhibit.reference)
    return found


def add_custody(
    session: Session, actor: Actor, reference: str, event: str, note: str = ""
) -> CustodyEvent:
    """Add a link to an exhibit's chain of custody (who, when, what, a note)."""
    require(actor, Permission.EXHIBIT_CUSTODY)
    exhibit = _visible_exhibit(session, actor, reference)  # need to know first
    check_choice(event, CUSTODY_EVENTS, "Custody event")
    link = CustodyEvent(
        exhibit_id=exhibit.id, event=event, actor=actor.username, at=utcnow(), note=note
    )
    session.add(link)
    session.flush()
    detail = {"event": event, "note": note}
    record(session, actor.username, "exhibit.custody", "exhibit", exhibit.reference, detail)
    return link


def custody_chain(session: Session, actor: Actor, reference: str) -> list[CustodyEvent]:
    """An exhibit's chain of custody, oldest first (an audited view)."""
    require(actor, Permission.EXHIBIT_LIST)
    exhibit = _visible_exhibit(session, actor, reference)
    record(session, actor.username, "view", "exhibit", exhibit.reference, {"custody": True})
    query = select(CustodyEvent).where(CustodyEvent.exhibit_id == exhibit.id)
    return list(session.scalars(query.order_by(CustodyEvent.at, CustodyEvent.id)))


def exhibit_path(store: Path, exhibit: Exhibit) -> Path:
    """Where an exhibit's content is: its content address in the store, or its source."""
    return Path(exhibit.location) if exhibit.by_reference else store / exhibit.location


def verify_exhibits(
    session: Session, actor: Actor, store: Path, reference: str | None = None
) -> list[ExhibitCheck]:
    """Re-hash every exhibit (of one case, or all) against its registered SHA-256."""
    require(actor, Permission.EXHIBIT_VERIFY)
    query = select(Exhibit).order_by(Exhibit.case_id, Exhibit.number)
    if reference is not None:
        # an integrity check: auditors and admins verify any case, the others their own
        overseer = actor.role in (Role.AUDITOR, Role.ADMIN)
        case = find_case(session, reference) if overseer else case_for(session, actor, reference)
        query = query.where(Exhibit.case_id == case.id)
    checks = []
    for exhibit in session.scalars(query):
        path = exhibit_path(store, exhibit)
        if not path.is_file():
            checks.append(ExhibitCheck(exhibit.reference, "missing", exhibit.sha256, None, path))
            continue
        actual, _ = sha256_file(path)
        status = "ok" if actual == exhibit.sha256 else "mismatch"
        checks.append(ExhibitCheck(exhibit.reference, status, exhibit.sha256, actual, path))
    bad = [c.reference for c in checks if c.status != "ok"]
    detail = {"checked": len(checks), "bad": bad}
    record(session, actor.username, "exhibit.verify", "case", reference or "*", detail)
    return checks
