"""The evidence register: fingerprints, content-addressed copies, custody, verification."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from boundline.cases import (
    add_custody,
    add_exhibit,
    custody_chain,
    exhibit_path,
    list_exhibits,
    open_case,
    verify_exhibits,
)
from boundline.errors import CaseNotFoundError, PermissionDeniedError, UserInputError
from boundline.store import Manifest, SourceRecord, publish_manifest
from case_world import CaseWorld, seed_users, share


def _case(world: CaseWorld) -> str:
    """A case ivan opened (so a member of it), alma added as its appropriate authority."""
    with world.db.transaction() as session:
        ref = open_case(session, world.actors["ivan"], "complaint", "misconduct", "t").reference
    share(world, ref, "alma")
    return ref


def test_add_copies_content_by_hash_and_verify_finds_tampering(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    ref = _case(case_db)
    statement = case_db.store.parent / "statement.txt"
    statement.write_text("I was contacted late at night.\n")
    sha = hashlib.sha256(statement.read_bytes()).hexdigest()
    with case_db.db.transaction() as session:
        ex = add_exhibit(
            session,
            actors["ivan"],
            case_db.store,
            ref,
            statement,
            "statement",
            "misconduct",
            "taken by DC Smith",
        )
        assert (ex.reference, ex.sha256, ex.size) == (
            f"{ref}/EX-001",
            sha,
            statement.stat().st_size,
        )
        assert not ex.by_reference and ex.location == f"exhibits/{sha}"
        with pytest.raises(
            UserInputError, match=rf"already exhibit {ref}/EX-001 \(statement.txt\)"
        ):
            add_exhibit(session, actors["alma"], case_db.store, ref, statement, "other", "both")
        again = "kept again as the copy the witness signed"  # a duplicate needs a reason
        second = add_exhibit(
            session, actors["alma"], case_db.store, ref, statement, "other", "both", "", again
        )
        with pytest.raises(CaseNotFoundError, match="No case"):  # ann confirmed nothing into it
            add_exhibit(session, actors["ann"], case_db.store, ref, statement, "other", "both")
        assert second.reference == f"{ref}/EX-002" and second.location == ex.location
        stored = exhibit_path(case_db.store, ex)
        assert stored.read_bytes() == statement.read_bytes()
        assert not list((case_db.store / "exhibits").glob(".incoming-*"))
        with pytest.raises(UserInputError, match="Origin"):
            add_exhibit(session, actors["ivan"], case_db.store, ref, statement, "hearsay", "both")
        with pytest.raises(UserInputError, match="no such file"):
            add_exhibit(
                session,
                actors["ivan"],
                case_db.store,
                ref,
                statement.with_name("x"),
                "other",
                "both",
            )
        checks = verify_exhibits(session, actors["aud"], case_db.store, ref)
    assert [c.status for c in checks] == ["ok", "ok"]
    statement.write_text("changed after the fact\n")  # the original: no effect on the copy
    stored.write_text("tampered\n")
    with case_db.db.transaction() as session:
        checks = verify_exhibits(session, actors["aud"], case_db.store)
    assert [c.status for c in checks] == ["mismatch", "mismatch"]
    assert checks[0].expected == sha and checks[0].actual != sha
    stored.unlink()
    with case_db.db.transaction() as session:
        assert {c.status for c in verify_exhibits(session, actors["ivan"], case_db.store)} == {
            "missing"
        }


def test_an_ingested_source_file_is_referenced_in_place(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    ref = _case(case_db)
    source = case_db.store.parent / "source" / "comms.csv"
    source.parent.mkdir()
    source.write_text("record_id\nR1\n")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    record = SourceRecord(
        "i1",
        "comms",
        "comms.csv",
        str(source),
        sha,
        source.stat().st_size,
        1,
        1,
        0,
        0,
        1,
        "2026-01-01T00:00:00Z",
    )
    publish_manifest(case_db.store, Manifest(version=1, sources=[record]))
    with case_db.db.transaction() as session:
        ex = add_exhibit(
            session, actors["ivan"], case_db.store, ref, source, "source_file", "criminal"
        )
        assert ex.by_reference and Path(ex.location) == source.resolve()
        assert not (case_db.store / "exhibits").exists()
        assert [c.status for c in verify_exhibits(session, actors["ivan"], case_db.store)] == ["ok"]


def test_custody_chain_and_views_are_recorded(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    ref = _case(case_db)
    item = case_db.store.parent / "photo.jpg"
    item.write_bytes(b"\xff\xd8 not really a photo")
    with case_db.db.transaction() as session:
        ex = add_exhibit(session, actors["ivan"], case_db.store, ref, item, "other", "both")
        add_custody(session, actors["ivan"], ex.reference, "exported", "to CPS")
        add_custody(session, actors["alma"], ex.reference.lower(), "disclosed", "to the officer")
        with pytest.raises(PermissionDeniedError):
            add_custody(session, actors["ann"], ex.reference, "viewed")
        with pytest.raises(UserInputError, match="Custody event"):
            add_custody(session, actors["ivan"], ex.reference, "lost")
        with pytest.raises(PermissionDeniedError):  # auditors read the log, not exhibits
            custody_chain(session, actors["aud"], ex.reference)
        chain = custody_chain(session, actors["alma"], ex.reference)
        assert [(c.event, c.actor, c.note) for c in chain] == [
            ("received", "ivan", ""),
            ("exported", "ivan", "to CPS"),
            ("disclosed", "alma", "to the officer"),
        ]
        assert [e.reference for e in list_exhibits(session, actors["alma"], ref)] == [ex.reference]
        with pytest.raises(CaseNotFoundError):  # ann confirmed no alert into it
            list_exhibits(session, actors["ann"], ref)
