"""The app factory: a Starlette app built from the route table and explicit settings."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from boundline.cases import CaseDB, open_case_db
from boundline.web._routes import ROUTES, STATIC
from boundline.web._routing import endpoint
from boundline.web._security import SecurityHeaders
from boundline.web._settings import WebSettings
from boundline.web._state import AppState, templates
from boundline.web._workspace import Workspaces

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
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders, secure=settings.secure_cookies)],
    )
    app.state.boundline = AppState(settings, opened, Workspaces(settings), templates())
    return app
