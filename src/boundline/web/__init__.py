"""The workbench: a web app where a PSD's people sign in, work the queue and study a pair.

``create_app(WebSettings(store=...))`` builds a Starlette app (served by uvicorn with
``boundline serve``). It sits on top of the case services like the CLI: routes are
thin, every permission, pseudonym, audit entry and decision goes through
:mod:`boundline.cases`, and the figures through :mod:`boundline.reports`. The route
table (:data:`ROUTES`) declares what each route needs. See ``docs/web.md``.
"""

from boundline.web._app import create_app
from boundline.web._routes import ROUTES, STATIC
from boundline.web._routing import Access, Page
from boundline.web._settings import SETTING_DOCS, WebSettings, is_loopback, load_settings

__all__ = [
    "ROUTES",
    "SETTING_DOCS",
    "STATIC",
    "Access",
    "Page",
    "WebSettings",
    "create_app",
    "is_loopback",
    "load_settings",
]
