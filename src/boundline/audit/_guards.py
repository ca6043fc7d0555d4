"""The database's own refusal to change an append-only table (used by the migrations).

On PostgreSQL a trigger function raises an exception on UPDATE, DELETE and
TRUNCATE of the table; on SQLite triggers ``RAISE(ABORT, …)`` on UPDATE and
DELETE (SQLite has no TRUNCATE: ``DELETE FROM`` is refused).

Frozen: migrations 0001 (``audit_log``) and 0002 (``case_transitions``) run this
DDL, and their downgrades drop exactly what it made, so what it emits must never
change (``tests/audit/test_audit_guards.py`` pins it). A different guard is a new
function, used by a new migration.
"""

from __future__ import annotations

REFUSAL = "audit_log is append-only"


def append_only_statements(table: str, dialect: str) -> list[str]:
    """The DDL that makes the database refuse changes to ``table`` (but inserts)."""
    refusal = f"{table} is append-only"
    if dialect != "postgresql":
        return [
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{refusal}: {op} refused'); END"
            for op in ("UPDATE", "DELETE")
        ]
    return [
        f"""
    CREATE FUNCTION {table}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{refusal}: % refused', TG_OP;
    END
    $$
    """,
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse()",
    ]


def drop_append_only_statements(table: str, dialect: str) -> list[str]:
    """The DDL that removes those triggers again (downgrade, and tamper tests)."""
    if dialect != "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("update", "delete")]
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
        f"DROP FUNCTION IF EXISTS {table}_refuse()",
    ]


def guard_statements(dialect: str) -> list[str]:
    """The DDL that makes the database refuse changes to ``audit_log``."""
    return append_only_statements("audit_log", dialect)


def unguard_statements(dialect: str) -> list[str]:
    """The DDL that removes those triggers again (downgrade, and tamper tests)."""
    return drop_append_only_statements("audit_log", dialect)
