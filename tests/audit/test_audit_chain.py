"""The audit log is hash-chained, append-only in the database, and any tampering shows."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from boundline.audit import GENESIS, AuditEntry, entry_hash, guard_statements, record, verify_chain
from case_world import CaseWorld


@pytest.fixture(autouse=True)
def _empty_log(request: pytest.FixtureRequest) -> None:
    """Start each database's log at genesis, so entries are numbered from 1 here.

    A new case database's log is not empty: the migration that starts row logging
    writes one entry with the rows it found (the pseudonym secret). These tests are
    about the chain alone, so that entry is removed first (triggers dropped and put
    back, as a tamper test does).
    """
    if "case_db" not in request.fixturenames:
        return
    world: CaseWorld = request.getfixturevalue("case_db")
    world.unguard()
    world.sql("DELETE FROM audit_log")
    world.sql("DELETE FROM audit_head")
    for statement in guard_statements(world.dialect):
        world.sql(statement)


def _append(world: CaseWorld, n: int) -> None:
    with world.db.transaction() as session:
        for i in range(n):
            record(session, "ann", "view", "person", f"PERSON-{i:06d}", {"i": i, "note": "é"})


def _verify(world: CaseWorld):  # type: ignore[no-untyped-def]
    with world.db.transaction() as session:
        return verify_chain(session)


def _forge(world: CaseWorld, seq: int, prev_hash: str) -> None:
    """Add a valid-looking entry ``seq`` chained to ``prev_hash``, behind the log's back."""
    at = datetime.now(UTC)
    forged = entry_hash(seq, at, "mallory", "view", "person", "P", "{}", prev_hash)
    with world.db.transaction() as session:
        session.add(
            AuditEntry(
                seq=seq,
                at=at,
                actor="mallory",
                action="view",
                object_type="person",
                object_id="P",
                detail="{}",
                prev_hash=prev_hash,
                hash=forged,
            )
        )


def test_entries_chain_from_genesis_and_verify(case_db: CaseWorld) -> None:
    _append(case_db, 5)
    with case_db.db.transaction() as session:
        rows = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    first = rows[0]
    assert first.hash == entry_hash(
        1, first.at, "ann", "view", "person", "PERSON-000000", first.detail, GENESIS
    )
    report = _verify(case_db)
    assert report.intact and report.entries == 5 and report.head_seq == 5
    assert report.head_hash == rows[-1].hash


def test_the_hash_covers_every_field() -> None:
    at = datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
    base = (1, at, "ann", "view", "person", "P", "{}", GENESIS)
    reference = entry_hash(*base)
    for i, other in enumerate(
        [2, datetime(2026, 1, 2, tzinfo=UTC), "bob", "reveal", "officer", "Q", '{"a":1}', "1" * 64]
    ):
        changed = list(base)
        changed[i] = other
        assert entry_hash(*changed) != reference, i  # type: ignore[arg-type]


def test_an_empty_log_is_intact(case_db: CaseWorld) -> None:
    report = _verify(case_db)
    assert report.intact and report.entries == 0 and report.head_hash == GENESIS


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'mallory'",
        "DELETE FROM audit_log WHERE seq = 2",
        "DELETE FROM audit_log",
    ],
)
def test_the_database_refuses_changes(case_db: CaseWorld, statement: str) -> None:
    _append(case_db, 3)
    with pytest.raises(DBAPIError, match="append-only"):
        case_db.sql(statement)
    assert _verify(case_db).entries == 3


def test_postgresql_refuses_truncate(case_db: CaseWorld) -> None:
    if case_db.dialect != "postgresql":
        pytest.skip("SQLite has no TRUNCATE (DELETE FROM is refused instead)")
    _append(case_db, 2)
    with pytest.raises(DBAPIError, match="append-only"):
        case_db.sql("TRUNCATE audit_log")
    assert _verify(case_db).entries == 2


def _break(world: CaseWorld) -> tuple[int, str, str]:
    report = _verify(world)
    assert report.broken is not None
    return report.broken.seq, report.broken.kind, report.broken.problem


def test_an_edit_is_detected(case_db: CaseWorld) -> None:
    _append(case_db, 5)
    case_db.unguard()
    case_db.sql("UPDATE audit_log SET object_id = 'PERSON-FORGED' WHERE seq = 3")
    assert _break(case_db)[:2] == (3, "edited")


def test_an_edit_with_a_recomputed_hash_is_detected(case_db: CaseWorld) -> None:
    _append(case_db, 5)
    case_db.unguard()
    row = case_db.sql("SELECT at, detail, prev_hash FROM audit_log WHERE seq = 3")[0]
    with case_db.db.transaction() as session:
        entry = session.get(AuditEntry, 3)
        assert entry is not None
        forged = entry_hash(
            3, entry.at, "mallory", "view", "person", "PERSON-000002", row.detail, row.prev_hash
        )
    case_db.sql("UPDATE audit_log SET actor = 'mallory', hash = :h WHERE seq = 3", h=forged)
    seq, kind, problem = _break(case_db)
    assert seq == 4 and "entry 3" in problem and kind == "inserted"


def test_a_deletion_in_the_middle_is_detected(case_db: CaseWorld) -> None:
    _append(case_db, 5)
    case_db.unguard()
    case_db.sql("DELETE FROM audit_log WHERE seq = 2")
    seq, kind, problem = _break(case_db)
    assert (seq, kind) == (2, "deleted") and "missing" in problem


def test_a_deletion_at_the_end_is_detected(case_db: CaseWorld) -> None:
    _append(case_db, 5)
    case_db.unguard()
    case_db.sql("DELETE FROM audit_log WHERE seq = 5")
    assert _break(case_db)[:2] == (5, "deleted")
    # and the next append does not paper over it
    _append(case_db, 1)
    assert _break(case_db)[:2] == (5, "deleted")


def test_an_insertion_at_the_end_is_detected(case_db: CaseWorld) -> None:
    _append(case_db, 3)
    last = case_db.sql("SELECT hash FROM audit_log WHERE seq = 3")[0].hash
    _forge(case_db, 4, last)
    seq, kind, _ = _break(case_db)
    assert (seq, kind) == (4, "inserted")


def test_an_insertion_in_the_middle_is_detected(case_db: CaseWorld) -> None:
    _append(case_db, 4)
    case_db.unguard()
    for seq in (4, 3):  # make room at 3, one row at a time (the primary key)
        case_db.sql("UPDATE audit_log SET seq = seq + 1 WHERE seq = :s", s=seq)
    prev = case_db.sql("SELECT hash FROM audit_log WHERE seq = 2")[0].hash
    _forge(case_db, 3, prev)
    seq, kind, _ = _break(case_db)
    assert seq == 4 and kind in {"inserted", "reordered"}


def test_a_reordering_is_detected(case_db: CaseWorld) -> None:
    _append(case_db, 5)
    case_db.unguard()
    case_db.sql("UPDATE audit_log SET seq = 100 WHERE seq = 2")
    case_db.sql("UPDATE audit_log SET seq = 2 WHERE seq = 3")
    case_db.sql("UPDATE audit_log SET seq = 3 WHERE seq = 100")
    seq, kind, problem = _break(case_db)
    assert (seq, kind) == (2, "reordered") and "follows entry" in problem


def test_concurrent_writers_cannot_fork_the_chain(case_db: CaseWorld) -> None:
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            with case_db.reopen() as db:
                for i in range(10):
                    with db.transaction() as session:
                        record(session, name, "view", "person", f"P{i}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(f"w{n}",)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = _verify(case_db)
    assert report.intact and report.entries == 30
