"""Appeals against an outcome: the time to appeal, lodging one, and its decision.

The outcome of proceedings starts the subject's time to appeal, a deadline of the
kind the form of proceedings names (``appeal = ...`` under ``[forms.*]`` in
``process.toml``): the Police Appeals Tribunal after a misconduct hearing or an
accelerated hearing (PAT Rules 2020), an appeal meeting after a misconduct meeting
(Conduct Regs 45), the force's procedure for police staff. It counts from the day
the written decision was given (``decision_given_on``), or else from the outcome's
effective date. One appeal lies against each outcome.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from boundline.cases.statutory.alongside import Appeal
from boundline.cases.statutory.deadlines import start_deadline
from boundline.cases.statutory.definition import FormRule
from boundline.cases.statutory.effect_base import (
    Effect,
    Refused,
    StepContext,
    need,
    raise_obligation,
    withdraw_obligation,
)
from boundline.cases.statutory.effects_alongside import outcome_reached
from boundline.cases.statutory.outcomes import check_outcome
from boundline.cases.statutory.state import Deadline, ProcessState

__all__ = ["APPEAL_EFFECTS", "barred_after", "start_appeal_window"]


def _form(state: ProcessState, ctx: StepContext) -> FormRule:
    return ctx.process.forms[need(state.form, "no proceedings have been held")]


def start_appeal_window(state: ProcessState, ctx: StepContext) -> ProcessState:
    """After an outcome: start the subject's time to appeal, if an appeal lies."""
    form = _form(state, ctx)
    if form.appeal is None or ctx.fields["finding"] == "not_proven":
        return state
    given = ctx.fields.get("decision_given_on")
    day = ctx.day
    if given is not None:
        day = date.fromisoformat(given)
        if day < ctx.day:
            raise Refused(f"the written decision cannot be given on {day}, before the outcome")
        if day > ctx.today:
            raise Refused(f"decision_given_on {day} is in the future (today is {ctx.today})")
    return start_deadline(state, ctx.process.deadlines[form.appeal], ctx.at, day)


def _window(state: ProcessState, kind: str) -> Deadline | None:
    return next((d for d in reversed(state.deadlines) if d.kind == kind), None)


def _lodge(state: ProcessState, ctx: StepContext) -> ProcessState:
    form = _form(state, ctx)
    if form.appeal is None:
        raise Refused(f"no appeal lies against the outcome of a {form.label}")
    if state.finding == "not_proven":
        raise Refused("the allegation was not proven: there is no finding to appeal against")
    window = need(_window(state, form.appeal), "no time to appeal was started by this outcome")
    if any(a.window_started_at == window.started_at for a in state.appeals):
        raise Refused("an appeal against this outcome was already lodged (one appeal lies)")
    late = ctx.day > window.due_on
    reason = ctx.fields.get("out_of_time_reason")
    rule = ctx.process.deadlines[form.appeal]
    if late and reason is None:
        raise Refused(
            f"the {rule.label} ended on {window.due_on}; a late notice of appeal is recorded "
            "only with out_of_time_reason, the reason the body deciding the appeal accepted "
            "it late"
        )
    if reason is not None and not late:
        raise Refused(
            f"the notice is in time (until {window.due_on}): out_of_time_reason "
            "is only for a late notice"
        )
    appeal = Appeal(
        form.appeal,
        ctx.day,
        state.finding,
        state.outcome,
        reason,
        window_started_at=window.started_at,
    )
    state = replace(state, appeals=(*state.appeals, appeal))
    if window.open:
        state = replace(
            state,
            deadlines=tuple(
                replace(d, closed_at=ctx.at, closed_by=ctx.step.id) if d is window else d
                for d in state.deadlines
            ),
        )
    return state


def barred_after(
    state: ProcessState, ctx: StepContext, form: FormRule, old: str | None, new: str | None
) -> ProcessState:
    """The barred-list obligations after an appeal changed the outcome from ``old`` to ``new``.

    A dismissal overturned withdraws a report not yet made, or obliges the further report
    if it was made; a dismissal substituted obliges the report.
    """
    was, now = old in form.barred, new in form.barred
    if was and not now:
        if state.pending("barred_list"):
            return withdraw_obligation(state, ctx.process, "barred_list", ctx.at, ctx.step.id)
        if any(o.kind == "barred_list" for o in state.obligations):
            return raise_obligation(state, ctx.process, "barred_list_change", ctx.at, ctx.day)
    if now and not was:
        return raise_obligation(state, ctx.process, "barred_list", ctx.at, ctx.day)
    return state


def _decide(state: ProcessState, ctx: StepContext) -> ProcessState:
    appeal = need(state.pending_appeal, "no appeal is pending")
    form = _form(state, ctx)
    result = ctx.fields["result"]
    finding, outcome = ctx.fields.get("finding"), ctx.fields.get("outcome")
    if result != "allowed" and (finding or outcome):
        raise Refused("a finding and outcome are given only when the appeal is allowed")
    if result == "allowed":
        if finding is None or outcome is None:
            raise Refused("an allowed appeal gives the new finding and outcome")
        if (finding, outcome) == (state.finding, state.outcome):
            raise Refused("that is the finding and outcome appealed against: result=dismissed")
        problem = check_outcome(
            form, finding, outcome, former=state.former, fww_in_force=state.fww_in_force
        )
        if problem:
            raise Refused(problem)
    decided = replace(
        appeal, result=result, decided_on=ctx.day, new_finding=finding, new_outcome=outcome
    )
    state = replace(state, appeals=tuple(decided if a is appeal else a for a in state.appeals))
    stage = "outcome_recorded"
    if result == "allowed":
        state = barred_after(state, ctx, form, state.outcome, outcome)
        state = replace(state, finding=finding, outcome=outcome)
    elif result == "remitted":
        state = barred_after(state, ctx, form, state.outcome, None)
        state = replace(state, finding=None, outcome=None)
        stage = form.stage
    state = outcome_reached(state, ctx)
    return state.with_stage("misconduct", stage)


APPEAL_EFFECTS: dict[str, Effect] = {
    "lodge_appeal": _lodge,
    "record_appeal_outcome": _decide,
}
