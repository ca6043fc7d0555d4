"""Reading the audit log through the permission table (auditors and admins).

:mod:`boundline.audit` knows nothing of roles; these are the checked, audited ways
in for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from boundline.audit import ChainReport, Checkpoint, entries, make_checkpoint, record, verify_chain
from boundline.cases.audit_actions import audit_action
from boundline.cases.masking import identities, masked
from boundline.cases.roles import Actor, Permission, require


@dataclass(frozen=True)
class AuditView:
    """One audit entry as the acting user may see it (identities masked)."""

    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    detail: str
    prev_hash: str
    hash: str


def show_audit(
    session: Session,
    actor: Actor,
    *,
    object_id: str | None = None,
    actor_name: str | None = None,
    action: str | None = None,
    limit: int | None = 50,
) -> list[AuditView]:
    """Audit entries, newest first, filtered; the look itself is audited.

    Every real id in an entry (its object, its detail) is shown as the actor may
    see it: auditors see pseudonyms. A pseudonym given as ``object_id`` finds the
    entries about the real id behind it.
    """
    require(actor, Permission.AUDIT_SHOW)
    action = None if action is None else audit_action(action)
    ids = identities(session, actor)
    if object_id is not None:
        object_id = {v: k for k, v in ids.items()}.get(object_id, object_id)
    found = [
        AuditView(
            e.seq,
            e.at,
            e.actor,
            e.action,
            e.object_type,
            masked(e.object_id, ids),
            masked(e.detail, ids),
            e.prev_hash,
            e.hash,
        )
        for e in entries(session, object_id=object_id, actor=actor_name, action=action, limit=limit)
    ]
    detail = {"object": object_id, "actor": actor_name, "action": action, "limit": limit}
    record(session, actor.username, "audit.show", "audit_log", "*", detail)
    return found


def verify_audit(session: Session, actor: Actor) -> ChainReport:
    """Walk the chain (before this check is itself recorded)."""
    require(actor, Permission.AUDIT_VERIFY)
    report = verify_chain(session)
    detail = {"entries": report.entries, "broken": report.broken.seq if report.broken else None}
    record(session, actor.username, "audit.verify", "audit_log", "*", detail)
    return report


def sign_checkpoint(session: Session, actor: Actor, key: Path) -> Checkpoint:
    """Sign the log's head with the key at ``key`` (auditors and admins); audited.

    The entry recording the checkpoint follows the signed head, so the checkpoint
    covers the log as it was before it.
    """
    require(actor, Permission.AUDIT_VERIFY)
    checkpoint = make_checkpoint(session, key)
    detail = {"seq": checkpoint.seq, "hash": checkpoint.hash, "fingerprint": checkpoint.key}
    record(session, actor.username, "audit.checkpoint", "audit_log", "*", detail)
    return checkpoint
