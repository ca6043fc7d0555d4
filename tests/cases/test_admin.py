"""Administering users and sessions, on SQLite and PostgreSQL, through services and CLI.

Roles, disabling and enabling, passwords and sessions: each change audited, the last
active admin kept, a disabled user shut out of the workbench and of the CLI, and the
CLI answering as the services do.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from boundline.audit import entries
from boundline.cases import (
    Actor,
    Role,
    active_sessions,
    add_user,
    change_role,
    disable_user,
    enable_user,
    reset_password,
    revoke_session,
    user_rows,
)
from boundline.cases.acting import acting, acting_as
from boundline.cases.admin import HANDLE_LENGTH
from boundline.cases.db import MIGRATIONS
from boundline.cases.integrity import verify_rows
from boundline.cases.signin import SessionPolicy, SignedIn, resume, set_password, sign_in
from boundline.cases.users import login
from boundline.cli import app
from boundline.errors import PermissionDeniedError, SignInError, UserInputError
from case_world import CaseWorld, seed_users

GOOD = "a long and plain passphrase"
POLICY = SessionPolicy()
ROOT = Actor("root", Role.ADMIN)


def _with_passwords(world: CaseWorld, *names: str) -> dict[str, Actor]:
    actors = seed_users(world)
    with world.db.transaction() as session:
        for name in names:
            set_password(session, ROOT, name, GOOD)
    return actors


def _sign_in(world: CaseWorld, name: str, address: str = "10.0.0.1") -> SignedIn:
    return sign_in(world.db, name, GOOD, address, POLICY)


def _audit(world: CaseWorld, action: str) -> list[tuple[str, str, dict[str, Any]]]:
    with world.db.transaction() as session:
        found = entries(session, action=action)
        return [(e.actor, e.object_id, json.loads(e.detail)) for e in found]


def _cli(world: CaseWorld, user: str, *args: str) -> Any:
    env = {"BOUNDLINE_CASE_DB": None, "BOUNDLINE_USER": user, "BOUNDLINE_STORE": None}
    result = CliRunner().invoke(app, world.cli(*args), env=env)
    assert "Traceback" not in result.output
    return result


def _said(result: Any) -> str:
    return " ".join(result.output.split())


# -- roles and the last admin -------------------------------------------------------------


def test_a_role_change_is_audited_and_takes_effect_at_once(case_db: CaseWorld) -> None:
    _with_passwords(case_db, "ann")
    signed = _sign_in(case_db, "ann")
    with acting_as(case_db.db, ROOT) as session:
        user = change_role(session, ROOT, "ann", "investigator")
    assert user.role == "investigator"
    assert _audit(case_db, "user.role") == [
        ("root", "ann", {"from": "analyst", "to": "investigator"})
    ]
    again = resume(case_db.db, signed.token, POLICY)  # the session now acts in the new role
    assert again is not None and again.actor.role is Role.INVESTIGATOR
    with case_db.db.transaction() as session, pytest.raises(UserInputError, match="already"):
        change_role(session, ROOT, "ann", Role.INVESTIGATOR)
    with case_db.db.transaction() as session, pytest.raises(UserInputError, match="Unknown role"):
        change_role(session, ROOT, "ann", "superuser")
    done = _cli(case_db, "root", "users", "role", "ann", "analyst")
    assert done.exit_code == 0 and "ann is now analyst" in _said(done)


def test_the_last_active_admin_cannot_be_demoted(case_db: CaseWorld) -> None:
    seed_users(case_db)
    last = "last active admin and cannot be demoted"
    with case_db.db.transaction() as session, pytest.raises(UserInputError, match=last):
        change_role(session, ROOT, "root", "auditor")
    with case_db.db.transaction() as session:
        add_user(session, ROOT, "ada", Role.ADMIN)
        add_user(session, ROOT, "bob", Role.ADMIN)
    ada = Actor("ada", Role.ADMIN)
    with case_db.db.transaction() as session:  # three admins: two may go
        change_role(session, ROOT, "root", "auditor")
        disable_user(session, ada, "bob", "on leave")  # a disabled admin does not count
    with case_db.db.transaction() as session, pytest.raises(UserInputError, match=last):
        change_role(session, ada, "ada", Role.INVESTIGATOR)
    with case_db.db.transaction() as session:
        rows = {r.username: r for r in user_rows(session, ada)}
    assert rows["ada"].role == "admin" and not rows["ada"].disabled
    assert rows["root"].role == "auditor" and rows["bob"].disabled


def test_two_admins_disabling_each_other_at_once_leave_one(case_db: CaseWorld) -> None:
    """The admins' rows are locked to count them, so the second disable sees the first."""
    seed_users(case_db)
    with case_db.db.transaction() as session:
        add_user(session, ROOT, "ada", Role.ADMIN)
    first_done, second_tried = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def second() -> None:
        first_done.wait(30)
        second_tried.set()
        try:
            with case_db.db.transaction() as session:
                disable_user(session, Actor("ada", Role.ADMIN), "root", "at the same time")
            outcome["second"] = "done"
        except UserInputError as exc:
            outcome["second"] = str(exc)

    other = threading.Thread(target=second)
    other.start()
    with case_db.db.transaction() as session:
        disable_user(session, ROOT, "ada", "at the same time")
        session.flush()
        first_done.set()
        second_tried.wait(30)
        time.sleep(0.3)  # the second is now waiting for the admins' rows (or the database)
    other.join(30)
    assert "last active admin and cannot be disabled" in str(outcome["second"])
    with case_db.db.transaction() as session:
        rows = {r.username: r.disabled for r in user_rows(session, ROOT)}
    assert rows["root"] is False and rows["ada"] is True


