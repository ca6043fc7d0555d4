"""Which tables of the case store the audit log proves, and checking them against it.

Every table that holds a decision, a record of the process, evidence or who may do
what is *proven*: each write to it is logged with its content
(:class:`boundline.audit.RowLog`, installed on every case database's sessions), so
``boundline audit verify`` can replay the log and name any row changed, removed or
added outside Boundline. :data:`NOT_PROVEN` lists the tables that are not, and why;
a test keeps the two lists covering every table.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from boundline.audit import RowDifference, RowRule, record, replay_rows
from boundline.cases.roles import Actor, Permission, require

__all__ = ["NOT_PROVEN", "PROVEN", "verify_rows"]

#: The proven tables and how each is kept in the log.
PROVEN: dict[str, RowRule] = {
    "cases": RowRule(),
    "case_subjects": RowRule(),
    "allegations": RowRule(),
    "allegation_findings": RowRule(),
    "subject_process": RowRule(),
    "process_stages": RowRule(),
    "case_transitions": RowRule(),
    "triage_items": RowRule(),
    "triage_decisions": RowRule(),
    "exhibits": RowRule(),
    "custody_events": RowRule(),
    "case_notes": RowRule(),
    "case_actions": RowRule(),
    "case_members": RowRule(),
    "users": RowRule(hashed=frozenset({"password_hash"})),
    "pseudonyms": RowRule(),
    "store_settings": RowRule(hashed=frozenset({"value"})),
}

#: The tables that are not proven, and why.
NOT_PROVEN: dict[str, str] = {
    "audit_log": "the log itself: proven by its hash chain and signed checkpoints",
    "audit_head": "the chain's head: checked against the chain by `audit verify`",
    "alembic_version": "the schema revision, kept by the migrations",
    "web_sessions": "sign-in sessions: short-lived, and every sign-in and sign-out is logged",
    "sign_in_attempts": "throttling counters: every refused sign-in is logged as its own entry",
}


def verify_rows(session: Session, actor: Actor) -> list[RowDifference]:
    """Every difference between the proven tables and the log (auditors and admins)."""
    require(actor, Permission.AUDIT_VERIFY)
    differences = replay_rows(session, PROVEN)
    detail = {"tables": len(PROVEN), "differences": len(differences)}
    record(session, actor.username, "audit.verify_rows", "audit_log", "*", detail)
    return differences
