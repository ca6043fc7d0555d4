"""The Alembic environment and revisions of the case database (run by ``open_case_db``)."""
