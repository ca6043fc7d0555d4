"""Reading the statutory process of cases: one case in full, the list, what falls due.

Each read checks ``case.view`` and is written to the audit log. Subjects are shown
as the acting user may see them (pseudonyms for analysts and auditors).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from boundline.audit import record
from boundline.cases.casefile import find_case
from boundline.cases.models import Allegation, Case, CaseProcess, CaseSubject, CaseTransition
from boundline.cases.process_service import process_row, transitions
from boundline.cases.pseudonyms import shown
from boundline.cases.roles import Actor, Permission, require
from boundline.cases.statutory import DueItem, ProcessState, allowed_steps, due, state_from_json

__all__ = ["CaseRow", "CaseStatus", "case_status", "due_across", "list_cases"]


@dataclass(frozen=True)
class CaseStatus:
    """One case as ``boundline case show`` prints it."""

    case: Case
    subjects: list[str]
    allegations: list[Allegation]
    state: ProcessState | None
    allowed: list[str]
    steps: list[CaseTransition]
    due: list[DueItem]


@dataclass(frozen=True)
class CaseRow:
    """One line of ``boundline case list``."""

    reference: str
    title: str
    origin: str
    opened: str
    misconduct: str
    criminal: str


def _subjects(session: Session, actor: Actor, case: Case) -> list[str]:
    rows = session.scalars(select(CaseSubject).where(CaseSubject.case_id == case.id))
    return [f"{shown(session, actor, 'officer', s.officer_id)} ({s.kind})" for s in rows]


def case_status(session: Session, actor: Actor, reference: str, on: date) -> CaseStatus:
    """A case, its stage on both tracks, what the actor may do next, and what is due."""
    require(actor, Permission.CASE_VIEW)
    case = find_case(session, reference)
    row = process_row(session, case)
    state = state_from_json(row.state) if row else None
    allegations = list(
        session.scalars(
            select(Allegation).where(Allegation.case_id == case.id).order_by(Allegation.id)
        )
    )
    status = CaseStatus(
        case,
        _subjects(session, actor, case),
        allegations,
        state,
        allowed_steps(state, actor.role.value) if state else [],
        transitions(session, case),
        due({case.reference: state}, on, within=10_000) if state else [],
    )
    record(session, actor.username, "view", "case", case.reference, {"process": True})
    return status


def list_cases(session: Session, actor: Actor) -> list[CaseRow]:
    """Every case with its stages (``not started`` before its process starts)."""
    require(actor, Permission.CASE_VIEW)
    query = (
        select(Case, CaseProcess)
        .outerjoin(CaseProcess, CaseProcess.case_id == Case.id)
        .order_by(Case.id)
    )
    rows = []
    for case, joined in session.execute(query):
        proc: CaseProcess | None = joined  # None before the case's process starts
        rows.append(
            CaseRow(
                case.reference,
                case.title,
                case.origin,
                f"{case.opened_at:%Y-%m-%d}",
                proc.misconduct_stage if proc else "not started",
                proc.criminal_stage if proc else "-",
            )
        )
        record(session, actor.username, "view", "case", case.reference, {"list": True})
    return rows


def due_across(session: Session, actor: Actor, on: date, within: int = 5) -> list[DueItem]:
    """What is overdue or due within ``within`` working days of ``on``, across open cases.

    Cases whose process has not started yet (confirmed from an alert by an analyst)
    are listed too, as pending ``start_process``.
    """
    require(actor, Permission.CASE_VIEW)
    states: dict[str, ProcessState] = {}
    waiting: list[DueItem] = []
    query = select(Case, CaseProcess).outerjoin(CaseProcess, CaseProcess.case_id == Case.id)
    for case, joined in session.execute(query.order_by(Case.id)):
        proc: CaseProcess | None = joined  # None before the case's process starts
        if proc is None:
            what = "record the conduct matter: start the statutory process (`boundline case open`)"
            waiting.append(DueItem(case.reference, "start_process", what, None, False, None))
        else:
            states[case.reference] = state_from_json(proc.state)
    items = due(states, on, within=within) + waiting
    detail = {"on": on.isoformat(), "within": within, "items": len(items)}
    record(session, actor.username, "case.due", "case", "*", detail)
    return items
