"""Reading the statutory process of cases: one case in full, the list, what falls due.

Each read checks ``case.view`` and is written to the audit log. Subjects are shown
as the acting user may see them (pseudonyms for analysts and auditors). A case with
several subjects shows each subject's process: their own stages, allowed steps and
what falls due.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from boundline.audit import record
from boundline.cases.compartments import case_for, visible_cases
from boundline.cases.findings import findings_of
from boundline.cases.masking import identities, masked
from boundline.cases.models import (
    Allegation,
    Case,
    CaseMember,
    CaseSubject,
    CaseTransition,
    ProcessStage,
)
from boundline.cases.notes import open_actions
from boundline.cases.process_service import process_row, transitions
from boundline.cases.roles import Actor, Permission, require
from boundline.cases.statutory import DueItem, ProcessState, allowed_steps, due, state_from_json
from boundline.cases.statutory.calendar import add_working_days, working_days_between
from boundline.cases.subjects import subject_label, subjects_of

__all__ = [
    "AllegationView",
    "CaseFilters",
    "CaseRow",
    "CaseStatus",
    "StepView",
    "SubjectStatus",
    "case_status",
    "due_across",
    "list_cases",
]


@dataclass(frozen=True)
class SubjectStatus:
    """One subject of a case and where their process stands."""

    id: int
    label: str
    kind: str
    state: ProcessState | None
    allowed: list[str]
    due: list[DueItem]


@dataclass(frozen=True)
class AllegationView:
    """An allegation as the acting user may see it."""

    id: int
    subject_id: int | None
    text: str
    standards: list[str]
    finding: str | None = None  # proven | not_proven, once found
    found_on: date | None = None


@dataclass(frozen=True)
class StepView:
    """A recorded step as the acting user may see it (``at`` recorded, ``effective_on`` done)."""

    seq: int
    subject_id: int | None
    step: str
    track: str
    from_stage: str
    to_stage: str
    actor: str
    role: str
    at: datetime
    effective_on: date | None
    reason: str
    fields: dict[str, str]


@dataclass(frozen=True)
class CaseStatus:
    """One case as ``boundline case show`` prints it (identities masked for the actor)."""

    case: Case
    title: str
    subjects: list[SubjectStatus]
    allegations: list[AllegationView]
    steps: list[StepView]

    @property
    def labels(self) -> dict[int | None, str]:
        """Each subject's label by subject id (None: steps shared by every subject)."""
        return {None: "all subjects", **{s.id: s.label for s in self.subjects}}


@dataclass(frozen=True)
class CaseRow:
    """One line of ``boundline case list``: the stages of every subject, per track."""

    reference: str
    title: str
    origin: str
    opened: str
    misconduct: str
    criminal: str
    purpose: str = ""
    kinds: tuple[str, ...] = ()  # the subjects' kinds (officer, staff)
    members: tuple[str, ...] = ()  # who holds it: its current members


@dataclass(frozen=True)
class CaseFilters:
    """What a case list is narrowed to; an empty value does not narrow.

    ``stage`` matches either track's stage of any subject; ``track`` keeps the cases
    with that track started (the criminal one is ``-`` until opened).
    """

    stage: str = ""
    track: str = ""
    purpose: str = ""
    kind: str = ""
    member: str = ""

    def keeps(self, row: CaseRow) -> bool:
        """Whether ``row`` passes every filter."""
        stages = {*row.misconduct.split(" / "), *row.criminal.split(" / ")}
        return (
            (not self.stage or self.stage in stages)
            and (not self.track or self.track != "criminal" or row.criminal != "-")
            and (not self.purpose or row.purpose == self.purpose)
            and (not self.kind or self.kind in row.kinds)
            and (not self.member or self.member in row.members)
        )


def _subject_status(
    session: Session, actor: Actor, case: Case, subject: CaseSubject, on: date
) -> SubjectStatus:
    row = process_row(session, subject)
    state = state_from_json(row.state) if row else None
    label = subject_label(session, actor, subject)
    return SubjectStatus(
        subject.id,
        label,
        subject.kind,
        state,
        allowed_steps(state, actor.role.value) if state else [],
        due({case.reference: state}, on, within=None) if state else [],
    )


def _step(t: CaseTransition, ids: dict[str, str]) -> StepView:
    fields = masked(json.loads(t.fields), ids)
    return StepView(
        t.seq,
        t.subject_id,
        t.step,
        t.track,
        t.from_stage,
        t.to_stage,
        t.actor,
        t.role,
        t.at,
        t.effective_on,
        masked(t.reason, ids),
        fields,
    )


