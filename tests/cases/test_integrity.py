"""Every proven table is provable from the audit log: tampering outside Boundline shows.

For each proven table, a row is edited, deleted and inserted outside Boundline (a
plain connection that bypasses the append-only triggers and the foreign keys, as
someone with the database's own rights could); ``verify_rows`` must name each, and
after the tamper is undone the tables must prove clean again. The tally is printed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    Text,
    create_engine,
    delete,
    insert,
    select,
    text,
    update,
)

from boundline.audit import Base, append_only_statements, drop_append_only_statements
from boundline.cases import (
    add_allegation,
    add_custody,
    add_exhibit_bytes,
    advance,
    confirm,
    list_queue,
    load_alerts,
    open_case_db,
)
from boundline.cases.findings import record_finding
from boundline.cases.integrity import NOT_PROVEN, PROVEN, verify_rows
from boundline.cases.notes import add_action, add_note, complete_action
from boundline.cases.signin import set_password
from case_world import CaseWorld, seed_users, share, write_alerts

APPEND_ONLY = ("case_transitions", "case_notes", "allegation_findings")


def test_every_table_is_proven_or_says_why_not() -> None:
    tables = set(Base.metadata.tables) | {"alembic_version"}
    assert set(PROVEN) | set(NOT_PROVEN) == tables
    assert not set(PROVEN) & set(NOT_PROVEN)


def _build(world: CaseWorld) -> None:
    actors = seed_users(world)
    with world.db.transaction() as session:
        done = load_alerts(session, actors["ann"], write_alerts(world.store / "alerts.json"))
        case, _ = confirm(
            session,
            actors["ivan"],
            world.store,
            done.new[0],
            "NEW",
            "contact",
            stated_kind="officer",
        )
        add_allegation(
            session, actors["ivan"], case.reference, "O1 pursued P1", ["discreditable conduct"]
        )
        exhibit = add_exhibit_bytes(
            session,
            actors["ivan"],
            world.store,
            case.reference,
            b"{}",
            "x.json",
            "evidence_json",
            "misconduct",
        )
        add_custody(session, actors["ivan"], exhibit.reference, "viewed", "checked for the report")
    share(world, case.reference, "alma")
    with world.db.transaction() as session:
        advance(session, actors["alma"], case.reference, "refer_to_iopc", "APSP: mandatory")
        add_note(session, actors["ivan"], case.reference, "Spoke to the IOPC liaison")
        action = add_action(
            session, actors["alma"], case.reference, "Chase the IOPC", "ivan", date(2099, 1, 1)
        )
    with world.db.transaction() as session:
        complete_action(session, actors["ivan"], action.id, "chased by phone")
        list_queue(session, actors["ann"])  # the analyst's view makes pseudonyms
        record_finding(session, actors["alma"], case.reference, 1, "proven", "the hearing found it")
        set_password(session, actors["root"], "ann", "a long enough passphrase 1")


def _differences(world: CaseWorld) -> list[str]:
    with world.db.transaction() as session:
        return [d.problem for d in verify_rows(session, world.actors["aud"])]


@contextmanager
def _outside(world: CaseWorld) -> Iterator[Connection]:
    """A connection that is not Boundline's: no triggers in the way, no foreign keys."""
    url = world.url or f"sqlite:///{world.store / 'cases.sqlite'}"
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            if world.dialect == "postgresql":
                conn.execute(text("SET session_replication_role = replica"))
            else:
                for table in APPEND_ONLY:
                    for statement in drop_append_only_statements(table, "sqlite"):
                        conn.execute(text(statement))
            yield conn
            if world.dialect == "sqlite":
                for table in APPEND_ONLY:
                    for statement in append_only_statements(table, "sqlite"):
                        conn.execute(text(statement))
    finally:
        engine.dispose()


def _changed(value: Any, column: Any) -> Any:
    kind = column.type
    if isinstance(kind, Boolean):
        return not value
    if isinstance(kind, DateTime):
        return value + timedelta(days=1)
    if isinstance(kind, Integer | Float):
        return (value or 0) + 100_000
    if isinstance(kind, String | Text):
        return f"{value}-x"
    return value


def _editable(table: Table) -> Any:
    """The first column that is neither in the key nor a reference (a content column)."""
    for column in table.columns:
        if not column.primary_key and not column.foreign_keys and not isinstance(column.type, Date):
            return column
    raise AssertionError(f"{table.name} has no content column")


def _first(conn: Connection, table: Table) -> dict[str, Any]:
    row = (
        conn.execute(select(table).order_by(*table.primary_key.columns).limit(1)).mappings().first()
    )
    assert row is not None, f"the world wrote no {table.name} row"
    return dict(row)


def _where(table: Table, row: dict[str, Any]) -> Any:
    return [c == row[c.name] for c in table.primary_key.columns]


def _copy(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    unique = {c.name for u in table.constraints if hasattr(u, "columns") for c in u.columns}
    unique |= {c.name for c in table.columns if c.unique}
    out = dict(row)
    for column in table.columns:
        if column.primary_key or (column.name in unique and not column.foreign_keys):
            out[column.name] = _changed(row[column.name], column)
    return out


TAMPERS = ("edit", "delete", "insert")


@pytest.fixture
def built(case_db: CaseWorld) -> CaseWorld:
    _build(case_db)
    assert _differences(case_db) == []
    return case_db


def test_every_tamper_of_every_proven_table_is_named(built: CaseWorld) -> None:
    tried = detected = 0
    misses = []
    for name in sorted(PROVEN):
        table = Base.metadata.tables[name]
        for tamper in TAMPERS:
            with _outside(built) as conn:
                row = _first(conn, table)
                if tamper == "edit":
                    column = _editable(table)
                    changed = {column.name: _changed(row[column.name], column)}
                    conn.execute(update(table).where(*_where(table, row)).values(**changed))
                elif tamper == "delete":
                    conn.execute(delete(table).where(*_where(table, row)))
                else:
                    copy = _copy(table, row)
                    conn.execute(insert(table).values(**copy))
            found = _differences(built)
            tried += 1
            word = {"edit": "edited", "delete": "deleted", "insert": "written outside"}[tamper]
            if any(name in p and word in p for p in found):
                detected += 1
            else:
                misses.append(f"{name} {tamper}: {found}")
            with _outside(built) as conn:  # undo it, and the tables prove clean again
                if tamper == "edit":
                    conn.execute(update(table).where(*_where(table, row)).values(**row))
                elif tamper == "delete":
                    conn.execute(insert(table).values(**row))
                else:
                    conn.execute(delete(table).where(*_where(table, copy)))
            assert _differences(built) == [], f"{name} {tamper} not undone"
    print(f"row tampers detected {detected}/{tried} ({built.dialect})")  # noqa: T201
    assert not misses, misses
    assert tried == len(PROVEN) * len(TAMPERS)


def test_an_old_database_is_proven_from_its_baseline(built: CaseWorld) -> None:
    """Reopening (the migrations run again, nothing to do) keeps the proof intact."""
    with open_case_db(built.store, built.url) as again, again.transaction() as session:
        assert verify_rows(session, built.actors["aud"]) == []
