"""Need to know: only a case's members (and the analyst who confirmed into it) see it."""

from __future__ import annotations

import json

import pytest

from boundline.audit import entries
from boundline.cases import Actor, Role, add_user, confirm, list_cases, load_alerts, view_case
from boundline.cases.acting import acting_as
from boundline.cases.compartments import add_member, list_members, remove_member
from boundline.cases.pairs import open_pair
from boundline.errors import (
    CaseHiddenError,
    CaseNotFoundError,
    PermissionDeniedError,
    UserInputError,
)
from case_world import CaseWorld, seed_users, write_alerts


@pytest.fixture
def world(case_db: CaseWorld) -> tuple[CaseWorld, str]:
    """Item 1 confirmed into a new case by the analyst ann; ivan added; a second analyst."""
    actors = seed_users(case_db)
    with case_db.db.transaction() as session:
        add_user(session, actors["root"], "bea", Role.ANALYST)
        add_user(session, actors["root"], "ian", Role.INVESTIGATOR)
        done = load_alerts(session, actors["ann"], write_alerts(case_db.store / "a.json"))
        case, _ = confirm(
            session, actors["ann"], case_db.store, done.new[0], "NEW", "r", stated_kind="officer"
        )
        add_member(session, actors["root"], case.reference, "ivan", "investigates it")
    return case_db, case.reference


VISIBLE = [
    ("ann", Role.ANALYST, True),  # confirmed the alert into it
    ("bea", Role.ANALYST, False),
    ("ivan", Role.INVESTIGATOR, True),  # a member
    ("ian", Role.INVESTIGATOR, False),
    ("alma", Role.APPROPRIATE_AUTHORITY, False),  # not (yet) a member
]


@pytest.mark.parametrize(("name", "role", "sees"), VISIBLE)
def test_who_sees_the_case(world: tuple[CaseWorld, str], name: str, role: Role, sees: bool) -> None:
    db, ref = world
    actor = Actor(name, role)
    with db.db.transaction() as session:
        listed = [r.reference for r in list_cases(session, actor)]
    assert listed == ([ref] if sees else [])
    if sees:
        with db.db.transaction() as session:
            assert view_case(session, actor, ref).reference == ref
        return
    with pytest.raises(CaseHiddenError) as hidden, acting_as(db.db, actor) as session:
        view_case(session, actor, ref)
    with pytest.raises(CaseNotFoundError) as missing, db.db.transaction() as session:
        view_case(session, actor, "BL-1999-0001")
    said = str(hidden.value).replace(ref, "REF")
    assert said == str(missing.value).replace("BL-1999-0001", "REF")  # the same words
    assert hidden.value.exit_code == missing.value.exit_code == 2
    with db.db.transaction() as session:
        denied = entries(session, actor=name, action="denied")
    assert denied and json.loads(denied[0].detail)["what"] == ref  # the attempt is audited


def test_auditors_and_admins_do_not_read_cases(world: tuple[CaseWorld, str]) -> None:
    db, ref = world
    for name, role in [("aud", Role.AUDITOR), ("root", Role.ADMIN)]:
        with pytest.raises(PermissionDeniedError), db.db.transaction() as session:
            view_case(session, Actor(name, role), ref)


def test_members_are_changed_by_an_admin_or_a_member_aa(world: tuple[CaseWorld, str]) -> None:
    db, ref = world
    alma = Actor("alma", Role.APPROPRIATE_AUTHORITY)
    ivan = Actor("ivan", Role.INVESTIGATOR)
    with pytest.raises(CaseNotFoundError), db.db.transaction() as session:
        add_member(session, alma, ref, "alma", "let me in")  # not a member: cannot add
    with pytest.raises(PermissionDeniedError), db.db.transaction() as session:
        add_member(session, ivan, ref, "ian", "my colleague")  # investigators cannot
    with db.db.transaction() as session:
        add_member(session, Actor("root", Role.ADMIN), ref, "alma", "the AA for PSD")
    with db.db.transaction() as session:
        with pytest.raises(UserInputError, match="only investigators and appropriate"):
            add_member(session, alma, ref, "bea", "an analyst")
        with pytest.raises(UserInputError, match="already a member"):
            add_member(session, alma, ref, "ivan", "again")
        with pytest.raises(UserInputError, match="--reason must not be empty"):
            add_member(session, alma, ref, "ian", " ")
        remove_member(session, alma, ref, "ivan", "moved to another unit")
    with pytest.raises(CaseNotFoundError), db.db.transaction() as session:
        view_case(session, ivan, ref)
    with db.db.transaction() as session:
        members = list_members(session, alma, ref)
        log = [e.action for e in entries(session, object_id=ref)]
    assert [(m.username, m.removed_by) for m in members] == [
        ("ivan", "alma"),
        ("alma", None),
    ]
    assert "case.member_add" in log and "case.member_remove" in log


def test_a_confirmed_pair_belongs_to_its_case(world: tuple[CaseWorld, str]) -> None:
    db, _ = world
    with db.db.transaction() as session:
        assert open_pair(session, Actor("ann", Role.ANALYST), 1, "page").item_id == 1
        assert open_pair(session, Actor("bea", Role.ANALYST), 2, "page").item_id == 2
    with pytest.raises(CaseNotFoundError), db.db.transaction() as session:
        open_pair(session, Actor("bea", Role.ANALYST), 1, "page")
