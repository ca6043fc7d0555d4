"""The pair workspace: the score explained, the evidence figures, charts, lists, downloads."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from starlette.responses import Response

from boundline.cases.acting import acting_as
from boundline.cases.pairs import PairView, open_pair, with_person
from boundline.detectors import all_detectors
from boundline.errors import UserInputError
from boundline.reports import Report, render_html, render_pdf
from boundline.reports._data import Contact
from boundline.web._pages_queue import _item_id
from boundline.web._routing import Call
from boundline.web._workspace import PairKey

__all__ = ["contacts", "download", "pair_chart", "workspace"]

#: The contact list's filters: name → value → the test a contact passes.
FILTERS: dict[str, dict[str, Callable[[Contact], bool]]] = {
    "direction": {"in": lambda c: c.direction == "in", "out": lambda c: c.direction == "out"},
    "kind": {"call": lambda c: c.channel == "call", "message": lambda c: c.channel != "call"},
    "shift": {"on": lambda c: c.on_shift, "off": lambda c: not c.on_shift},
    "night": {"yes": lambda c: c.night, "no": lambda c: not c.night},
    "after_closure": {"yes": lambda c: c.after_closure, "no": lambda c: not c.after_closure},
}


def _open(call: Call, what: str) -> tuple[PairView, Report]:
    """The pair as this user may see it (audited), and its figures with ids as shown."""
    with acting_as(call.state.db, call.actor) as session:
        pair = open_pair(session, call.actor, _item_id(call), what)
    key = PairKey(pair.officer_id, pair.person_id, pair.counterpart)
    about = call.state.workspaces.report(key).evidence.get("person_id")
    if about and about != pair.person_id and not pair.real:  # a counterpart that is a person
        with acting_as(call.state.db, call.actor) as session:
            pair = with_person(session, call.actor, pair, str(about))
    return pair, call.state.workspaces.shown(key, pair.replacements)


def _contact_page(call: Call, report: Report) -> dict[str, object]:
    chosen = {name: call.query(name) for name in FILTERS}
    rows: list[Contact] = report.contacts
    for name, value in chosen.items():
        if value:
            if value not in FILTERS[name]:
                raise UserInputError(f"{name}={value!r} is not one of {', '.join(FILTERS[name])}.")
            rows = [c for c in rows if FILTERS[name][value](c)]
    size = call.state.settings.contacts_page_size
    pages = max(1, -(-len(rows) // size))
    page = min(call.page(), pages)
    zone = ZoneInfo(report.timezone)
    shown = [
        {"local": c.time.astimezone(zone).strftime("%a %d %b %Y %H:%M"), "utc": c.time, "c": c}
        for c in rows[(page - 1) * size : page * size]
    ]
    return {
        "rows": shown,
        "total": len(rows),
        "page": page,
        "pages": pages,
        "chosen": chosen,
        "query": urlencode({k: v for k, v in chosen.items() if v}),
        "filters": {k: list(v) for k, v in FILTERS.items()},
    }


def workspace(call: Call) -> Response:
    """Everything about the pair on one page."""
    pair, report = _open(call, "pair workspace")
    registry = {d.code: d for d in all_detectors()}
    explained = [
        {
            "code": code,
            "name": registry[code].name if code in registry else code,
            "flags": registry[code].summary() if code in registry else "",
            "points": points,
            "figures": pair.alert.get("figures", {}).get(code, {}),
            "parameters": [(p.name, p.default, p.doc) for p in registry[code].parameters()]
            if code in registry
            else [],
        }
        for code, points in pair.alert.get("contributions", {}).items()
    ]
    context = {
        "pair": pair,
        "r": report,
        "ev": report.evidence,
        "explained": explained,
        "adjustments": pair.alert.get("adjustments", {}),
        "contacts": _contact_page(call, report),
        "item": pair.item_id,
    }
    return call.state.render(call, "pair.html.j2", context)


def contacts(call: Call) -> Response:
    """The contacts, filtered and paged (a fragment for HTMX requests)."""
    pair, report = _open(call, "pair contacts")
    template = (
        "contacts.html.j2" if call.request.headers.get("hx-request") else "contacts_page.html.j2"
    )
    context = {"pair": pair, "contacts": _contact_page(call, report), "item": pair.item_id}
    return call.state.render(call, template, context)


def pair_chart(call: Call) -> Response:
    """One chart of the pair as an SVG image."""
    name = call.param("name")
    pair, report = _open(call, f"pair chart {name}")
    chart = report.charts.get(name)
    if chart is None:
        raise UserInputError(f"There is no chart {name!r} for this pair.")
    return Response(chart.svg, media_type="image/svg+xml")


def _filename(pair: PairView, suffix: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{pair.officer}-{pair.person}")[:120]
    return f"{stem}{suffix}"


def download(call: Call) -> Response:
    """The evidence JSON or the evidential report (HTML or PDF), as the user may see it."""
    kind = call.param("kind")
    if kind not in ("evidence.json", "report.html", "report.pdf"):
        raise UserInputError(f"There is no download {kind!r}.")
    pair, report = _open(call, f"download {kind}")
    if kind == "evidence.json":
        body: bytes = (json.dumps(report.evidence, indent=2) + "\n").encode("utf-8")
        media = "application/json"
    elif kind == "report.html":
        body, media = render_html(report).encode("utf-8"), "text/html; charset=utf-8"
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.pdf"
            render_pdf(render_html(report), path)
            body, media = path.read_bytes(), "application/pdf"
    name = _filename(pair, "-" + kind)
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=media, headers=headers)
