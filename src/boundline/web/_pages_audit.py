"""The audit log in the workbench: the filtered, paged log, its check, and its exports.

Auditors and admins only (the route table's ``audit.show`` and ``audit.verify``).
Every handler calls the case services (:mod:`boundline.cases.audit_access`,
:mod:`boundline.cases.audit_export`), which check the permission again, mask
identities as for ``boundline audit show`` and write the look, the check or the
export to the log; the filters are read by the same function as the CLI's options,
so a bad value is the same 400 with the same words.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.responses import Response

from boundline.audit import utcnow
from boundline.cases import Permission
from boundline.cases.acting import acting_as
from boundline.cases.audit_access import AuditFilters, audit_page, verify_everything
from boundline.cases.audit_actions import AUDIT_ACTIONS
from boundline.cases.audit_export import audit_filters, export_audit
from boundline.web._routing import Call, Page

__all__ = ["AUDIT_PAGES", "audit_export_csv", "audit_export_jsonl", "audit_log", "audit_verify"]

P = Permission

#: The query parameters of the log's filters (the same on the page and the exports).
FILTERS = ("actor", "action", "object", "since", "until")
#: Each export's media type (UTF-8 always).
MEDIA = {
    "jsonl": "application/x-ndjson; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def _asked(call: Call) -> dict[str, str]:
    """The filters as given in the query string (to show back and to link with)."""
    return {name: call.query(name)[:200] for name in FILTERS}


def _filters(asked: dict[str, str]) -> AuditFilters:
    """The filters the services take; a UserInputError (400) for a bad action or date."""
    return audit_filters(
        actor=asked["actor"],
        action=asked["action"],
        object_id=asked["object"],
        since=asked["since"],
        until=asked["until"],
    )


def audit_log(call: Call) -> Response:
    """The log, newest first, filtered and paged (a fragment for HTMX requests); audited."""
    asked = _asked(call)
    filters = _filters(asked)
    with acting_as(call.state.db, call.actor) as session:
        page = audit_page(session, call.actor, filters, call.page(), call.state.settings.page_size)
    query = urlencode({k: v for k, v in asked.items() if v})
    context = {
        "log": page,
        "asked": asked,
        "actions": AUDIT_ACTIONS,
        "base": "/audit?" + query + ("&" if query else ""),
        "query": "?" + query if query else "",
    }
    fragment = call.request.headers.get("hx-request")
    return call.state.render(call, "audit_rows.html.j2" if fragment else "audit.html.j2", context)


def audit_verify(call: Call) -> Response:
    """Check the chain and replay the proven rows, as ``boundline audit verify`` does."""
    with acting_as(call.state.db, call.actor) as session:
        check = verify_everything(session, call.actor)
    return call.state.render(call, "audit_verify.html.j2", {"check": check})


def _export(call: Call, fmt: str) -> Response:
    filters = _filters(_asked(call))
    with acting_as(call.state.db, call.actor) as session:
        text = export_audit(session, call.actor, filters, fmt)
    name = f"boundline-audit-{utcnow():%Y%m%dT%H%M%SZ}.{fmt}"
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    return Response(text.encode("utf-8"), media_type=MEDIA[fmt], headers=headers)


def audit_export_jsonl(call: Call) -> Response:
    """The whole filtered log, newest first, as JSON lines (a download); audited."""
    return _export(call, "jsonl")


def audit_export_csv(call: Call) -> Response:
    """The whole filtered log, newest first, as spreadsheet-safe CSV (a download); audited."""
    return _export(call, "csv")


AUDIT_PAGES: tuple[Page, ...] = (
    Page("GET", "/audit", P.AUDIT_SHOW, audit_log, "the audit log, filtered and paged"),
    Page(
        "POST",
        "/audit/verify",
        P.AUDIT_VERIFY,
        audit_verify,
        "verify the audit log's chain and the proven rows",
    ),
    Page(
        "GET",
        "/audit/export.jsonl",
        P.AUDIT_SHOW,
        audit_export_jsonl,
        "the filtered audit log as JSON lines",
    ),
    Page(
        "GET",
        "/audit/export.csv",
        P.AUDIT_SHOW,
        audit_export_csv,
        "the filtered audit log as spreadsheet-safe CSV",
    ),
)
