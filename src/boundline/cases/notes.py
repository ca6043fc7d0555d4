"""Case notes (append-only) and actions with an owner and a due date.

A note records what happened or was learned, on the whole case or about one
subject; it is never changed (the database refuses it), a later note corrects an
earlier one. An action says who must do what by when; it is done once, by its owner
or the appropriate authority, with a note. Open actions are listed by
``boundline case due`` with the statutory deadlines. Everything is audited; text is
shown to each user as they may see it (:mod:`boundline.cases.masking`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases.compartments import case_for, may_see, visible_cases
from boundline.cases.masking import identities, masked
from boundline.cases.models import Case, CaseAction, CaseNote
from boundline.cases.roles import Actor, Permission, Role, require
from boundline.cases.subjects import find_subject
from boundline.cases.users import find_user
from boundline.errors import CaseHiddenError, UserInputError

__all__ = [
    "ActionView",
    "NoteView",
    "add_action",
    "add_note",
    "case_actions",
    "case_notes",
    "complete_action",
    "open_actions",
]


@dataclass(frozen=True)
class NoteView:
    """A note as the acting user may see it."""

    id: int
    case: str
    subject_id: int | None
    text: str
    author: str
    at: datetime


@dataclass(frozen=True)
class ActionView:
    """An action as the acting user may see it."""

    id: int
    case: str
    text: str
    owner: str
    due_on: date
    done_at: datetime | None
    done_by: str | None
    done_note: str | None


def _text(text: str, what: str) -> str:
    if not text.strip():
        raise UserInputError(f"A {what} needs its text.")
    return text.strip()


def add_note(
    session: Session, actor: Actor, reference: str, text: str, subject: str | None = None
) -> CaseNote:
    """Add a note to a case (about one subject when ``subject`` names one)."""
    require(actor, Permission.CASE_EDIT)
    case = case_for(session, actor, reference)
    about = find_subject(session, actor, case, subject).id if subject else None
    note = CaseNote(
        case_id=case.id, subject_id=about, text=_text(text, "note"), author=actor.username,
        at=utcnow(),
    )  # fmt: skip
    session.add(note)
    session.flush()
    record(session, actor.username, "case.note", "case", case.reference, {"note": note.id})
    return note


def add_action(
    session: Session, actor: Actor, reference: str, text: str, owner: str, due_on: date
) -> CaseAction:
    """Give a user an action on a case, due on a day (not in the past)."""
    require(actor, Permission.CASE_EDIT)
    case = case_for(session, actor, reference)
    user = find_user(session, owner)
    today = utcnow().date()
    if due_on < today:
        raise UserInputError(f"An action cannot be due in the past ({due_on} is before {today}).")
    action = CaseAction(
        case_id=case.id, text=_text(text, "action"), owner=user.username, due_on=due_on,
        created_by=actor.username, created_at=utcnow(),
    )  # fmt: skip
    session.add(action)
    session.flush()
    detail = {"action": action.id, "owner": user.username, "due_on": due_on.isoformat()}
    record(session, actor.username, "case.action", "case", case.reference, detail)
    return action


def complete_action(session: Session, actor: Actor, action_id: int, note: str) -> CaseAction:
    """Mark an action done (its owner, or the appropriate authority), with a note."""
    require(actor, Permission.CASE_EDIT)
    action = session.get(CaseAction, action_id)
    case = session.get(Case, action.case_id) if action is not None else None
    if action is None or case is None:
        raise UserInputError(f"No action {action_id} in this case database.")
    if not may_see(session, actor, case):
        raise CaseHiddenError(f"No action {action_id} in this case database.", case=case.reference)
    if action.done_at is not None:
        raise UserInputError(f"Action {action_id} was already done on {action.done_at:%Y-%m-%d}.")
    if actor.username != action.owner and actor.role is not Role.APPROPRIATE_AUTHORITY:
        raise UserInputError(
            f"Action {action_id} is {action.owner}'s: only they or the appropriate authority "
            "may mark it done."
        )
    action.done_at, action.done_by = utcnow(), actor.username
    action.done_note = _text(note, "note on a done action")
    record(
        session, actor.username, "case.action_done", "case", case.reference, {"action": action_id}
    )
    return action


def case_notes(session: Session, actor: Actor, reference: str) -> list[NoteView]:
    """A case's notes, oldest first (the look is audited)."""
    require(actor, Permission.CASE_VIEW)
    case = case_for(session, actor, reference)
    ids = identities(session, actor)
    query = select(CaseNote).where(CaseNote.case_id == case.id).order_by(CaseNote.id)
    notes = [
        NoteView(n.id, case.reference, n.subject_id, masked(n.text, ids), n.author, n.at)
        for n in session.scalars(query)
    ]
    record(session, actor.username, "view", "case", case.reference, {"notes": True})
    return notes


def _view(action: CaseAction, reference: str, ids: dict[str, str]) -> ActionView:
    return ActionView(
        action.id, reference, masked(action.text, ids), action.owner, action.due_on,
        action.done_at, action.done_by, masked(action.done_note, ids),
    )  # fmt: skip


def case_actions(session: Session, actor: Actor, reference: str) -> list[ActionView]:
    """A case's actions, done or not, by due date."""
    require(actor, Permission.CASE_VIEW)
    case = case_for(session, actor, reference)
    ids = identities(session, actor)
    query = select(CaseAction).where(CaseAction.case_id == case.id)
    found = session.scalars(query.order_by(CaseAction.due_on, CaseAction.id))
    return [_view(a, case.reference, ids) for a in found]


def open_actions(session: Session, actor: Actor, until: date) -> list[ActionView]:
    """Every open action due on or before ``until``, across cases (for ``case due``)."""
    require(actor, Permission.CASE_VIEW)
    ids = identities(session, actor)
    query = (
        select(CaseAction, Case.reference)
        .join(Case, Case.id == CaseAction.case_id)
        .where(
            CaseAction.done_at.is_(None),
            CaseAction.due_on <= until,
            CaseAction.case_id.in_(visible_cases(actor)),
        )
        .order_by(CaseAction.due_on, CaseAction.id)
    )
    return [_view(a, ref, ids) for a, ref in session.execute(query)]
