"""Who a case is about: each subject's kind from the force's data, and finding a subject.

Both cases this product starts from were PCSOs, who are police staff, not police
officers: the Police (Conduct) Regulations do not apply to them, the force's staff
procedure does. So a subject's kind comes from ``officers.role`` in the store
(:data:`STAFF_ROLES`, :data:`OFFICER_ROLES`); a role that is neither, or an officer
the store does not hold, must be stated by the person confirming the case, and a
stated kind that contradicts the data is refused (the kind is changed later only by
the statutory step ``change_subject_kind``, with a reason, audited).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
from sqlalchemy import select
from sqlalchemy.orm import Session

from boundline.cases.models import Case, CaseSubject, Pseudonym
from boundline.cases.pseudonyms import shown
from boundline.cases.roles import Actor
from boundline.errors import UserInputError
from boundline.store import open_store

__all__ = [
    "OFFICER_ROLES",
    "STAFF_ROLES",
    "find_subject",
    "kind_of_role",
    "officer_role",
    "subject_kind",
    "subject_label",
    "subjects_of",
]

#: ``officers.role`` values of police staff (the force's staff procedure applies).
STAFF_ROLES = frozenset({"PCSO", "STAFF"})
#: ``officers.role`` values of police officers: constables, specials and the ranks.
OFFICER_ROLES = frozenset(
    {
        "PC", "DC", "SPECIAL", "SGT", "DS", "INSP", "DI", "CI", "DCI", "SUPT", "DSU",
        "CSUPT", "DCS", "COMMANDER", "ACC", "DAC", "DCC", "AC", "CC", "COMMISSIONER",
    }
)  # fmt: skip


def kind_of_role(role: str | None) -> str | None:
    """``officer`` or ``staff`` for a role the data names, None for any other."""
    key = (role or "").strip().upper()
    if key in STAFF_ROLES:
        return "staff"
    if key in OFFICER_ROLES:
        return "officer"
    return None


def officer_role(store: Path, officer_id: str) -> str | None:
    """The officer's ``role`` in the store's ``officers`` table (None when not held)."""
    handle = open_store(store)
    if not handle.exists():
        return None
    for path in handle.files("officers"):
        table = pq.read_table(path, columns=["officer_id", "role"])
        hits = table.filter(pc.equal(table["officer_id"], officer_id))
        if hits.num_rows:
            value = hits["role"][0].as_py()
            return str(value) if value is not None else None
    return None


def subject_kind(store: Path, officer_id: str, stated: str | None, who: str) -> str:
    """The subject kind from the data, or as ``stated`` when the data cannot say.

    ``who`` is how the subject is shown to the user (a pseudonym for an analyst).
    """
    role = officer_role(store, officer_id)
    found = kind_of_role(role)
    if stated is not None and stated not in ("officer", "staff"):
        raise UserInputError(f"Subject kind {stated!r} is not one of: officer, staff.")
    if found is None:
        if stated is None:
            held = f"has the role {role!r}" if role else "is not in the store's officers"
            raise UserInputError(
                f"{who} {held}, which is neither a police officer's nor police staff's: "
                "say which with --subject-kind officer or --subject-kind staff."
            )
        return stated
    if stated is not None and stated != found:
        raise UserInputError(
            f"{who} has the role {role!r} in the force's data, so is {_label(found)}, not "
            f"{_label(stated)}. Confirm without --subject-kind; if the data is wrong, the "
            "appropriate authority changes the kind with the step change_subject_kind and "
            "a reason."
        )
    return found


def _label(kind: str) -> str:
    return "a member of police staff" if kind == "staff" else "a police officer"


def subjects_of(session: Session, case: Case) -> list[CaseSubject]:
    """The case's subjects, in the order they were named."""
    query = select(CaseSubject).where(CaseSubject.case_id == case.id).order_by(CaseSubject.id)
    return list(session.scalars(query))


def subject_label(session: Session, actor: Actor, subject: CaseSubject) -> str:
    """The subject as the actor may see them (a pseudonym unless they see identities)."""
    return shown(session, actor, "officer", subject.officer_id) or ""


def find_subject(session: Session, actor: Actor, case: Case, which: str | None) -> CaseSubject:
    """The subject ``which`` names (officer id or pseudonym), or the only one.

    A case with several subjects needs ``which``; the error lists them as the actor
    may see them.
    """
    subjects = subjects_of(session, case)
    if not subjects:
        raise UserInputError(f"Case {case.reference} names no subject yet.")
    if which is None:
        if len(subjects) == 1:
            return subjects[0]
        names = ", ".join(subject_label(session, actor, s) for s in subjects)
        raise UserInputError(
            f"Case {case.reference} has {len(subjects)} subjects ({names}), each with a "
            "process of their own: say which with --subject."
        )
    key = which.strip()
    real = session.scalar(
        select(Pseudonym.real_id).where(
            Pseudonym.kind == "officer", Pseudonym.pseudonym == key.upper()
        )
    )
    for s in subjects:
        if s.officer_id in (key, real):
            return s
    names = ", ".join(subject_label(session, actor, s) for s in subjects)
    raise UserInputError(f"{which!r} is not a subject of case {case.reference} ({names}).")
