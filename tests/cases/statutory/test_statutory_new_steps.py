"""The steps of process version 2, table-driven: appeals, suspension, affected persons,
references, the subject's kind, closing early, reopening and correcting.

Each row: from a named state (statutory_world.WALKS), a step by a role with fields, one
day after the state's last step → the stage of the step's track, or an error whose
message contains the words given.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from statutory_world import AA, INV, VICTIM, at, state_at, why

from boundline.cases.statutory import Transition, allowed_steps, apply, default_process
from boundline.errors import IllegalStepError

SUSPEND = {"ground": "public_interest", "redeployment_considered": "yes"}
FWW = {"finding": "gross_misconduct", "outcome": "final_written_warning"}

# (start state, step, role, fields, expected stage of the step's track)
LEGAL = [
    ("dismissed", "lodge_appeal", AA, why(), "appeal"),
    ("appealed", "record_appeal_outcome", AA, why(result="dismissed"), "outcome_recorded"),
    ("appealed", "record_appeal_outcome", AA, why(result="allowed", **FWW), "outcome_recorded"),
    ("appealed", "record_appeal_outcome", AA, why(result="remitted"), "proceedings"),
    ("appealed", "refer_to_barred_list", AA, why(), "appeal"),
    ("overturned", "report_barred_list_change", AA, why(), "outcome_recorded"),
    ("investigation", "suspend_subject", AA, why(**SUSPEND), "investigation"),
    ("restricted", "suspend_subject", AA, why(**SUSPEND), "investigation"),
    ("investigation", "restrict_duties", AA, why(duties="office only"), "investigation"),
    ("recorded", "restrict_duties", AA, why(), "recorded"),
    ("suspended", "review_suspension", AA, why(decision="continue"), "investigation"),
    ("suspended", "review_suspension", AA, why(decision="lift"), "investigation"),
    ("suspended", "review_suspension", AA, why(decision="restricted_duties"), "investigation"),
    ("restricted", "review_suspension", AA, why(decision="continue"), "investigation"),
    ("suspended", "lift_suspension", AA, why(), "investigation"),
    (
        "investigation",
        "record_affected_person",
        INV,
        why(ref=VICTIM, role="victim"),
        "investigation",
    ),
    (
        "dismissed",
        "record_affected_person",
        AA,
        why(ref="CONTACT-0A1B2C", role="complainant"),
        "outcome_recorded",
    ),
    ("victim", "update_affected_person", INV, why(ref=VICTIM), "investigation"),
    ("recorded", "record_reference", AA, why(kind="iopc", value="2026/012345"), "recorded"),
    ("closed", "record_reference", INV, why(kind="cps", value="43SS1234526"), "closed"),
    ("investigation", "change_subject_kind", AA, why(kind="staff"), "investigation"),
    ("closed", "reopen_case", AA, why(), "no_case_to_answer"),
    ("closed", "reopen_case", AA, why(stage="report_submitted"), "report_submitted"),
    ("left_reported", "close_case", AA, why(), "closed"),
    ("served", "correct_step", INV, why(supersedes="6", step_on="2026-12-25"), "investigation"),
    ("served", "correct_step", AA, why(supersedes="5", severity="misconduct"), "investigation"),
    ("served", "correct_step", INV, why(supersedes="6", remove="yes"), "investigation"),
]

# (start state, step, role, fields, words the error message must contain)
ILLEGAL = [
    ("hearing", "lodge_appeal", AA, why(), "taken only from outcome_recorded"),
    ("appealed", "lodge_appeal", AA, why(), "taken only from outcome_recorded"),
    ("dismissed", "lodge_appeal", INV, why(), "taken by appropriate_authority only"),
    ("dismissed", "lodge_appeal", AA, why(out_of_time_reason="ill"), "the notice is in time"),
    ("appealed", "record_appeal_outcome", AA, why(result="allowed"), "gives the new finding"),
    (
        "appealed",
        "record_appeal_outcome",
        AA,
        why(result="dismissed", outcome="x"),
        "only when the appeal is allowed",
    ),
    (
        "appealed",
        "record_appeal_outcome",
        AA,
        why(result="allowed", finding="gross_misconduct", outcome="summary_dismissal"),
        "may impose on the subject only",
    ),
    (
        "appealed",
        "record_appeal_outcome",
        AA,
        why(result="allowed", finding="gross_misconduct", outcome="dismissal_without_notice"),
        "result=dismissed",
    ),
    (
        "appealed",
        "record_appeal_outcome",
        AA,
        why(result="quashed"),
        "is not one of dismissed, allowed, remitted",
    ),
    ("appealed", "close_case", AA, why(), "taken only from no_case_to_answer, outcome_recorded"),
    ("dismissed", "record_appeal_outcome", AA, why(result="dismissed"), "taken only from appeal"),
    ("dismissed", "report_barred_list_change", AA, why(), "no further barred-list report is owed"),
    (
        "investigation",
        "suspend_subject",
        AA,
        why(ground="public_interest", redeployment_considered="no"),
        "Conduct Regs 11(4)(a)",
    ),
    (
        "investigation",
        "suspend_subject",
        AA,
        why(ground="convenience", redeployment_considered="yes"),
        "is not one of investigation_prejudiced, public_interest",
    ),
    ("suspended", "suspend_subject", AA, why(**SUSPEND), "already suspended"),
    ("suspended", "restrict_duties", AA, why(), "review_suspension or lift_suspension first"),
    (
        "investigation",
        "review_suspension",
        AA,
        why(decision="continue"),
        "neither suspended nor on restricted duties",
    ),
    ("investigation", "lift_suspension", AA, why(), "neither suspended nor on restricted duties"),
    (
        "restricted",
        "review_suspension",
        AA,
        why(decision="restricted_duties"),
        "already on restricted duties",
    ),
    ("left", "suspend_subject", AA, why(**SUSPEND), "no longer serving"),
    (
        "investigation",
        "suspend_subject",
        INV,
        why(**SUSPEND),
        "taken by appropriate_authority only",
    ),
    ("no_case", "suspend_subject", AA, why(**SUSPEND), "taken only from recorded"),
    (
        "investigation",
        "record_affected_person",
        INV,
        why(ref="Jane Smith", role="victim"),
        "is not a pseudonym",
    ),
    (
        "investigation",
        "record_affected_person",
        INV,
        why(ref="OFFICER-7F3A2C", role="victim"),
        "is not a pseudonym",
    ),
    ("victim", "record_affected_person", INV, why(ref=VICTIM, role="victim"), "already recorded"),
    (
        "investigation",
        "update_affected_person",
        INV,
        why(ref=VICTIM),
        "no affected person is recorded",
    ),
    (
        "victim",
        "update_affected_person",
        INV,
        why(ref="PERSON-000000"),
        "no affected person PERSON-000000",
    ),
    (
        "recorded",
        "record_reference",
        AA,
        why(kind="fbi", value="1"),
        "is not one of iopc, force, cps",
    ),
    (
        "recorded",
        "record_reference",
        "analyst",
        why(kind="iopc", value="1"),
        "taken by investigator, appropriate_authority only",
    ),
    ("hearing", "change_subject_kind", AA, why(kind="staff"), "taken only from recorded"),
    (
        "investigation",
        "change_subject_kind",
        AA,
        why(kind="officer"),
        "already recorded as a police officer",
    ),
    (
        "certified",
        "change_subject_kind",
        AA,
        why(kind="staff"),
        "special conditions were certified",
    ),
    (
        "investigation",
        "change_subject_kind",
        INV,
        why(kind="staff"),
        "taken by appropriate_authority only",
    ),
    ("no_case", "reopen_case", AA, why(), "taken only from closed"),
    (
        "closed",
        "reopen_case",
        AA,
        why(stage="proceedings"),
        "has never been in stage 'proceedings'",
    ),
    ("closed", "reopen_case", AA, why(stage="closed"), "is not one of recorded"),
    ("recorded", "close_case", AA, why(), "only when the subject has left the service"),
    ("left_recorded", "close_case", AA, why(), "obligations are pending: advisory_list"),
    ("left_apsp", "close_case", AA, why(), "the IOPC referral is still due"),
    ("investigation", "close_case", AA, why(), "taken only from no_case_to_answer"),
    (
        "served",
        "correct_step",
        INV,
        why(supersedes="99"),
        "is not a position of the history (1 to 6)",
    ),
    (
        "served",
        "correct_step",
        AA,
        why(supersedes="6", step_on="2026-12-25"),
        "only investigator may correct a serve_reg17_notice step",
    ),
    ("served", "correct_step", INV, why(supersedes="six"), "is not a position of the history"),
    (
        "served",
        "correct_step",
        INV,
        why(supersedes="5", severity="misconduct"),
        "only appropriate_authority may correct a assess_severity step",
    ),
    ("served", "correct_step", INV, why(supersedes="6"), "nothing to correct"),
    (
        "served",
        "correct_step",
        AA,
        why(supersedes="1", remove="yes"),
        "the opening cannot be removed",
    ),
    (
        "served",
        "correct_step",
        INV,
        why(supersedes="6", remove="yes", step_on="2026-12-25"),
        "takes no corrected fields",
    ),
    (
        "served",
        "correct_step",
        "analyst",
        why(supersedes="6", step_on="2026-12-25"),
        "taken by investigator, appropriate_authority only",
    ),
]

#: Every step of version 2 (and close_case's early path), exercised legally here.
NEW_STEPS = {row[1] for row in LEGAL}


def _take(start: str, step: str, role: str, fields: dict[str, str]) -> Transition:
    state = state_at(start)
    when = at(state.history[-1].at.date() + timedelta(days=1))
    return apply(state, step, actor_role=role, at=when, fields=fields, actor="user1")


@pytest.mark.parametrize(
    ("start", "step", "role", "fields", "stage"), LEGAL, ids=[f"{r[1]}:{r[0]}" for r in LEGAL]
)
def test_a_legal_new_step(
    start: str, step: str, role: str, fields: dict[str, str], stage: str
) -> None:
    t = _take(start, step, role, fields)
    assert t.state.stage(default_process().step(step).track) == stage
    assert (t.record.step, t.record.actor, t.record.actor_role) == (step, "user1", role)
    assert t.record.on == t.record.at.date()  # recorded the day it took effect
    assert t.state.history[-1] == t.record
    assert step in allowed_steps(state_at(start), role)


@pytest.mark.parametrize(
    ("start", "step", "role", "fields", "words"), ILLEGAL, ids=[f"{r[1]}:{r[0]}" for r in ILLEGAL]
)
def test_an_illegal_new_step_says_why(
    start: str, step: str, role: str, fields: dict[str, str], words: str
) -> None:
    with pytest.raises(IllegalStepError) as caught:
        _take(start, step, role, fields)
    message = str(caught.value)
    assert words in message
    assert f"Cannot take step {step!r} in stage" in message and "Allowed now for" in message


def test_the_new_steps_are_all_exercised() -> None:
    added = {
        "lodge_appeal",
        "record_appeal_outcome",
        "report_barred_list_change",
        "suspend_subject",
        "restrict_duties",
        "review_suspension",
        "lift_suspension",
        "record_affected_person",
        "update_affected_person",
        "record_reference",
        "change_subject_kind",
        "reopen_case",
        "correct_step",
    }
    assert added <= set(default_process().steps)
    assert added <= NEW_STEPS
