"""The statutory process of cases in the case database: start it, take steps, show it.

The process itself is pure (:mod:`boundline.cases.statutory`); this module keeps each
case's state in ``case_process`` (canonical JSON) and every step in the append-only
``case_transitions`` (who, when, why, with which fields). A step is one transaction:
the permission check (:mod:`boundline.cases.roles`: ``case.transition``, and
``case.decide`` for a step only the appropriate authority takes), the statutory check
(:func:`~boundline.cases.statutory.apply`, an
:class:`~boundline.errors.IllegalStepError` when the step is not allowed now), the new
state, the transition row and an audit entry, all committed together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases.casefile import add_subject, find_case, open_case
from boundline.cases.models import Case, CaseProcess, CaseSubject, CaseTransition
from boundline.cases.roles import Actor, Permission, Role, can, require
from boundline.cases.statutory import (
    OPEN_STEP,
    ProcessState,
    Transition,
    apply,
    default_process,
    open_process,
    state_from_json,
    state_to_json,
)
from boundline.cases.statutory.calendar import local_day
from boundline.errors import IllegalStepError, UserInputError

__all__ = [
    "advance",
    "begin_process",
    "open_case_with_process",
    "process_row",
    "start_from_alert",
    "state_of",
    "step_permission",
    "transitions",
]

_DECISION_ROLES = frozenset({Role.APPROPRIATE_AUTHORITY.value})


def step_permission(step: str) -> Permission:
    """The permission a step needs: ``case.decide`` for the appropriate authority's own."""
    spec = default_process().steps.get(step)
    if spec is not None and set(spec.roles) <= _DECISION_ROLES:
        return Permission.CASE_DECIDE
    return Permission.CASE_TRANSITION


def process_row(session: Session, case: Case, *, lock: bool = False) -> CaseProcess | None:
    """The case's process row (locked for update when ``lock``), or None before it starts."""
    query = select(CaseProcess).where(CaseProcess.case_id == case.id)
    if lock:
        query = query.with_for_update()
    return session.scalar(query)


def state_of(session: Session, case: Case) -> ProcessState:
    """The case's process state; a UserInputError if its process has not started."""
    row = process_row(session, case)
    if row is None:
        raise UserInputError(_not_started(case))
    return state_from_json(row.state)


def _not_started(case: Case) -> str:
    return (
        f"Case {case.reference} has no statutory process yet: an investigator or the "
        f"appropriate authority records it with `boundline case open {case.reference} "
        f"--reason TEXT`."
    )


def _store(
    session: Session, actor: Actor, case: Case, row: CaseProcess | None, t: Transition
) -> Transition:
    """Keep the new state, its transition row, the case's stage and an audit entry."""
    text = state_to_json(t.state)
    stages = dict(t.state.stages)
    if row is None:
        row = CaseProcess(case_id=case.id, steps=0)
        session.add(row)
    row.state, row.steps, row.updated_at = text, row.steps + 1, t.record.at
    row.misconduct_stage, row.criminal_stage = stages["misconduct"], stages["criminal"]
    case.stage = stages["misconduct"]
    fields = json.dumps(dict(t.record.fields), sort_keys=True, separators=(",", ":"))
    session.add(
        CaseTransition(
            case_id=case.id,
            seq=row.steps,
            step=t.record.step,
            track=t.record.track,
            from_stage=t.record.from_stage,
            to_stage=t.record.to_stage,
            actor=actor.username,
            role=actor.role.value,
            at=t.record.at,
            reason=t.record.reason,
            fields=fields,
        )
    )
    session.flush()
    detail = {
        "seq": row.steps,
        "step": t.record.step,
        "track": t.record.track,
        "from": t.record.from_stage,
        "to": t.record.to_stage,
        "role": actor.role.value,
        "reason": t.record.reason,
        "fields": dict(t.record.fields),
        "raised": [o.kind for o in t.raised],
        "started": [f"{d.kind}:{d.due_on.isoformat()}" for d in t.started],
    }
    record(session, actor.username, "case.transition", "case", case.reference, detail)
    return t


