"""Case notes (append-only) and actions (owner, due day, done once), service and CLI."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from boundline.cases import Actor, Role, add_user, confirm, load_alerts
from boundline.cases.notes import (
    add_action,
    add_note,
    case_actions,
    case_notes,
    complete_action,
    open_actions,
)
from boundline.cli import app
from boundline.errors import CaseNotFoundError, PermissionDeniedError, UserInputError
from case_world import CaseWorld, seed_users, share, write_alerts

LATER = date(2099, 1, 5)


def _case(world: CaseWorld) -> str:
    """A case an analyst (ann) confirmed from an alert; ivan and alma work on it."""
    actors = seed_users(world)
    with world.db.transaction() as session:
        done = load_alerts(session, actors["ann"], write_alerts(world.store / "a.json"))
        case, _ = confirm(
            session, actors["ann"], world.store, done.new[0], "NEW", "seen", stated_kind="officer"
        )
    share(world, case.reference, "ivan", "alma")
    return case.reference


def test_notes_are_added_listed_and_never_changed(case_db: CaseWorld) -> None:
    ref = _case(case_db)
    ivan, ann = case_db.actors["ivan"], case_db.actors["ann"]
    with case_db.db.transaction() as session:
        add_note(session, ivan, ref, "O1 was seen at the address on 3 March")
        with pytest.raises(UserInputError, match="needs its text"):
            add_note(session, ivan, ref, "  ")
        with pytest.raises(PermissionDeniedError):
            add_note(session, ann, ref, "an analyst may not write notes")
    with case_db.db.transaction() as session:
        seen = case_notes(session, ann, ref)
    assert len(seen) == 1 and "O1" not in seen[0].text and "OFFICER-" in seen[0].text
    with pytest.raises(Exception, match="case_notes is append-only"):
        case_db.sql("UPDATE case_notes SET text = 'forged'")


def test_actions_have_owners_due_days_and_are_done_once(case_db: CaseWorld) -> None:
    ref = _case(case_db)
    ivan, alma, ann = (case_db.actors[n] for n in ("ivan", "alma", "ann"))
    with case_db.db.transaction() as session:
        with pytest.raises(UserInputError, match="due in the past"):
            add_action(session, alma, ref, "Chase", "ivan", date(2000, 1, 1))
        with pytest.raises(UserInputError, match="ghost"):
            add_action(session, alma, ref, "Chase", "ghost", LATER)
        action = add_action(session, alma, ref, "Chase the IOPC", "ivan", LATER)
    with case_db.db.transaction() as session:
        assert [a.id for a in open_actions(session, ann, LATER)] == [action.id]
        assert open_actions(session, ann, date(2098, 1, 1)) == []
        add_user(session, case_db.actors["root"], "ian", Role.INVESTIGATOR)
        with pytest.raises(CaseNotFoundError, match="No action 1"):  # not a member
            complete_action(session, Actor("ian", Role.INVESTIGATOR), action.id, "x")
    share(case_db, ref, "ian")
    with case_db.db.transaction() as session:
        with pytest.raises(UserInputError, match="only they or the appropriate authority"):
            complete_action(session, Actor("ian", Role.INVESTIGATOR), action.id, "x")
        with pytest.raises(PermissionDeniedError):
            complete_action(session, case_db.actors["aud"], action.id, "x")
    with case_db.db.transaction() as session:
        complete_action(session, ivan, action.id, "chased by phone")
    with case_db.db.transaction() as session:
        with pytest.raises(UserInputError, match="already done"):
            complete_action(session, alma, action.id, "again")
        done = case_actions(session, ann, ref)
        assert open_actions(session, ann, LATER) == []
    assert done[0].done_by == "ivan" and done[0].done_note == "chased by phone"


def test_the_cli(case_db: CaseWorld) -> None:
    ref = _case(case_db)

    def run(user: str, *args: str) -> str:
        env = {"BOUNDLINE_CASE_DB": None, "BOUNDLINE_USER": user}
        result = CliRunner().invoke(app, case_db.cli(*args), env=env)
        assert result.exit_code == 0, result.output
        return " ".join(result.output.split())

    assert "note 1 added" in run("ivan", "case", "note", ref, "--text", "visited the shop")
    assert "visited the shop" in run("ann", "case", "notes", ref)
    said = run("alma", "case", "action", ref, "--text", "Tell the victim", "--owner", "ivan",
               "--due", "2099-01-05")  # fmt: skip
    assert "action 1 for ivan, due 2099-01-05" in said
    assert "(open): Tell the victim" in run("ann", "case", "actions", ref)
    assert "action 1 for ivan: Tell the victim" in run("alma", "case", "due", "--on", "2099-01-02")
    assert "Tell the victim" not in run("alma", "case", "due", "--on", "2098-01-02")
    assert "Action 1 done" in run("ivan", "case", "done", "1", "--note", "told by phone")
    assert '"done_by": "ivan"' in run("ann", "case", "actions", ref, "--json")
