"""The statutory process of each case: its state, and the append-only record of its steps.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from boundline.audit import append_only_statements, drop_append_only_statements

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def _dialect() -> str:
    return str(op.get_bind().dialect.name)


def upgrade() -> None:
    """Create ``case_process`` and ``case_transitions`` (the latter guarded append-only)."""
    op.create_table(
        "case_process",
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("misconduct_stage", sa.String(60), nullable=False),
        sa.Column("criminal_stage", sa.String(60), nullable=False),
        sa.Column("steps", sa.Integer, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_table(
        "case_transitions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("step", sa.String(60), nullable=False),
        sa.Column("track", sa.String(20), nullable=False),
        sa.Column("from_stage", sa.String(60), nullable=False),
        sa.Column("to_stage", sa.String(60), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.UniqueConstraint("case_id", "seq"),
    )
    for statement in append_only_statements("case_transitions", _dialect()):
        op.execute(statement)


def downgrade() -> None:
    """Drop what revision 0002 created."""
    for statement in drop_append_only_statements("case_transitions", _dialect()):
        op.execute(statement)
    op.drop_table("case_transitions")
    op.drop_table("case_process")
