"""The statutory process of each subject of a case, in the case database.

The process itself is pure (:mod:`boundline.cases.statutory`); this module keeps each
subject's state in ``subject_process`` (canonical JSON), each track's stage as a row
of ``process_stages``, and every step in the append-only ``case_transitions`` (for
which subject, when it happened and when it was recorded, who, why, with which
fields). A case with two subjects runs two processes: their own severity, notice,
findings and outcome. A step is one transaction: the permission check
(:mod:`boundline.cases.roles`: ``case.transition``, and ``case.decide`` for a step
only the appropriate authority takes), the statutory check
(:func:`~boundline.cases.statutory.apply`, an
:class:`~boundline.errors.IllegalStepError` when the step is not allowed now), the
new state, the transition row and an audit entry, all committed together or not at
all.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases.casefile import add_subject, open_case
from boundline.cases.compartments import case_for
from boundline.cases.findings import OUTCOME_STEPS, check_outcome_findings
from boundline.cases.models import (
    Case,
    CaseSubject,
    CaseTransition,
    ProcessStage,
    SubjectProcess,
)
from boundline.cases.roles import Actor, Permission, Role, can, require
from boundline.cases.statutory import (
    CORRECT_STEP,
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
from boundline.cases.subjects import find_subject, subject_label, subjects_of
from boundline.errors import CaseMovedOnError, IllegalStepError, UserInputError

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


def process_row(
    session: Session, subject: CaseSubject, *, lock: bool = False
) -> SubjectProcess | None:
    """The subject's process row (locked for update when ``lock``), or None before it starts."""
    query = select(SubjectProcess).where(SubjectProcess.subject_id == subject.id)
    if lock:
        query = query.with_for_update()
    return session.scalar(query)


def state_of(
    session: Session, actor: Actor, case: Case, subject: str | None = None
) -> tuple[CaseSubject, ProcessState]:
    """A subject's process state (the only subject's, unless named); an error before it starts."""
    who = find_subject(session, actor, case, subject)
    row = process_row(session, who)
    if row is None:
        raise UserInputError(_not_started(session, actor, case, who))
    return who, state_from_json(row.state)


def _not_started(session: Session, actor: Actor, case: Case, who: CaseSubject) -> str:
    return (
        f"{subject_label(session, actor, who)} in case {case.reference} has no statutory "
        "process yet: an investigator or the appropriate authority records it with "
        f"`boundline case open {case.reference} --reason TEXT`."
    )


def _next_seq(session: Session, case: Case) -> int:
    """The case's next transition number (the case row is locked by the caller)."""
    last = session.scalar(
        select(func.max(CaseTransition.seq)).where(CaseTransition.case_id == case.id)
    )
    return (last or 0) + 1


def _set_stages(session: Session, case: Case, subject: CaseSubject, state: ProcessState) -> None:
    """Copy the state's track stages into ``process_stages`` and the case's summary stage."""
    for track, stage in state.stages:
        row = session.get(ProcessStage, (subject.id, track))
        if row is None:
            session.add(
                ProcessStage(subject_id=subject.id, track=track, case_id=case.id, stage=stage)
            )
        elif row.stage != stage:
            row.stage = stage
    session.flush()
    stages = set(
        session.scalars(
            select(ProcessStage.stage).where(
                ProcessStage.case_id == case.id, ProcessStage.track == "misconduct"
            )
        )
    )
    summary = stages.pop() if len(stages) == 1 else "several"
    if case.stage != summary:
        case.stage = summary


def _store(
    session: Session,
    actor: Actor,
    case: Case,
    subject: CaseSubject,
    row: SubjectProcess | None,
    t: Transition,
) -> Transition:
    """Keep the new state, its stages, its transition row and an audit entry."""
    text = state_to_json(t.state)
    if row is None:
        row = SubjectProcess(subject_id=subject.id, case_id=case.id, steps=0)
        session.add(row)
    row.state, row.steps, row.updated_at = text, row.steps + 1, t.record.at
    _set_stages(session, case, subject, t.state)
    seq = _next_seq(session, case)
    fields = json.dumps(dict(t.record.fields), sort_keys=True, separators=(",", ":"))
    session.add(
        CaseTransition(
            case_id=case.id,
            seq=seq,
            subject_id=subject.id,
            step=t.record.step,
            track=t.record.track,
            from_stage=t.record.from_stage,
            to_stage=t.record.to_stage,
            actor=actor.username,
            role=actor.role.value,
            at=t.record.at,
            effective_on=t.record.on,
            reason=t.record.reason,
            fields=fields,
        )
    )
    session.flush()
    detail = {
        "seq": seq,
        "subject": subject.id,
        "step": t.record.step,
        "track": t.record.track,
        "from": t.record.from_stage,
        "to": t.record.to_stage,
        "on": t.record.on.isoformat(),
        "role": actor.role.value,
        "reason": t.record.reason,
        "fields": dict(t.record.fields),
        "raised": [o.kind for o in t.raised],
        "started": [f"{d.kind}:{d.due_on.isoformat()}" for d in t.started],
    }
    record(session, actor.username, "case.transition", "case", case.reference, detail)
    return t


def _lock_case(session: Session, actor: Actor, reference: str) -> Case:
    """The case (need to know), its row locked until the transaction ends (steps serialised)."""
    case = case_for(session, actor, reference)
    return session.scalars(select(Case).where(Case.id == case.id).with_for_update()).one()


