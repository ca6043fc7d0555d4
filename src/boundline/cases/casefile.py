"""Cases: opening them (with a ``BL-YYYY-NNNN`` reference), subjects and allegations.

The statutory process that moves a case through its stages lives in
:mod:`boundline.cases.statutory`; here a case is only opened (stage ``opened``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases.compartments import case_for, join_as_opener
from boundline.cases.models import Allegation, Case, CaseSubject
from boundline.cases.roles import Actor, Permission, require
from boundline.cases.standards import parse_standards
from boundline.errors import CaseNotFoundError, UserInputError

ORIGINS = ("alert", "complaint", "conduct_matter", "intelligence")
PURPOSES = ("misconduct", "criminal", "both")
SUBJECT_KINDS = ("officer", "staff")


def check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    """``value`` if it is one of ``choices``; a UserInputError naming them otherwise."""
    if value not in choices:
        raise UserInputError(f"{what} {value!r} is not one of: {', '.join(choices)}.")
    return value


def find_case(session: Session, reference: str) -> Case:
    """The case with this reference, unchecked (a CaseNotFoundError if there is none).

    For work on behalf of a person use
    :func:`~boundline.cases.compartments.case_for`, which also checks need to know.
    """
    case = session.scalar(select(Case).where(Case.reference == reference.strip().upper()))
    if case is None:
        raise CaseNotFoundError(f"No case {reference!r} in this case database.")
    return case


def _next_reference(session: Session, year: int) -> str:
    """The next free ``BL-YYYY-NNNN`` for the year."""
    prefix = f"BL-{year}-"
    count = session.scalar(
        select(func.count()).select_from(Case).where(Case.reference.like(prefix + "%"))
    )
    return f"{prefix}{(count or 0) + 1:04d}"


def new_case(session: Session, actor: Actor, origin: str, purpose: str, title: str) -> Case:
    """Create a case without a permission check (callers have checked theirs)."""
    check_choice(origin, ORIGINS, "Origin")
    check_choice(purpose, PURPOSES, "Purpose")
    if not title.strip():
        raise UserInputError("A case needs a title.")
    now = utcnow()
    case = Case(
        reference=_next_reference(session, now.year),
        origin=origin,
        purpose=purpose,
        title=title.strip(),
        opened_at=now,
        opened_by=actor.username,
        stage="opened",
    )
    session.add(case)
    session.flush()
    detail = {"origin": origin, "purpose": purpose}
    record(session, actor.username, "case.open", "case", case.reference, detail)
    join_as_opener(session, actor, case)
    return case


def open_case(session: Session, actor: Actor, origin: str, purpose: str, title: str) -> Case:
    """Open a case (investigators and appropriate authorities)."""
    require(actor, Permission.CASE_OPEN)
    return new_case(session, actor, origin, purpose, title)


def view_case(session: Session, actor: Actor, reference: str) -> Case:
    """A case, for a role that may see cases; the view is audited."""
    require(actor, Permission.CASE_VIEW)
    case = case_for(session, actor, reference)
    record(session, actor.username, "view", "case", case.reference)
    return case


def add_subject(
    session: Session,
    actor: Actor,
    reference: str,
    officer_id: str,
    kind: str = "officer",
    role_in_case: str = "subject",
    *,
    checked: bool = False,
) -> CaseSubject:
    """Name an officer or member of staff as a subject of a case (once per case)."""
    if not checked:
        require(actor, Permission.CASE_EDIT)
    check_choice(kind, SUBJECT_KINDS, "Subject kind")
    case = find_case(session, reference) if checked else case_for(session, actor, reference)
    existing = session.scalar(
        select(CaseSubject).where(
            CaseSubject.case_id == case.id, CaseSubject.officer_id == officer_id
        )
    )
    if existing is not None:
        return existing
    subject = CaseSubject(
        case_id=case.id, officer_id=officer_id, kind=kind, role_in_case=role_in_case
    )
    session.add(subject)
    session.flush()
    record(session, actor.username, "case.subject", "case", case.reference, {"kind": kind})
    return subject


def add_allegation(
    session: Session,
    actor: Actor,
    reference: str,
    text: str,
    standards: Iterable[str],
    subject_id: int | None = None,
) -> Allegation:
    """Record an allegation and the standards of professional behaviour it would breach."""
    require(actor, Permission.CASE_EDIT)
    case = case_for(session, actor, reference)
    if not text.strip():
        raise UserInputError("An allegation needs its text.")
    allegation = Allegation(
        case_id=case.id,
        subject_id=subject_id,
        text=text.strip(),
        standards=parse_standards(standards),
        recorded_at=utcnow(),
        recorded_by=actor.username,
    )
    session.add(allegation)
    session.flush()
    detail = {"standards": allegation.standards}
    record(session, actor.username, "case.allegation", "case", case.reference, detail)
    return allegation
