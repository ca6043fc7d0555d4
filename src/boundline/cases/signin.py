"""Signing in to the workbench: passwords, throttling, and server-side sessions.

What OWASP ASVS level 2 asks, kept in the case database so every worker of a team
deployment sees the same sessions:

* a session id is 256 random bits (:func:`secrets.token_urlsafe`), new at every
  sign-in, held only by the browser; the database keeps its SHA-256, so a copy of
  the database signs nobody in;
* a session ends at sign-out, after :attr:`SessionPolicy.idle` without a request, or
  :attr:`SessionPolicy.lifetime` after sign-in, whichever comes first, and when the
  user's password is changed, or the user is disabled;
* each session has its own CSRF token, compared in constant time;
* failed sign-ins are throttled per user name (since its last good sign-in) and per
  address, over a sliding window; every failure, and every refusal while throttled,
  is an audit entry. An unknown user and a wrong password get the same answer.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases.db import CaseDB
from boundline.cases.models import SignInAttempt, User, WebSession
from boundline.cases.passwords import check_policy, hash_password, needs_rehash, verify_password
from boundline.cases.roles import Actor, Permission, Role, require
from boundline.cases.users import find_user
from boundline.errors import SignInError

__all__ = [
    "SessionPolicy",
    "SignedIn",
    "csrf_matches",
    "resume",
    "set_password",
    "sign_in",
    "sign_out",
]


@dataclass(frozen=True)
class SessionPolicy:
    """How long sessions last and how failed sign-ins are throttled."""

    idle: timedelta = timedelta(minutes=30)
    lifetime: timedelta = timedelta(hours=12)
    user_failures: int = 5
    address_failures: int = 20
    window: timedelta = timedelta(minutes=15)
    #: ``last_seen`` is written at most this often (a write per request would serialise them).
    touch_every: timedelta = timedelta(seconds=30)


@dataclass(frozen=True)
class SignedIn:
    """A live session: the id the browser holds, its CSRF token, the user, when it ends."""

    token: str
    csrf: str
    actor: Actor
    expires: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_matches(signed_in: SignedIn, given: str | None) -> bool:
    """Whether ``given`` is this session's CSRF token (constant-time)."""
    return bool(given) and hmac.compare_digest(signed_in.csrf, given or "")


def set_password(session: Session, actor: Actor, username: str, password: str) -> None:
    """Set a user's password: your own, or anyone's as an admin. Ends their sessions."""
    if actor.username != username:
        require(actor, Permission.USER_PASSWORD)
    user = find_user(session, username)
    check_policy(username, password)
    user.password_hash, user.password_set_at = hash_password(password), utcnow()
    _end_all(session, username, "password changed")
    record(session, actor.username, "user.password", "user", username, {})


def _end_all(session: Session, username: str, why: str) -> None:
    session.execute(
        update(WebSession)
        .where(WebSession.username == username, WebSession.ended_at.is_(None))
        .values(ended_at=utcnow(), ended_why=why)
    )


def _failures(session: Session, username: str, address: str, policy: SessionPolicy) -> str | None:
    """Why a sign-in must be refused unseen (too many recent failures), or None."""
    since = utcnow() - policy.window
    last_ok = session.scalar(
        select(func.max(SignInAttempt.at)).where(
            SignInAttempt.username == username, SignInAttempt.ok.is_(True)
        )
    )
    user_since = max(since, last_ok) if last_ok is not None else since
    failed = SignInAttempt.ok.is_(False)
    by_user = session.scalar(
        select(func.count()).where(
            SignInAttempt.username == username, failed, SignInAttempt.at > user_since
        )
    )
    by_address = session.scalar(
        select(func.count()).where(
            SignInAttempt.address == address, failed, SignInAttempt.at > since
        )
    )
    if (by_user or 0) >= policy.user_failures:
        return "too many failed sign-ins for this user"
    if (by_address or 0) >= policy.address_failures:
        return "too many failed sign-ins from this address"
    return None


