"""Users, the database's own settings (the pseudonym secret), and pseudonyms."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from boundline.audit import Base


class User(Base):
    """A named user of the case store with one role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    created_by: Mapped[str | None] = mapped_column(String(100))
    #: argon2id hash (PHC string); a user without one cannot sign in to the workbench.
    password_hash: Mapped[str | None] = mapped_column(Text)
    password_set_at: Mapped[datetime | None]
    #: when and by whom the user was disabled (None: active); a disabled user cannot act.
    disabled_at: Mapped[datetime | None]
    disabled_by: Mapped[str | None] = mapped_column(String(100))


class StoreSetting(Base):
    """A setting of this case database, e.g. the pseudonym secret made at creation."""

    __tablename__ = "store_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Pseudonym(Base):
    """The stable pseudonym of one real identifier (so it can be revealed again)."""

    __tablename__ = "pseudonyms"
    __table_args__ = (UniqueConstraint("kind", "real_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # officer | person | counterpart
    real_id: Mapped[str] = mapped_column(String(200))