def begin_process(
    session: Session,
    actor: Actor,
    reference: str,
    reason: str,
    *,
    subject: str | None = None,
    apsp: bool = True,
    former: bool = False,
    came_to_attention: date | None = None,
    at: datetime | None = None,
    on: date | None = None,
) -> list[tuple[CaseSubject, Transition]]:
    """Start the statutory process (the step ``open_case``) of a case's subjects.

    Every subject without a process yet, or only ``subject``. Each subject's kind
    (officer or staff) is the one recorded for them. An APSP matter starts the IOPC
    referral deadline.
    """
    require(actor, Permission.CASE_TRANSITION)
    case = _lock_case(session, actor, reference)
    chosen = (
        [find_subject(session, actor, case, subject)] if subject else subjects_of(session, case)
    )
    waiting = [s for s in chosen if process_row(session, s, lock=True) is None]
    if not chosen:
        raise UserInputError(f"Case {case.reference} names no subject yet.")
    if not waiting:
        raise UserInputError(f"Case {case.reference} is already in the statutory process.")
    moment = at or utcnow()
    started = []
    for who in waiting:
        t = open_process(
            subject_kind=who.kind,
            apsp=apsp,
            came_to_attention=came_to_attention or on or local_day(moment),
            actor_role=actor.role.value,
            at=moment,
            reason=reason,
            actor=actor.username,
            former=former,
            on=on,
        )
        started.append((who, _store(session, actor, case, who, None, t)))
    return started


def start_from_alert(session: Session, actor: Actor, case: Case, reason: str) -> bool:
    """Start the process of subjects just confirmed from an alert, if the actor may.

    An analyst may confirm an alert into a case but not record a conduct matter: the
    case then waits (listed by ``boundline case due``) for an investigator or the
    appropriate authority. Returns whether a process was started.
    """
    if not can(actor.role, Permission.CASE_TRANSITION):
        return False
    if all(process_row(session, s) is not None for s in subjects_of(session, case)):
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
    on: date | None = None,
) -> tuple[Case, Transition]:
    """Open a new case with its subject, and start the subject's statutory process."""
    require(actor, Permission.CASE_TRANSITION)
    case = open_case(session, actor, origin, purpose, title)
    add_subject(session, actor, case.reference, subject, subject_kind)
    [(_, t)] = begin_process(
        session,
        actor,
        case.reference,
        reason,
        apsp=apsp,
        former=former,
        came_to_attention=came_to_attention,
        at=at,
        on=on,
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
    subject: str | None = None,
    at: datetime | None = None,
    on: date | None = None,
    seen: int | None = None,
) -> Transition:
    """Take ``step`` for one subject of a case (the only one, unless named).

    ``on`` is the day it happened (default: today); ``at`` when it is recorded.
    ``seen`` is the number of the last step the asker saw (a form's page): if another
    step was recorded since, the step is refused with :class:`CaseMovedOnError`
    (two people taking the same step at once: the second is told, not obeyed).
    """
    require(actor, Permission.CASE_TRANSITION)
    require(actor, step_permission(step))
    given = dict(fields or {})
    if "reason" in given:
        raise UserInputError("Give the reason with --reason, not as a field.")
    if step == OPEN_STEP:
        raise UserInputError(
            f"{OPEN_STEP} starts the process: use `boundline case open {reference} --reason R`."
        )
    case = _lock_case(session, actor, reference)
    if seen is not None:
        _check_seen(session, case, step, seen)
    who = find_subject(session, actor, case, subject)
    row = process_row(session, who, lock=True)
    if row is None:
        raise UserInputError(_not_started(session, actor, case, who))
    state = state_from_json(row.state)
    if step in OUTCOME_STEPS:
        check_outcome_findings(session, case, who, given)
    if step == CORRECT_STEP and "supersedes" in given:
        given["supersedes"] = _position(session, case, who, given["supersedes"])
    try:
        t = apply(
            state,
            step,
            actor_role=actor.role.value,
            at=at or utcnow(),
            on=on,
            fields={**given, "reason": reason},
            actor=actor.username,
        )
    except IllegalStepError as exc:
        raise IllegalStepError(str(exc), step=step, case=case.reference) from None
    if t.state.subject_kind != who.kind:
        who.kind = t.state.subject_kind  # change_subject_kind: the subject row follows
    return _store(session, actor, case, who, row, t)


def _check_seen(session: Session, case: Case, step: str, seen: int) -> None:
    """Refuse a step asked for on an older view of the case (the case row is locked)."""
    last = _next_seq(session, case) - 1
    if last == seen:
        return
    latest = session.scalar(
        select(CaseTransition).where(CaseTransition.case_id == case.id, CaseTransition.seq == last)
    )
    since = f"step {last}, {latest.step}, by {latest.actor}" if latest else f"step {last}"
    raise CaseMovedOnError(
        f"Case {case.reference} moved on since you looked at it ({since}): nothing was "
        f"recorded for {step}. Look at the case again and decide.",
        step=step,
        case=case.reference,
    )


def _position(session: Session, case: Case, who: CaseSubject, number: str) -> str:
    """The position in the subject's history of the step ``case show`` numbers ``number``.

    A case numbers its steps across all its subjects; a subject's history counts only
    theirs (and the ones recorded for every subject before processes were per subject).
    """
    seqs = [t.seq for t in transitions(session, case, who)]
    if not number.strip().isdigit() or int(number) not in seqs:
        raise UserInputError(
            f"supersedes={number!r} is not the number of a step of this subject in case "
            f"{case.reference} (`boundline case show` numbers them: {', '.join(map(str, seqs))})."
        )
    return str(seqs.index(int(number)) + 1)


def transitions(
    session: Session, case: Case, subject: CaseSubject | None = None
) -> list[CaseTransition]:
    """Every step recorded for a case (or one subject, with the shared ones), oldest first."""
    query = select(CaseTransition).where(CaseTransition.case_id == case.id)
    if subject is not None:
        query = query.where(
            (CaseTransition.subject_id == subject.id) | CaseTransition.subject_id.is_(None)
        )
    return list(session.scalars(query.order_by(CaseTransition.seq)))
