"""Appending to the audit log: canonical serialisation, hashing, serialised appends."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from boundline.audit._base import utcnow
from boundline.audit._schema import GENESIS, AuditEntry, AuditHead


def canonical_detail(detail: dict[str, Any] | None) -> str:
    """The detail as canonical JSON (sorted keys, no spaces, UTF-8 kept)."""
    return json.dumps(detail or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def instant(at: datetime) -> str:
    """An instant as ISO 8601 UTC to the microsecond, with ``Z``."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    detail: str,
    prev_hash: str,
) -> str:
    """SHA-256 (hex) over the canonical serialisation of an entry, ``prev_hash`` included."""
    body = {
        "seq": seq,
        "at": instant(at),
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "detail": detail,
        "prev_hash": prev_hash,
    }
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def hash_of(entry: AuditEntry) -> str:
    """The hash an entry's stored content should have."""
    return entry_hash(
        entry.seq,
        entry.at,
        entry.actor,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.detail,
        entry.prev_hash,
    )


def _serialise_appends(session: Session) -> None:
    """Make sure no other transaction can append until this one ends.

    PostgreSQL: an EXCLUSIVE table lock (readers still read). SQLite: the case
    database's engine begins every transaction with ``BEGIN IMMEDIATE``, which
    already holds the database's single write lock.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE audit_log IN EXCLUSIVE MODE"))


def record(
    session: Session,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit log inside the session's transaction.

    The entry is chained to the recorded head; it becomes visible when the
    caller's transaction commits (and disappears with it on rollback).
    """
    _serialise_appends(session)
    session.info["audit_actor"] = actor
    head = session.get(AuditHead, 1)
    seq, prev = (head.seq + 1, head.hash) if head else (1, GENESIS)
    at = utcnow()
    body = canonical_detail(detail)
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=body,
        prev_hash=prev,
    )
    entry.hash = hash_of(entry)
    session.add(entry)
    if head is None:
        session.add(AuditHead(id=1, seq=seq, hash=entry.hash))
    else:
        head.seq, head.hash = seq, entry.hash
    session.flush()
    return entry


def _filtered(
    query: Select[Any],
    *,
    object_id: str | None,
    actor: str | None,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
) -> Select[Any]:
    """``query`` narrowed to the entries that match every filter given."""
    if object_id is not None:
        query = query.where(AuditEntry.object_id == object_id)
    if actor is not None:
        query = query.where(AuditEntry.actor == actor)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    return query


def entries(
    session: Session,
    *,
    object_id: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[AuditEntry]:
    """Entries, newest first, optionally for one object, actor, action or time.

    ``since`` is inclusive and ``until`` exclusive (both timezone-aware); ``offset``
    skips that many of the newest matching entries, ``limit`` keeps at most that many.
    """
    query = _filtered(
        select(AuditEntry),
        object_id=object_id,
        actor=actor,
        action=action,
        since=since,
        until=until,
    ).order_by(AuditEntry.seq.desc())
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def count_entries(
    session: Session,
    *,
    object_id: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """How many entries :func:`entries` would give with the same filters and no limit."""
    query = _filtered(
        select(func.count()).select_from(AuditEntry),
        object_id=object_id,
        actor=actor,
        action=action,
        since=since,
        until=until,
    )
    return int(session.scalar(query) or 0)
