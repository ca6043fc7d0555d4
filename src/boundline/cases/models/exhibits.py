"""The evidence register: exhibits and their chain of custody."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from boundline.audit import Base


class Exhibit(Base):
    """One exhibit of a case, fingerprinted by SHA-256.

    ``location`` is ``exhibits/<sha256>`` (store-relative, a content-addressed copy)
    or, when ``by_reference``, the path of a store source file left where it is.
    """

    __tablename__ = "exhibits"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    number: Mapped[int]
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    origin: Mapped[str] = mapped_column(String(30))
    purpose: Mapped[str] = mapped_column(String(20))
    producer: Mapped[str] = mapped_column(String(100))
    location: Mapped[str] = mapped_column(Text)
    by_reference: Mapped[bool]
    added_at: Mapped[datetime]


class CustodyEvent(Base):
    """One link of an exhibit's chain of custody."""

    __tablename__ = "custody_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    exhibit_id: Mapped[int] = mapped_column(ForeignKey("exhibits.id"), index=True)
    event: Mapped[str] = mapped_column(String(20))  # received|viewed|exported|disclosed|returned
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")
