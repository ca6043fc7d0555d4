"""Passwords and sign-in sessions in the case services, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from boundline.audit import entries, verify_chain
from boundline.cases.acting import acting
from boundline.cases.models import WebSession
from boundline.cases.passwords import MIN_LENGTH, check_policy, verify_password
from boundline.cases.signin import SessionPolicy, resume, set_password, sign_in, sign_out
from boundline.errors import PermissionDeniedError, SignInError, UserInputError
from case_world import CaseWorld, seed_users

GOOD = "a long and plain passphrase"
POLICY = SessionPolicy(user_failures=3, address_failures=5)


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short pass", f"at least {MIN_LENGTH} characters"),
        ("Password1234", "commonest"),
        ("CorrectHorseBatteryStaple", "commonest"),
        ("annabel-lee-1", "user name"),
        ("x" * 2000, "at most"),
    ],
)
def test_the_password_policy_refuses_with_a_reason(password: str, why: str) -> None:
    with pytest.raises(UserInputError, match=why):
        check_policy("annabel-lee-1", password)
    check_policy("ann", GOOD)


def test_a_password_is_kept_only_as_an_argon2id_hash(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    with case_db.db.transaction() as session:
        set_password(session, actors["ann"], "ann", GOOD)  # one's own
        with pytest.raises(PermissionDeniedError):
            set_password(session, actors["ann"], "ivan", GOOD)  # not someone else's
    stored = case_db.sql("SELECT password_hash FROM users WHERE username = 'ann'")[0][0]
    assert stored.startswith("$argon2id$") and GOOD not in stored
    assert verify_password(stored, GOOD) and not verify_password(stored, GOOD + "!")


def test_sign_in_throttles_per_user_and_audits_every_failure(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    with case_db.db.transaction() as session:
        set_password(session, actors["root"], "ivan", GOOD)
    with pytest.raises(SignInError, match="Wrong user name or password"):
        sign_in(case_db.db, "ivan", "", "10.0.0.1", POLICY)  # no password set counts the same
    made = sign_in(case_db.db, "ivan", GOOD, "10.0.0.1", POLICY)
    assert len(made.token) >= 43 and made.actor == actors["ivan"]
    for _ in range(3):
        with pytest.raises(SignInError, match="Wrong"):
            sign_in(case_db.db, "ivan", "wrong wrong wrong", "10.0.0.2", POLICY)
    with pytest.raises(SignInError, match="too many failed sign-ins for this user"):
        sign_in(case_db.db, "ivan", GOOD, "10.0.0.3", POLICY)
    with case_db.db.transaction() as session:
        assert len(entries(session, action="signin.failed")) == 4
        assert len(entries(session, action="signin.throttled")) == 1
        assert verify_chain(session).intact


def test_sign_in_throttles_per_address(case_db: CaseWorld) -> None:
    seed_users(case_db)
    for name in ("a1", "a2", "a3", "a4", "a5"):
        with pytest.raises(SignInError, match="Wrong"):
            sign_in(case_db.db, name, "guess guess guess", "10.9.9.9", POLICY)
    with pytest.raises(SignInError, match="from this address"):
        sign_in(case_db.db, "ann", "guess guess guess", "10.9.9.9", POLICY)


def test_a_session_is_stored_as_a_hash_and_ends_on_the_server(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    with acting(case_db.db, "root") as (session, actor):
        set_password(session, actor, "ann", GOOD)
    made = sign_in(case_db.db, "ann", GOOD, "127.0.0.1", POLICY)
    with case_db.db.transaction() as session:
        stored = session.scalars(select(WebSession)).all()
    assert len(stored) == 1 and stored[0].id_hash != made.token
    assert resume(case_db.db, made.token, POLICY) is not None
    assert sign_out(case_db.db, made.token) and resume(case_db.db, made.token, POLICY) is None
    second = sign_in(case_db.db, "ann", GOOD, "127.0.0.1", POLICY)
    with case_db.db.transaction() as session:
        set_password(session, actors["root"], "ann", GOOD + " again")
    assert resume(case_db.db, second.token, POLICY) is None  # a new password ends sessions
    quick = SessionPolicy(idle=timedelta(0))
    third = sign_in(case_db.db, "ann", GOOD + " again", "127.0.0.1", quick)
    assert resume(case_db.db, third.token, quick) is None  # idle at once
