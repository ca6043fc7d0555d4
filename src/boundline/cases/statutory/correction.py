"""Correcting a wrongly recorded step: never an edit, a replay.

    t = correct(state, 7, actor_role=INV, at=now, reason="held on 11 Dec, not 2 Dec",
                step_on=date(2026, 12, 11))
    t = correct(state, 9, actor_role=AA, at=now, reason="recorded on the wrong case",
                remove=True)

A correction is the step ``correct_step`` appended to the history: it names the
position it supersedes (``seq``, counted from 1, the opening, as the case store numbers
its transitions) and gives the corrected fields and effective date, or removes the
step. The state is then :func:`replay`-ed from the opening over the effective history
(:mod:`boundline.cases.statutory.history`); if that history is not legal (the
corrected interview now falls after the report that followed it, say), the
correction is refused with the reason, and nothing changes. ``apply(state,
"correct_step", fields={"supersedes": "7", "step_on": "2026-12-11", ...})`` does the
same, so the case store takes a correction like any other step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime

from boundline.cases.statutory.calendar import local_day
from boundline.cases.statutory.definition import Process, default_process
from boundline.cases.statutory.fields import field_problems
from boundline.cases.statutory.history import CORRECT_STEP, CORRECTION_FIELDS, effective_records
from boundline.cases.statutory.machine import (
    OPEN_STEP,
    Transition,
    apply,
    blockers,
    date_problem,
    open_process,
    refusal,
    transition,
)
from boundline.cases.statutory.state import ProcessState, StepRecord
from boundline.errors import IllegalStepError

__all__ = ["correct", "correct_step", "replay"]


def replay(history: Sequence[StepRecord], *, process: Process | None = None) -> ProcessState:
    """The state that the effective history of the log ``history`` leads to, from the opening.

    Every effective step is taken again with its role, instant, effective date, fields
    and actor; the resulting state keeps ``history`` (the whole log) as its history.
    Raises :class:`~boundline.errors.IllegalStepError` if a step is not legal any more.
    """
    process = process or default_process()
    records = effective_records(history)
    if not records or records[0].step != OPEN_STEP:
        raise IllegalStepError("The history does not begin with the opening of the case.")
    first = records[0]
    opening = dict(first.fields)
    state = open_process(
        subject_kind=opening["subject_kind"],
        apsp=opening["apsp"] == "yes",
        came_to_attention=date.fromisoformat(opening["came_to_attention"]),
        actor_role=first.actor_role,
        at=first.at,
        reason=first.reason,
        actor=first.actor,
        former=opening.get("former") == "yes",
        process=process,
        on=first.on,
    ).state
    for r in records[1:]:
        state = apply(
            state,
            r.step,
            actor_role=r.actor_role,
            at=r.at,
            fields=dict(r.fields),
            actor=r.actor,
            process=process,
            on=r.on,
        ).state
    return replace(state, history=tuple(history))


def _target(state: ProcessState, supersedes: str, process: Process, role: str) -> list[str]:
    """What forbids correcting position ``supersedes`` as ``role`` (empty if nothing)."""
    if not supersedes.isdigit() or not 1 <= int(supersedes) <= len(state.history):
        return [
            f"supersedes={supersedes!r} is not a position of the history (1 to "
            f"{len(state.history)})"
        ]
    target = state.history[int(supersedes) - 1]
    if target.step == CORRECT_STEP:
        return [
            f"position {supersedes} is itself a correction; correct position "
            f"{dict(target.fields).get('supersedes')} again instead"
        ]
    roles: tuple[str, ...] = ()
    if target.step == OPEN_STEP:
        roles = process.opening_roles
    elif target.step in process.steps:
        roles = process.steps[target.step].roles
    if role not in roles:
        return [f"only {', '.join(roles) or 'no role'} may correct a {target.step} step"]
    return []


def correct_step(
    state: ProcessState,
    fields: Mapping[str, str],
    *,
    actor_role: str,
    at: datetime,
    actor: str = "",
    process: Process | None = None,
    on: date | None = None,
) -> Transition:
    """Take the step ``correct_step`` with ``fields`` (its own and the corrected step's).

    Its own fields are ``supersedes``, ``remove``, ``step_on`` and ``reason``; every
    other is a field of the corrected step. Refused (IllegalStepError) if the role may
    not, the position is not one to correct, or the corrected history is not legal.
    """
    process = process or default_process()
    spec = process.steps[CORRECT_STEP]
    own = {k: v for k, v in fields.items() if k in CORRECTION_FIELDS}
    corrected = {k: v for k, v in fields.items() if k not in CORRECTION_FIELDS}
    today = local_day(at)
    day = on or today
    problems = blockers(process, state, spec, actor_role) or field_problems(spec, own)
    if not problems:
        problems = _target(state, own["supersedes"], process, actor_role)
    if not problems and own.get("remove") == "yes":
        if corrected or "step_on" in own:
            problems = ["a step that is removed takes no corrected fields or step_on"]
        elif own["supersedes"] == "1":
            problems = ["the opening cannot be removed (correct its fields instead)"]
    elif not problems and not corrected and "step_on" not in own:
        problems = ["nothing to correct: give the corrected fields or step_on, or remove=yes"]
    if not problems and (late := date_problem(process, state, spec, day, today)):
        problems = [late]
    if problems:
        raise IllegalStepError(refusal(spec, "; ".join(problems), state, actor_role))
    given = dict(fields)
    record = StepRecord(
        CORRECT_STEP,
        spec.track,
        state.stage(spec.track),
        "",
        actor,
        actor_role,
        at,
        given["reason"],
        tuple(sorted(given.items())),
        day,
    )
    log = (*state.history, record)
    try:
        after = replay(log, process=process)
    except IllegalStepError as exc:
        why = f"with this correction the history is not legal: {exc}"
        raise IllegalStepError(refusal(spec, why, state, actor_role)) from None
    record = replace(record, to_stage=after.stage(spec.track))
    after = replace(after, history=(*state.history, record))
    return transition(state, after, record, append=False)


def correct(
    state: ProcessState,
    seq: int,
    *,
    actor_role: str,
    at: datetime,
    reason: str,
    fields: Mapping[str, str] | None = None,
    step_on: date | None = None,
    remove: bool = False,
    actor: str = "",
    process: Process | None = None,
    on: date | None = None,
) -> Transition:
    """Correct the step at position ``seq`` of ``state.history`` (from 1, the opening).

    ``fields`` replace the fields recorded (the others are kept), ``step_on`` the
    effective date recorded; ``remove`` takes the step out instead. ``on`` is the
    correction's own effective date (default: the local day of ``at``). The correction
    is recorded as the step ``correct_step`` and the state is replayed from the
    opening; raises :class:`~boundline.errors.IllegalStepError` if the corrected
    history is not legal.
    """
    given = {**(fields or {}), "supersedes": str(seq), "reason": reason}
    if step_on is not None:
        given["step_on"] = step_on.isoformat()
    if remove:
        given["remove"] = "yes"
    return correct_step(
        state, given, actor_role=actor_role, at=at, actor=actor, process=process, on=on
    )
