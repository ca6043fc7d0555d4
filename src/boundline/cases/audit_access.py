"""Reading the audit log through the permission table (auditors and admins).

:mod:`boundline.audit` knows nothing of roles; these are the checked, audited ways
in for people.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from boundline.audit import AuditEntry, ChainReport, entries, record, verify_chain
from boundline.cases.roles import Actor, Permission, require


def show_audit(
    session: Session,
    actor: Actor,
    *,
    object_id: str | None = None,
    actor_name: str | None = None,
    action: str | None = None,
    limit: int | None = 50,
) -> list[AuditEntry]:
    """Audit entries, newest first, filtered; the look itself is audited."""
    require(actor, Permission.AUDIT_SHOW)
    found = entries(session, object_id=object_id, actor=actor_name, action=action, limit=limit)
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
