"""The statutory process of each case: its state, and the append-only record of its steps.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)
REFUSAL = "case_transitions is append-only"

_POSTGRESQL_UP = [
    f"""
    CREATE FUNCTION case_transitions_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{REFUSAL}: % refused', TG_OP;
    END
    $$
    """,
    "CREATE TRIGGER case_transitions_no_change BEFORE UPDATE OR DELETE ON case_transitions "
    "FOR EACH ROW EXECUTE FUNCTION case_transitions_refuse()",
    "CREATE TRIGGER case_transitions_no_truncate BEFORE TRUNCATE ON case_transitions "
    "FOR EACH STATEMENT EXECUTE FUNCTION case_transitions_refuse()",
]
_POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS case_transitions_no_truncate ON case_transitions",
    "DROP TRIGGER IF EXISTS case_transitions_no_change ON case_transitions",
    "DROP FUNCTION IF EXISTS case_transitions_refuse()",
]
_SQLITE_UP = [
    f"CREATE TRIGGER case_transitions_no_{op.lower()} BEFORE {op} ON case_transitions "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}: {op} refused'); END"
    for op in ("UPDATE", "DELETE")
]
_SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS case_transitions_no_{op}" for op in ("update", "delete")]


def _postgresql() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


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
    for statement in _POSTGRESQL_UP if _postgresql() else _SQLITE_UP:
        op.execute(statement)


def downgrade() -> None:
    """Drop what revision 0002 created."""
    for statement in _POSTGRESQL_DOWN if _postgresql() else _SQLITE_DOWN:
        op.execute(statement)
    op.drop_table("case_transitions")
    op.drop_table("case_process")
