"""The value objects of the process: a case's state and what it is made of.

Everything here is a frozen dataclass of plain values (strings, dates, aware
datetimes, tuples), so a state can be compared, stored as JSON
(:mod:`boundline.cases.statutory.codec`) and read back equal. A step never changes a
state; :func:`boundline.cases.statutory.machine.apply` returns a new one.

Two times are kept apart: ``at`` (an aware instant) is when something was recorded,
``on`` (a date) the day it took effect. A day-valued field added after the fact
(``StepRecord.on``, ``Notice.served_on``, ``SeverityAssessment.on``) defaults to the
local day of its instant, so a state stored before it still constructs. Every field
added to a state after the first version has a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from boundline.cases.statutory.alongside import AffectedPerson, Appeal, Measure, Reference
from boundline.cases.statutory.calendar import local_day

__all__ = [
    "AffectedPerson",
    "Appeal",
    "Deadline",
    "Interview",
    "Measure",
    "Notice",
    "Obligation",
    "ProcessState",
    "Reference",
    "SeverityAssessment",
    "StepRecord",
]


#: The default of a day-valued field filled in from its instant (never stored as such).
UNSET_DAY = date.min


def _fill(record: object, day_field: str, instant: datetime) -> None:
    """Set ``record.<day_field>`` to the local day of ``instant`` if it was left unset."""
    if getattr(record, day_field) == UNSET_DAY:
        object.__setattr__(record, day_field, local_day(instant))


@dataclass(frozen=True)
class SeverityAssessment:
    """One version of the severity assessment (versions count up from 1), made ``on``."""

    version: int
    severity: str
    at: datetime
    by_role: str
    reason: str
    on: date = UNSET_DAY

    def __post_init__(self) -> None:
        _fill(self, "on", self.at)


@dataclass(frozen=True)
class Notice:
    """A served regulation 17 notice (``variant`` officer or staff), and what it stated."""

    number: int
    variant: str
    severity_version: int
    severity: str
    served_at: datetime
    served_on: date = UNSET_DAY

    def __post_init__(self) -> None:
        _fill(self, "served_on", self.served_at)


@dataclass(frozen=True)
class Deadline:
    """A deadline a step started: open until a step closes it (``closed_at``).

    ``ref`` names whom it concerns when several of a kind may run at once (an affected
    person's pseudonym); it is empty otherwise.
    """

    kind: str
    due_on: date
    started_at: datetime
    period: int = 1
    closed_at: datetime | None = None
    closed_by: str | None = None
    ref: str = ""

    @property
    def open(self) -> bool:
        """True while no step has closed it."""
        return self.closed_at is None


@dataclass(frozen=True)
class Obligation:
    """A pending action the process requires (e.g. tell the officer of a severity change).

    ``ref`` names whom it concerns (an affected person's pseudonym) when it is owed to
    one of several; such an obligation is discharged by its step taken with that ``ref``.
    """

    kind: str
    text: str
    raised_at: datetime
    discharged_at: datetime | None = None
    ref: str = ""

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
    held_on: date | None = None


@dataclass(frozen=True)
class StepRecord:
    """Who took which step, when and why, the fields given, and the day it took effect.

    ``at`` is when it was recorded, ``on`` the day it took effect: with the step, role,
    actor and fields, everything needed to take it again (a replay).
    """

    step: str
    track: str
    from_stage: str
    to_stage: str
    actor: str
    actor_role: str
    at: datetime
    reason: str
    fields: tuple[tuple[str, str], ...]
    on: date = UNSET_DAY

    def __post_init__(self) -> None:
        _fill(self, "on", self.at)


@dataclass(frozen=True)
class ProcessState:
    """Where one subject's case stands in the statutory process (both tracks) and what it owes.

    ``measures`` are suspensions and restricted duties, ``affected`` the affected
    persons, ``references`` the case's references elsewhere and ``appeals`` the appeals
    against outcomes (each oldest first, :mod:`boundline.cases.statutory.alongside`).
    """

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
    measures: tuple[Measure, ...] = ()
    affected: tuple[AffectedPerson, ...] = ()
    references: tuple[Reference, ...] = ()
    appeals: tuple[Appeal, ...] = ()

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

    @property
    def measure(self) -> Measure | None:
        """The suspension or restricted duties in force, if any."""
        return next((m for m in reversed(self.measures) if m.in_force), None)

    @property
    def pending_appeal(self) -> Appeal | None:
        """The appeal lodged and not yet decided, if any."""
        return next((a for a in reversed(self.appeals) if a.pending), None)

    def person(self, ref: str) -> AffectedPerson | None:
        """The affected person recorded as ``ref``, if any."""
        return next((p for p in self.affected if p.ref == ref), None)

    def open_deadline(self, kind: str, ref: str | None = None) -> Deadline | None:
        """The open deadline of ``kind`` (about ``ref``, when given), if any."""
        return next(
            (d for d in self.deadlines if d.kind == kind and d.open and ref in (None, d.ref)),
            None,
        )

    def pending(self, kind: str | None = None) -> tuple[Obligation, ...]:
        """The obligations still pending (of ``kind``, or all)."""
        return tuple(o for o in self.obligations if o.pending and kind in (None, o.kind))
