"""Routes as data: each declares its method, path and the permission it needs.

:func:`endpoint` turns a :class:`Page` into a Starlette endpoint that (1) resumes
the session from its cookie, (2) refuses a signed-out user (a GET is sent to
sign-in, anything else gets 401), (3) checks the page's permission through the case
services (:func:`boundline.cases.acting.demand`: a refusal is a 403 page and a
``denied`` audit entry), (4) refuses a state-changing request without the session's
CSRF token (403, audited), then (5) runs the handler in a worker thread. Handlers
call the case services, which check every rule again; a route restates none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from boundline.cases import Actor, Permission
from boundline.cases.acting import demand, record_denied
from boundline.cases.signin import SignedIn, csrf_matches, resume
from boundline.errors import (
    BoundlineError,
    CaseNotFoundError,
    PermissionDeniedError,
    StoreError,
    UserInputError,
)
from boundline.web._security import SESSION_COOKIE

if TYPE_CHECKING:
    from boundline.web._state import AppState

__all__ = ["Access", "Call", "Need", "Page", "endpoint"]


class Access(StrEnum):
    """What a route needs when it needs no permission of the table."""

    PUBLIC = "public"  # the sign-in page, static files
    SIGNED_IN = "signed in"  # any signed-in user (sign-out, the front door)


Need = Permission | Access


@dataclass(frozen=True)
class Call:
    """One request as a handler sees it: the app, the user, the parameters, the form."""

    state: AppState
    request: Request
    signed_in: SignedIn | None
    form: dict[str, str] = field(default_factory=dict)

    @property
    def actor(self) -> Actor:
        """The signed-in user (handlers of signed-in routes only)."""
        if self.signed_in is None:
            raise PermissionDeniedError("Sign in first.")
        return self.signed_in.actor

    def param(self, name: str) -> str:
        """A path parameter."""
        return str(self.request.path_params[name])

    def query(self, name: str, default: str = "") -> str:
        """A query-string value (stripped), or ``default``."""
        return self.request.query_params.get(name, default).strip()

    def page(self, name: str = "page") -> int:
        """A page number from the query string (1 if absent or not a number)."""
        text = self.query(name, "1")
        return int(text) if text.isdigit() and len(text) < 7 else 1


Handler = Callable[[Call], Response]


@dataclass(frozen=True)
class Page:
    """One route: method, path, what it needs, the handler, and a line for the docs."""

    method: str
    path: str
    need: Need
    handler: Handler
    doc: str


def _error(state: AppState, call: Call, status: int, message: str) -> Response:
    return state.render(call, "error.html.j2", {"message": message}, status)


def _dispatch(state: AppState, page: Page, request: Request, form: dict[str, str]) -> Response:
    signed_in = resume(state.db, request.cookies.get(SESSION_COOKIE), state.settings.policy)
    call = Call(state, request, signed_in, form)
    if page.need is not Access.PUBLIC:
        if signed_in is None:
            if page.method == "GET":
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)
            return _error(state, call, 401, "Your session has ended: sign in again.")
        what = f"{page.method} {page.path}"
        if isinstance(page.need, Permission):
            try:
                demand(state.db, signed_in.actor, page.need, what)
            except PermissionDeniedError as exc:
                return _error(state, call, 403, str(exc))
        if page.method != "GET":
            given = form.get("csrf") or request.headers.get("x-csrf-token")
            if not csrf_matches(signed_in, given):
                record_denied(state.db, signed_in.actor, "missing or wrong CSRF token", what)
                return _error(
                    state, call, 403, "The form was not sent by this session: reload the page."
                )
    try:
        return page.handler(call)
    except PermissionDeniedError as exc:
        return _error(state, call, 403, str(exc))
    except CaseNotFoundError as exc:  # none, or not for this user (need to know): the same 404
        return _error(state, call, 404, str(exc))
    except UserInputError as exc:
        return _error(state, call, 400, str(exc))
    except StoreError as exc:
        return _error(state, call, 503, str(exc))
    except BoundlineError as exc:
        return _error(state, call, 500, str(exc))


def endpoint(page: Page) -> Callable[[Request], Any]:
    """The Starlette endpoint of ``page``."""

    async def run(request: Request) -> Response:
        form: dict[str, str] = {}
        if page.method == "POST":
            data = await request.form()
            form = {k: v for k, v in data.items() if isinstance(v, str)}
        state: AppState = request.app.state.boundline
        return await run_in_threadpool(_dispatch, state, page, request, form)

    run.__name__ = page.handler.__name__
    run.__doc__ = page.doc
    return run
