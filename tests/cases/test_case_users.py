"""Users: the first must be an admin, then only admins add users; login is audited."""

from __future__ import annotations

import pytest

from boundline.audit import ROWS_ACTION, entries
from boundline.cases import Actor, Role, add_user, has_users, list_users, login
from boundline.errors import PermissionDeniedError, UserInputError
from case_world import CaseWorld


def test_bootstrap_then_admin_only(case_db: CaseWorld) -> None:
    with case_db.db.transaction() as session:
        assert not has_users(session)
        with pytest.raises(PermissionDeniedError, match="first user must be an admin"):
            add_user(session, None, "ann", "analyst")
    with case_db.db.transaction() as session:
        add_user(session, None, "root", "admin", "The Admin")
        with pytest.raises(PermissionDeniedError, match="say who you are"):
            add_user(session, None, "ann", "analyst")
        root = login(session, "root")
        assert root == Actor("root", Role.ADMIN)
        add_user(session, root, "ann", "analyst")
        ann = login(session, "ann")
        with pytest.raises(PermissionDeniedError):
            add_user(session, ann, "eve", "admin")
        with pytest.raises(UserInputError, match="already a user"):
            add_user(session, root, "ann", "auditor")
        with pytest.raises(UserInputError, match="not a usable username"):
            add_user(session, root, "a b", "auditor")
        assert [u.username for u in list_users(session, root)] == ["ann", "root"]
        actions = [
            (e.actor, e.action, e.object_id) for e in entries(session) if e.action != ROWS_ACTION
        ]
    assert actions == [
        ("ann", "login", "ann"),
        ("root", "user.create", "ann"),
        ("root", "login", "root"),
        ("root", "user.create", "root"),
    ]


def test_unknown_or_missing_user_is_a_clear_error(case_db: CaseWorld) -> None:
    with case_db.db.transaction() as session:
        with pytest.raises(UserInputError, match="Unknown user 'ghost'"):
            login(session, "ghost")
        with pytest.raises(UserInputError, match="BOUNDLINE_USER"):
            login(session, None)
