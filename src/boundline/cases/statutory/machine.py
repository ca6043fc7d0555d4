"""The state machine: open a case's process, take a step, list what is allowed.

    t = open_process(subject_kind="officer", apsp=True, came_to_attention=day,
                     actor="aa1", actor_role="appropriate_authority", at=now, reason="…")
    t = apply(t.state, "refer_to_iopc", actor_role="appropriate_authority", at=now,
              fields={"reason": "APSP: mandatory referral"})

:func:`apply` checks, in order: the step exists, its track is in one of its
from-stages, the role may take it, the subject kind may take it, its conditions hold,
its fields are complete and well formed, its effective date is possible, and its
effect accepts it. The first failure is an :class:`~boundline.errors.IllegalStepError`
naming the current stage, the step, why, and the steps this role may take instead.

Every step has an effective date ``on`` (the day it happened; by default the local
day of ``at``, the instant it is recorded). It may not be in the future, before the
case was opened, or before the effective date of the last step of the same line (the
main line of its track, or the thread it belongs to, e.g. the suspension steps); see
:func:`date_problem`. The step ``correct_step`` is taken by
:mod:`boundline.cases.statutory.correction`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from boundline.cases.statutory.calendar import local_day
from boundline.cases.statutory.deadlines import close_deadline, start_deadline
from boundline.cases.statutory.definition import Process, StepDef, default_process
from boundline.cases.statutory.effects import EFFECTS, Refused, StepContext
from boundline.cases.statutory.fields import field_problems
from boundline.cases.statutory.guards import unmet
from boundline.cases.statutory.history import CORRECT_STEP, effective_records
from boundline.cases.statutory.state import Deadline, Obligation, ProcessState, StepRecord
from boundline.errors import IllegalStepError

__all__ = [
    "OPEN_STEP",
    "Transition",
    "allowed_steps",
    "apply",
    "date_problem",
    "open_process",
    "refusal",
]

#: The name the opening of a process is recorded under.
OPEN_STEP = "open_case"


@dataclass(frozen=True)
class Transition:
    """The result of a step: the new state, its record, and what it changed on the clock."""

    state: ProcessState
    record: StepRecord
    started: tuple[Deadline, ...]
    closed: tuple[Deadline, ...]
    raised: tuple[Obligation, ...]
    discharged: tuple[Obligation, ...]


def refusal(step: StepDef, problem: str, state: ProcessState, role: str) -> str:
    """The message of an :class:`IllegalStepError`: the step, stage, why, what is allowed."""
    return _refusal_in(step.id, step.track, problem, state, role)


def _refusal_in(step: str, track: str, problem: str, state: ProcessState, role: str) -> str:
    allowed = allowed_steps(state, role)
    return (
        f"Cannot take step {step!r} in stage {state.stage(track)!r} of the {track} track "
        f"as {role}: {problem}. Allowed now for {role}: {', '.join(allowed) or 'none'}."
    )


def blockers(process: Process, state: ProcessState, step: StepDef, role: str) -> list[str]:
    """Why ``role`` may not take ``step`` now: stage, role, subject kind and conditions."""
    stage = state.stage(step.track)
    if stage not in step.sources:
        return [f"it is taken only from {', '.join(step.sources)}"]
    if role not in step.roles:
        return [f"it is taken by {', '.join(step.roles)} only"]
    if step.subjects and state.subject_kind not in step.subjects:
        subject = process.subjects[state.subject_kind]
        return [subject.refusal or f"it does not apply to a {subject.label}"]
    return unmet(state, step.requires)


def allowed_steps(state: ProcessState, role: str, *, process: Process | None = None) -> list[str]:
    """The steps ``role`` may take now (stage, role, subject and conditions; fields aside)."""
    process = process or default_process()
    return [s.id for s in process.steps.values() if not blockers(process, state, s, role)]


def date_problem(
    process: Process, state: ProcessState, step: StepDef, on: date, today: date
) -> str | None:
    """Why ``step`` cannot have taken effect ``on`` (recorded ``today``), or ``None``.

    Not in the future; not before the case was opened; not before the effective date
    of the last step of the same line (its thread, or the main line of its track).
    """
    if on > today:
        return f"its effective date {on} is in the future (it is recorded on {today})"
    records = effective_records(state.history)
    if records and on < records[0].on:
        return f"its effective date {on} is before the case was opened ({records[0].on})"

    def line(record: StepRecord) -> tuple[str, str] | None:
        spec = process.steps.get(record.step)
        return (spec.track, spec.thread) if spec is not None else None

    same = [r for r in records if line(r) == (step.track, step.thread)]
    if same and on < same[-1].on:
        last = same[-1]
        return (
            f"its effective date {on} is before {last.on}, the effective date of the step it "
            f"follows on the {step.line} ({last.step})"
        )
    return None


def _diff(before: ProcessState, after: ProcessState) -> tuple[tuple[Deadline, ...], ...]:
    old = set(before.deadlines)
    new = [d for d in after.deadlines if d not in old]
    started = tuple(d for d in new if d.closed_at is None)
    closed = tuple(d for d in new if d.closed_at is not None)
    return started, closed


def transition(
    before: ProcessState, after: ProcessState, record: StepRecord, *, append: bool = True
) -> Transition:
    """The :class:`Transition` from ``before`` to ``after`` (``record`` appended to its history)."""
    if append:
        after = replace(after, history=(*after.history, record))
    started, closed = _diff(before, after)
    old = set(before.obligations)
    changed = [o for o in after.obligations if o not in old]
    return Transition(
        state=after,
        record=record,
        started=started,
        closed=closed,
        raised=tuple(o for o in changed if o.pending),
        discharged=tuple(o for o in changed if not o.pending),
    )


def _discharges(process: Process, step: str, given: Mapping[str, str], o: Obligation) -> bool:
    """True if taking ``step`` with ``given`` discharges ``o`` (one owed to a ``ref``: its own)."""
    return (
        o.pending
        and process.obligations[o.kind]["discharged_by"] == step
        and o.ref in ("", given.get("ref", ""))
    )


def apply(
    state: ProcessState,
    step: str,
    *,
    actor_role: str,
    at: datetime,
    fields: Mapping[str, str],
    actor: str = "",
    process: Process | None = None,
    on: date | None = None,
) -> Transition:
    """Take ``step`` on ``state`` as ``actor_role`` at ``at`` (aware), with ``fields``.

    ``on`` is the day the step took effect (default: the local day of ``at``). Raises
    :class:`~boundline.errors.IllegalStepError` if the step is not allowed now.
    """
    process = process or default_process()
    if step not in process.steps:
        track = "misconduct"
        raise IllegalStepError(_refusal_in(step, track, "there is no such step", state, actor_role))
    if step == CORRECT_STEP:
        from boundline.cases.statutory.correction import correct_step

        return correct_step(
            state, fields, actor_role=actor_role, at=at, actor=actor, process=process, on=on
        )
    spec = process.steps[step]
    today = local_day(at)
    day = on or today
    problems = blockers(process, state, spec, actor_role) or field_problems(spec, fields)
    if not problems and (late := date_problem(process, state, spec, day, today)):
        problems = [late]
    if problems:
        raise IllegalStepError(refusal(spec, "; ".join(problems), state, actor_role))
    given = dict(fields)
    after = state
    if spec.effect is not None:
        try:
            after = EFFECTS[spec.effect](
                state, StepContext(process, spec, given, at, day, actor_role)
            )
        except Refused as exc:
            raise IllegalStepError(refusal(spec, str(exc), state, actor_role)) from None
    for kind in spec.closes:
        after = close_deadline(after, kind, at, step)
    for kind in spec.starts:
        after = start_deadline(after, process.deadlines[kind], at, day)
    after = replace(
        after,
        obligations=tuple(
            replace(o, discharged_at=at) if _discharges(process, step, given, o) else o
            for o in after.obligations
        ),
    )
    from_stage = state.stage(spec.track)
    to_stage = spec.target or after.stage(spec.track)
    after = after.with_stage(spec.track, to_stage)
    record = StepRecord(
        step,
        spec.track,
        from_stage,
        to_stage,
        actor,
        actor_role,
        at,
        given["reason"],
        tuple(sorted(given.items())),
        day,
    )
    return transition(state, after, record)


def open_process(
    *,
    subject_kind: str,
    apsp: bool,
    came_to_attention: date,
    actor_role: str,
    at: datetime,
    reason: str,
    actor: str = "",
    former: bool = False,
    process: Process | None = None,
    on: date | None = None,
) -> Transition:
    """Start the process for a new case (the step recorded as ``open_case``).

    ``on`` is the day the case was opened (default: the local day of ``at``): not in
    the future and not before ``came_to_attention``. An APSP matter starts the IOPC
    referral deadline (counted from the day of opening, the day it is clear it must be
    referred); every case starts the progress-letter clock from ``came_to_attention``.
    """
    process = process or default_process()
    today = local_day(at)
    day = on or today
    problems = []
    if subject_kind not in process.subjects:
        problems.append(f"subject_kind must be one of {', '.join(process.subjects)}")
    if actor_role not in process.opening_roles:
        problems.append(f"it is taken by {', '.join(process.opening_roles)} only")
    if day > today:
        problems.append(f"its effective date {day} is in the future (it is recorded on {today})")
    if came_to_attention > today:
        problems.append(f"came_to_attention {came_to_attention} is after today ({today})")
    elif came_to_attention > day:
        problems.append(
            f"its effective date {day} is before the matter came to attention ({came_to_attention})"
        )
    if not reason.strip():
        problems.append("missing field reason")
    if problems:
        raise IllegalStepError(f"Cannot take step {OPEN_STEP!r}: {'; '.join(problems)}.")
    stages = tuple(sorted((t.id, t.initial) for t in process.tracks.values()))
    empty = ProcessState(
        subject_kind=subject_kind,
        apsp=apsp,
        came_to_attention=came_to_attention,
        stages=stages,
        former=former,
        process_version=process.version,
    )
    state = start_deadline(empty, process.deadlines["progress_letter"], at, came_to_attention)
    if apsp:
        state = start_deadline(state, process.deadlines["iopc_referral"], at, day)
    fields = (
        ("apsp", "yes" if apsp else "no"),
        ("came_to_attention", came_to_attention.isoformat()),
        ("former", "yes" if former else "no"),
        ("reason", reason),
        ("subject_kind", subject_kind),
    )
    initial = dict(stages)["misconduct"]
    record = StepRecord(
        OPEN_STEP, "misconduct", "", initial, actor, actor_role, at, reason, fields, day
    )
    return transition(empty, state, record)
