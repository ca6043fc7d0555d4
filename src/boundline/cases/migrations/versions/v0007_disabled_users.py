"""Disabling users: ``users.disabled_at`` and ``users.disabled_by``.

A disabled user can neither sign in nor act through the CLI
(:mod:`boundline.cases.admin`). ``users`` is a proven table, so its rows are logged
again with the new columns (one ``rows.write`` entry), or they would not match the
log (:func:`boundline.audit.baseline_rows`).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from boundline.audit import baseline_rows
from boundline.cases.integrity import PROVEN

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add ``users.disabled_at`` and ``users.disabled_by``; log the users' rows again."""
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("disabled_at", WHEN, nullable=True))
        users.add_column(sa.Column("disabled_by", sa.String(100), nullable=True))
    session = Session(bind=op.get_bind())
    baseline_rows(session, {"users": PROVEN["users"]}, "boundline-migration")
    session.flush()


def downgrade() -> None:
    """Drop the two columns (the log keeps what it recorded: it is append-only)."""
    with op.batch_alter_table("users") as users:
        users.drop_column("disabled_by")
        users.drop_column("disabled_at")
