"""Alembic environment: migrate the connection ``open_case_db`` hands over.

Run only programmatically (:func:`boundline.cases.db.migrate`), which puts an open
connection in ``config.attributes["connection"]``. On PostgreSQL a transaction-level
advisory lock (per schema) makes concurrent first openings take turns.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

import boundline.cases.models  # noqa: F401 - registers every table on Base.metadata
from boundline.audit import Base


def run(connection: Connection) -> None:
    """Run the pending migrations on ``connection``."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(8008, hashtext(current_schema()))")
            )
        context.run_migrations()


run(context.config.attributes["connection"])
