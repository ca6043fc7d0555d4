"""The actions the audit log records, by the names it records them under.

``boundline audit show --action NAME`` accepts exactly these names (an unknown one
is an error listing them). A test reads every ``record(...)`` call of Boundline and
checks that its action is listed here, so a new action cannot be forgotten.
"""

from __future__ import annotations

from boundline.errors import UserInputError

__all__ = ["AUDIT_ACTIONS", "audit_action"]

#: Every action the audit log records, grouped by what it is about.
AUDIT_ACTIONS: tuple[str, ...] = (
    # users, signing in, and refusals
    "login",
    "denied",
    "refused",
    "user.create",
    "user.password",
    "user.role",
    "user.disable",
    "user.enable",
    "user.list",
    "session.list",
    "session.revoke",
    "signin",
    "signin.failed",
    "signin.throttled",
    "signout",
    # reading: a case, an exhibit, a queue item or a pair shown to someone
    "view",
    "reveal",
    # the triage queue
    "triage.load",
    "triage.queue",
    "triage.reopen",
    "triage.confirm",
    "triage.dismiss",
    # cases and their statutory process
    "case.open",
    "case.subject",
    "case.allegation",
    "case.finding",
    "case.transition",
    "case.document",
    "case.due",
    "case.note",
    "case.action",
    "case.action_done",
    "case.member_add",
    "case.member_remove",
    # the evidence register
    "exhibit.add",
    "exhibit.custody",
    "exhibit.verify",
    # the audit log itself, and the rows each transaction wrote (for integrity checks)
    "audit.show",
    "audit.export",
    "audit.verify",
    "audit.checkpoint",
    "audit.verify_rows",
    "rows.write",
)


def audit_action(name: str) -> str:
    """``name`` as the log records it; a UserInputError listing the known actions otherwise."""
    wanted = name.strip().lower()
    if wanted not in AUDIT_ACTIONS:
        raise UserInputError(
            f"The audit log has no action {name!r}. Its actions are: {', '.join(AUDIT_ACTIONS)}."
        )
    return wanted
