"""Signing in to the workbench: server-side sessions and the record of attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from boundline.audit import Base


class WebSession(Base):
    """A signed-in session. Only the SHA-256 of its id is kept, never the id itself.

    The session ends at sign-out (``ended_at``), after ``idle`` without a request
    (``last_seen``) or ``lifetime`` after ``created_at`` (:mod:`boundline.cases.signin`).
    """

    __tablename__ = "web_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    csrf: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    last_seen: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    ended_why: Mapped[str | None] = mapped_column(String(40))


class SignInAttempt(Base):
    """One sign-in attempt, good or bad: what throttling counts."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (
        Index("ix_sign_in_attempts_username_at", "username", "at"),
        Index("ix_sign_in_attempts_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    username: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(100))
    ok: Mapped[bool]
