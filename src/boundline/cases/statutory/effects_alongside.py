"""Effects of the steps that run alongside the stages, and of closing and reopening.

Suspension and restricted duties with their reviews (Conduct Regs 11), the affected
persons and the updates they are owed, the case's references, a change of the
subject's kind, closing and reopening the misconduct track. See ``process.toml`` for
the sources and readings.
"""

from __future__ import annotations

from dataclasses import replace

from boundline.cases.statutory.alongside import AffectedPerson, Measure, Reference
from boundline.cases.statutory.deadlines import close_deadline, start_deadline
from boundline.cases.statutory.definition import Process
from boundline.cases.statutory.effect_base import (
    Effect,
    Refused,
    StepContext,
    need,
    raise_obligation,
    withdraw_obligation,
)
from boundline.cases.statutory.history import effective_records
from boundline.cases.statutory.state import ProcessState

__all__ = ["ALONGSIDE_EFFECTS", "end_measure", "outcome_reached"]

#: Stages in which an outcome has been reached: no more progress updates run.
OUTCOME_STAGES = frozenset({"no_case_to_answer", "outcome_recorded", "appeal", "closed"})
#: Stages a case closed before its investigation is closed from (a subject who left).
EARLY_CLOSE_STAGES = frozenset({"recorded", "referred"})


def _review_kinds(process: Process) -> set[str]:
    return {
        kind
        for s in process.subjects.values()
        for kind in (s.suspension_review, s.restriction_review)
    }


def _review_rule_kind(state: ProcessState, process: Process, measure: str) -> str:
    subject = process.subjects[state.subject_kind]
    return subject.suspension_review if measure == "suspended" else subject.restriction_review


def _stop_reviews(state: ProcessState, ctx: StepContext) -> ProcessState:
    for kind in _review_kinds(ctx.process):
        state = close_deadline(state, kind, ctx.at, ctx.step.id)
    return state


def end_measure(state: ProcessState, ctx: StepContext) -> ProcessState:
    """``state`` with the suspension or restricted duties in force ended (and its review)."""
    current = state.measure
    if current is None:
        return state
    ended = replace(current, ended_on=ctx.day, ended_by=ctx.step.id)
    state = replace(state, measures=tuple(ended if m is current else m for m in state.measures))
    return _stop_reviews(state, ctx)


def _start_measure(state: ProcessState, ctx: StepContext, kind: str, ground: str) -> ProcessState:
    state = replace(state, measures=(*state.measures, Measure(kind, ctx.day, ctx.at, ground)))
    rule = ctx.process.deadlines[_review_rule_kind(state, ctx.process, kind)]
    return start_deadline(state, rule, ctx.at, ctx.day)


def _suspend(state: ProcessState, ctx: StepContext) -> ProcessState:
    if ctx.fields["redeployment_considered"] != "yes":
        raise Refused(
            "a subject is suspended only after temporary redeployment to alternative duties "
            "or an alternative location was considered and found not appropriate (Conduct "
            "Regs 11(4)(a)); give redeployment_considered=yes, or take restrict_duties"
        )
    state = end_measure(state, ctx)
    return _start_measure(state, ctx, "suspended", ctx.fields["ground"])


def _restrict(state: ProcessState, ctx: StepContext) -> ProcessState:
    return _start_measure(state, ctx, "restricted_duties", ctx.fields.get("duties", ""))


def _review(state: ProcessState, ctx: StepContext) -> ProcessState:
    current = need(state.measure, "the subject is neither suspended nor on restricted duties")
    decision = ctx.fields["decision"]
    if decision == "lift":
        return end_measure(state, ctx)
    if decision == "restricted_duties":
        if current.kind != "suspended":
            raise Refused("the subject is already on restricted duties (continue or lift)")
        return _start_measure(end_measure(state, ctx), ctx, "restricted_duties", "")
    reviewed = replace(current, reviews=current.reviews + 1, last_review_on=ctx.day)
    state = replace(state, measures=tuple(reviewed if m is current else m for m in state.measures))
    state = _stop_reviews(state, ctx)
    rule = ctx.process.deadlines[_review_rule_kind(state, ctx.process, current.kind)]
    return start_deadline(state, rule, ctx.at, ctx.day, period=reviewed.reviews + 1)


def _lift(state: ProcessState, ctx: StepContext) -> ProcessState:
    need(state.measure, "the subject is neither suspended nor on restricted duties")
    return end_measure(state, ctx)


