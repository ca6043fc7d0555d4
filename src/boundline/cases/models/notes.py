"""A case's notes (append-only) and its actions (who must do what, by when)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from boundline.audit import Base


class CaseNote(Base):
    """A note on a case (about one subject, or the whole case). Never changed."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("case_subjects.id"))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime]


class CaseAction(Base):
    """An action on a case: what, who owns it, by when; done once, with a note."""

    __tablename__ = "case_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(100))
    due_on: Mapped[date]
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(100))
    done_note: Mapped[str | None] = mapped_column(Text)
