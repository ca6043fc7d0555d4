"""Case compartments (need to know): who may see a case, and its members.

A case is seen only by its members (the investigators and appropriate authorities
added to it) and, pseudonymised, by the analysts who confirmed an alert into it.
Auditors read the audit log, not cases; admins manage members, not cases. Everyone
else is told there is no such case, exactly as for a reference that does not exist
(:class:`~boundline.errors.CaseHiddenError`), and the attempt is written to the audit
log. :func:`case_for` is the one check every case service makes, for the CLI and the
workbench alike.

Whoever opens a case, or confirms an alert into a new one, as an investigator or
appropriate authority becomes its first member. Members are added and removed, with
a reason, by an appropriate authority who is a member, or by an admin; each change
is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases.models import Case, CaseMember, TriageDecision
from boundline.cases.roles import Actor, Permission, Role, require
from boundline.cases.users import find_user
from boundline.errors import CaseHiddenError, CaseNotFoundError, UserInputError

__all__ = [
    "MemberView",
    "add_member",
    "case_for",
    "join_as_opener",
    "list_members",
    "may_see",
    "remove_member",
    "visible_cases",
]

#: The roles that can be members of a case (they work on it).
MEMBER_ROLES = frozenset({Role.INVESTIGATOR, Role.APPROPRIATE_AUTHORITY})


@dataclass(frozen=True)
class MemberView:
    """A membership of a case, current or past."""

    username: str
    role: str
    added_by: str
    added_at: datetime
    reason: str
    removed_by: str | None
    removed_at: datetime | None


def _member(session: Session, case: Case, username: str) -> CaseMember | None:
    query = select(CaseMember).where(
        CaseMember.case_id == case.id,
        CaseMember.username == username,
        CaseMember.removed_at.is_(None),
    )
    return session.scalar(query)


def visible_cases(actor: Actor) -> Select[Any]:
    """The ids of the cases ``actor`` may see, as a query (empty for other roles)."""
    if actor.role in MEMBER_ROLES:
        return select(CaseMember.case_id).where(
            CaseMember.username == actor.username, CaseMember.removed_at.is_(None)
        )
    if actor.role is Role.ANALYST:
        return select(TriageDecision.case_id).where(
            TriageDecision.actor == actor.username,
            TriageDecision.decision == "confirmed",
            TriageDecision.case_id.is_not(None),
        )
    return select(Case.id).where(Case.id.is_(None))


def may_see(session: Session, actor: Actor, case: Case) -> bool:
    """Whether ``actor`` may see ``case`` (a member, or the analyst who confirmed into it)."""
    if actor.role in MEMBER_ROLES:
        return _member(session, case, actor.username) is not None
    if actor.role is Role.ANALYST:
        confirmed = select(TriageDecision.id).where(
            TriageDecision.actor == actor.username,
            TriageDecision.decision == "confirmed",
            TriageDecision.case_id == case.id,
        )
        return bool(session.scalar(select(exists(confirmed))))
    return False


def _by_reference(session: Session, reference: str) -> Case:
    """The case with this reference, unchecked; a CaseNotFoundError if there is none."""
    found = session.scalar(select(Case).where(Case.reference == reference.strip().upper()))
    if found is None:
        raise CaseNotFoundError(f"No case {reference!r} in this case database.")
    return found


def case_for(session: Session, actor: Actor, reference: str) -> Case:
    """The case ``reference`` if ``actor`` may see it; else "no such case" (audited).

    The caller checks the permission its work needs; this adds need to know.
    """
    found = _by_reference(session, reference)
    if not may_see(session, actor, found):
        raise CaseHiddenError(f"No case {reference!r} in this case database.", case=found.reference)
    return found


def join_as_opener(session: Session, actor: Actor, case: Case) -> None:
    """Make whoever opened ``case`` (an investigator or appropriate authority) a member."""
    if actor.role in MEMBER_ROLES and _member(session, case, actor.username) is None:
        session.add(
            CaseMember(
                case_id=case.id,
                username=actor.username,
                added_by=actor.username,
                added_at=utcnow(),
                reason="opened the case",
            )
        )
        session.flush()


def _manage(session: Session, actor: Actor, reference: str) -> Case:
    """The case whose members ``actor`` may change (an admin, or a member AA)."""
    require(actor, Permission.CASE_MEMBERS)
    if actor.role is Role.ADMIN:
        return _by_reference(session, reference)
    return case_for(session, actor, reference)


def add_member(
    session: Session, actor: Actor, reference: str, username: str, reason: str
) -> CaseMember:
    """Add an investigator or appropriate authority to a case, with a reason (audited)."""
    case = _manage(session, actor, reference)
    if not reason.strip():
        raise UserInputError("Say why they need to know: --reason must not be empty.")
    user = find_user(session, username)
    if Role(user.role) not in MEMBER_ROLES:
        raise UserInputError(
            f"{user.username} is {user.role.replace('_', ' ')}: only investigators and "
            "appropriate authorities are members of cases."
        )
    if _member(session, case, user.username) is not None:
        raise UserInputError(f"{user.username} is already a member of case {case.reference}.")
    member = CaseMember(
        case_id=case.id,
        username=user.username,
        added_by=actor.username,
        added_at=utcnow(),
        reason=reason.strip(),
    )
    session.add(member)
    session.flush()
    detail = {"member": user.username, "reason": reason.strip()}
    record(session, actor.username, "case.member_add", "case", case.reference, detail)
    return member


def remove_member(
    session: Session, actor: Actor, reference: str, username: str, reason: str
) -> CaseMember:
    """Take a user off a case, with a reason (audited); the membership's record stays."""
    case = _manage(session, actor, reference)
    if not reason.strip():
        raise UserInputError("Say why: --reason must not be empty.")
    member = _member(session, case, username)
    if member is None:
        raise UserInputError(f"{username} is not a member of case {case.reference}.")
    member.removed_by, member.removed_at = actor.username, utcnow()
    detail = {"member": username, "reason": reason.strip()}
    record(session, actor.username, "case.member_remove", "case", case.reference, detail)
    return member


def list_members(session: Session, actor: Actor, reference: str) -> list[MemberView]:
    """A case's members, current and past (to its members, and to admins)."""
    if actor.role is Role.ADMIN:
        case = _manage(session, actor, reference)
    else:
        require(actor, Permission.CASE_VIEW)
        case = case_for(session, actor, reference)
    query = select(CaseMember).where(CaseMember.case_id == case.id).order_by(CaseMember.id)
    out = [
        MemberView(
            m.username,
            find_user(session, m.username).role,
            m.added_by,
            m.added_at,
            m.reason,
            m.removed_by,
            m.removed_at,
        )
        for m in session.scalars(query)
    ]
    record(session, actor.username, "view", "case", case.reference, {"members": True})
    return out
