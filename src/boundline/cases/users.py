"""Users of the case store: adding them (admin only, or the first admin), listing, login.

A command acting as a user is a *login*: :func:`login` resolves the user and writes
one ``login`` entry to the audit log.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases.models import User
from boundline.cases.passwords import check_policy, hash_password
from boundline.cases.roles import Actor, Permission, Role, parse_role, require
from boundline.errors import PermissionDeniedError, UserInputError

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")


def has_users(session: Session) -> bool:
    """Whether any user exists yet (an empty database is bootstrapped by its first admin)."""
    return bool(session.scalar(select(func.count()).select_from(User)))


def find_user(session: Session, username: str) -> User:
    """The user called ``username``; a UserInputError if there is none."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserInputError(
            f"Unknown user {username!r}: an admin adds users with "
            f"`boundline users add NAME --role ROLE`."
        )
    return user


def login(session: Session, username: str | None) -> Actor:
    """The actor for ``username``, with a ``login`` entry in the audit log.

    A disabled user is refused (PermissionDeniedError): they cannot act at all.
    """
    if not username:
        raise UserInputError(
            "Say who you are: pass --as USERNAME or set BOUNDLINE_USER "
            "(the first user is added with `boundline users add NAME --role admin`)."
        )
    user = find_user(session, username)
    if user.disabled_at is not None:
        raise PermissionDeniedError(
            f"{user.username} is disabled: an admin can enable them with "
            f"`boundline users enable {user.username} --reason R`."
        )
    actor = Actor(user.username, Role(user.role))
    record(session, actor.username, "login", "user", actor.username, {"role": user.role})
    return actor


def add_user(
    session: Session,
    actor: Actor | None,
    username: str,
    role: str | Role,
    display_name: str | None = None,
    password: str | None = None,
) -> User:
    """Add a user. Only an admin may, except the first user, who must be an admin.

    Without a ``password`` the user can act through the CLI but not sign in to the
    workbench until one is set (:func:`boundline.cases.signin.set_password`).
    """
    wanted = role if isinstance(role, Role) else parse_role(role)
    if not _NAME.match(username):
        raise UserInputError(
            f"{username!r} is not a usable username: letters, digits, '.', '_', '-', '@'."
        )
    if not has_users(session):
        if wanted is not Role.ADMIN:
            raise PermissionDeniedError(
                f"The case database has no users yet: the first user must be an admin, "
                f"not {wanted.value}."
            )
        creator = username
    elif actor is None:
        raise PermissionDeniedError("Only an admin may add users: say who you are with --as.")
    else:
        require(actor, Permission.USER_ADD)
        creator = actor.username
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise UserInputError(f"There is already a user called {username!r}.")
    if password is not None:
        check_policy(username, password)
    user = User(
        username=username,
        display_name=display_name or username,
        role=wanted.value,
        created_at=utcnow(),
        created_by=creator,
        password_hash=hash_password(password) if password is not None else None,
        password_set_at=utcnow() if password is not None else None,
    )
    session.add(user)
    session.flush()
    detail = {"role": wanted.value, "password": password is not None}
    record(session, creator, "user.create", "user", username, detail)
    return user


def list_users(session: Session, actor: Actor) -> list[User]:
    """Every user, by name (admins and auditors only)."""
    require(actor, Permission.USER_LIST)
    return list(session.scalars(select(User).order_by(User.username)))
