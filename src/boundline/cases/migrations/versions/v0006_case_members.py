"""Case compartments: the members of each case (need to know).

Every investigator and appropriate authority who opened a case, or confirmed an
alert into it, or took a step on it before this revision becomes a member of it, so
no one loses sight of a case they work on. Those memberships are logged (one
``rows.write`` entry), like every write to a proven table.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from boundline.audit import Base, baseline_rows, utcnow
from boundline.cases.integrity import PROVEN

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)
_WORKED_ON = """
SELECT DISTINCT worked.case_id, worked.username FROM (
    SELECT c.id AS case_id, c.opened_by AS username FROM cases c
    UNION SELECT t.case_id, t.actor FROM case_transitions t
    UNION SELECT d.case_id, d.actor FROM triage_decisions d WHERE d.case_id IS NOT NULL
) worked JOIN users u ON u.username = worked.username
WHERE u.role IN ('investigator', 'appropriate_authority')
"""


def upgrade() -> None:
    """Create ``case_members``; whoever worked on a case becomes a member of it."""
    op.create_table(
        "case_members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("username", sa.String(100), nullable=False, index=True),
        sa.Column("added_by", sa.String(100), nullable=False),
        sa.Column("added_at", WHEN, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("removed_by", sa.String(100), nullable=True),
        sa.Column("removed_at", WHEN, nullable=True),
    )
    bind = op.get_bind()
    table = Base.metadata.tables["case_members"]
    now = utcnow()
    for case_id, username in bind.execute(sa.text(_WORKED_ON)).fetchall():
        bind.execute(
            table.insert().values(
                case_id=case_id,
                username=username,
                added_by="boundline-migration",
                added_at=now,
                reason="worked on the case before compartments",
            )
        )
    session = Session(bind=bind)
    baseline_rows(session, {"case_members": PROVEN["case_members"]}, "boundline-migration")
    session.flush()


def downgrade() -> None:
    """Drop ``case_members``."""
    op.drop_table("case_members")