def test_the_cli_says_why_the_last_admin_stays(case_db: CaseWorld) -> None:
    seed_users(case_db)
    demoted = _cli(case_db, "root", "users", "role", "root", "auditor")
    assert demoted.exit_code == 2 and "last active admin" in _said(demoted)
    with case_db.db.transaction() as session:
        add_user(session, ROOT, "ada", Role.ADMIN)
    yourself = _cli(case_db, "root", "users", "disable", "root", "--reason", "oops")
    assert yourself.exit_code == 2 and "cannot disable yourself" in _said(yourself)


# -- disabling and enabling ---------------------------------------------------------------


def test_a_disabled_user_cannot_sign_in_nor_act_and_their_sessions_end(
    case_db: CaseWorld,
) -> None:
    _with_passwords(case_db, "ivan")
    first, second = _sign_in(case_db, "ivan"), _sign_in(case_db, "ivan", "10.0.0.2")
    with acting(case_db.db, "root") as (session, actor):
        disable_user(session, actor, "ivan", "left the force")
    assert resume(case_db.db, first.token, POLICY) is None
    assert resume(case_db.db, second.token, POLICY) is None
    with pytest.raises(SignInError, match="^Wrong user name or password.$"):  # said alike
        _sign_in(case_db, "ivan")
    failed = _audit(case_db, "signin.failed")
    assert failed[0][0] == "ivan" and failed[0][2]["why"] == "user disabled"
    with case_db.db.transaction() as session, pytest.raises(PermissionDeniedError, match="disab"):
        login(session, "ivan")
    refused = _cli(case_db, "ivan", "case", "list")
    assert refused.exit_code == 4 and "ivan is disabled" in _said(refused)
    denied = [d for d in _audit(case_db, "denied") if d[2].get("what") == "login"]
    assert denied and denied[-1][0] == "ivan" and "disabled" in denied[-1][2]["why"]
    assert _audit(case_db, "user.disable") == [
        ("root", "ivan", {"reason": "left the force", "sessions_ended": 2})
    ]
    listed = _cli(case_db, "root", "users", "list")
    assert listed.exit_code == 0 and "disabled" in listed.output
    with acting(case_db.db, "root") as (session, actor):
        assert {r.username: r.disabled for r in user_rows(session, actor)}["ivan"]
        enable_user(session, actor, "ivan", "came back")
    assert _sign_in(case_db, "ivan").actor.username == "ivan"
    with case_db.db.transaction() as session:
        assert login(session, "ivan").role is Role.INVESTIGATOR
    assert _audit(case_db, "user.enable") == [("root", "ivan", {"reason": "came back"})]
    with case_db.db.transaction() as session:
        assert verify_rows(session, case_db.actors["aud"]) == []  # the new columns are proven


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda s: disable_user(s, ROOT, "ann", "  "), "reason must not be empty"),
        (lambda s: disable_user(s, ROOT, "root", "tired"), "cannot disable yourself"),
        (lambda s: disable_user(s, ROOT, "ghost", "who?"), "Unknown user"),
        (lambda s: enable_user(s, ROOT, "ann", "was never off"), "not disabled"),
        (lambda s: revoke_session(s, ROOT, "not-a-handle"), "not a session handle"),
        (lambda s: revoke_session(s, ROOT, "0" * HANDLE_LENGTH), "No open session"),
        (lambda s: reset_password(s, ROOT, "ann", "short"), "at least"),
    ],
    ids=["no reason", "yourself", "unknown", "not disabled", "bad handle", "no session", "weak"],
)
def test_what_an_admin_is_refused_and_why(
    case_db: CaseWorld, call: Callable[[Session], object], error: str
) -> None:
    seed_users(case_db)
    with case_db.db.transaction() as session, pytest.raises(UserInputError, match=error):
        call(session)


