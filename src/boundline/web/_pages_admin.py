"""Administration: users (add, role, disable, enable, password) and sessions (revoke).

Every handler calls the case services (:mod:`boundline.cases.admin`), which check
the permission table again, keep the rules (the last active admin, not disabling
yourself) and write the audit log; the page only shows what they answer.
"""

from __future__ import annotations

from starlette.responses import RedirectResponse, Response

from boundline.cases import (
    Permission,
    Role,
    active_sessions,
    add_user,
    change_role,
    disable_user,
    enable_user,
    reset_password,
    revoke_session,
    user_rows,
)
from boundline.cases.acting import acting_as
from boundline.web._routing import Call, Page

__all__ = [
    "ADMIN_PAGES",
    "session_revoke",
    "sessions_page",
    "user_add",
    "user_disable",
    "user_enable",
    "user_password",
    "user_role",
    "users_page",
]

#: What a page says after a change (by key: no text from the request is shown).
DONE = {
    "added": "User added.",
    "role": "Role changed.",
    "disabled": "User disabled: they can no longer sign in, and their sessions have ended.",
    "enabled": "User enabled again.",
    "password": "Password set: their open sessions have ended.",
    "revoked": "Session ended: its browser must sign in again.",
}


def _done(path: str, key: str) -> Response:
    return RedirectResponse(f"{path}?done={key}", status_code=303)


def users_page(call: Call) -> Response:
    """Every user, their state and last sign-in, with the forms to change them."""
    with acting_as(call.state.db, call.actor) as session:
        rows = user_rows(session, call.actor)
    context = {
        "rows": rows,
        "roles": [r.value for r in Role],
        "done": DONE.get(call.query("done"), ""),
    }
    return call.state.render(call, "admin_users.html.j2", context)


def user_add(call: Call) -> Response:
    """Add a user with a role, a display name and an initial password."""
    form = call.form
    with acting_as(call.state.db, call.actor) as session:
        add_user(
            session,
            call.actor,
            form.get("username", "").strip(),
            form.get("role", ""),
            form.get("display_name", "").strip() or None,
            form.get("password") or None,
        )
    return _done("/admin/users", "added")


def user_role(call: Call) -> Response:
    """Give a user another role."""
    with acting_as(call.state.db, call.actor) as session:
        change_role(session, call.actor, call.param("username"), call.form.get("role", ""))
    return _done("/admin/users", "role")


def user_disable(call: Call) -> Response:
    """Disable a user, with a reason; their sessions end."""
    with acting_as(call.state.db, call.actor) as session:
        disable_user(session, call.actor, call.param("username"), call.form.get("reason", ""))
    return _done("/admin/users", "disabled")


def user_enable(call: Call) -> Response:
    """Enable a disabled user again, with a reason."""
    with acting_as(call.state.db, call.actor) as session:
        enable_user(session, call.actor, call.param("username"), call.form.get("reason", ""))
    return _done("/admin/users", "enabled")


def user_password(call: Call) -> Response:
    """Set a user's password; their sessions end."""
    with acting_as(call.state.db, call.actor) as session:
        reset_password(session, call.actor, call.param("username"), call.form.get("password", ""))
    return _done("/admin/users", "password")


def sessions_page(call: Call) -> Response:
    """Every open session, by handle, with a button to end each."""
    with acting_as(call.state.db, call.actor) as session:
        rows = active_sessions(session, call.actor)
    context = {"rows": rows, "done": DONE.get(call.query("done"), "")}
    return call.state.render(call, "admin_sessions.html.j2", context)


def session_revoke(call: Call) -> Response:
    """End one session, by its handle."""
    with acting_as(call.state.db, call.actor) as session:
        revoke_session(session, call.actor, call.param("handle"))
    return _done("/admin/sessions", "revoked")


P = Permission
_USER = "/admin/users/{username}"

ADMIN_PAGES: tuple[Page, ...] = (
    Page(
        "GET", "/admin/users", P.USER_MANAGE, users_page, "the users, with the forms to manage them"
    ),
    Page("POST", "/admin/users", P.USER_ADD, user_add, "add a user (role, name, password)"),
    Page("POST", f"{_USER}/role", P.USER_MANAGE, user_role, "change a user's role"),
    Page("POST", f"{_USER}/disable", P.USER_MANAGE, user_disable, "disable a user, with a reason"),
    Page("POST", f"{_USER}/enable", P.USER_MANAGE, user_enable, "enable a user, with a reason"),
    Page("POST", f"{_USER}/password", P.USER_PASSWORD, user_password, "set a user's password"),
    Page("GET", "/admin/sessions", P.USER_MANAGE, sessions_page, "the open sessions"),
    Page(
        "POST",
        "/admin/sessions/{handle}/revoke",
        P.USER_MANAGE,
        session_revoke,
        "end a session, by its handle",
    ),
)
