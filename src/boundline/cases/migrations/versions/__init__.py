"""Alembic revisions of the case database, oldest first (``0001`` is the case store)."""
