"""The workbench in-process: route table, roles, CSRF, headers, figures, escaping."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from starlette.routing import Mount, Route
from web_world import PASSWORD, PAYLOADS, USERS, Client, WebWorld

from boundline.audit import entries
from boundline.cases import PERMISSIONS, Permission, Role, list_exhibits, open_case_db
from boundline.cases.acting import acting
from boundline.engine import connect
from boundline.evidence import evidence
from boundline.store import open_store
from boundline.web import ROUTES, STATIC, Access, WebSettings, create_app


@pytest.fixture(scope="module")
def app(web_world: WebWorld) -> object:
    """One app for the module, so pairs are computed once."""
    return create_app(WebSettings(store=web_world.store))


def _signed_in(app: object, username: str) -> Client:
    client = Client(app)
    assert client.sign_in(username).status_code == 303
    return client


def _audit(store: Path, **filters: str) -> list[tuple[str, str, str]]:
    with open_case_db(store) as db, db.transaction() as session:
        return [(e.actor, e.action, e.detail) for e in entries(session, **filters)]


def _url(path: str, item: int) -> str:
    return path.format(item_id=item, name="timeline", kind="evidence.json")


# -- the route table ---------------------------------------------------------------------


def test_every_route_of_the_app_is_in_the_table_with_what_it_needs(app: object) -> None:
    declared = {(p.method, p.path) for p in ROUTES}
    for route in app.routes:  # type: ignore[attr-defined]
        if isinstance(route, Mount):
            assert route.path == STATIC
            continue
        assert isinstance(route, Route)
        for method in route.methods or ():
            if method != "HEAD":
                assert (method, route.path) in declared, route.path
    for page in ROUTES:
        assert isinstance(page.need, Permission | Access), page.path
        assert page.method == "GET" or page.method == "POST"


def test_the_docs_route_table_is_the_apps() -> None:
    docs = Path(__file__).parents[2].joinpath("docs", "web.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `(GET|POST) ([^`]+)` \| `?([a-z. ]+?)`? \|", docs, flags=re.M))
    assert rows == {(p.method, p.path, p.need.value) for p in ROUTES}


@pytest.mark.parametrize("username", list(USERS))
def test_each_role_gets_exactly_what_the_permission_table_allows(
    app: object, web_world: WebWorld, username: str
) -> None:
    role = USERS[username]
    client = _signed_in(app, username)
    token = client.csrf("/queue")  # every page, a refusal too, has the sign-out form's token
    denied_before = len(_audit(web_world.store, action="denied", actor=username))
    refused = 0
    for route in ROUTES:
        if route.need in (Access.PUBLIC, Access.SIGNED_IN):
            continue
        url = _url(route.path, 3)
        if route.method == "GET":
            response = client.get(url, follow_redirects=False)
        else:
            response = client.post(url, {"csrf": token, "reason": ""}, follow_redirects=False)
        allowed = role in PERMISSIONS[route.need]
        assert (response.status_code == 403) != allowed, (username, route.path, response.status_code)
        refused += not allowed
    denied_after = len(_audit(web_world.store, action="denied", actor=username))
    assert denied_after - denied_before == refused
