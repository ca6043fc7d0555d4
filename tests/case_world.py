"""Case databases for tests, on SQLite and on PostgreSQL (one fresh schema per test).

A plain module with a unique name (not ``conftest``) so that ``tests/cases`` and
``tests/audit`` can both build their ``case_db`` fixture from it.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import text

from boundline.audit import unguard_statements
from boundline.cases import Actor, CaseDB, Role, add_user, open_case_db
from boundline.cases.compartments import add_member, list_members

PG_SERVER = "postgresql://postgres@127.0.0.1:5432/test"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_SKIP = "PostgreSQL not reachable at 127.0.0.1:5432"
DIALECTS = ["sqlite", "postgresql"]

#: username → role of the users :func:`seed_users` adds.
USERS = {
    "root": Role.ADMIN,
    "ann": Role.ANALYST,
    "ivan": Role.INVESTIGATOR,
    "alma": Role.APPROPRIATE_AUTHORITY,
    "aud": Role.AUDITOR,
}


@cache
def pg_reachable() -> bool:
    """Whether the test PostgreSQL server answers."""
    try:
        with psycopg.connect(PG_SERVER, connect_timeout=3):
            return True
    except psycopg.Error:
        return False


@dataclass
class CaseWorld:
    """An opened case database, its store folder, and the URL to hand to ``--db``."""

    db: CaseDB
    store: Path
    url: str | None
    dialect: str
    actors: dict[str, Actor] = field(default_factory=dict)

    def cli(self, *args: str) -> list[str]:
        """CLI arguments with this world's ``--store`` and (for PostgreSQL) ``--db``."""
        extra = ["--store", str(self.store)] + (["--db", self.url] if self.url else [])
        return [*args, *extra]

    def reopen(self) -> CaseDB:
        """Open the same database again (a second process would)."""
        return open_case_db(self.store, self.url)

    def sql(self, statement: str, **params: Any) -> list[Any]:
        """Run raw SQL in its own transaction; the rows, if any."""
        with self.db.engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return list(result) if result.returns_rows else []

    def unguard(self) -> None:
        """Drop the audit log's triggers, as someone with DDL rights could."""
        for statement in unguard_statements(self.dialect):
            self.sql(statement)


def share(world: CaseWorld, reference: str, *usernames: str) -> None:
    """Make users members of a case (need to know), as the admin ``root`` would."""
    root = Actor("root", Role.ADMIN)
    with world.db.transaction() as session:
        current = {m.username for m in list_members(session, root, reference) if not m.removed_at}
        for name in usernames:
            if name not in current:
                add_member(session, root, reference, name, "works on the case")


def seed_users(world: CaseWorld) -> dict[str, Actor]:
    """Add one user per role (``root`` is the bootstrap admin)."""
    with world.db.transaction() as session:
        add_user(session, None, "root", Role.ADMIN)
        admin = Actor("root", Role.ADMIN)
        for name, role in USERS.items():
            if name != "root":
                add_user(session, admin, name, role)
    world.actors = {name: Actor(name, role) for name, role in USERS.items()}
    return world.actors


@dataclass
class _Schema:
    name: str

    def url(self) -> str:
        return f"{PG_URL}?options=-csearch_path%3D{self.name}"


@contextmanager
def _pg_schema() -> Iterator[_Schema]:
    schema = _Schema(f"bl_{secrets.token_hex(6)}")
    with psycopg.connect(PG_SERVER, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema.name}")
    try:
        yield schema
    finally:
        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema.name} CASCADE")


def case_world(dialect: str, tmp_path: Path) -> Iterator[CaseWorld]:
    """A fresh case database on ``dialect`` (skipped when PostgreSQL is not there)."""
    store = tmp_path / "store"
    store.mkdir(parents=True, exist_ok=True)
    if dialect == "sqlite":
        with open_case_db(store) as db:
            yield CaseWorld(db, store, None, dialect)
        return
    if not pg_reachable():
        pytest.skip(PG_SKIP)
    with _pg_schema() as schema, open_case_db(store, schema.url()) as db:
        yield CaseWorld(db, store, schema.url(), dialect)


ALERTS = [
    {
        "rank": 1,
        "officer_id": "O1",
        "person_id": "P1",
        "counterpart": "+447700900001",
        "score": 80.5,
        "severity": "high",
        "detectors": "BL101;BL102",
        "summary": "O1 called P1 41 times off shift.",
    },
    {
        "rank": 2,
        "officer_id": "O2",
        "person_id": None,
        "counterpart": "+447700900002",
        "score": 40.0,
        "severity": "medium",
        "detectors": "BL104",
        "summary": "One-sided contact with +447700900002.",
    },
]


def write_alerts(path: Path, alerts: list[dict[str, Any]] | None = None) -> Path:
    """Write an alerts.json (outputs.md) with ``alerts`` (default :data:`ALERTS`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(ALERTS if alerts is None else alerts), encoding="utf-8")
    return path