def test_resume_ends_a_session_of_a_user_disabled_behind_its_back(case_db: CaseWorld) -> None:
    _with_passwords(case_db, "alma")
    signed = _sign_in(case_db, "alma")
    case_db.sql("UPDATE users SET disabled_at = created_at WHERE username = 'alma'")
    assert resume(case_db.db, signed.token, POLICY) is None
    ended = case_db.sql("SELECT ended_why FROM web_sessions WHERE username = 'alma'")
    assert [r.ended_why for r in ended] == ["user disabled"]


# -- passwords and sessions ---------------------------------------------------------------


def test_a_password_reset_ends_the_users_sessions(case_db: CaseWorld) -> None:
    _with_passwords(case_db, "ann")
    signed = _sign_in(case_db, "ann")
    with acting(case_db.db, "root") as (session, actor):
        reset_password(session, actor, "ann", GOOD + " anew")
    assert resume(case_db.db, signed.token, POLICY) is None
    with pytest.raises(SignInError):
        _sign_in(case_db, "ann")
    assert sign_in(case_db.db, "ann", GOOD + " anew", "10.0.0.1", POLICY).actor.username == "ann"
    assert _audit(case_db, "user.password")[0][:2] == ("root", "ann")


def test_sessions_are_listed_by_handle_and_one_can_be_revoked(case_db: CaseWorld) -> None:
    _with_passwords(case_db, "ann", "ivan")
    ann, ivan = _sign_in(case_db, "ann", "10.0.0.5"), _sign_in(case_db, "ivan")
    with acting(case_db.db, "root") as (session, actor):
        rows = active_sessions(session, actor)
        users = {r.username: r for r in user_rows(session, actor)}
    assert {r.username for r in rows} == {"ann", "ivan"}
    assert users["ann"].active_sessions == 1 and users["ann"].last_sign_in is not None
    assert users["aud"].last_sign_in is None and not users["aud"].password_set
    handle = next(r.handle for r in rows if r.username == "ann")
    assert len(handle) == HANDLE_LENGTH and handle not in (ann.token, ann.csrf)
    stored = case_db.sql("SELECT id_hash FROM web_sessions WHERE username = 'ann'")[0].id_hash
    assert stored.startswith(handle) and stored != handle  # never the whole hash
    shown = _cli(case_db, "root", "users", "sessions")
    assert shown.exit_code == 0 and handle in shown.output and stored not in shown.output
    revoked = _cli(case_db, "root", "users", "revoke", handle)
    assert revoked.exit_code == 0 and f"Session {handle} of ann has ended" in _said(revoked)
    assert resume(case_db.db, ann.token, POLICY) is None
    assert resume(case_db.db, ivan.token, POLICY) is not None  # the others live on
    assert _audit(case_db, "session.revoke") == [
        ("root", "ann", {"session": handle, "address": "10.0.0.5"})
    ]
    again = _cli(case_db, "root", "users", "revoke", handle)
    assert again.exit_code == 2 and "No open session" in _said(again)
    listed = json.loads(_cli(case_db, "root", "users", "sessions", "--json").stdout)
    assert [s["username"] for s in listed] == ["ivan"]
    assert set(listed[0]) == {"handle", "username", "address", "signed_in_at", "last_seen"}


