"""Reading the audit log through the permission table (auditors and admins).

:mod:`boundline.audit` knows nothing of roles; these are the checked, audited ways
in for people. The CLI (``boundline audit``) and the workbench (``/audit``) both
come through here, so they filter, page, mask and verify alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.orm import Session

from boundline.audit import (
    ChainReport,
    Checkpoint,
    CheckpointCheck,
    RowDifference,
    count_entries,
    entries,
    make_checkpoint,
    record,
    verify_against,
    verify_chain,
)
from boundline.cases.audit_actions import audit_action
from boundline.cases.integrity import PROVEN, verify_rows
from boundline.cases.masking import identities, masked
from boundline.cases.roles import Actor, Permission, require

#: A signed checkpoint and the public key to check its signature with.
Signed = tuple[Checkpoint, Ed25519PublicKey]


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


@dataclass(frozen=True)
class AuditFilters:
    """Which entries of the log: each field None means any (``since`` ≤ at < ``until``).

    :func:`boundline.cases.audit_export.audit_filters` makes one from text as the
    CLI and the workbench take it.
    """

    actor: str | None = None
    action: str | None = None
    object_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class AuditPage:
    """One page of the filtered log, newest first, and where it is in the whole."""

    entries: list[AuditView]
    total: int
    page: int
    pages: int
    per_page: int


def masked_views(
    session: Session,
    actor: Actor,
    filters: AuditFilters,
    *,
    limit: int | None = None,
    offset: int = 0,
    counted: bool = True,
) -> tuple[list[AuditView], int, dict[str, Any]]:
    """The entries, how many match in all, and the filters as the log records them.

    With ``counted`` False a page's total is not counted (it is just the entries
    given). Checks ``audit.show`` but records nothing: the caller audits the look. Every
    real id in an entry (its object, its detail) is shown as the actor may see it
    (auditors see pseudonyms); a pseudonym given as the object finds the entries
    about the real id behind it.
    """
    require(actor, Permission.AUDIT_SHOW)
    action = None if filters.action is None else audit_action(filters.action)
    ids = identities(session, actor)
    object_id = filters.object_id
    if object_id is not None:
        object_id = {v: k for k, v in ids.items()}.get(object_id, object_id)
    where: dict[str, Any] = {
        "object_id": object_id,
        "actor": filters.actor,
        "action": action,
        "since": filters.since,
        "until": filters.until,
    }
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
        for e in entries(session, **where, limit=limit, offset=offset)
    ]
    paged = counted and (limit is not None or offset > 0)
    total = count_entries(session, **where) if paged else len(found)
    detail = {"object": object_id, "actor": filters.actor, "action": action}
    for bound in ("since", "until"):
        if where[bound] is not None:
            detail[bound] = where[bound].isoformat()
    return found, total, detail


def show_audit(
    session: Session,
    actor: Actor,
    *,
    object_id: str | None = None,
    actor_name: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> list[AuditView]:
    """Audit entries, newest first, filtered (see :func:`masked_views`); the look is audited."""
    filters = AuditFilters(actor_name, action, object_id, since, until)
    found, _, detail = masked_views(
        session, actor, filters, limit=limit, offset=offset, counted=False
    )
    detail["limit"] = limit
    if offset:
        detail["offset"] = offset
    record(session, actor.username, "audit.show", "audit_log", "*", detail)
    return found


def audit_page(
    session: Session, actor: Actor, filters: AuditFilters, page: int = 1, per_page: int = 50
) -> AuditPage:
    """One page of the filtered log, newest first (page 1 is the newest); audited."""
    per_page = max(1, per_page)
    page = max(1, page)
    found, total, detail = masked_views(
        session, actor, filters, limit=per_page, offset=(page - 1) * per_page
    )
    pages = max(1, -(-total // per_page))
    if page > pages:  # past the end: the last page
        page = pages
        found, total, detail = masked_views(
            session, actor, filters, limit=per_page, offset=(page - 1) * per_page
        )
    detail |= {"page": page, "per_page": per_page, "total": total}
    record(session, actor.username, "audit.show", "audit_log", "*", detail)
    return AuditPage(found, total, page, pages, per_page)


def verify_audit(session: Session, actor: Actor) -> ChainReport:
    """Walk the chain (before this check is itself recorded)."""
    require(actor, Permission.AUDIT_VERIFY)
    report = verify_chain(session)
    detail = {"entries": report.entries, "broken": report.broken.seq if report.broken else None}
    record(session, actor.username, "audit.verify", "audit_log", "*", detail)
    return report


@dataclass(frozen=True)
class AuditCheck:
    """What ``audit verify`` found, in the words the CLI and the workbench both show."""

    chain: ChainReport
    rows: list[RowDifference]  # empty, unreplayed, when the chain is broken
    checkpoint: CheckpointCheck | None = None

    @property
    def broken(self) -> tuple[str, str] | None:
        """``("audit log broken at entry N (kind)", the problem)`` when the chain is broken."""
        b = self.chain.broken
        return None if b is None else (f"audit log broken at entry {b.seq} ({b.kind})", b.problem)

    @property
    def summary(self) -> str:
        """The chain's head, when it is intact."""
        c = self.chain
        head = f"head entry {c.head_seq}, hash {c.head_hash}"
        return f"Audit log intact: {c.entries} entries; {head}."

    @property
    def rows_summary(self) -> str:
        """What the replay of the log found in the proven tables."""
        if not self.rows:
            return f"Every row of the {len(PROVEN)} proven tables is what the log says it is."
        return f"{len(self.rows)} row(s) differ from the audit log."

    @property
    def intact(self) -> bool:
        """The chain holds, every proven row is as logged, and the checkpoint (if any) holds."""
        held = self.checkpoint is None or self.checkpoint.holds
        return self.chain.intact and not self.rows and held


def verify_everything(session: Session, actor: Actor, signed: Signed | None = None) -> AuditCheck:
    """The chain, the checkpoint if one is given, then (chain intact) every proven row; audited.

    The checks ``boundline audit verify`` and the workbench's *verify* run, in order.
    """
    report = verify_audit(session, actor)
    held = None if signed is None else verify_against(session, *signed, chain=report)
    rows = verify_rows(session, actor) if report.intact else []
    return AuditCheck(report, rows, held)


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
