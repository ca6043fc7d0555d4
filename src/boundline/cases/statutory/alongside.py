"""What runs alongside the stages of a case: measures, affected persons, references, appeals.

Each is a frozen dataclass of plain values, kept in a tuple on the
:class:`~boundline.cases.statutory.state.ProcessState` (oldest first). Every field
added later has a default, so a state stored before it still reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

__all__ = ["AffectedPerson", "Appeal", "Measure", "Reference"]


@dataclass(frozen=True)
class Measure:
    """A suspension (``kind`` ``suspended``) or restricted duties, from ``since`` until ended."""

    kind: str
    since: date
    started_at: datetime
    ground: str = ""
    reviews: int = 0
    last_review_on: date | None = None
    ended_on: date | None = None
    ended_by: str | None = None

    @property
    def in_force(self) -> bool:
        """True until a step ends it (a review that lifts it, lift_suspension, leaving)."""
        return self.ended_on is None


@dataclass(frozen=True)
class AffectedPerson:
    """A victim, complainant or interested person, by pseudonym (``ref``), never by name."""

    ref: str
    role: str
    recorded_on: date
    updates: int = 0
    last_update_on: date | None = None


@dataclass(frozen=True)
class Reference:
    """A reference of the case elsewhere: ``kind`` iopc, force or cps, and its ``value``."""

    kind: str
    value: str
    on: date


@dataclass(frozen=True)
class Appeal:
    """An appeal against an outcome: ``body`` is the deadline kind of its time limit.

    ``finding`` and ``outcome`` are what was appealed; ``result`` (dismissed, allowed
    or remitted) is ``None`` while it is pending; an allowed appeal's new finding and
    outcome are ``new_finding`` and ``new_outcome``. ``window_started_at`` identifies
    the time to appeal it was lodged in (the deadline's ``started_at``): one appeal lies
    against each outcome.
    """

    body: str
    lodged_on: date
    finding: str | None
    outcome: str | None
    out_of_time_reason: str | None = None
    result: str | None = None
    decided_on: date | None = None
    new_finding: str | None = None
    new_outcome: str | None = None
    window_started_at: datetime | None = None

    @property
    def pending(self) -> bool:
        """True until the appeal's outcome is recorded."""
        return self.result is None
