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
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import Message

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
    files: dict[str, UploadFile] = field(default_factory=dict)

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
    #: a multipart form with a file (an upload), its body limited by the settings
    upload: bool = False


def _error(state: AppState, call: Call, status: int, message: str) -> Response:
    return state.render(call, "error.html.j2", {"message": message}, status)


def _dispatch(
    state: AppState,
    page: Page,
    request: Request,
    form: dict[str, str],
    files: dict[str, UploadFile],
) -> Response:
    signed_in = resume(state.db, request.cookies.get(SESSION_COOKIE), state.settings.policy)
    call = Call(state, request, signed_in, form, files)
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


#: The largest form without a file (a reason, an allegation): 1 MiB.
_FORM_LIMIT = 1 << 20
#: Room for the multipart envelope (boundaries, the other fields) around an upload.
_ENVELOPE = 64 << 10


class _TooLarge(Exception):
    """The body is longer than its limit (said as a 413 before any handler runs)."""


async def _limited_form(request: Request, limit: int, upload: bool) -> FormData:
    """The posted form, refusing a body over ``limit`` (declared or as it streams in).

    A form without an upload page may carry no file at all; an upload page one.
    """
    ceiling = limit + _ENVELOPE
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > ceiling:
        raise _TooLarge
    received = 0
    receive = request.receive

    async def counting() -> Message:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > ceiling:
            raise _TooLarge
        return message

    limited = Request(request.scope, counting)
    return await limited.form(max_files=1 if upload else 0, max_fields=50)


def endpoint(page: Page) -> Callable[[Request], Any]:
    """The Starlette endpoint of ``page``."""

    async def run(request: Request) -> Response:
        state: AppState = request.app.state.boundline
        form: dict[str, str] = {}
        files: dict[str, UploadFile] = {}
        if page.method == "POST":
            limit = state.settings.upload_limit if page.upload else _FORM_LIMIT
            try:
                data = await _limited_form(request, limit, page.upload)
            except _TooLarge:
                return PlainTextResponse(
                    f"The request is larger than the limit of {limit:,} bytes: nothing was kept.",
                    status_code=413,
                )
            except MultiPartException as exc:
                return PlainTextResponse(f"The form cannot be read: {exc}.", status_code=400)
            form = {k: v for k, v in data.items() if isinstance(v, str)}
            files = {k: v for k, v in data.items() if isinstance(v, UploadFile)}
        try:
            return await run_in_threadpool(_dispatch, state, page, request, form, files)
        finally:
            for upload in files.values():
                await upload.close()

    run.__name__ = page.handler.__name__
    run.__doc__ = page.doc
    return run
