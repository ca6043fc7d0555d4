"""Signing in: users' password hashes, server-side sessions, and sign-in attempts.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add ``users.password_hash``, ``web_sessions`` and ``sign_in_attempts``."""
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("password_hash", sa.Text, nullable=True))
        users.add_column(sa.Column("password_set_at", WHEN, nullable=True))
    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("username", sa.String(100), nullable=False, index=True),
        sa.Column("csrf", sa.String(100), nullable=False),
        sa.Column("address", sa.String(100), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("last_seen", WHEN, nullable=False),
        sa.Column("ended_at", WHEN, nullable=True),
        sa.Column("ended_why", sa.String(40), nullable=True),
    )
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("address", sa.String(100), nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
    )
    op.create_index("ix_sign_in_attempts_username_at", "sign_in_attempts", ["username", "at"])
    op.create_index("ix_sign_in_attempts_address_at", "sign_in_attempts", ["address", "at"])


def downgrade() -> None:
    """Drop what revision 0003 created."""
    op.drop_table("sign_in_attempts")
    op.drop_table("web_sessions")
    with op.batch_alter_table("users") as users:
        users.drop_column("password_set_at")
        users.drop_column("password_hash")
