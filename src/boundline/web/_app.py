"""The app factory: a Starlette app built from the route table and explicit settings."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from boundline.cases import CaseDB, open_case_db
from boundline.cases.queue import strongest_pairs
from boundline.errors import BoundlineError
from boundline.web._routes import ROUTES, STATIC
from boundline.web._routing import endpoint
from boundline.web._security import SecurityHeaders
from boundline.web._settings import WebSettings
from boundline.web._state import AppState, templates
from boundline.web._workspace import PairKey, Workspaces

__all__ = ["create_app"]


def create_app(settings: WebSettings, db: CaseDB | None = None) -> Starlette:
    """The workbench for ``settings``; ``db`` is an already open case database (tests).

    Without ``db`` the case database of the settings is opened (and migrated).
    Nothing is global: two apps in one process share nothing.
    """
    opened = db if db is not None else open_case_db(settings.store, settings.db_url)
    static = Path(str(files("boundline.web").joinpath("static")))
    routes: list[BaseRoute] = [
        Route(p.path, endpoint(p), methods=[p.method], name=f"{p.method} {p.path}") for p in ROUTES
    ]
    routes.append(Mount(STATIC, app=StaticFiles(directory=static), name="static"))
    state = AppState(settings, opened, Workspaces(settings), templates())

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if settings.warm_pairs > 0:
            threading.Thread(target=_warm, args=(state,), daemon=True, name="warm").start()
        yield

    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders, secure=settings.secure_cookies)],
        lifespan=lifespan,
    )
    app.state.boundline = state
    return app


def _warm(state: AppState) -> None:
    """Compute the figures of the strongest items before anyone asks (a server's start)."""
    with state.db.reading() as session:
        pairs = strongest_pairs(session, state.settings.warm_pairs)
    for officer, person, counterpart in pairs:
        try:
            state.workspaces.report(PairKey(officer, person, counterpart))
        except BoundlineError:  # a pair the store no longer has: its page will say so
            continue
