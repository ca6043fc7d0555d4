"""A finding on each allegation, and the subject's outcome kept consistent with them.

A subject may face several allegations (the calls, the visits, the look-ups); the
panel finds each proven or not. Each finding is a row of ``allegation_findings``
(never changed: a later one, after an appeal, supersedes it) and an audit entry.
Before a subject's outcome is recorded (``record_outcome``, ``record_staff_outcome``)
every one of their allegations must have a finding, and the outcome's ``finding``
must agree: ``not_proven`` exactly when no allegation was found proven.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases.compartments import case_for
from boundline.cases.models import Allegation, AllegationFinding, Case, CaseSubject
from boundline.cases.roles import Actor, Permission, require
from boundline.cases.statutory.calendar import local_day
from boundline.cases.subjects import subjects_of
from boundline.errors import UserInputError

__all__ = ["FINDINGS", "OUTCOME_STEPS", "check_outcome_findings", "findings_of", "record_finding"]

#: What a panel may find on one allegation.
FINDINGS = ("proven", "not_proven")
#: The steps that record a subject's outcome, checked against the allegations' findings.
OUTCOME_STEPS = frozenset({"record_outcome", "record_staff_outcome"})


def _allegation(session: Session, case: Case, allegation_id: int) -> Allegation:
    found = session.get(Allegation, allegation_id)
    if found is None or found.case_id != case.id:
        raise UserInputError(f"Case {case.reference} has no allegation {allegation_id}.")
    return found


def _subject_of(session: Session, case: Case, allegation: Allegation) -> CaseSubject:
    """The subject an allegation is about (the case's only subject, when it names none)."""
    subjects = subjects_of(session, case)
    if allegation.subject_id is not None:
        return next(s for s in subjects if s.id == allegation.subject_id)
    if len(subjects) == 1:
        return subjects[0]
    raise UserInputError(
        f"Allegation {allegation.id} of case {case.reference} names no subject, and the case "
        "has several: a finding must be about one subject."
    )


def record_finding(
    session: Session,
    actor: Actor,
    reference: str,
    allegation_id: int,
    finding: str,
    reason: str,
    on: date | None = None,
) -> AllegationFinding:
    """Record the finding on one allegation (the appropriate authority records decisions)."""
    require(actor, Permission.CASE_DECIDE)
    case = case_for(session, actor, reference)  # need to know before anything is checked
    if finding not in FINDINGS:
        raise UserInputError(f"Finding {finding!r} is not one of: {', '.join(FINDINGS)}.")
    if not reason.strip():
        raise UserInputError("A finding needs a reason: --reason must not be empty.")
    allegation = _allegation(session, case, allegation_id)
    subject = _subject_of(session, case, allegation)
    now = utcnow()
    day = on or local_day(now)
    if day > local_day(now):
        raise UserInputError(f"A finding cannot take effect in the future ({day}).")
    row = AllegationFinding(
        case_id=case.id,
        allegation_id=allegation.id,
        subject_id=subject.id,
        finding=finding,
        reason=reason.strip(),
        actor=actor.username,
        role=actor.role.value,
        at=now,
        effective_on=day,
    )
    session.add(row)
    session.flush()
    detail = {"allegation": allegation.id, "subject": subject.id, "finding": finding}
    record(session, actor.username, "case.finding", "case", case.reference, detail)
    return row


def findings_of(session: Session, case: Case) -> dict[int, AllegationFinding]:
    """The finding that stands on each allegation of a case (the latest), by allegation id."""
    query = select(AllegationFinding).where(AllegationFinding.case_id == case.id)
    return {f.allegation_id: f for f in session.scalars(query.order_by(AllegationFinding.id))}


def check_outcome_findings(
    session: Session, case: Case, subject: CaseSubject, fields: Mapping[str, str]
) -> None:
    """Refuse an outcome whose ``finding`` the allegations' findings do not support."""
    allegations = [
        a
        for a in session.scalars(select(Allegation).where(Allegation.case_id == case.id))
        if a.subject_id in (subject.id, None)
    ]
    if not allegations:
        return
    standing = findings_of(session, case)
    missing = [a.id for a in allegations if a.id not in standing]
    if missing:
        numbers = ", ".join(map(str, missing))
        raise UserInputError(
            f"Record the finding on each allegation first (allegation {numbers} of case "
            f"{case.reference} has none): `boundline case find {case.reference} ALLEGATION "
            "--finding proven|not_proven --reason R`."
        )
    proven = any(standing[a.id].finding == "proven" for a in allegations)
    given = fields.get("finding", "")
    if proven and given == "not_proven":
        raise UserInputError(
            "The outcome says not proven, but an allegation was found proven: the finding must "
            "be misconduct or gross misconduct."
        )
    if not proven and given not in ("", "not_proven"):
        raise UserInputError(
            f"The outcome finds {given}, but no allegation was found proven: the finding must "
            "be not_proven."
        )
