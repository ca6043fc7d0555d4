"""Roles and the permission table: which role may do which action (deny by default).

The table is data (:data:`PERMISSIONS`), checked by every service function of the
case store through :func:`require` before it reads or changes anything. An action
missing from the table is allowed to nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from boundline.errors import PermissionDeniedError, UserInputError


class Role(StrEnum):
    """What a user of the case store is."""

    ANALYST = "analyst"
    INVESTIGATOR = "investigator"
    APPROPRIATE_AUTHORITY = "appropriate_authority"
    AUDITOR = "auditor"
    ADMIN = "admin"


AN, IN, AA, AU, AD = (
    Role.ANALYST,
    Role.INVESTIGATOR,
    Role.APPROPRIATE_AUTHORITY,
    Role.AUDITOR,
    Role.ADMIN,
)

#: action → the roles that may do it. Anything not listed is denied.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "user.add": frozenset({AD}),
    "user.list": frozenset({AD, AU}),
    # the alert queue
    "triage.load": frozenset({AN, IN, AD}),
    "triage.list": frozenset({AN, IN, AA}),
    "triage.decide": frozenset({AN, IN, AA}),
    # identities: who sees real ids in lists, who may reveal a pseudonym (with a reason)
    "identity.see": frozenset({IN, AA}),
    "identity.reveal": frozenset({IN, AA, AD}),
    # cases and their statutory process
    "case.open": frozenset({IN, AA}),
    "case.view": frozenset({AN, IN, AA, AU}),
    "case.edit": frozenset({IN, AA}),
    "case.transition": frozenset({IN, AA}),
    "case.decide": frozenset({AA}),
    # the evidence register
    "exhibit.add": frozenset({AN, IN, AA}),
    "exhibit.list": frozenset({AN, IN, AA, AU}),
    "exhibit.custody": frozenset({IN, AA}),
    "exhibit.verify": frozenset({IN, AA, AU, AD}),
    # the audit log
    "audit.show": frozenset({AU, AD}),
    "audit.verify": frozenset({AU, AD}),
}


@dataclass(frozen=True)
class Actor:
    """The user on whose behalf an operation runs."""

    username: str
    role: Role


def parse_role(text: str) -> Role:
    """A role from its name; a UserInputError listing the roles otherwise."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise UserInputError(f"Unknown role {text!r}: use one of {names}.") from None


def can(role: Role, action: str) -> bool:
    """Whether ``role`` may do ``action`` (False for an action nobody may do)."""
    return role in PERMISSIONS.get(action, frozenset())


def require(actor: Actor, action: str) -> None:
    """Raise PermissionDeniedError unless the actor's role may do ``action``."""
    if not can(actor.role, action):
        allowed = sorted(r.value for r in PERMISSIONS.get(action, frozenset()))
        who = ", ".join(allowed) if allowed else "no role"
        raise PermissionDeniedError(
            f"{actor.username} ({actor.role.value}) may not {action}: only {who} may."
        )
