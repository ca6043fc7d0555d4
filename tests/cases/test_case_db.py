"""Opening the case database: migrations, the pseudonym secret, references, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from boundline.cases import (
    STANDARDS,
    Base,
    add_allegation,
    add_subject,
    open_case,
    open_case_db,
    view_case,
)
from boundline.cases.db import MIGRATIONS
from boundline.cases.db import Base as DbBase
from boundline.errors import (
    CaseNotFoundError,
    CaseStoreError,
    PermissionDeniedError,
    UserInputError,
)
from case_world import CaseWorld, seed_users

TABLES = {
    "users",
    "web_sessions",
    "sign_in_attempts",
    "store_settings",
    "pseudonyms",
    "cases",
    "case_subjects",
    "allegations",
    "triage_items",
    "triage_decisions",
    "exhibits",
    "custody_events",
    "audit_log",
    "audit_head",
    "subject_process",
    "process_stages",
    "case_transitions",
    "alembic_version",
}


def test_the_migrations_create_every_table(case_db: CaseWorld) -> None:
    assert set(inspect(case_db.db.engine).get_table_names()) >= TABLES
    assert [r.version_num for r in case_db.sql("SELECT version_num FROM alembic_version")] == [
        "0007"
    ]
    assert DbBase is Base and "cases" in Base.metadata.tables
    assert (MIGRATIONS / "script.py.mako").is_file()


def test_reopening_keeps_the_secret_and_data(case_db: CaseWorld) -> None:
    secret = case_db.sql("SELECT value FROM store_settings WHERE key = 'pseudonym_secret'")
    assert len(secret) == 1 and len(secret[0].value) == 64
    with case_db.reopen() as again, again.transaction() as session:
        assert session.get_bind().dialect.name == case_db.dialect
    assert case_db.sql("SELECT value FROM store_settings") == secret


def test_default_database_is_a_file_in_the_store(tmp_path: Path) -> None:
    with open_case_db(tmp_path / "store") as db:
        assert db.dialect == "sqlite"
    assert (tmp_path / "store" / "cases.sqlite").is_file()


def test_unreachable_and_bad_urls_are_one_paragraph_errors(tmp_path: Path) -> None:
    with pytest.raises(CaseStoreError, match="Cannot open the case database"):
        open_case_db(tmp_path, "postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    with pytest.raises(UserInputError, match="not a database URL"):
        open_case_db(tmp_path, "not a url")


def test_cases_get_yearly_references_subjects_and_allegations(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    with case_db.db.transaction() as session:
        first = open_case(session, actors["ivan"], "complaint", "misconduct", "Complaint by P1")
        second = open_case(session, actors["alma"], "intelligence", "both", "Intel report")
        year = first.opened_at.year
        assert (first.reference, second.reference) == (f"BL-{year}-0001", f"BL-{year}-0002")
        assert first.stage == "opened"
        subject = add_subject(session, actors["ivan"], first.reference, "O1")
        again = add_subject(session, actors["ivan"], first.reference, "O1")
        assert again.id == subject.id
        allegation = add_allegation(
            session,
            actors["ivan"],
            first.reference,
            "Pursued P1",
            ["Discreditable conduct", "authority, respect and courtesy"],
        )
        assert allegation.standards == [STANDARDS[1], STANDARDS[8]]
        with pytest.raises(UserInputError, match="Not a Standard"):
            add_allegation(session, actors["ivan"], first.reference, "x", ["rudeness"])
        with pytest.raises(UserInputError, match="Origin"):
            open_case(session, actors["ivan"], "hunch", "misconduct", "t")
        with pytest.raises(PermissionDeniedError):
            add_subject(session, actors["ann"], first.reference, "O2")
        assert view_case(session, actors["ivan"], first.reference.lower()).id == first.id
        with pytest.raises(PermissionDeniedError):  # auditors read the log, not cases
            view_case(session, actors["aud"], first.reference)
        with pytest.raises(CaseNotFoundError, match="No case"):  # not a member: need to know
            view_case(session, actors["alma"], first.reference)
