"""Administering users and sessions: roles, disabling, passwords, who is signed in.

What the CLI (``boundline users …``) and the workbench's admin pages both call, so
the two give the same answers. Every function checks the permission table first and
writes what it did to the audit log:

* :func:`user_rows` lists the users with their state (admins and auditors);
* :func:`change_role`, :func:`disable_user`, :func:`enable_user`,
  :func:`active_sessions` and :func:`revoke_session` are admins' (``user.manage``);
* :func:`reset_password` is :func:`boundline.cases.signin.set_password` for
  someone else (``user.password``), which checks the policy and ends their sessions.

The last *active* admin can be neither disabled nor demoted, so a database always
keeps someone who can administer it. A session is never shown by its id nor by the
id's hash: only by a short *handle*, the first :data:`HANDLE_LENGTH` hex digits of
that SHA-256, which reveals nothing that could resume it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases.models import SignInAttempt, User, WebSession
from boundline.cases.roles import Actor, Permission, Role, parse_role, require
from boundline.cases.signin import set_password
from boundline.cases.users import find_user
from boundline.errors import UserInputError

__all__ = [
    "HANDLE_LENGTH",
    "SessionRow",
    "UserRow",
    "active_sessions",
    "change_role",
    "disable_user",
    "enable_user",
    "reset_password",
    "revoke_session",
    "user_rows",
]

#: How many hex digits of a session's id hash name it (its public handle).
HANDLE_LENGTH = 12
_HANDLE = re.compile(rf"^[0-9a-f]{{{HANDLE_LENGTH}}}$")
T = TypeVar("T")


@dataclass(frozen=True)
class UserRow:
    """A user as the admin list shows them (never the password hash)."""

    username: str
    display_name: str
    role: str
    disabled: bool
    last_sign_in: datetime | None
    active_sessions: int
    password_set: bool
    created_at: datetime
    created_by: str | None


@dataclass(frozen=True)
class SessionRow:
    """An open workbench session, named by its handle (never its id or the id's hash)."""

    handle: str
    username: str
    address: str
    created_at: datetime
    last_seen: datetime


def _by_user(session: Session, query: Select[str, T]) -> dict[str, T]:
    return {k: v for k, v in session.execute(query.group_by(query.selected_columns[0]))}


def user_rows(session: Session, actor: Actor) -> list[UserRow]:
    """Every user, by name, with role, state, last sign-in and open sessions (audited).

    The last sign-in is the latest good sign-in attempt or session start, if any.
    """
    require(actor, Permission.USER_LIST)
    good = SignInAttempt.ok.is_(True)
    attempt = _by_user(
        session, select(SignInAttempt.username, func.max(SignInAttempt.at)).where(good)
    )
    began = _by_user(session, select(WebSession.username, func.max(WebSession.created_at)))
    is_open = WebSession.ended_at.is_(None)
    counts = _by_user(session, select(WebSession.username, func.count()).where(is_open))
    rows = []
    for u in session.scalars(select(User).order_by(User.username)):
        seen = [t for t in (attempt.get(u.username), began.get(u.username)) if t is not None]
        rows.append(
            UserRow(
                u.username,
                u.display_name,
                u.role,
                u.disabled_at is not None,
                max(seen) if seen else None,
                counts.get(u.username, 0),
                u.password_hash is not None,
                u.created_at,
                u.created_by,
            )
        )
    record(session, actor.username, "user.list", "user", "*", {"users": len(rows)})
    return rows


def _keep_an_admin(session: Session, user: User, done: str) -> None:
    """Refuse if ``user`` is the only active admin (the admins' rows are locked to decide)."""
    if user.role != Role.ADMIN.value or user.disabled_at is not None:
        return
    admins = session.scalars(
        select(User)
        .where(User.role == Role.ADMIN.value)
        .order_by(User.id)
        .with_for_update()
        .execution_options(populate_existing=True)  # as committed now, not as first read
    ).all()
    if [a.username for a in admins if a.disabled_at is None] == [user.username]:
        raise UserInputError(
            f"{user.username} is the last active admin and cannot be {done}: make another "
            "user an admin first, so someone can still administer the case store."
        )


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise UserInputError("Say why: the reason must not be empty (it is kept for good).")
    return text[:1000]


def change_role(session: Session, actor: Actor, username: str, role: str | Role) -> User:
    """Give a user another role (admins). The last active admin cannot be demoted."""
    require(actor, Permission.USER_MANAGE)
    wanted = role if isinstance(role, Role) else parse_role(role)
    user = find_user(session, username)
    if user.role == wanted.value:
        raise UserInputError(f"{username} already has the role {wanted.value}.")
    if wanted is not Role.ADMIN:
        _keep_an_admin(session, user, "demoted")
    before, user.role = user.role, wanted.value
    detail = {"from": before, "to": wanted.value}
    record(session, actor.username, "user.role", "user", username, detail)
    return user


def disable_user(session: Session, actor: Actor, username: str, reason: str) -> User:
    """Disable a user, with a reason (admins): they can no longer sign in or act.

    Their open sessions end at once. You cannot disable yourself (a common way to
    lock oneself out: another admin must do it), nor the last active admin.
    """
    require(actor, Permission.USER_MANAGE)
    why = _reason(reason)
    user = find_user(session, username)
    if user.disabled_at is not None:
        raise UserInputError(f"{username} is already disabled.")
    if username == actor.username:
        raise UserInputError("You cannot disable yourself: another admin must do it.")
    _keep_an_admin(session, user, "disabled")
    user.disabled_at, user.disabled_by = utcnow(), actor.username
    ended = _end_sessions(session, username, "user disabled")
    detail = {"reason": why, "sessions_ended": ended}
    record(session, actor.username, "user.disable", "user", username, detail)
    return user


def enable_user(session: Session, actor: Actor, username: str, reason: str) -> User:
    """Enable a disabled user again, with a reason (admins)."""
    require(actor, Permission.USER_MANAGE)
    why = _reason(reason)
    user = find_user(session, username)
    if user.disabled_at is None:
        raise UserInputError(f"{username} is not disabled.")
    user.disabled_at, user.disabled_by = None, None
    record(session, actor.username, "user.enable", "user", username, {"reason": why})
    return user


def reset_password(session: Session, actor: Actor, username: str, password: str) -> None:
    """Set a user's password as an admin (``user.password``); their sessions end."""
    require(actor, Permission.USER_PASSWORD)
    set_password(session, actor, username, password)


def _end_sessions(session: Session, username: str, why: str) -> int:
    """End every open session of ``username``; how many there were."""
    rows = session.scalars(
        select(WebSession).where(WebSession.username == username, WebSession.ended_at.is_(None))
    ).all()
    for row in rows:
        row.ended_at, row.ended_why = utcnow(), why
    return len(rows)


def active_sessions(session: Session, actor: Actor) -> list[SessionRow]:
    """Every open workbench session, newest first, by handle (admins; audited).

    Open means not ended: a session that lapsed (idle, or past its lifetime) is
    ended at its next request, and its ``last_seen`` shows how long it has been idle.
    """
    require(actor, Permission.USER_MANAGE)
    found = session.scalars(
        select(WebSession)
        .where(WebSession.ended_at.is_(None))
        .order_by(WebSession.created_at.desc())
    ).all()
    rows = [
        SessionRow(s.id_hash[:HANDLE_LENGTH], s.username, s.address, s.created_at, s.last_seen)
        for s in found
    ]
    record(session, actor.username, "session.list", "user", "*", {"sessions": len(rows)})
    return rows


def revoke_session(session: Session, actor: Actor, handle: str) -> SessionRow:
    """End one open session, named by its handle (admins; audited)."""
    require(actor, Permission.USER_MANAGE)
    wanted = handle.strip().lower()
    if not _HANDLE.match(wanted):
        raise UserInputError(
            f"{handle[:40]!r} is not a session handle: {HANDLE_LENGTH} hex digits, "
            "as the list of sessions shows them."
        )
    found = session.scalars(
        select(WebSession).where(
            WebSession.id_hash.startswith(wanted), WebSession.ended_at.is_(None)
        )
    ).all()
    if len(found) != 1:
        raise UserInputError(f"No open session {wanted}: it has ended, or never was.")
    row = found[0]
    row.ended_at, row.ended_why = utcnow(), "revoked by an admin"
    detail = {"session": wanted, "address": row.address}
    record(session, actor.username, "session.revoke", "user", row.username, detail)
    return SessionRow(wanted, row.username, row.address, row.created_at, row.last_seen)
