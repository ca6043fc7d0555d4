"""Row logging starts: the rows the proven tables hold now go into the audit log.

From this revision on every write to a proven table is logged with its content
(:mod:`boundline.cases.integrity`). The rows written before it are logged here, once,
as one ``rows.write`` entry by ``boundline-migration``, so that ``audit verify`` can
prove every row from the log.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.orm import Session

from boundline.audit import baseline_rows
from boundline.cases.integrity import PROVEN

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Log every row of the proven tables (one entry)."""
    session = Session(bind=op.get_bind())
    baseline_rows(session, PROVEN, "boundline-migration")
    session.flush()


def downgrade() -> None:
    """Nothing to undo: the entry stays in the append-only log."""
