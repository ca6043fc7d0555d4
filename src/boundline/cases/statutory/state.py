"""The value objects of the process: a case's state and what it is made of.

Everything here is a frozen dataclass of plain values (strings, dates, aware
datetimes, tuples), so a state can be compared, stored as JSON
(:mod:`boundline.cases.statutory.codec`) and read back equal. A step never changes a
state; :func:`boundline.cases.statutory.machine.apply` returns a new one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

__all__ = [
    "Deadline",
    "Interview",
    "Notice",
    "Obligation",
    "ProcessState",
    "SeverityAssessment",
    "StepRecord",
]


@dataclass(frozen=True)
class SeverityAssessment:
    """One version of the severity assessment (versions count up from 1)."""

    version: int
    severity: str
    at: datetime
    by_role: str
    reason: str


@dataclass(frozen=True)
class Notice:
    """A served regulation 17 notice (``variant`` officer or staff), and what it stated."""

    number: int
    variant: str
    severity_version: int
    severity: str
    served_at: datetime


@dataclass(frozen=True)
class Deadline:
    """A deadline a step started: open until a step closes it (``closed_at``)."""

    kind: str
    due_on: date
    started_at: datetime
    period: int = 1
    closed_at: datetime | None = None
    closed_by: str | None = None

    @property
    def open(self) -> bool:
        """True while no step has closed it."""
        return self.closed_at is None


@dataclass(frozen=True)
class Obligation:
    """A pending action the process requires (e.g. tell the officer of a severity change)."""

    kind: str
    text: str
    raised_at: datetime
    discharged_at: datetime | None = None

    @property
    def pending(self) -> bool:
        """True until the step that discharges it is taken."""
        return self.discharged_at is None


@dataclass(frozen=True)
class Interview:
    """The interview of the subject: the date fixed, whether agreed, postponements."""

    scheduled_for: date
    agreed: bool
    first_specified: date
    postponements: int = 0
    held: bool = False


@dataclass(frozen=True)
class StepRecord:
    """Who took which step, when and why, and the fields given."""

    step: str
    track: str
    from_stage: str
    to_stage: str
    actor: str
    actor_role: str
    at: datetime
    reason: str
    fields: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ProcessState:
    """Where one case stands in the statutory process (both tracks) and what it owes."""

    subject_kind: str
    apsp: bool
    came_to_attention: date
    stages: tuple[tuple[str, str], ...]
    former: bool = False
    mode: str | None = None
    investigator: str | None = None
    severity: tuple[SeverityAssessment, ...] = ()
    notices: tuple[Notice, ...] = ()
    interview: Interview | None = None
    opinion: str | None = None
    case_to_answer: str | None = None
    special_conditions: bool = False
    form: str | None = None
    fww_in_force: bool = False
    finding: str | None = None
    outcome: str | None = None
    deadlines: tuple[Deadline, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    history: tuple[StepRecord, ...] = field(default=())
    process_version: int = 1

    def stage(self, track: str) -> str:
        """The current stage of ``track`` (``misconduct`` or ``criminal``)."""
        return dict(self.stages)[track]

    def with_stage(self, track: str, stage: str) -> ProcessState:
        """A copy with ``track`` moved to ``stage``."""
        stages = tuple(sorted({**dict(self.stages), track: stage}.items()))
        return replace(self, stages=stages)

    @property
    def current_severity(self) -> SeverityAssessment | None:
        """The latest severity assessment, if any."""
        return self.severity[-1] if self.severity else None

    @property
    def last_notice(self) -> Notice | None:
        """The latest notice served, if any."""
        return self.notices[-1] if self.notices else None

    def open_deadline(self, kind: str) -> Deadline | None:
        """The open deadline of ``kind``, if any."""
        return next((d for d in self.deadlines if d.kind == kind and d.open), None)

    def pending(self, kind: str | None = None) -> tuple[Obligation, ...]:
        """The obligations still pending (of ``kind``, or all)."""
        return tuple(o for o in self.obligations if o.pending and kind in (None, o.kind))
