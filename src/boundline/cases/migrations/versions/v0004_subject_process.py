"""Per-subject processes, stages as rows, effective dates, findings, notes and actions.

Before this revision a case had one process (``case_process``) shared by all its
subjects, with one column per track. Each subject now has their own
(``subject_process``), each track's stage is a row of ``process_stages``, and each
transition names its subject and the day it took effect. An existing case's process
is copied to every subject it had (they shared it); its transitions keep a null
subject (they applied to all) and no effective date (it was not asked).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from boundline.audit import append_only_statements, drop_append_only_statements

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def _copy_processes() -> None:
    """Give every subject of a case with a process a copy of it, and its stage rows."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT case_id, state, steps, updated_at FROM case_process ORDER BY case_id")
    ).fetchall()
    for case_id, state, steps, updated_at in rows:
        subjects = [
            r[0]
            for r in bind.execute(
                sa.text("SELECT id FROM case_subjects WHERE case_id = :c ORDER BY id"),
                {"c": case_id},
            )
        ]
        stages = json.loads(state)["state"]["stages"]
        for subject in subjects:
            bind.execute(
                sa.text(
                    "INSERT INTO subject_process (subject_id, case_id, state, steps, updated_at) "
                    "VALUES (:s, :c, :state, :steps, :at)"
                ),
                {"s": subject, "c": case_id, "state": state, "steps": steps, "at": updated_at},
            )
            for track, stage in stages:
                bind.execute(
                    sa.text(
                        "INSERT INTO process_stages (subject_id, track, case_id, stage) "
                        "VALUES (:s, :t, :c, :stage)"
                    ),
                    {"s": subject, "t": track, "c": case_id, "stage": stage},
                )


def upgrade() -> None:
    """Create the per-subject tables, copy the shared processes, drop ``case_process``."""
    op.create_table(
        "subject_process",
        sa.Column("subject_id", sa.Integer, sa.ForeignKey("case_subjects.id"), primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("steps", sa.Integer, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    op.create_table(
        "process_stages",
        sa.Column("subject_id", sa.Integer, sa.ForeignKey("case_subjects.id"), primary_key=True),
        sa.Column("track", sa.String(40), primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("stage", sa.String(60), nullable=False),
    )
    # Plain ADD COLUMN (no table rebuild), so the append-only triggers stay in place.
    op.add_column("case_transitions", sa.Column("subject_id", sa.Integer, nullable=True))
    op.add_column("case_transitions", sa.Column("effective_on", sa.Date, nullable=True))
    _copy_processes()
    op.drop_table("case_process")
    _notes_and_actions()


def _notes_and_actions() -> None:
    """Create ``case_notes`` and ``allegation_findings`` (append-only) and ``case_actions``."""
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("subject_id", sa.Integer, sa.ForeignKey("case_subjects.id"), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("at", WHEN, nullable=False),
    )
    for statement in append_only_statements("case_notes", op.get_bind().dialect.name):
        op.execute(statement)
    op.create_table(
        "allegation_findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column(
            "allegation_id", sa.Integer, sa.ForeignKey("allegations.id"), nullable=False, index=True
        ),
        sa.Column("subject_id", sa.Integer, sa.ForeignKey("case_subjects.id"), nullable=False),
        sa.Column("finding", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("effective_on", sa.Date, nullable=False),
    )
    for statement in append_only_statements("allegation_findings", op.get_bind().dialect.name):
        op.execute(statement)
    op.create_table(
        "case_actions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("owner", sa.String(100), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("done_at", WHEN, nullable=True),
        sa.Column("done_by", sa.String(100), nullable=True),
        sa.Column("done_note", sa.Text, nullable=True),
    )


def _merge_processes() -> None:
    """Give each case the process of its first subject again (the others are lost)."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT p.case_id, p.state, p.steps, p.updated_at, p.subject_id "
            "FROM subject_process p WHERE p.subject_id = "
            "(SELECT min(q.subject_id) FROM subject_process q WHERE q.case_id = p.case_id)"
        )
    ).fetchall()
    for case_id, state, steps, updated_at, _subject in rows:
        stages = dict(json.loads(state)["state"]["stages"])
        bind.execute(
            sa.text(
                "INSERT INTO case_process (case_id, state, misconduct_stage, criminal_stage, "
                "steps, updated_at) VALUES (:c, :state, :m, :k, :steps, :at)"
            ),
            {
                "c": case_id,
                "state": state,
                "m": stages["misconduct"],
                "k": stages["criminal"],
                "steps": steps,
                "at": updated_at,
            },
        )


def downgrade() -> None:
    """Back to one process per case: the first subject's (a lossy step, for rollbacks).

    The state text stays in the newer format, which revision 0003's code cannot read:
    downgrading is for moving forward again (tests of the migrations), not for
    running older Boundline on the database.
    """
    op.create_table(
        "case_process",
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("misconduct_stage", sa.String(60), nullable=False),
        sa.Column("criminal_stage", sa.String(60), nullable=False),
        sa.Column("steps", sa.Integer, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
    )
    _merge_processes()
    # Plain DROP COLUMN (SQLite 3.35+), so the append-only triggers stay in place.
    op.execute("ALTER TABLE case_transitions DROP COLUMN effective_on")
    op.execute("ALTER TABLE case_transitions DROP COLUMN subject_id")
    op.drop_table("case_actions")
    for statement in drop_append_only_statements("allegation_findings", op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("allegation_findings")
    for statement in drop_append_only_statements("case_notes", op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("case_notes")
    op.drop_table("process_stages")
    op.drop_table("subject_process")
