"""Each case's place in the statutory process, and the append-only record of its steps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from boundline.audit import Base


class CaseProcess(Base):
    """The statutory-process state of one case (both tracks), as canonical JSON.

    ``state`` is :func:`boundline.cases.statutory.state_to_json` text; the two stages
    are copied out of it so that cases can be listed and filtered without parsing it.
    """

    __tablename__ = "case_process"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    state: Mapped[str] = mapped_column(Text)
    misconduct_stage: Mapped[str] = mapped_column(String(60))
    criminal_stage: Mapped[str] = mapped_column(String(60))
    steps: Mapped[int]  # how many transitions are recorded (the last one's seq)
    updated_at: Mapped[datetime]


class CaseTransition(Base):
    """One step taken on a case: which, from and to which stage, who, when, why, with what.

    Never changed: the database refuses UPDATE and DELETE of these rows.
    """

    __tablename__ = "case_transitions"
    __table_args__ = (UniqueConstraint("case_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    seq: Mapped[int]
    step: Mapped[str] = mapped_column(String(60))
    track: Mapped[str] = mapped_column(String(20))
    from_stage: Mapped[str] = mapped_column(String(60))
    to_stage: Mapped[str] = mapped_column(String(60))
    actor: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    fields: Mapped[str] = mapped_column(Text)  # canonical JSON of every field given