def outcome_reached(state: ProcessState, ctx: StepContext) -> ProcessState:
    """The outcome is known: each affected person's updates stop, and they are owed it."""
    for person in state.affected:
        state = close_deadline(state, "affected_update", ctx.at, ctx.step.id, person.ref)
        state = raise_obligation(
            state, ctx.process, "inform_affected_person", ctx.at, ctx.day, person.ref
        )
    return state


def _record_person(state: ProcessState, ctx: StepContext) -> ProcessState:
    ref = ctx.fields["ref"]
    if state.person(ref) is not None:
        raise Refused(f"{ref} is already recorded as an affected person")
    person = AffectedPerson(ref, ctx.fields["role"], ctx.day)
    state = replace(state, affected=(*state.affected, person))
    if state.stage("misconduct") in OUTCOME_STAGES:
        return raise_obligation(state, ctx.process, "inform_affected_person", ctx.at, ctx.day, ref)
    rule = ctx.process.deadlines["affected_update"]
    return start_deadline(state, rule, ctx.at, ctx.day, ref=ref)


def _update_person(state: ProcessState, ctx: StepContext) -> ProcessState:
    ref = ctx.fields["ref"]
    person = need(
        state.person(ref), f"no affected person {ref} is recorded (record_affected_person)"
    )
    updated = replace(person, updates=person.updates + 1, last_update_on=ctx.day)
    state = replace(state, affected=tuple(updated if p is person else p for p in state.affected))
    running = state.open_deadline("affected_update", ref)
    if running is None:
        return state
    state = close_deadline(state, "affected_update", ctx.at, ctx.step.id, ref)
    rule = ctx.process.deadlines["affected_update"]
    return start_deadline(state, rule, ctx.at, ctx.day, period=running.period + 1, ref=ref)


def _record_reference(state: ProcessState, ctx: StepContext) -> ProcessState:
    kind, value = ctx.fields["kind"], ctx.fields["value"].strip()
    if any(r.kind == kind and r.value == value for r in state.references):
        raise Refused(f"the {kind} reference {value!r} is already recorded")
    return replace(state, references=(*state.references, Reference(kind, value, ctx.day)))


def _change_kind(state: ProcessState, ctx: StepContext) -> ProcessState:
    new = ctx.fields["kind"]
    subject = ctx.process.subjects[new]
    if new == state.subject_kind:
        raise Refused(f"the subject is already recorded as a {subject.label}")
    if state.special_conditions and new != "officer":
        raise Refused(
            "the special conditions were certified for an officer (Conduct Regs 49); a "
            f"{subject.label} cannot go to an accelerated hearing"
        )
    state = replace(state, subject_kind=new)
    told = state.last_notice
    if told is not None and told.variant != subject.notice:
        return raise_obligation(state, ctx.process, "notice_variant_change", ctx.at, ctx.day)
    return withdraw_obligation(state, ctx.process, "notice_variant_change", ctx.at, ctx.step.id)


def _close(state: ProcessState, ctx: StepContext) -> ProcessState:
    if state.stage("misconduct") in EARLY_CLOSE_STAGES:
        # No outcome was recorded: the closure is what the affected persons are owed.
        state = close_deadline(state, "affected_update", ctx.at, ctx.step.id)
        return outcome_reached(state, ctx)
    return state


def _reopen(state: ProcessState, ctx: StepContext) -> ProcessState:
    records = [r for r in effective_records(state.history) if r.track == "misconduct"]
    closings = [r for r in records if r.step == "close_case"]
    last = need(closings[-1] if closings else None, "the case was not closed by close_case")
    wanted = ctx.fields.get("stage")
    if wanted is None:
        return state.with_stage("misconduct", last.from_stage)
    been = {r.to_stage for r in records} | {r.from_stage for r in records}
    if wanted not in been:
        options = [s for s in ctx.step.targets if s in been]
        raise Refused(
            f"the case has never been in stage {wanted!r}; reopen it to one it has been in: "
            + ", ".join(options)
        )
    return state.with_stage("misconduct", wanted)


ALONGSIDE_EFFECTS: dict[str, Effect] = {
    "suspend_subject": _suspend,
    "restrict_duties": _restrict,
    "review_suspension": _review,
    "lift_suspension": _lift,
    "record_affected_person": _record_person,
    "update_affected_person": _update_person,
    "outcome_reached": outcome_reached,
    "record_reference": _record_reference,
    "change_subject_kind": _change_kind,
    "close_case": _close,
    "reopen_case": _reopen,
}