def _subject_kind(session: Session, case: Case) -> str:
    kinds = set(session.scalars(select(CaseSubject.kind).where(CaseSubject.case_id == case.id)))
    return "staff" if kinds == {"staff"} else "officer"


def begin_process(
    session: Session,
    actor: Actor,
    reference: str,
    reason: str,
    *,
    apsp: bool = True,
    former: bool = False,
    came_to_attention: date | None = None,
    at: datetime | None = None,
) -> Transition:
    """Start the statutory process of an existing case (the step ``open_case``).

    The subject kind follows the case's subjects (``staff`` only if every subject is
    police staff). An APSP matter starts the IOPC referral deadline.
    """
    require(actor, Permission.CASE_TRANSITION)
    case = find_case(session, reference)
    if process_row(session, case, lock=True) is not None:
        raise UserInputError(f"Case {case.reference} is already in the statutory process.")
    moment = at or utcnow()
    t = open_process(
        subject_kind=_subject_kind(session, case),
        apsp=apsp,
        came_to_attention=came_to_attention or local_day(moment),
        actor_role=actor.role.value,
        at=moment,
        reason=reason,
        actor=actor.username,
        former=former,
    )
    return _store(session, actor, case, None, t)


def start_from_alert(session: Session, actor: Actor, case: Case, reason: str) -> bool:
    """Start the process of a case just opened from a confirmed alert, if the actor may.

    An analyst may confirm an alert into a case but not record a conduct matter: the
    case then waits (listed by ``boundline case due``) for an investigator or the
    appropriate authority. Returns whether the process was started.
    """
    if not can(actor.role, Permission.CASE_TRANSITION):
        return False
    begin_process(session, actor, case.reference, reason, apsp=True)
    return True


def open_case_with_process(
    session: Session,
    actor: Actor,
    *,
    title: str,
    subject: str,
    reason: str,
    origin: str = "conduct_matter",
    purpose: str = "misconduct",
    subject_kind: str = "officer",
    apsp: bool = True,
    former: bool = False,
    came_to_attention: date | None = None,
    at: datetime | None = None,
) -> tuple[Case, Transition]:
    """Open a new case with its subject, and start its statutory process."""
    require(actor, Permission.CASE_TRANSITION)
    case = open_case(session, actor, origin, purpose, title)
    add_subject(session, actor, case.reference, subject, subject_kind)
    t = begin_process(
        session,
        actor,
        case.reference,
        reason,
        apsp=apsp,
        former=former,
        came_to_attention=came_to_attention,
        at=at,
    )
    return case, t


def advance(
    session: Session,
    actor: Actor,
    reference: str,
    step: str,
    reason: str,
    fields: Mapping[str, str] | None = None,
    *,
    at: datetime | None = None,
) -> Transition:
    """Take ``step`` on a case as the actor, with a reason and the step's fields."""
    require(actor, Permission.CASE_TRANSITION)
    require(actor, step_permission(step))
    given = dict(fields or {})
    if "reason" in given:
        raise UserInputError("Give the reason with --reason, not as a field.")
    if step == OPEN_STEP:
        raise UserInputError(
            f"{OPEN_STEP} starts the process: use `boundline case open {reference} --reason R`."
        )
    case = find_case(session, reference)
    row = process_row(session, case, lock=True)
    if row is None:
        raise UserInputError(_not_started(case))
    state = state_from_json(row.state)
    try:
        t = apply(
            state,
            step,
            actor_role=actor.role.value,
            at=at or utcnow(),
            fields={**given, "reason": reason},
            actor=actor.username,
        )
    except IllegalStepError as exc:
        raise IllegalStepError(str(exc), step=step, case=case.reference) from None
    return _store(session, actor, case, row, t)


def transitions(session: Session, case: Case) -> list[CaseTransition]:
    """Every step recorded for a case, oldest first."""
    query = select(CaseTransition).where(CaseTransition.case_id == case.id)
    return list(session.scalars(query.order_by(CaseTransition.seq)))
