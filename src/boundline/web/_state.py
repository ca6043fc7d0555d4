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


def figure(value: Any) -> str:
    """A figure for reading: fractions to two decimals, ``—`` for none, lists joined."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(figure(v) for v in value)
    return str(value)


def templates() -> jinja2.Environment:
    """The workbench's templates: autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("boundline.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["fig"] = figure
    return env


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
