"""The triage queue: the list, one item, and the decisions taken on it."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from starlette.responses import RedirectResponse, Response

from boundline.cases import confirm, decisions, dismiss, reveal
from boundline.cases.acting import acting_as
from boundline.cases.pairs import open_pair
from boundline.cases.queue import SEVERITIES, queue_item, queue_page
from boundline.cases.triage import STATUSES
from boundline.detectors import all_detectors
from boundline.errors import UserInputError
from boundline.web._routing import Call
from boundline.web._workspace import PairKey

__all__ = [
    "item_confirm",
    "item_dismiss",
    "item_page",
    "queue",
    "reveal_form",
    "reveal_identity",
]

#: What the item page says after a decision (by key: no text from the request is shown).
DONE = {
    "dismissed": "Item dismissed. It comes back only if it fires again stronger.",
    "confirmed": "Item confirmed into the case; the alert and the evidence are exhibits.",
}


def _item_id(call: Call) -> int:
    text = call.param("item_id")
    if not text.isdigit() or len(text) > 12:
        raise UserInputError(f"{text!r} is not a triage item number.")
    return int(text)


def queue(call: Call) -> Response:
    """The queue, strongest first, filtered and paged (a fragment for HTMX requests)."""
    status = call.query("status", "needs_review")
    filters = {
        "status": "" if status == "all" else status,
        "severity": call.query("severity"),
        "detector": call.query("detector"),
    }
    with acting_as(call.state.db, call.actor) as session:
        page = queue_page(
            session,
            call.actor,
            status=filters["status"] or None,
            severity=filters["severity"] or None,
            detector=filters["detector"] or None,
            page=call.page(),
            per_page=call.state.settings.page_size,
        )
    template = "queue_rows.html.j2" if call.request.headers.get("hx-request") else "queue.html.j2"
    context = {
        "q": page,
        "status": status,
        "filters": filters,
        "statuses": ["all", *STATUSES],
        "severities": SEVERITIES,
        "codes": [d.code for d in all_detectors()],
        "base": "/queue?" + urlencode({"status": status, **filters}),
    }
    return call.state.render(call, template, context)


def item_page(call: Call) -> Response:
    """One item: its summary, the score explained, its history and the actions on it."""
    item_id = _item_id(call)
    with acting_as(call.state.db, call.actor) as session:
        row, before, after = queue_item(session, call.actor, item_id)
        history = decisions(session, call.actor, item_id)
    done = DONE.get(call.query("done"), "")
    context = {"row": row, "before": before, "after": after, "history": history, "done": done}
    return call.state.render(call, "item.html.j2", context)


def item_dismiss(call: Call) -> Response:
    """Dismiss an item with a reason."""
    item_id = _item_id(call)
    with acting_as(call.state.db, call.actor) as session:
        dismiss(session, call.actor, item_id, call.form.get("reason", ""))
    return RedirectResponse(f"/items/{item_id}?done=dismissed", status_code=303)


def item_confirm(call: Call) -> Response:
    """Confirm an item into a new or existing case, keeping the alert and evidence."""
    item_id = _item_id(call)
    state = call.state
    with acting_as(state.db, call.actor) as session:
        pair = open_pair(session, call.actor, item_id, "evidence for a case")
    report = state.workspaces.report(PairKey(pair.officer_id, pair.person_id, pair.counterpart))
    figures = (json.dumps(report.evidence, indent=2) + "\n").encode("utf-8")
    with acting_as(state.db, call.actor) as session:
        confirm(
            session,
            call.actor,
            state.settings.store,
            item_id,
            call.form.get("case", "NEW") or "NEW",
            call.form.get("reason", ""),
            purpose=call.form.get("purpose", "misconduct") or "misconduct",
            evidence_json=figures,
            stated_kind=call.form.get("subject_kind") or None,
            add_to_case=call.form.get("add_subject") == "yes",
        )
    return RedirectResponse(f"/items/{item_id}?done=confirmed", status_code=303)


def reveal_form(call: Call) -> Response:
    """The form to reveal a pseudonym (the pseudonym may come filled in)."""
    back = call.query("back")
    context = {"pseudonym": call.query("pseudonym")[:60], "back": back if back.isdigit() else ""}
    return call.state.render(call, "reveal_form.html.j2", context)


def reveal_identity(call: Call) -> Response:
    """Reveal the real identity behind a pseudonym, for a stated reason (audited)."""
    with acting_as(call.state.db, call.actor) as session:
        found = reveal(
            session, call.actor, call.form.get("pseudonym", ""), call.form.get("reason", "")
        )
        context = {"pseudonym": found.pseudonym, "kind": found.kind, "real": found.real_id}
    back = call.form.get("back", "")
    context["back"] = f"/items/{back}" if back.isdigit() else "/queue"
    return call.state.render(call, "reveal.html.j2", context)
