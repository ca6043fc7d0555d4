"""The permission table: who may do what, deny by default, enforced by the services."""

from __future__ import annotations

import pytest

from boundline.cases import (
    PERMISSIONS,
    Actor,
    Permission,
    Role,
    add_user,
    can,
    list_queue,
    list_users,
    load_alerts,
    open_case,
    parse_role,
    require,
    reveal,
    show_audit,
    verify_audit,
)
from boundline.cases.roles import AA, AD, AN, AU, IN, PERMISSION_WORDS
from boundline.errors import PermissionDeniedError, UserInputError
from case_world import CaseWorld, seed_users, write_alerts

# action, roles that may, roles that may not
TABLE = [
    ("user.add", {AD}, {AN, IN, AA, AU}),
    ("user.list", {AD, AU}, {AN, IN, AA}),
    ("user.password", {AD}, {AN, IN, AA, AU}),
    ("user.manage", {AD}, {AN, IN, AA, AU}),
    ("triage.load", {AN, IN, AD}, {AA, AU}),
    ("triage.list", {AN, IN, AA}, {AU, AD}),
    ("triage.decide", {AN, IN, AA}, {AU, AD}),
    ("pair.view", {AN, IN, AA}, {AU, AD}),
    ("identity.see", {IN, AA}, {AN, AU, AD}),
    ("identity.reveal", {IN, AA, AD}, {AN, AU}),
    ("case.open", {IN, AA}, {AN, AU, AD}),
    ("case.decide", {AA}, {AN, IN, AU, AD}),
    ("case.view", {AN, IN, AA}, {AU, AD}),  # auditors read the log, not cases
    ("case.members", {AA, AD}, {AN, IN, AU}),
    ("exhibit.add", {AN, IN, AA}, {AU, AD}),
    ("exhibit.list", {AN, IN, AA}, {AU, AD}),
    ("exhibit.verify", {IN, AA, AU, AD}, {AN}),
    ("audit.show", {AU, AD}, {AN, IN, AA}),
    ("audit.verify", {AU, AD}, {AN, IN, AA}),
]


@pytest.mark.parametrize(("name", "allowed", "denied"), TABLE, ids=[t[0] for t in TABLE])
def test_permission_table(name: str, allowed: set[Role], denied: set[Role]) -> None:
    action = Permission(name)
    assert allowed | denied == set(Role)
    assert PERMISSIONS[action] == allowed
    for role in allowed:
        assert can(role, action)
        require(Actor("u", role), action)
    for role in denied:
        assert not can(role, action)
        with pytest.raises(PermissionDeniedError) as caught:
            require(Actor("u", role), action)
        assert caught.value.exit_code == 4
        assert PERMISSION_WORDS[action] in str(caught.value)


def test_the_table_names_every_permission_and_the_test_table_covers_it() -> None:
    assert set(PERMISSIONS) == set(Permission)
    assert {name for name, _, _ in TABLE} | {
        "case.edit",
        "case.transition",
        "exhibit.custody",
    } == {p.value for p in Permission}


@pytest.mark.parametrize("role", list(Role))
def test_a_permission_cannot_be_a_string_so_a_typo_cannot_pass(role: Role) -> None:
    with pytest.raises(TypeError, match="not a Permission"):
        can(role, "case.delete_everything")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not a Permission"):
        require(Actor("u", role), "triage.list")  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        _ = Permission.TRIAGE_LSIT  # type: ignore[attr-defined]


def test_permission_denied_is_a_user_input_error_with_its_own_exit_code() -> None:
    assert issubclass(PermissionDeniedError, UserInputError)
    assert PermissionDeniedError.exit_code == 4


def test_roles_parse_by_name() -> None:
    assert parse_role(" Appropriate_Authority ") is AA
    with pytest.raises(UserInputError, match="analyst, investigator"):
        parse_role("superintendent")


def test_every_service_checks_the_table(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    alerts = write_alerts(case_db.store / "alerts.json")
    refused = [
        lambda s: add_user(s, actors["ivan"], "eve", "admin"),
        lambda s: list_users(s, actors["ann"]),
        lambda s: load_alerts(s, actors["aud"], alerts),
        lambda s: list_queue(s, actors["root"]),
        lambda s: open_case(s, actors["ann"], "complaint", "misconduct", "t"),
        lambda s: reveal(s, actors["ann"], "OFFICER-000000", "curious"),
        lambda s: show_audit(s, actors["ivan"]),
        lambda s: verify_audit(s, actors["ann"]),
    ]
    for n, attempt in enumerate(refused):
        with pytest.raises(PermissionDeniedError), case_db.db.transaction() as session:
            attempt(session)
        assert n >= 0
