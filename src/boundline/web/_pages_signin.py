"""Signing in and out."""

from __future__ import annotations

import hmac
import secrets

from starlette.responses import RedirectResponse, Response

from boundline.cases import Role
from boundline.cases.signin import sign_in, sign_out
from boundline.errors import SignInError
from boundline.web._routing import Call
from boundline.web._security import PRE_COOKIE, SESSION_COOKIE

__all__ = ["front_door", "signin_form", "signin_submit", "signout"]


def _local(target: str) -> str:
    """``target`` if it is a path on this site, else the queue (no open redirect)."""
    ok = target.startswith("/") and not target.startswith(("//", "/\\")) and "\n" not in target
    return target if ok else "/queue"


def signin_form(call: Call, message: str = "", status: int = 200) -> Response:
    """The sign-in form, with a fresh value the form must echo (login CSRF).

    It is shown to a signed-in user too (to sign in as someone else): the session
    they hold is then ended at the new sign-in.
    """
    token = secrets.token_urlsafe(32)
    context = {"token": token, "next": _local(call.query("next", "/")), "message": message}
    response = call.state.render(call, "signin.html.j2", context, status)
    response.set_cookie(
        PRE_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=call.state.settings.secure_cookies,
        max_age=3600,
    )
    return response


def signin_submit(call: Call) -> Response:
    """Check the user name and password; a new session on success."""
    expected = call.request.cookies.get(PRE_COOKIE, "")
    given = call.form.get("token", "")
    if not expected or not hmac.compare_digest(expected, given):
        return signin_form(call, "The sign-in form had expired: try again.", 403)
    address = call.request.client.host if call.request.client else "unknown"
    try:
        made = sign_in(
            call.state.db,
            call.form.get("username", ""),
            call.form.get("password", ""),
            address,
            call.state.settings.policy,
            replaces=call.request.cookies.get(SESSION_COOKIE),
        )
    except SignInError as exc:
        return signin_form(call, str(exc), 401)
    response = RedirectResponse(_local(call.form.get("next", "/")), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        made.token,
        httponly=True,
        samesite="strict",
        secure=call.state.settings.secure_cookies,
        max_age=int(call.state.settings.policy.lifetime.total_seconds()),
        path="/",
    )
    response.delete_cookie(PRE_COOKIE)
    return response


def signout(call: Call) -> Response:
    """End the session on the server and forget the cookie."""
    sign_out(call.state.db, call.request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


#: Each role's front page: what it works on first.
FRONT = {
    Role.ANALYST: "/queue",
    Role.INVESTIGATOR: "/work",
    Role.APPROPRIATE_AUTHORITY: "/work",
    Role.AUDITOR: "/audit",
    Role.ADMIN: "/admin/users",
}


def front_door(call: Call) -> Response:
    """The front page of the signed-in user's role (investigators and AAs: my work)."""
    return RedirectResponse(FRONT[call.actor.role], status_code=303)
