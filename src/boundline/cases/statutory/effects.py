"""What a step does to the state beyond moving its track (``effect = "..."`` in the TOML).

The generic part of a step (stage, role, subject, conditions, fields, the deadlines
it starts and closes, the obligations it discharges) is data and lives in
:mod:`boundline.cases.statutory.machine`. An effect adds the step's own meaning: it
records the severity version, the notice served, the interview postponed, the
outcome validated against the form of proceedings. An effect that finds the step
illegal raises :class:`Refused` with the reason; the machine turns it into an
:class:`~boundline.errors.IllegalStepError` that also says what is allowed instead.
``ctx.day`` is the step's effective date: what it records happened that day, and the
deadlines it starts count from it. The effects of the steps that run alongside the
stages are in :mod:`~boundline.cases.statutory.effects_alongside`, those of appeals in
:mod:`~boundline.cases.statutory.appeals`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from boundline.cases.statutory.appeals import APPEAL_EFFECTS, start_appeal_window
from boundline.cases.statutory.calendar import add_working_days
from boundline.cases.statutory.deadlines import start_deadline
from boundline.cases.statutory.effect_base import (
    Effect,
    Refused,
    StepContext,
    raise_obligation,
)
from boundline.cases.statutory.effect_base import need as _need
from boundline.cases.statutory.effects_alongside import (
    ALONGSIDE_EFFECTS,
    end_measure,
    outcome_reached,
)
from boundline.cases.statutory.outcomes import check_outcome
from boundline.cases.statutory.state import (
    Interview,
    Notice,
    ProcessState,
    SeverityAssessment,
)

__all__ = ["EFFECTS", "Effect", "Refused", "StepContext", "raise_obligation"]


def _set(**changes: object) -> Effect:
    def effect(state: ProcessState, ctx: StepContext) -> ProcessState:
        values = {
            k: ctx.fields[v[1:]] if isinstance(v, str) and v.startswith("$") else v
            for k, v in changes.items()
        }
        return replace(state, **values)  # type: ignore[arg-type]

    return effect


def _assess_severity(state: ProcessState, ctx: StepContext) -> ProcessState:
    version = len(state.severity) + 1
    new = SeverityAssessment(
        version, ctx.fields["severity"], ctx.at, ctx.actor_role, ctx.fields["reason"], ctx.day
    )
    state = replace(state, severity=(*state.severity, new))
    told = state.last_notice
    if told is None or told.severity == new.severity:
        # Back to what the subject was told (or nothing told yet): nothing to tell.
        return replace(
            state,
            obligations=tuple(
                replace(o, discharged_at=ctx.at)
                if o.kind == "notify_severity_change" and o.pending
                else o
                for o in state.obligations
            ),
        )
    return raise_obligation(state, ctx.process, "notify_severity_change", ctx.at, ctx.day)


def _serve_notice(state: ProcessState, ctx: StepContext) -> ProcessState:
    current = _need(state.current_severity, "no severity assessment")
    variant = ctx.process.subjects[state.subject_kind].notice
    notice = Notice(
        len(state.notices) + 1, variant, current.version, current.severity, ctx.at, ctx.day
    )
    first = not state.notices
    state = replace(state, notices=(*state.notices, notice))
    if first:
        state = start_deadline(state, ctx.process.deadlines["representations"], ctx.at, ctx.day)
    return state


def _extend_representations(state: ProcessState, ctx: StepContext) -> ProcessState:
    running = _need(state.open_deadline("representations"), "no period is running")
    new_due = date.fromisoformat(ctx.fields["new_due"])
    if new_due <= running.due_on:
        raise Refused(f"the new date {new_due} is not after the current one, {running.due_on}")
    rule = ctx.process.deadlines["representations"]
    return start_deadline(state, rule, running.started_at, ctx.day, due_on=new_due)


def _schedule_interview(state: ProcessState, ctx: StepContext) -> ProcessState:
    when = date.fromisoformat(ctx.fields["date"])
    if when < ctx.day:
        raise Refused(f"the interview date {when} is in the past (the step took effect {ctx.day})")
    agreed = ctx.fields.get("agreed", "no") == "yes"
    state = replace(state, interview=Interview(when, agreed, when))
    return start_deadline(state, ctx.process.deadlines["interview"], ctx.at, ctx.day, due_on=when)


def _postpone_interview(state: ProcessState, ctx: StepContext) -> ProcessState:
    interview = _need(state.interview, "no interview is scheduled")
    most = ctx.process.max_postponements
    if interview.postponements >= most:
        raise Refused(
            f"the interview was already postponed (from {interview.first_specified} to "
            f"{interview.scheduled_for}); the subject may propose an alternative time only "
            f"{most} time(s) (Conduct Regs 20(4)); hold_interview on the date fixed"
        )
    new = date.fromisoformat(ctx.fields["new_date"])
    limit = add_working_days(interview.first_specified, ctx.process.postponement_working_days)
    if new <= interview.scheduled_for:
        raise Refused(f"{new} is not later than the date fixed, {interview.scheduled_for}")
    if new > limit:
        raise Refused(
            f"{new} is beyond {limit}, the end of {ctx.process.postponement_working_days} "
            f"working days after the date specified ({interview.first_specified}; "
            "Conduct Regs 20(5)); choose a day up to the limit"
        )
    state = replace(
        state,
        interview=replace(interview, scheduled_for=new, postponements=interview.postponements + 1),
    )
    rule = ctx.process.deadlines["interview"]
    return start_deadline(state, rule, ctx.at, ctx.day, due_on=new)


def _hold_interview(state: ProcessState, ctx: StepContext) -> ProcessState:
    interview = _need(state.interview, "no interview is scheduled")
    if ctx.day < interview.scheduled_for:
        raise Refused(
            f"the interview is fixed for {interview.scheduled_for}: it cannot have been held "
            f"on {ctx.day} (give the day it took place as the effective date, or "
            "postpone_interview)"
        )
    return replace(state, interview=replace(interview, held=True, held_on=ctx.day))


def _progress_letter(state: ProcessState, ctx: StepContext) -> ProcessState:
    current = _need(state.open_deadline("progress_letter"), "no progress letter is due")
    state = replace(
        state,
        deadlines=tuple(
            replace(d, closed_at=ctx.at, closed_by=ctx.step.id) if d is current else d
            for d in state.deadlines
        ),
    )
    rule = ctx.process.deadlines["progress_letter"]
    return start_deadline(state, rule, ctx.at, state.came_to_attention, period=current.period + 1)


def _refer_hearing(state: ProcessState, ctx: StepContext) -> ProcessState:
    fww = ctx.fields.get("final_written_warning_in_force", "no") == "yes"
    if state.former and state.case_to_answer != "gross_misconduct":
        raise Refused("proceedings against a former officer are only for gross misconduct")
    if state.case_to_answer == "misconduct" and not fww:
        raise Refused(
            "a case to answer for misconduct (not gross) goes to a misconduct hearing only "
            "when a final written warning is in force (Conduct Regs 23); give "
            "final_written_warning_in_force=yes, or take refer_to_misconduct_meeting"
        )
    return replace(state, form="misconduct_hearing", fww_in_force=fww)


def _record_outcome(state: ProcessState, ctx: StepContext) -> ProcessState:
    form = ctx.process.forms[_need(state.form, "no proceedings are under way")]
    finding, outcome = ctx.fields["finding"], ctx.fields["outcome"]
    problem = check_outcome(
        form, finding, outcome, former=state.former, fww_in_force=state.fww_in_force
    )
    if problem:
        raise Refused(problem)
    state = replace(state, finding=finding, outcome=outcome)
    if outcome in form.barred:
        state = raise_obligation(state, ctx.process, "barred_list", ctx.at, ctx.day)
    state = start_appeal_window(state, ctx)
    return outcome_reached(state, ctx)


def _left_service(state: ProcessState, ctx: StepContext) -> ProcessState:
    state = end_measure(replace(state, former=True), ctx)
    return raise_obligation(state, ctx.process, "advisory_list", ctx.at, ctx.day)


EFFECTS: dict[str, Effect] = {
    "investigate_locally": _set(mode="local_without_referral"),
    "record_mode": _set(mode="$mode"),
    "appoint_investigator": _set(investigator="$investigator"),
    "assess_severity": _assess_severity,
    "serve_notice": _serve_notice,
    "extend_representations": _extend_representations,
    "schedule_interview": _schedule_interview,
    "postpone_interview": _postpone_interview,
    "hold_interview": _hold_interview,
    "progress_letter": _progress_letter,
    "record_opinion": _set(opinion="$opinion"),
    "certify_special_conditions": _set(special_conditions=True, case_to_answer="gross_misconduct"),
    "case_to_answer": _set(case_to_answer="$decision"),
    "refer_meeting": _set(form="misconduct_meeting", fww_in_force=False),
    "refer_hearing": _refer_hearing,
    "refer_accelerated": _set(form="accelerated_hearing", fww_in_force=False),
    "remit_accelerated": _set(form=None, special_conditions=False),
    "refer_staff": _set(form="staff_disciplinary"),
    "record_outcome": _record_outcome,
    "left_service": _left_service,
    **ALONGSIDE_EFFECTS,
    **APPEAL_EFFECTS,
}
