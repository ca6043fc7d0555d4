"""Shared helpers of the statutory-process tests: times, named states, the docs table.

``state_at(name)`` builds a named state by walking the process from an opening on
Monday 21 December 2026 (so deadlines cross Christmas, Boxing Day and New Year).
Run this file to print the step table of docs/cases.md:
``.venv/bin/python tests/cases/statutory/statutory_world.py``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache

from boundline.cases.statutory import (
    ProcessState,
    apply,
    default_process,
    open_process,
)

AA, INV = "appropriate_authority", "investigator"
OPENED = date(2026, 12, 21)  # a Monday, four days before Christmas
VICTIM = "PERSON-91B0DE"  # an affected person is recorded by pseudonym, never by name


def at(day: date | str, hour: int = 10) -> datetime:
    """An aware instant on ``day`` (UTC; in December that is also London time)."""
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime(d.year, d.month, d.day, hour, tzinfo=UTC)


def why(**fields: str) -> dict[str, str]:
    """Fields with a reason, as every step needs one."""
    return {"reason": "test", **fields}


def opened(
    *, subject_kind: str = "officer", apsp: bool = True, former: bool = False
) -> ProcessState:
    """A freshly opened process (opened on :data:`OPENED`)."""
    return open_process(
        subject_kind=subject_kind,
        apsp=apsp,
        came_to_attention=OPENED,
        actor="aa1",
        actor_role=AA,
        at=at(OPENED),
        reason="APSP alert",
        former=former,
    ).state


Walk = list[tuple[str, str, dict[str, str]]]

#: The steps from the parent state to each named state.
WALKS: dict[str, tuple[str | None, Walk]] = {
    "referred": ("recorded", [("refer_to_iopc", AA, why())]),
    "investigation": ("referred", [("record_iopc_decision", AA, why(mode="local"))]),
    "assessed": (
        "investigation",
        [
            ("appoint_investigator", AA, why(investigator="DS Rowe")),
            ("assess_severity", AA, why(severity="gross_misconduct")),
        ],
    ),
    "served": ("assessed", [("serve_reg17_notice", INV, why())]),
    # fixed for the day after it is set, when "reported" holds it (not before: the
    # effective date of hold_interview is never before the day fixed)
    "interview_set": ("served", [("schedule_interview", INV, why(date="2026-12-28"))]),
    "reported": (
        "interview_set",
        [
            ("hold_interview", INV, why()),
            ("submit_reg21_report", INV, why(opinion="case_to_answer_gross_misconduct")),
        ],
    ),
    "cta_gross": ("reported", [("decide_case_to_answer", AA, why(decision="gross_misconduct"))]),
    "cta_misconduct": ("reported", [("decide_case_to_answer", AA, why(decision="misconduct"))]),
    "certified": ("reported", [("certify_special_conditions", AA, why())]),
    "hearing": ("cta_gross", [("refer_to_misconduct_hearing", AA, why())]),
    "meeting": ("cta_misconduct", [("refer_to_misconduct_meeting", AA, why())]),
    "accelerated": ("certified", [("refer_to_accelerated_hearing", AA, why())]),
    "dismissed": (
        "hearing",
        [
            (
                "record_outcome",
                AA,
                why(finding="gross_misconduct", outcome="dismissal_without_notice"),
            )
        ],
    ),
    "no_case": ("reported", [("decide_no_case_to_answer", AA, why(referral="none"))]),
    "left": ("investigation", [("subject_left_service", AA, why(how="resigned"))]),
    "crim_open": ("recorded", [("open_criminal_investigation", INV, why())]),
    # appeals: the officer appeals the dismissal (to the Police Appeals Tribunal)
    "appealed": ("dismissed", [("lodge_appeal", AA, why())]),
    "overturned": (
        "dismissed",
        [
            ("refer_to_barred_list", AA, why()),
            ("lodge_appeal", AA, why()),
            (
                "record_appeal_outcome",
                AA,
                why(result="allowed", finding="gross_misconduct", outcome="final_written_warning"),
            ),
        ],
    ),
    # alongside the stages: suspension, restricted duties, an affected person
    "suspended": (
        "investigation",
        [("suspend_subject", AA, why(ground="public_interest", redeployment_considered="yes"))],
    ),
    "restricted": ("investigation", [("restrict_duties", AA, why(duties="no public contact"))]),
    "victim": (
        "investigation",
        [("record_affected_person", INV, why(ref=VICTIM, role="victim"))],
    ),
    "closed": ("no_case", [("close_case", AA, why())]),
    # a subject who resigned before the referral (not APSP, and APSP)
    "left_recorded": ("recorded_plain", [("subject_left_service", AA, why(how="resigned"))]),
    "left_reported": ("left_recorded", [("refer_to_advisory_list", AA, why())]),
    "left_apsp": (
        "recorded",
        [
            ("subject_left_service", AA, why(how="resigned")),
            ("refer_to_advisory_list", AA, why()),
        ],
    ),
    "with_cps": ("crim_open", [("refer_to_cps", INV, why())]),
    "charged": ("with_cps", [("record_charge", INV, why(charges="misconduct in public office"))]),
}


@cache
def state_at(name: str, subject_kind: str = "officer") -> ProcessState:
    """The named state (``recorded``, ``served``, ``hearing``…), one working step per day."""
    if name == "recorded":
        return opened(subject_kind=subject_kind)
    if name == "recorded_plain":
        return opened(subject_kind=subject_kind, apsp=False)
    parent, walk = WALKS[name]
    state = state_at(parent or "recorded", subject_kind)
    for step, role, fields in walk:
        when = at(state.history[-1].at.date() + timedelta(days=1))
        state = apply(state, step, actor_role=role, at=when, fields=fields).state
    return state


def steps_table() -> str:
    """The step table of docs/cases.md, generated from process.toml."""
    p = default_process()
    rows = [
        "| step | track | from | to | roles | subjects | requires | fields | summary |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in p.steps.values():
        to = s.target or ("one of " + ", ".join(s.targets) if s.targets else "(same)")
        to = "(replayed)" if s.replays else to
        fields = ", ".join(
            f"`{f.name}`" + ("" if f.required else "?")
            for f in s.fields
            if f.name not in p.common_fields
        )
        rows.append(
            f"| `{s.id}` | {s.track} | {', '.join(s.sources)} | {to} "
            f"| {', '.join(s.roles)} | {', '.join(s.subjects) or 'all'} "
            f"| {', '.join(s.requires) or '—'} | {fields or '—'} "
            f"| {s.summary} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    print(steps_table())  # noqa: T201 (prints the docs table on purpose)
