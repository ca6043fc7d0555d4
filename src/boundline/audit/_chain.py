"""Appending to the audit log: canonical serialisation, hashing, serialised appends."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, event, func, select, text
from sqlalchemy.orm import Session, sessionmaker

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


#: ``Session.info`` key: a session whose appends wait for its commit (see :func:`defer_appends`).
DEFERRED = "boundline_audit_deferred"
_QUEUE = "boundline_audit_queue"


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
    caller's transaction commits (and disappears with it on rollback). In a session
    made by a factory with :func:`defer_appends`, the entry is queued and the whole
    transaction's entries are chained in one append just before the commit, so the
    log's lock is held for that moment only, not for the whole transaction; the
    entry's ``seq`` and hashes are set then.
    """
    session.info["audit_actor"] = actor
    entry = AuditEntry(
        at=utcnow(),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        detail=canonical_detail(detail),
    )
    if session.info.get(DEFERRED):
        session.info.setdefault(_QUEUE, []).append(entry)
    else:
        _append(session, [entry])
    return entry


def _append(session: Session, batch: list[AuditEntry]) -> None:
    """Chain ``batch`` to the head, in order, under the log's lock; one flush."""
    _serialise_appends(session)
    head = session.get(AuditHead, 1, populate_existing=True)  # as it is now, under the lock
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    for entry in batch:
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = prev = hash_of(entry)
        session.add(entry)
    if head is None:
        session.add(AuditHead(id=1, seq=seq, hash=prev))
    else:
        head.seq, head.hash = seq, prev
    session.flush()


def append_queued(session: Session) -> None:
    """Append what the transaction recorded so far (before a commit, or before reading the log).

    A transaction that reads the log sees its own entries, as before deferral; it
    then holds the log's lock from that read to its commit.
    """
    queued = session.info.pop(_QUEUE, None)
    if queued:
        _append(session, queued)


def _drop_queued(session: Session, _previous: object) -> None:
    session.info.pop(_QUEUE, None)


def defer_appends(factory: sessionmaker[Session]) -> None:
    """Make every session of ``factory`` append its entries at commit, in one batch.

    Install it after any other ``before_commit`` listener that records entries (the
    row log): listeners run in the order they were installed.
    """
    factory.configure(info={DEFERRED: True})
    event.listen(factory, "before_commit", append_queued)
    event.listen(factory, "after_soft_rollback", _drop_queued)


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
    append_queued(session)  # a transaction reads what it recorded itself
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
    append_queued(session)
    query = _filtered(
        select(func.count()).select_from(AuditEntry),
        object_id=object_id,
        actor=actor,
        action=action,
        since=since,
        until=until,
    )
    return int(session.scalar(query) or 0)
