"""The named conditions a step may require (``requires = [...]`` in ``process.toml``).

Each condition is a function of the state that returns ``None`` when it holds, or
the sentence saying why it does not; the sentence goes into the
:class:`~boundline.errors.IllegalStepError` message.
"""

from __future__ import annotations

from collections.abc import Callable

from boundline.cases.statutory.state import ProcessState

__all__ = ["GUARDS", "Guard", "unmet"]

Guard = Callable[[ProcessState], str | None]


def _when(ok: bool, why: str) -> str | None:
    return None if ok else why


def _interview_pending(s: ProcessState) -> bool:
    return s.interview is not None and not s.interview.held


_EARLY = ("recorded", "referred")


def _measure(s: ProcessState) -> str:
    kind = s.measure.kind if s.measure else ""
    return "suspended" if kind == "suspended" else "on restricted duties"


GUARDS: dict[str, Guard] = {
    "not_apsp": lambda s: _when(
        not s.apsp,
        "abuse of position for a sexual purpose is serious corruption and must be referred "
        "to the IOPC (C&M Regs 4(1)(a)(iii) and 7(1)(c)); take refer_to_iopc",
    ),
    "serving": lambda s: _when(not s.former, "the subject is no longer serving"),
    "investigator_appointed": lambda s: _when(
        s.investigator is not None, "no investigator has been appointed (appoint_investigator)"
    ),
    "severity_assessed": lambda s: _when(
        s.current_severity is not None and s.current_severity.severity != "none",
        "the severity assessment must be misconduct or gross misconduct (assess_severity)",
    ),
    "severity_gross": lambda s: _when(
        s.current_severity is not None and s.current_severity.severity == "gross_misconduct",
        "the current severity assessment is not gross misconduct",
    ),
    "notice_served": lambda s: _when(
        bool(s.notices), "the regulation 17 notice has not been served (serve_reg17_notice)"
    ),
    "no_severity_notice_pending": lambda s: _when(
        not s.pending("notify_severity_change"),
        "the subject has not yet been told of the changed severity (serve_reg17_notice)",
    ),
    "representations_open": lambda s: _when(
        s.open_deadline("representations") is not None,
        "no period for representations is running",
    ),
    "interview_pending": lambda s: _when(
        _interview_pending(s), "no interview is scheduled (schedule_interview)"
    ),
    "no_interview_pending": lambda s: _when(
        not _interview_pending(s), "an interview is scheduled and has not been held"
    ),
    "progress_letter_open": lambda s: _when(
        s.open_deadline("progress_letter") is not None, "no progress letter is due"
    ),
    "case_to_answer_misconduct": lambda s: _when(
        s.case_to_answer == "misconduct",
        "a misconduct meeting is only for a case to answer for misconduct (not gross)",
    ),
    "special_conditions_certified": lambda s: _when(
        s.special_conditions,
        "the special conditions have not been certified (certify_special_conditions)",
    ),
    "form_accelerated": lambda s: _when(
        s.form == "accelerated_hearing", "the proceedings are not an accelerated hearing"
    ),
    "barred_list_pending": lambda s: _when(
        bool(s.pending("barred_list")), "no barred-list report is owed for this outcome"
    ),
    "advisory_list_pending": lambda s: _when(
        bool(s.pending("advisory_list")), "no advisory-list report is owed"
    ),
    "no_obligations_pending": lambda s: _when(
        not s.pending(),
        "obligations are pending: " + ", ".join(o.kind for o in s.pending()),
    ),
    "notice_variant_current": lambda s: _when(
        not s.pending("notice_variant_change"),
        "the notice served was the variant for the subject's former kind: serve it again "
        "(serve_reg17_notice)",
    ),
    "barred_list_change_pending": lambda s: _when(
        bool(s.pending("barred_list_change")), "no further barred-list report is owed"
    ),
    "closable_now": lambda s: _when(
        s.stage("misconduct") not in _EARLY or s.former,
        "a case is closed before its investigation only when the subject has left the "
        "service (subject_left_service) and the advisory-list report is made",
    ),
    "no_referral_due": lambda s: _when(
        s.open_deadline("iopc_referral") is None,
        "the IOPC referral is still due: an APSP matter is referred even when the subject "
        "has left (refer_to_iopc)",
    ),
    "not_suspended": lambda s: _when(
        s.measure is None or s.measure.kind != "suspended", "the subject is already suspended"
    ),
    "measure_in_force": lambda s: _when(
        s.measure is not None, "the subject is neither suspended nor on restricted duties"
    ),
    "no_measure_in_force": lambda s: _when(
        s.measure is None,
        f"the subject is {_measure(s)}: review_suspension or lift_suspension first",
    ),
    "affected_recorded": lambda s: _when(
        bool(s.affected), "no affected person is recorded (record_affected_person)"
    ),
}


def unmet(state: ProcessState, names: tuple[str, ...]) -> list[str]:
    """The reasons of the conditions in ``names`` that do not hold, in order."""
    return [why for name in names if (why := GUARDS[name](state)) is not None]