def sign_in(
    db: CaseDB,
    username: str,
    password: str,
    address: str,
    policy: SessionPolicy,
    replaces: str | None = None,
) -> SignedIn:
    """A new session for a good user name and password; a SignInError otherwise.

    ``replaces`` is a session id the browser already held: it is ended, so a
    session id is never carried across a sign-in. A refusal is committed (attempt
    and audit entry) before the error is raised.
    """
    username, address = username.strip()[:100], address[:100]
    refused: str | None = None
    with db.transaction() as session:
        now = utcnow()
        throttled = _failures(session, username, address, policy)
        user = session.scalar(select(User).where(User.username == username))
        if throttled is not None:
            refused = throttled
            action = "signin.throttled"
        elif not verify_password(user.password_hash if user else None, password):
            refused = (
                "unknown user"
                if user is None
                else ("no password set" if user.password_hash is None else "wrong password")
            )
            action = "signin.failed"
        elif user is not None and user.disabled_at is not None:  # said as a wrong password
            refused, action = "user disabled", "signin.failed"
        session.add(SignInAttempt(at=now, username=username, address=address, ok=refused is None))
        if refused is not None:
            record(
                session, username, action, "user", username, {"address": address, "why": refused}
            )
        else:
            assert user is not None and user.password_hash is not None  # noqa: S101 - verified
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            if replaces:
                _end(session, replaces, "replaced at sign-in")
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            session.add(
                WebSession(
                    id_hash=_digest(token),
                    username=username,
                    csrf=csrf,
                    address=address,
                    created_at=now,
                    last_seen=now,
                )
            )
            record(session, username, "signin", "user", username, {"address": address})
            return SignedIn(token, csrf, Actor(username, Role(user.role)), now + policy.lifetime)
    if refused.startswith("too many"):
        raise SignInError(
            f"Sign-in refused: {refused}. Wait {int(policy.window.total_seconds() // 60)} "
            "minutes, or ask an admin."
        )
    raise SignInError("Wrong user name or password.")


def _end(session: Session, token: str, why: str) -> WebSession | None:
    row = session.get(WebSession, _digest(token))
    if row is not None and row.ended_at is None:
        row.ended_at, row.ended_why = utcnow(), why
        return row
    return None


def resume(db: CaseDB, token: str | None, policy: SessionPolicy) -> SignedIn | None:
    """The live session whose id is ``token``, or None (unknown, ended, idle or too old).

    A session of a disabled user is ended here too (disabling ends them all already).
    """
    if not token:
        return None
    with db.reading() as session:  # a read first: most requests need no write
        row = session.get(WebSession, _digest(token))
        user = session.scalar(select(User).where(User.username == row.username)) if row else None
    if row is None or user is None or row.ended_at is not None:
        return None
    now = utcnow()
    expired = "user disabled" if user.disabled_at is not None else _expired(row, now, policy)
    if expired is not None or now - row.last_seen >= policy.touch_every:
        with db.transaction() as session:
            if expired is not None:
                if _end(session, token, expired) is not None:
                    record(session, row.username, "signout", "user", row.username, {"why": expired})
                return None
            session.execute(
                update(WebSession).where(WebSession.id_hash == row.id_hash).values(last_seen=now)
            )
    return SignedIn(
        token, row.csrf, Actor(user.username, Role(user.role)), row.created_at + policy.lifetime
    )


def _expired(row: WebSession, now: datetime, policy: SessionPolicy) -> str | None:
    if now - row.created_at >= policy.lifetime:
        return "lifetime"
    if now - row.last_seen >= policy.idle:
        return "idle"
    return None


def sign_out(db: CaseDB, token: str | None) -> bool:
    """End the session whose id is ``token`` on the server; whether there was one."""
    if not token:
        return False
    with db.transaction() as session:
        row = _end(session, token, "signed out")
        if row is None:
            return False
        record(session, row.username, "signout", "user", row.username, {"why": "signed out"})
        return True
