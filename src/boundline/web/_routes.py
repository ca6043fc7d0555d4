"""The workbench's route table: every route, the permission it needs, and what it is.

This table is the one place access is declared (deny by default): the app is built
from it, ``docs/web.md`` prints it (a test keeps the two the same), and a test
fails if the app has a route that is not here.
"""

from __future__ import annotations

from boundline.cases import Permission
from boundline.web._pages_admin import ADMIN_PAGES
from boundline.web._pages_audit import AUDIT_PAGES
from boundline.web._pages_cases import CASE_PAGES
from boundline.web._pages_exhibits import EXHIBIT_PAGES
from boundline.web._pages_pair import contacts, download, pair_chart, workspace
from boundline.web._pages_queue import (
    item_confirm,
    item_dismiss,
    item_page,
    queue,
    reveal_form,
    reveal_identity,
)
from boundline.web._pages_signin import front_door, signin_form, signin_submit, signout
from boundline.web._routing import Access, Page

__all__ = ["ROUTES", "STATIC"]

P = Permission

#: The vendored static files (public: no personal data in them).
STATIC = "/static"

ROUTES: tuple[Page, ...] = (
    Page("GET", "/signin", Access.PUBLIC, signin_form, "the sign-in form"),
    Page("POST", "/signin", Access.PUBLIC, signin_submit, "sign in (user name, password)"),
    Page("POST", "/signout", Access.SIGNED_IN, signout, "sign out (ends the session)"),
    Page(
        "GET",
        "/",
        Access.SIGNED_IN,
        front_door,
        "the front door: my work, the queue, the audit log or users, by role",
    ),
    Page("GET", "/queue", P.TRIAGE_LIST, queue, "the queue, filtered and paged"),
    Page("GET", "/items/{item_id}", P.TRIAGE_LIST, item_page, "one item and its history"),
    Page(
        "POST", "/items/{item_id}/dismiss", P.TRIAGE_DECIDE, item_dismiss, "dismiss, with a reason"
    ),
    Page(
        "POST",
        "/items/{item_id}/confirm",
        P.TRIAGE_DECIDE,
        item_confirm,
        "confirm into a new or existing case, with a reason",
    ),
    Page("GET", "/reveal", P.IDENTITY_REVEAL, reveal_form, "the form to reveal a pseudonym"),
    Page(
        "POST", "/reveal", P.IDENTITY_REVEAL, reveal_identity, "reveal a pseudonym, with a reason"
    ),
    Page("GET", "/items/{item_id}/pair", P.PAIR_VIEW, workspace, "the pair workspace"),
    Page(
        "GET",
        "/items/{item_id}/pair/contacts",
        P.PAIR_VIEW,
        contacts,
        "the pair's contacts, filtered and paged",
    ),
    Page("GET", "/items/{item_id}/pair/charts/{name}", P.PAIR_VIEW, pair_chart, "a chart (SVG)"),
    Page(
        "GET",
        "/items/{item_id}/pair/download/{kind}",
        P.PAIR_VIEW,
        download,
        "evidence.json, report.html or report.pdf",
    ),
    *CASE_PAGES,
    *EXHIBIT_PAGES,
    *AUDIT_PAGES,
    *ADMIN_PAGES,
)