def case_status(session: Session, actor: Actor, reference: str, on: date) -> CaseStatus:
    """A case, each subject's stages, what the actor may do next, and what is due."""
    require(actor, Permission.CASE_VIEW)
    case = case_for(session, actor, reference)
    ids = identities(session, actor)
    found = findings_of(session, case)
    allegations = [
        AllegationView(
            a.id,
            a.subject_id,
            masked(a.text, ids),
            list(a.standards),
            found[a.id].finding if a.id in found else None,
            found[a.id].effective_on if a.id in found else None,
        )
        for a in session.scalars(
            select(Allegation).where(Allegation.case_id == case.id).order_by(Allegation.id)
        )
    ]
    status = CaseStatus(
        case,
        masked(case.title, ids),
        [_subject_status(session, actor, case, s, on) for s in subjects_of(session, case)],
        allegations,
        [_step(t, ids) for t in transitions(session, case)],
    )
    record(session, actor.username, "view", "case", case.reference, {"process": True})
    return status


def _stages(values: list[str], default: str) -> str:
    """One stage if every subject is in it, else each distinct stage once."""
    if not values:
        return default
    distinct = list(dict.fromkeys(values))
    return distinct[0] if len(distinct) == 1 else " / ".join(distinct)


def list_cases(session: Session, actor: Actor, filters: CaseFilters | None = None) -> list[CaseRow]:
    """The cases the actor may see, with their subjects' stages, narrowed by ``filters``.

    Only the cases listed are recorded as viewed.
    """
    require(actor, Permission.CASE_VIEW)
    members: dict[int, list[str]] = defaultdict(list)
    current = select(CaseMember).where(CaseMember.removed_at.is_(None)).order_by(CaseMember.id)
    for m in session.scalars(current):
        members[m.case_id].append(m.username)
    stages: dict[tuple[int, str], list[str]] = defaultdict(list)
    query = select(ProcessStage).order_by(ProcessStage.case_id, ProcessStage.subject_id)
    for row in session.scalars(query):
        stages[(row.case_id, row.track)].append(row.stage)
    ids = identities(session, actor)
    rows = []
    visible = select(Case).where(Case.id.in_(visible_cases(actor)))
    for case in session.scalars(visible.order_by(Case.id)):
        line = CaseRow(
            case.reference,
            masked(case.title, ids),
            case.origin,
            f"{case.opened_at:%Y-%m-%d}",
            _stages(stages[(case.id, "misconduct")], "not started"),
            _stages(stages[(case.id, "criminal")], "-"),
            case.purpose,
            tuple(sorted({s.kind for s in case.subjects})),
            tuple(members[case.id]),
        )
        if filters is not None and not filters.keeps(line):
            continue
        rows.append(line)
        record(session, actor.username, "view", "case", case.reference, {"list": True})
    return rows


def due_across(session: Session, actor: Actor, on: date, within: int = 5) -> list[DueItem]:
    """What is overdue or due within ``within`` working days of ``on``, across the actor's cases.

    A subject whose process has not started yet (confirmed from an alert by an
    analyst) is listed too, as pending ``start_process``, and every open action of a
    case due within the window. In a case with several subjects each item names its
    subject.
    """
    require(actor, Permission.CASE_VIEW)
    states: dict[str, ProcessState] = {}
    waiting: list[DueItem] = []
    visible = select(Case).where(Case.id.in_(visible_cases(actor)))
    for case in session.scalars(visible.order_by(Case.id)):
        subjects = subjects_of(session, case)
        for subject in subjects:
            key = case.reference
            if len(subjects) > 1:
                key = f"{case.reference} ({subject_label(session, actor, subject)})"
            row = process_row(session, subject)
            if row is None:
                what = (
                    "record the conduct matter: start the statutory process (`boundline case open`)"
                )
                waiting.append(DueItem(key, "start_process", what, None, False, None))
            else:
                states[key] = state_from_json(row.state)
    horizon = add_working_days(on, within)
    actions = [
        DueItem(
            a.case,
            "action",
            f"action {a.id} for {a.owner}: {a.text}",
            a.due_on,
            a.due_on < on,
            working_days_between(on, a.due_on),
        )
        for a in open_actions(session, actor, horizon)
    ]
    items = sorted(
        due(states, on, within=within) + actions,
        key=lambda i: (i.due_on or on, i.due_on is None, i.case, i.kind),
    )
    items += waiting
    detail = {"on": on.isoformat(), "within": within, "items": len(items)}
    record(session, actor.username, "case.due", "case", "*", detail)
    return items
