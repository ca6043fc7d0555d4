"""Stable pseudonyms for officers and members of the public, and revealing them.

A pseudonym is ``OFFICER-``, ``PERSON-`` or ``CONTACT-`` (a number or handle that is
no known person) followed by the first hex digits of HMAC-SHA256(secret,
``kind:real_id``). The secret is random, made once when the case database is
created, and kept in it, so pseudonyms are stable within a database and unrelated
across databases. Each pseudonym is kept with its real id (a collision within a
database takes two more hex digits), so it can be revealed: by a role allowed to,
with a stated reason, and the reveal is written to the audit log.
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from boundline.audit import record
from boundline.cases.models import Pseudonym, StoreSetting
from boundline.cases.roles import Actor, Permission, can, require
from boundline.errors import CaseStoreError, UserInputError

PREFIXES = {"officer": "OFFICER", "person": "PERSON", "counterpart": "CONTACT"}
_DIGITS = 6


def _secret(session: Session) -> bytes:
    """This database's pseudonym secret."""
    setting = session.get(StoreSetting, "pseudonym_secret")
    if setting is None:
        raise CaseStoreError("The case database has no pseudonym secret: it was not migrated.")
    return bytes.fromhex(setting.value)


def pseudonym(session: Session, kind: str, real_id: str) -> str:
    """The stable pseudonym of ``real_id`` (kind officer, person or counterpart)."""
    if kind not in PREFIXES:
        raise ValueError(f"unknown identity kind {kind!r}")
    known = session.scalar(
        select(Pseudonym.pseudonym).where(Pseudonym.kind == kind, Pseudonym.real_id == real_id)
    )
    if known is not None:
        return known
    digest = hmac.new(_secret(session), f"{kind}:{real_id}".encode(), hashlib.sha256).hexdigest()
    if session.get_bind().dialect.name == "postgresql":
        # Two workers making the same pseudonym at once: the second waits for the first
        # to commit, then finds its row (SQLite's write lock already serialises them).
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": int(digest[:15], 16)})
        known = session.scalar(
            select(Pseudonym.pseudonym).where(Pseudonym.kind == kind, Pseudonym.real_id == real_id)
        )
        if known is not None:
            return known
    digits = _DIGITS
    while True:
        name = f"{PREFIXES[kind]}-{digest[:digits].upper()}"
        if session.scalar(select(Pseudonym.id).where(Pseudonym.pseudonym == name)) is None:
            break
        digits += 2
    session.add(Pseudonym(pseudonym=name, kind=kind, real_id=real_id))
    session.flush()
    return name


def shown(session: Session, actor: Actor, kind: str, real_id: str | None) -> str | None:
    """An id as this actor may see it: real for roles that see identities, else pseudonymous."""
    if real_id is None:
        return None
    if can(actor.role, Permission.IDENTITY_SEE):
        return real_id
    return pseudonym(session, kind, real_id)


def reveal(session: Session, actor: Actor, name: str, reason: str) -> Pseudonym:
    """The real identity behind a pseudonym, for an allowed role and a stated reason.

    The reveal (who, which pseudonym, why) is written to the audit log.
    """
    require(actor, Permission.IDENTITY_REVEAL)
    if not reason.strip():
        raise UserInputError("Say why the identity is needed: --reason must not be empty.")
    found = session.scalar(select(Pseudonym).where(Pseudonym.pseudonym == name.strip().upper()))
    if found is None:
        raise UserInputError(f"No pseudonym {name!r} in this case database.")
    record(session, actor.username, "reveal", found.kind, found.pseudonym, {"reason": reason})
    return found
