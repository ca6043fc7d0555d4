"""Rendering a report: HTML from a Jinja2 template in the package, PDF with WeasyPrint.

The HTML is self-contained (inline CSS and inline SVG charts) and names no
external resource, so neither a browser nor WeasyPrint fetches anything. Every
evidence figure is written in an element with ``data-figure="<path>"`` (for
example ``comms.total`` or ``met_on_duty.0.opened``) holding the figure exactly as
the evidence JSON gives it, so a figure in the report can be checked against the
JSON mechanically.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from boundline.reports._build import Report

NULL = "—"


def figure_text(value: Any) -> str:
    """A figure as the report writes it: the JSON value, with ``—`` for null."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def local_time(value: str | None, tz: str) -> str:
    """An ISO ``Z`` time as the force's local wall time, for readers (not a figure)."""
    if not value:
        return ""
    when = datetime.fromisoformat(value).astimezone(ZoneInfo(tz))
    return when.strftime("%a %d %b %Y %H:%M %Z")


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("boundline.reports", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["fig"] = figure_text
    return env


def render_html(report: Report) -> str:
    """The report as one self-contained HTML document."""
    from markupsafe import Markup

    ev = report.evidence
    svgs = {name: Markup(c.svg) for name, c in report.charts.items()}  # noqa: S704 (vl-convert)
    tz = report.timezone
    html: str = (
        _environment()
        .get_template("report.html.j2")
        .render(
            r=report,
            ev=ev,
            comms=ev["comms"],
            visits=ev.get("visits"),
            record_access=ev.get("record_access"),
            svgs=svgs,
            titles={name: c.title for name, c in report.charts.items()},
            local=lambda v: local_time(v, tz),
            prov=report.provenance,
        )
    )
    return html


def render_pdf(html: str, path: Path) -> Path:
    """Write the HTML as a PDF with WeasyPrint; only ``data:`` URLs are ever read."""
    weasyprint: Any = importlib.import_module("weasyprint")  # untyped
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    path.parent.mkdir(parents=True, exist_ok=True)
    weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(path)
    return path
