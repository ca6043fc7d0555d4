"""The database's own refusal to change the audit log (used by the migration).

On PostgreSQL a trigger function raises an exception on UPDATE, DELETE and
TRUNCATE of ``audit_log``; on SQLite triggers ``RAISE(ABORT, …)`` on UPDATE and
DELETE (SQLite has no TRUNCATE: ``DELETE FROM`` is refused).
"""

from __future__ import annotations

REFUSAL = "audit_log is append-only"

_POSTGRESQL_UP = [
    f"""
    CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{REFUSAL}: % refused', TG_OP;
    END
    $$
    """,
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse()",
]
_POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log",
    "DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log",
    "DROP FUNCTION IF EXISTS audit_log_refuse()",
]
_SQLITE_UP = [
    f"CREATE TRIGGER audit_log_no_{op.lower()} BEFORE {op} ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}: {op} refused'); END"
    for op in ("UPDATE", "DELETE")
]
_SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS audit_log_no_{op}" for op in ("update", "delete")]


def guard_statements(dialect: str) -> list[str]:
    """The DDL that makes the database refuse changes to ``audit_log``."""
    return _POSTGRESQL_UP if dialect == "postgresql" else _SQLITE_UP


def unguard_statements(dialect: str) -> list[str]:
    """The DDL that removes those triggers again (downgrade, and tamper tests)."""
    return _POSTGRESQL_DOWN if dialect == "postgresql" else _SQLITE_DOWN
