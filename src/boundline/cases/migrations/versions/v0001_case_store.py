"""The case store: users, cases, triage, exhibits, pseudonyms and the audit log.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

from boundline.audit import guard_statements, unguard_statements

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def _pk() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True)


def _people() -> None:
    op.create_table(
        "users",
        _pk(),
        sa.Column("username", sa.String(100), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("created_by", sa.String(100)),
    )
    settings = op.create_table(
        "store_settings",
        sa.Column("key", sa.String(60), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.bulk_insert(settings, [{"key": "pseudonym_secret", "value": secrets.token_hex(32)}])
    op.create_table(
        "pseudonyms",
        _pk(),
        sa.Column("pseudonym", sa.String(40), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("real_id", sa.String(200), nullable=False),
        sa.UniqueConstraint("kind", "real_id"),
    )


def _cases() -> None:
    op.create_table(
        "cases",
        _pk(),
        sa.Column("reference", sa.String(30), nullable=False, unique=True),
        sa.Column("origin", sa.String(30), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("opened_at", WHEN, nullable=False),
        sa.Column("opened_by", sa.String(100), nullable=False),
        sa.Column("stage", sa.String(60), nullable=False, server_default="opened"),
    )
    op.create_table(
        "case_subjects",
        _pk(),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("officer_id", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("role_in_case", sa.String(60), nullable=False),
    )
    op.create_table(
        "allegations",
        _pk(),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("subject_id", sa.Integer, sa.ForeignKey("case_subjects.id")),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("standards", sa.JSON, nullable=False),
        sa.Column("recorded_at", WHEN, nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
    )


def _triage() -> None:
    op.create_table(
        "triage_items",
        _pk(),
        sa.Column("pair_key", sa.String(400), nullable=False, unique=True),
        sa.Column("officer_id", sa.String(100), nullable=False),
        sa.Column("person_id", sa.String(100)),
        sa.Column("counterpart", sa.String(200)),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("detectors", sa.String(400), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("alert_json", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("loaded_at", WHEN, nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
        sa.Column("decided_score", sa.Float),
        sa.Column("decided_detectors", sa.String(400)),
    )
    op.create_table(
        "triage_decisions",
        _pk(),
        sa.Column(
            "item_id", sa.Integer, sa.ForeignKey("triage_items.id"), nullable=False, index=True
        ),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id")),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("detectors", sa.String(400), nullable=False),
    )


def _exhibits() -> None:
    op.create_table(
        "exhibits",
        _pk(),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False, index=True),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("reference", sa.String(40), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("origin", sa.String(30), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("producer", sa.String(100), nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("by_reference", sa.Boolean, nullable=False),
        sa.Column("added_at", WHEN, nullable=False),
        sa.UniqueConstraint("case_id", "number"),
    )
    op.create_table(
        "custody_events",
        _pk(),
        sa.Column(
            "exhibit_id", sa.Integer, sa.ForeignKey("exhibits.id"), nullable=False, index=True
        ),
        sa.Column("event", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )


def _audit() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(60), nullable=False, index=True),
        sa.Column("object_type", sa.String(60), nullable=False),
        sa.Column("object_id", sa.String(200), nullable=False, index=True),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    for statement in guard_statements(op.get_bind().dialect.name):
        op.execute(statement)


def upgrade() -> None:
    """Create every table of the case store, the pseudonym secret and the audit guards."""
    _people()
    _cases()
    _triage()
    _exhibits()
    _audit()


def downgrade() -> None:
    """Drop everything revision 0001 created."""
    for statement in unguard_statements(op.get_bind().dialect.name):
        op.execute(statement)
    for table in (
        "audit_head",
        "audit_log",
        "custody_events",
        "exhibits",
        "triage_decisions",
        "triage_items",
        "allegations",
        "case_subjects",
        "cases",
        "pseudonyms",
        "store_settings",
        "users",
    ):
        op.drop_table(table)
