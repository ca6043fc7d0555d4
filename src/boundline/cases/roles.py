"""Roles and the permission table: which role may do which action (deny by default).

The table is data (:data:`PERMISSIONS`), checked by every service function of the
case store through :func:`require` before it reads or changes anything. Permissions
are members of :class:`Permission`, never strings, so a typo cannot pass: mypy
rejects a string, :func:`can` raises TypeError on one at run time, and the table is
checked at import to name every permission.
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


class Permission(StrEnum):
    """Everything a person may be allowed to do; a misspelt name is an AttributeError.

    The permission table (:data:`PERMISSIONS`) must name every member: that is
    checked when this module is imported, so a new permission cannot be forgotten.
    """

    USER_ADD = "user.add"
    USER_LIST = "user.list"
    USER_PASSWORD = "user.password"  # noqa: S105 - a permission name. Set another user's password (anyone may set their own)
    USER_MANAGE = "user.manage"  # change roles, disable and enable users, see and end sessions
    # the alert queue
    TRIAGE_LOAD = "triage.load"
    TRIAGE_LIST = "triage.list"
    TRIAGE_DECIDE = "triage.decide"
    # the pair workspace: evidence figures, charts, contacts and downloads of a queue item
    PAIR_VIEW = "pair.view"
    # identities: who sees real ids in lists, who may reveal a pseudonym (with a reason)
    IDENTITY_SEE = "identity.see"
    IDENTITY_REVEAL = "identity.reveal"
    # cases and their statutory process
    CASE_OPEN = "case.open"
    CASE_VIEW = "case.view"
    CASE_EDIT = "case.edit"
    CASE_TRANSITION = "case.transition"
    CASE_DECIDE = "case.decide"
    CASE_MEMBERS = "case.members"  # add and remove a case's members (need to know)
    # the evidence register
    EXHIBIT_ADD = "exhibit.add"
    EXHIBIT_LIST = "exhibit.list"
    EXHIBIT_CUSTODY = "exhibit.custody"
    EXHIBIT_VERIFY = "exhibit.verify"
    # the audit log
    AUDIT_SHOW = "audit.show"
    AUDIT_VERIFY = "audit.verify"


P = Permission

#: permission → the roles that may do it. Anything not listed is denied.
PERMISSIONS: dict[Permission, frozenset[Role]] = {
    P.USER_ADD: frozenset({AD}),
    P.USER_LIST: frozenset({AD, AU}),
    P.USER_PASSWORD: frozenset({AD}),
    P.USER_MANAGE: frozenset({AD}),
    P.TRIAGE_LOAD: frozenset({AN, IN, AD}),
    P.TRIAGE_LIST: frozenset({AN, IN, AA}),
    P.TRIAGE_DECIDE: frozenset({AN, IN, AA}),
    P.PAIR_VIEW: frozenset({AN, IN, AA}),
    P.IDENTITY_SEE: frozenset({IN, AA}),
    P.IDENTITY_REVEAL: frozenset({IN, AA, AD}),
    P.CASE_OPEN: frozenset({IN, AA}),
    P.CASE_VIEW: frozenset({AN, IN, AA}),
    P.CASE_EDIT: frozenset({IN, AA}),
    P.CASE_TRANSITION: frozenset({IN, AA}),
    P.CASE_DECIDE: frozenset({AA}),
    P.CASE_MEMBERS: frozenset({AA, AD}),
    P.EXHIBIT_ADD: frozenset({AN, IN, AA}),
    P.EXHIBIT_LIST: frozenset({AN, IN, AA}),
    P.EXHIBIT_CUSTODY: frozenset({IN, AA}),
    P.EXHIBIT_VERIFY: frozenset({IN, AA, AU, AD}),
    P.AUDIT_SHOW: frozenset({AU, AD}),
    P.AUDIT_VERIFY: frozenset({AU, AD}),
}
_UNLISTED = set(Permission) - set(PERMISSIONS)
if _UNLISTED:  # pragma: no cover - a programming error caught at import
    raise RuntimeError(f"permissions missing from PERMISSIONS: {sorted(_UNLISTED)}")

#: permission → what it allows, in words that finish "an analyst may not …" in a refusal.
PERMISSION_WORDS: dict[Permission, str] = {
    P.USER_ADD: "add users",
    P.USER_LIST: "list users",
    P.USER_PASSWORD: "set another user's password",
    P.USER_MANAGE: "manage users' roles, accounts and sessions",
    P.TRIAGE_LOAD: "load alerts into the triage queue",
    P.TRIAGE_LIST: "see the triage queue",
    P.TRIAGE_DECIDE: "confirm or dismiss triage items",
    P.PAIR_VIEW: "study a pair's evidence",
    P.IDENTITY_SEE: "see real identities",
    P.IDENTITY_REVEAL: "reveal identities",
    P.CASE_OPEN: "open cases",
    P.CASE_VIEW: "see cases",
    P.CASE_EDIT: "change cases",
    P.CASE_TRANSITION: "take steps of the statutory process",
    P.CASE_DECIDE: "take the appropriate authority's decisions",
    P.CASE_MEMBERS: "change who may see a case",
    P.EXHIBIT_ADD: "add exhibits",
    P.EXHIBIT_LIST: "see exhibits",
    P.EXHIBIT_CUSTODY: "record the custody of exhibits",
    P.EXHIBIT_VERIFY: "verify exhibits",
    P.AUDIT_SHOW: "read the audit log",
    P.AUDIT_VERIFY: "verify the audit log",
}
_WORDLESS = set(Permission) - set(PERMISSION_WORDS)
if _WORDLESS:  # pragma: no cover - a programming error caught at import
    raise RuntimeError(f"permissions missing from PERMISSION_WORDS: {sorted(_WORDLESS)}")

#: role → its plural in words, for "only admins and auditors may".
_PLURALS = {
    Role.ANALYST: "analysts",
    Role.INVESTIGATOR: "investigators",
    Role.APPROPRIATE_AUTHORITY: "appropriate authorities",
    Role.AUDITOR: "auditors",
    Role.ADMIN: "admins",
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


def can(role: Role, action: Permission) -> bool:
    """Whether ``role`` may do ``action``; a TypeError for anything but a Permission."""
    if not isinstance(action, Permission):
        raise TypeError(f"{action!r} is not a Permission (permissions are never plain strings)")
    return role in PERMISSIONS[action]


def refusal(actor: Actor, action: Permission) -> str:
    """Why ``actor`` may not do ``action``, in words: "ann: an analyst may not list users; …"."""
    role = actor.role.value.replace("_", " ")
    allowed = [_PLURALS[r] for r in Role if r in PERMISSIONS[action]]
    if not allowed:  # pragma: no cover - every permission is some role's today
        return f"{actor.username}: nobody may {PERMISSION_WORDS[action]}."
    who = allowed[0] if len(allowed) == 1 else f"{', '.join(allowed[:-1])} and {allowed[-1]}"
    article = "an" if role[0] in "aeiou" else "a"
    return f"{actor.username}: {article} {role} may not {PERMISSION_WORDS[action]}; only {who} may."


def require(actor: Actor, action: Permission) -> None:
    """Raise PermissionDeniedError (saying why in words) unless the actor may do ``action``."""
    if not can(actor.role, action):
        raise PermissionDeniedError(refusal(actor, action), permission=action.value)
