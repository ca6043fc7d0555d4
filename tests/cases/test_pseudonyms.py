"""Pseudonyms are stable per database, hide real ids from analysts, and reveals are audited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from boundline.audit import entries
from boundline.cases import list_queue, load_alerts, open_case_db, pseudonym, reveal, shown
from boundline.errors import PermissionDeniedError, UserInputError
from case_world import CaseWorld, seed_users, write_alerts


def test_pseudonyms_are_stable_and_shaped(case_db: CaseWorld) -> None:
    with case_db.db.transaction() as session:
        officer = pseudonym(session, "officer", "O1")
        person = pseudonym(session, "person", "P1")
        number = pseudonym(session, "counterpart", "+447700900001")
        assert pseudonym(session, "officer", "O1") == officer
    assert re.fullmatch(r"OFFICER-[0-9A-F]{6}", officer)
    assert re.fullmatch(r"PERSON-[0-9A-F]{6}", person)
    assert re.fullmatch(r"CONTACT-[0-9A-F]{6}", number)
    assert "O1" not in officer
    with case_db.reopen() as again, again.transaction() as session:
        assert pseudonym(session, "officer", "O1") == officer
        assert pseudonym(session, "person", "O1") != officer


def test_another_database_has_other_pseudonyms(tmp_path: Path) -> None:
    names = []
    for folder in ("a", "b"):
        with open_case_db(tmp_path / folder) as db, db.transaction() as session:
            names.append(pseudonym(session, "officer", "O1"))
    assert names[0] != names[1]


def test_analysts_see_pseudonyms_investigators_real_ids(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    alerts = write_alerts(case_db.store / "alerts.json")
    with case_db.db.transaction() as session:
        load_alerts(session, actors["ann"], alerts)
        seen = list_queue(session, actors["ann"])
        real = list_queue(session, actors["ivan"])
    assert [r.officer for r in real] == ["O1", "O2"]
    assert [r.person for r in real] == ["P1", "+447700900002"]
    assert all(r.officer.startswith("OFFICER-") for r in seen)
    assert [r.person[:7] for r in seen] == ["PERSON-", "CONTACT"]
    text = " ".join(f"{r.officer} {r.person} {r.summary}" for r in seen)
    assert "O1" not in text and "P1" not in text and "+447700900002" not in text
    with case_db.db.transaction() as session:
        assert shown(session, actors["ann"], "officer", "O1") == seen[0].officer
        views = entries(session, action="view", actor="ann")
    assert len(views) == 2 and all('"identities":"pseudonymised"' in v.detail for v in views)


def test_reveal_needs_a_role_and_a_reason_and_is_audited(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    with case_db.db.transaction() as session:
        name = pseudonym(session, "person", "P1")
    with case_db.db.transaction() as session:
        with pytest.raises(PermissionDeniedError):
            reveal(session, actors["ann"], name, "I want to know")
        with pytest.raises(UserInputError, match="reason"):
            reveal(session, actors["ivan"], name, "   ")
        with pytest.raises(UserInputError, match="No pseudonym"):
            reveal(session, actors["ivan"], "PERSON-000000", "x")
    for who in ("ivan", "alma", "root"):
        with case_db.db.transaction() as session:
            found = reveal(session, actors[who], name.lower(), f"statement from {who}")
            assert (found.kind, found.real_id) == ("person", "P1")
    with case_db.db.transaction() as session:
        reveals = entries(session, action="reveal")
    assert [(e.actor, e.object_id) for e in reveals] == [
        ("root", name),
        ("alma", name),
        ("ivan", name),
    ]
    assert '"reason":"statement from ivan"' in reveals[-1].detail