# -- who may ------------------------------------------------------------------------------

#: Every service of administration, as a non-admin would call it.
CALLS: dict[str, Callable[[Session, Actor], object]] = {
    "change_role": lambda s, a: change_role(s, a, "ann", "auditor"),
    "disable_user": lambda s, a: disable_user(s, a, "ann", "r"),
    "enable_user": lambda s, a: enable_user(s, a, "ann", "r"),
    "reset_password": lambda s, a: reset_password(s, a, "ann", GOOD),
    "active_sessions": lambda s, a: active_sessions(s, a),
    "revoke_session": lambda s, a: revoke_session(s, a, "0" * HANDLE_LENGTH),
    "user_rows": lambda s, a: user_rows(s, a),
}
NON_ADMINS = ["ann", "ivan", "alma", "aud"]


@pytest.mark.parametrize("name", sorted(CALLS))
def test_only_admins_administer_and_every_refusal_is_audited(case_db: CaseWorld, name: str) -> None:
    actors = seed_users(case_db)
    refused = []
    for username in NON_ADMINS:
        if name == "user_rows" and username == "aud":  # auditors may list users
            with acting_as(case_db.db, actors[username]) as session:
                assert len(CALLS[name](session, actors[username])) == 5  # type: ignore[arg-type]
            continue
        with (
            pytest.raises(PermissionDeniedError, match="may not"),
            acting_as(case_db.db, actors[username]) as session,
        ):
            CALLS[name](session, actors[username])
        refused.append(username)
    denied = _audit(case_db, "denied")
    assert sorted(actor for actor, _, _ in denied) == sorted(refused)
    assert all(d["permission"].startswith("user.") for _, _, d in denied)
    with case_db.db.transaction() as session:  # nothing changed
        rows = {r.username: r for r in user_rows(session, ROOT)}
    assert rows["ann"].role == "analyst" and not rows["ann"].disabled
    assert not rows["ann"].password_set


def test_a_refusal_through_the_cli_is_in_words(case_db: CaseWorld) -> None:
    seed_users(case_db)
    for args in (("role", "ivan", "auditor"), ("sessions",), ("revoke", "0" * HANDLE_LENGTH)):
        result = _cli(case_db, "aud", "users", *args)
        assert result.exit_code == 4, args
        assert "may not manage users' roles, accounts and sessions" in _said(result)


# -- the migration ------------------------------------------------------------------------


def test_a_0006_database_upgrades_and_its_users_stay_proven(case_db: CaseWorld) -> None:
    seed_users(case_db)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    with case_db.db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    assert [v.version_num for v in case_db.sql("SELECT version_num FROM alembic_version")] == [
        "0006"
    ]
    with case_db.reopen() as upgraded:
        with upgraded.transaction() as session:
            assert verify_rows(session, case_db.actors["aud"]) == []
            disable_user(session, ROOT, "ann", "after the upgrade")
        with upgraded.transaction() as session:
            assert verify_rows(session, case_db.actors["aud"]) == []
