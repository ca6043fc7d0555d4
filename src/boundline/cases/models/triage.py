"""The alert queue: one item per (officer, person/counterpart) pair, and its decisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from boundline.audit import Base


class TriageItem(Base):
    """A pair in the queue, with the figures of the latest alert about it.

    ``decided_score`` / ``decided_detectors`` are the figures the last decision was
    made on, so a re-fired alert can be compared with what was dismissed.
    """

    __tablename__ = "triage_items"
    __table_args__ = (UniqueConstraint("pair_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_key: Mapped[str] = mapped_column(String(400))
    officer_id: Mapped[str] = mapped_column(String(100))
    person_id: Mapped[str | None] = mapped_column(String(100))
    counterpart: Mapped[str | None] = mapped_column(String(200))
    score: Mapped[float]
    severity: Mapped[str] = mapped_column(String(20))
    detectors: Mapped[str] = mapped_column(String(400))  # ;-separated, as in alerts.csv
    summary: Mapped[str] = mapped_column(Text)
    alert_json: Mapped[str] = mapped_column(Text)  # the alert as loaded (outputs.md)
    status: Mapped[str] = mapped_column(String(20), index=True)  # needs_review|confirmed|dismissed
    loaded_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(500))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    decided_score: Mapped[float | None]
    decided_detectors: Mapped[str | None] = mapped_column(String(400))


class TriageDecision(Base):
    """One decision about an item; never changed, so the history is complete."""

    __tablename__ = "triage_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("triage_items.id"), index=True)
    decision: Mapped[str] = mapped_column(String(20))  # confirmed | dismissed | reopened
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime]
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    score: Mapped[float]
    detectors: Mapped[str] = mapped_column(String(400))
