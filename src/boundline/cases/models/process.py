"""Each subject's place in the statutory process, and the append-only record of steps.

A case may name several subjects (a second officer's alert joined to it); each has
a process of their own: their own track stages, severity, notice, findings and
outcome. ``subject_process`` keeps one subject's state as canonical JSON;
``process_stages`` copies each track's stage out of it, one row per track, so cases
can be listed and filtered without parsing the JSON and a new track needs no new
column. ``case_transitions`` records every step, for one subject.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from boundline.audit import Base


class SubjectProcess(Base):
    """The statutory-process state of one subject of a case, as canonical JSON.

    ``state`` is :func:`boundline.cases.statutory.state_to_json` text.
    """

    __tablename__ = "subject_process"

    subject_id: Mapped[int] = mapped_column(ForeignKey("case_subjects.id"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    state: Mapped[str] = mapped_column(Text)
    steps: Mapped[int]  # how many transitions are recorded for this subject
    updated_at: Mapped[datetime]


class ProcessStage(Base):
    """The stage one subject is in on one track (copied out of the state)."""

    __tablename__ = "process_stages"

    subject_id: Mapped[int] = mapped_column(ForeignKey("case_subjects.id"), primary_key=True)
    track: Mapped[str] = mapped_column(String(40), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    stage: Mapped[str] = mapped_column(String(60))


class CaseTransition(Base):
    """One step taken on a case for one subject: which, when it happened, who, why.

    ``at`` is when it was recorded, ``effective_on`` when it happened. ``subject_id``
    is null only for steps recorded before subjects had processes of their own
    (they applied to every subject of the case then). Never changed: the database
    refuses UPDATE and DELETE of these rows.
    """

    __tablename__ = "case_transitions"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    seq: Mapped[int]
    subject_id: Mapped[int | None]
    step: Mapped[str] = mapped_column(String(60))
    track: Mapped[str] = mapped_column(String(20))
    from_stage: Mapped[str] = mapped_column(String(60))
    to_stage: Mapped[str] = mapped_column(String(60))
    actor: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]
    effective_on: Mapped[date | None]
    reason: Mapped[str] = mapped_column(Text)
    fields: Mapped[str] = mapped_column(Text)  # canonical JSON of every field given
