"""The statutory misconduct process (England and Wales) as a data-driven state machine.

    t = open_process(subject_kind="officer", apsp=True, came_to_attention=day,
                     actor_role="appropriate_authority", at=now, reason="APSP alert BL-17")
    t = apply(t.state, "refer_to_iopc", actor_role="appropriate_authority", at=now,
              fields={"reason": "mandatory referral"})
    allowed_steps(t.state, "appropriate_authority")   # ['record_iopc_decision', ...]
    text = state_to_json(t.state)                     # stored by the case store
    due({"C-1": state_from_json(text)}, on=today)     # what falls due
    t = apply(t.state, "hold_interview", actor_role="investigator", at=now,
              fields={"reason": "interviewed"}, on=held_day)  # effective date
    t = correct(t.state, 7, actor_role="investigator", at=now, reason="wrong day",
                step_on=real_day)                    # a correction replays the history

The process (stages, steps, roles, fields, deadlines, what each form of proceedings
may impose) is ``process.toml`` in this package and is documented, step by step, in
``docs/cases.md`` ("The statutory process"). This package is pure: no database, no
clock, no files other than its own data and templates. Deadlines count working days
in England and Wales (:mod:`boundline.cases.statutory.calendar`).
"""

from boundline.cases.statutory.alongside import AffectedPerson, Appeal, Measure, Reference
from boundline.cases.statutory.calendar import (
    add_months,
    add_working_days,
    is_working_day,
    next_working_day,
    nth_working_day_from,
    working_days_between,
)
from boundline.cases.statutory.codec import state_from_json, state_to_json
from boundline.cases.statutory.correction import correct, replay
from boundline.cases.statutory.definition import Process, StepDef, default_process, load_process
from boundline.cases.statutory.documents import (
    ExhibitEntry,
    notice_fields,
    render_reg17_notice,
    render_reg21_report,
    representations_due,
    to_pdf,
)
from boundline.cases.statutory.due import DueItem, due
from boundline.cases.statutory.history import CORRECT_STEP, effective_records
from boundline.cases.statutory.machine import (
    OPEN_STEP,
    Transition,
    allowed_steps,
    apply,
    date_problem,
    open_process,
)
from boundline.cases.statutory.outcomes import allowed_outcomes
from boundline.cases.statutory.state import (
    Deadline,
    Interview,
    Notice,
    Obligation,
    ProcessState,
    SeverityAssessment,
    StepRecord,
)

__all__ = [
    "CORRECT_STEP",
    "OPEN_STEP",
    "AffectedPerson",
    "Appeal",
    "Deadline",
    "DueItem",
    "ExhibitEntry",
    "Interview",
    "Measure",
    "Notice",
    "Obligation",
    "Process",
    "ProcessState",
    "Reference",
    "SeverityAssessment",
    "StepDef",
    "StepRecord",
    "Transition",
    "add_months",
    "add_working_days",
    "allowed_outcomes",
    "allowed_steps",
    "apply",
    "correct",
    "date_problem",
    "default_process",
    "due",
    "effective_records",
    "is_working_day",
    "load_process",
    "next_working_day",
    "notice_fields",
    "nth_working_day_from",
    "open_process",
    "render_reg17_notice",
    "render_reg21_report",
    "replay",
    "representations_due",
    "state_from_json",
    "state_to_json",
    "to_pdf",
    "working_days_between",
]
