"""Cases, the officers and staff they are about, and allegations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from boundline.audit import Base


class Case(Base):
    """A case: where it came from, what it is for, and its stage in the process.

    ``stage`` belongs to the statutory process (:mod:`boundline.cases.statutory`);
    the case store only sets it to ``opened``.
    """

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(30), unique=True)
    origin: Mapped[str] = mapped_column(String(30))  # alert|complaint|conduct_matter|intelligence
    purpose: Mapped[str] = mapped_column(String(20))  # misconduct|criminal|both
    title: Mapped[str] = mapped_column(String(300))
    opened_at: Mapped[datetime]
    opened_by: Mapped[str] = mapped_column(String(100))
    stage: Mapped[str] = mapped_column(String(60), default="opened", server_default="opened")

    subjects: Mapped[list[CaseSubject]] = relationship(back_populates="case")
    allegations: Mapped[list[Allegation]] = relationship(back_populates="case")


class CaseSubject(Base):
    """An officer or member of staff a case is about."""

    __tablename__ = "case_subjects"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    officer_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))  # officer | staff
    role_in_case: Mapped[str] = mapped_column(String(60))

    case: Mapped[Case] = relationship(back_populates="subjects")


class Allegation(Base):
    """What a subject is alleged to have done, and the standards it would breach."""

    __tablename__ = "allegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("case_subjects.id"))
    text: Mapped[str] = mapped_column(Text)
    standards: Mapped[list[Any]] = mapped_column(JSON)
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(100))

    case: Mapped[Case] = relationship(back_populates="allegations")


class AllegationFinding(Base):
    """The finding on one allegation (proven or not), as recorded; the latest one stands.

    Never changed: a later finding (an appeal's) supersedes an earlier one.
    """

    __tablename__ = "allegation_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    allegation_id: Mapped[int] = mapped_column(ForeignKey("allegations.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("case_subjects.id"))
    finding: Mapped[str] = mapped_column(String(20))  # proven | not_proven
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]
    effective_on: Mapped[date]
