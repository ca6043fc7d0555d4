"""The documents of a case's process, made from the case database and kept as exhibits.

:func:`make_notice` renders the regulation 17 notice and :func:`make_report` the
regulation 21 report (HTML, or PDF), each from what the case database knows (the
reference, the subject, their allegations, their process state, the exhibits
register) plus the fields given for what it does not (the subject's name and rank,
the force, the summary of the evidence). The record wins: a field that contradicts
it (the severity, the day served, the investigator, the opinion) is refused, and a
field no document has is an error listing the known ones. Each document is
registered as the next exhibit of the case (origin ``report``) and written to the
audit log, in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases.compartments import case_for
from boundline.cases.exhibits import add_exhibit_bytes
from boundline.cases.models import Allegation, Case, CaseSubject, Exhibit
from boundline.cases.process_service import state_of
from boundline.cases.roles import Actor, Permission, require
from boundline.cases.statutory import (
    ExhibitEntry,
    Process,
    ProcessState,
    default_process,
    effective_records,
    notice_fields,
    render_reg17_notice,
    render_reg21_report,
    representations_due,
    to_pdf,
)
from boundline.cases.statutory.calendar import local_day
from boundline.errors import UserInputError

__all__ = ["Document", "checked_fields", "known_fields", "make_notice", "make_report"]

_OPINIONS = {
    "case_to_answer_misconduct": "There is a case to answer for misconduct.",
    "case_to_answer_gross_misconduct": "There is a case to answer for gross misconduct.",
    "no_case_to_answer": "There is no case to answer.",
}


@dataclass(frozen=True)
class Document:
    """A document made for a case: its content and the exhibit it was registered as."""

    content: bytes
    exhibit: Exhibit


def _day_of(state: ProcessState, step: str) -> date | None:
    """The day the last ``step`` took effect (corrections applied), if it was ever taken."""
    days = [r.on for r in effective_records(state.history) if r.step == step]
    return days[-1] if days else None


def _case_facts(session: Session, case: Case, subject: CaseSubject) -> dict[str, str]:
    """What the case database knows of one subject for either document."""
    allegations = list(
        session.scalars(
            select(Allegation)
            .where(
                Allegation.case_id == case.id,
                (Allegation.subject_id == subject.id) | Allegation.subject_id.is_(None),
            )
            .order_by(Allegation.id)
        )
    )
    standards = dict.fromkeys(s for a in allegations for s in a.standards)
    facts = {"case_ref": case.reference, "subject_name": subject.officer_id}
    if allegations:
        facts["conduct"] = facts["allegation"] = "\n".join(a.text for a in allegations)
        facts["standard"] = "; ".join(s[0].upper() + s[1:] for s in standards)
    return {k: v for k, v in facts.items() if v}


def known_fields(process: Process | None = None) -> list[str]:
    """Every field a notice (either variant) or the report can be given."""
    process = process or default_process()
    names = {n for spec in process.notices.values() for n in spec.required}
    return sorted(names | set(process.report.required) | {"mode"})


def checked_fields(
    given: Mapping[str, str], recorded: Mapping[str, str], fixed: frozenset[str]
) -> dict[str, str]:
    """``given`` if every name is known and none contradicts what the record says.

    ``fixed`` are the names the record decides (when it holds them); a given value
    equal to the recorded one is accepted.
    """
    known = known_fields()
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise UserInputError(
            f"Unknown --field {', '.join(unknown)}: the fields are {', '.join(known)}."
        )
    for name in sorted(fixed & set(given) & set(recorded)):
        if given[name].strip() != recorded[name]:
            raise UserInputError(
                f"--field {name}={given[name]!r} contradicts the record ({recorded[name]!r}): "
                "the document states what was recorded; correct the record with a step "
                "instead."
            )
    return dict(given)


def _known(
    session: Session, actor: Actor, reference: str, subject: str | None
) -> tuple[Case, ProcessState, dict[str, str]]:
    """The case, the subject's process state and what they say for either document."""
    require(actor, Permission.CASE_EDIT)
    case = case_for(session, actor, reference)
    who, state = state_of(session, actor, case, subject)
    return case, state, {**_case_facts(session, case, who), **notice_fields(state)}


def _keep(
    session: Session,
    actor: Actor,
    store: Path,
    case: Case,
    kind: str,
    html: str,
    pdf: bool,
) -> Document:
    """Keep a rendered document (HTML, or PDF) as the case's next exhibit, audited."""
    content = to_pdf(html) if pdf else html.encode("utf-8")
    suffix = "pdf" if pdf else "html"
    exhibit = add_exhibit_bytes(
        session,
        actor,
        store,
        case.reference,
        content,
        f"{kind}.{suffix}",
        "report",
        case.purpose,
        note=f"{kind} made by boundline",
    )
    detail = {"document": kind, "exhibit": exhibit.reference, "sha256": exhibit.sha256}
    record(session, actor.username, "case.document", "case", case.reference, detail)
    return Document(content, exhibit)


def make_notice(
    session: Session,
    actor: Actor,
    store: Path,
    reference: str,
    fields: Mapping[str, str],
    *,
    pdf: bool = False,
    staff: bool = False,
    subject: str | None = None,
) -> Document:
    """The regulation 17 notice (officer, or police-staff variant), kept as an exhibit.

    ``served_on`` is the day the last notice was served (``serve_reg17_notice``), or
    today before it is; ``representations_due`` follows from it. The variant follows
    the case's subject; ``staff`` asks for the police-staff one and must agree.
    """
    case, state, known = _known(session, actor, reference, subject)
    variant = "staff" if state.subject_kind == "staff" else "officer"
    if staff and variant != "staff":
        raise UserInputError(
            f"Case {case.reference} is about a police officer, not police staff: its "
            "notice is the officer variant (leave out --staff)."
        )
    served = _day_of(state, "serve_reg17_notice") or local_day(utcnow())
    known.setdefault("representations_due", representations_due(served).isoformat())
    known["served_on"] = served.isoformat()
    fixed = frozenset({"severity", "likely_proceedings", "served_on", "investigator", "case_ref"})
    given = checked_fields(fields, known, fixed)
    html = render_reg17_notice({**known, **given}, variant=variant)
    return _keep(session, actor, store, case, "reg17-notice", html, pdf)


def make_report(
    session: Session,
    actor: Actor,
    store: Path,
    reference: str,
    fields: Mapping[str, str],
    *,
    pdf: bool = False,
    subject: str | None = None,
) -> Document:
    """The regulation 21 report, with the case's exhibits register as its index."""
    case, state, known = _known(session, actor, reference, subject)
    known.pop("representations_due", None)
    if state.current_severity is not None and "severity" not in known:
        known["severity"] = "neither misconduct nor gross misconduct"
    if state.opinion:
        known["opinion"] = _OPINIONS.get(state.opinion, state.opinion)
    if state.mode:
        known["mode"] = state.mode
    submitted = _day_of(state, "submit_reg21_report") or local_day(utcnow())
    known["submitted_on"] = submitted.isoformat()
    register = session.scalars(
        select(Exhibit).where(Exhibit.case_id == case.id).order_by(Exhibit.number)
    )
    index = [
        ExhibitEntry(e.reference, e.name, e.sha256, e.origin, e.producer, e.purpose)
        for e in register
    ]
    fixed = frozenset({"severity", "opinion", "submitted_on", "investigator", "case_ref", "mode"})
    given = checked_fields(fields, known, fixed)
    html = render_reg21_report({**known, **given}, index)
    return _keep(session, actor, store, case, "reg21-report", html, pdf)
