"""What one app holds: its settings, case database, pair figures and templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jinja2
from starlette.responses import HTMLResponse

from boundline.cases import CaseDB, Permission, can
from boundline.web._settings import WebSettings
from boundline.web._workspace import Workspaces

if TYPE_CHECKING:
    from boundline.web._routing import Call

__all__ = ["AppState", "templates"]


def templates() -> jinja2.Environment:
    """The workbench's templates: autoescaped, strict about undefined names."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("boundline.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


@dataclass
class AppState:
    """The app's values, passed explicitly (``app.state.boundline``), never global."""

    settings: WebSettings
    db: CaseDB
    workspaces: Workspaces
    env: jinja2.Environment

    def render(
        self, call: Call, template: str, context: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        """A page: the template with the user, their CSRF token and what they may do."""
        signed = call.signed_in
        actor = signed.actor if signed else None
        html = self.env.get_template(template).render(
            actor=actor,
            csrf=signed.csrf if signed else "",
            may=lambda name: actor is not None and can(actor.role, Permission(name)),
            path=call.request.url.path,
            **context,
        )
        return HTMLResponse(html, status_code=status)
