"""The documents of a case's process, made from the case database and kept as exhibits.

:func:`make_notice` renders the regulation 17 notice and :func:`make_report` the
regulation 21 report (HTML, or PDF), each from what the case database knows (the
reference, the subjects, the allegations, the process state, the exhibits register)
plus the fields given for what it does not (the subject's name and rank, the force,
the summary of the evidence). Each document is registered as the next exhibit of the
case (origin ``report``) and written to the audit log, in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases.casefile import find_case
from boundline.cases.exhibits import add_exhibit_bytes
from boundline.cases.models import Allegation, Case, CaseSubject, Exhibit
from boundline.cases.process_service import state_of
from boundline.cases.roles import Actor, Permission, require
from boundline.cases.statutory import (
    ExhibitEntry,
    ProcessState,
    notice_fields,
    render_reg17_notice,
    render_reg21_report,
    representations_due,
    to_pdf,
)
from boundline.cases.statutory.calendar import local_day
from boundline.errors import UserInputError

__all__ = ["Document", "make_notice", "make_report"]

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
    """The local day of the last time ``step`` was taken, if ever."""
    days = [local_day(r.at) for r in state.history if r.step == step]
    return days[-1] if days else None


def _case_facts(session: Session, case: Case) -> dict[str, str]:
    """What the case database knows for either document."""
    subjects = session.scalars(select(CaseSubject.officer_id).where(CaseSubject.case_id == case.id))
    allegations = list(
        session.scalars(
            select(Allegation).where(Allegation.case_id == case.id).order_by(Allegation.id)
        )
    )
    standards = dict.fromkeys(s for a in allegations for s in a.standards)
    facts = {"case_ref": case.reference, "subject_name": ", ".join(subjects)}
    if allegations:
        facts["conduct"] = facts["allegation"] = "\n".join(a.text for a in allegations)
        facts["standard"] = "; ".join(s[0].upper() + s[1:] for s in standards)
    return {k: v for k, v in facts.items() if v}


def _known(
    session: Session, actor: Actor, reference: str
) -> tuple[Case, ProcessState, dict[str, str]]:
    """The case, its process state and what they say for either document (may edit)."""
    require(actor, Permission.CASE_EDIT)
    case = find_case(session, reference)
    state = state_of(session, case)
    return case, state, {**_case_facts(session, case), **notice_fields(state)}


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
) -> Document:
    """The regulation 17 notice (officer, or police-staff variant), kept as an exhibit.

    ``served_on`` is the day the last notice was served (``serve_reg17_notice``), or
    today before it is; ``representations_due`` follows from it. The variant follows
    the case's subject; ``staff`` asks for the police-staff one and must agree.
    """
    case, state, known = _known(session, actor, reference)
    variant = "staff" if state.subject_kind == "staff" else "officer"
    if staff and variant != "staff":
        raise UserInputError(
            f"Case {case.reference} is about a police officer, not police staff: its "
            "notice is the officer variant (leave out --staff)."
        )
    served = _day_of(state, "serve_reg17_notice") or local_day(utcnow())
    known.setdefault("representations_due", representations_due(served).isoformat())
    html = render_reg17_notice(
        {**known, "served_on": served.isoformat(), **fields}, variant=variant
    )
    return _keep(session, actor, store, case, "reg17-notice", html, pdf)


def make_report(
    session: Session,
    actor: Actor,
    store: Path,
    reference: str,
    fields: Mapping[str, str],
    *,
    pdf: bool = False,
) -> Document:
    """The regulation 21 report, with the case's exhibits register as its index."""
    case, state, known = _known(session, actor, reference)
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
    html = render_reg21_report({**known, **fields}, index)
    return _keep(session, actor, store, case, "reg21-report", html, pdf)
