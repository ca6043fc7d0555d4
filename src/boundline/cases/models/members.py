"""Who may see a case: its members (need to know)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from boundline.audit import Base


class CaseMember(Base):
    """A user's membership of a case, from when it was given until it was taken away."""

    __tablename__ = "case_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    added_by: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    removed_by: Mapped[str | None] = mapped_column(String(100))
    removed_at: Mapped[datetime | None]
