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
from boundline.cases import (
    PERMISSIONS,
    Actor,
    Permission,
    Role,
    add_user,
    list_exhibits,
    open_case_db,
)
from boundline.cases.acting import acting
from boundline.engine import connect
from boundline.evidence import evidence
from boundline.store import open_store
from boundline.web import ROUTES, STATIC, Access, WebSettings, create_app
from boundline.web._settings import SETTING_DOCS


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


#: Path parameters for every route: a case that does not exist (so a permitted role gets
#: 404, not a change to the shared world) and names nobody holds.
PARAMS = {
    "name": "timeline",
    "kind": "evidence.json",
    "ref": "BL-1999-0001",
    "step": "record_reference",
    "allegation": "1",
    "number": "EX-001",
    "change": "add",
    "username": "nobody",
    "handle": "0" * 12,
}


def _url(path: str, item: int) -> str:
    return path.format(item_id=item, **PARAMS)


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


def test_the_docs_settings_table_is_the_codes() -> None:
    docs = Path(__file__).parents[2].joinpath("docs", "web.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| ([^|]+?) \|$", docs, flags=re.M))
    assert {k: v for k, v in rows.items() if k in SETTING_DOCS} == SETTING_DOCS


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
        assert (response.status_code == 403) != allowed, (
            username,
            route.path,
            response.status_code,
        )
        refused += not allowed
    denied_after = len(_audit(web_world.store, action="denied", actor=username))
    assert denied_after - denied_before == refused


# -- headers, CSRF, sign-in and sessions -------------------------------------------------


def test_every_response_carries_the_security_headers(app: object) -> None:
    client = _signed_in(app, "ann")
    for url in ("/signin", "/queue", "/items/1", "/static/app.css", "/no-such-page"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp, url
        assert "unsafe-inline" not in csp and "http" not in csp, url
        assert headers["referrer-policy"] == "no-referrer", url
        assert headers["x-content-type-options"] == "nosniff", url
        expected = "public, max-age=3600" if url.startswith("/static/") else "no-store"
        assert headers["cache-control"] == expected, url


def test_the_session_cookie_is_httponly_strict_and_secure_behind_tls(web_world: WebWorld) -> None:
    plain = Client(create_app(WebSettings(store=web_world.store)))
    cookie = plain.sign_in("ann").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    secure = Client(create_app(WebSettings(store=web_world.store, secure_cookies=True)))
    response = secure.sign_in("ann")
    assert "Secure" in response.headers["set-cookie"]
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_a_state_change_without_the_csrf_token_is_refused_and_audited(
    app: object, web_world: WebWorld
) -> None:
    client = _signed_in(app, "ann")
    item = web_world.item_of(web_world.alerts[-1]["officer_id"])
    before = len(_audit(web_world.store, action="denied", actor="ann"))
    for data in ({"reason": "no token"}, {"reason": "wrong token", "csrf": "x" * 43}):
        response = client.post(f"/items/{item}/dismiss", data)
        assert response.status_code == 403 and "not sent by this session" in response.text
    denials = _audit(web_world.store, action="denied", actor="ann")
    assert len(denials) - before == 2 and "CSRF" in denials[0][2]
    assert "needs review" in client.get(f"/items/{item}").text  # nothing changed
    # the sign-in form has its own token, tied to a cookie
    stranger = Client(app)
    refused = stranger.post("/signin", {"username": "ann", "password": PASSWORD, "token": "forged"})
    assert refused.status_code == 403 and "bl_session" not in refused.headers.get("set-cookie", "")


def test_a_get_never_changes_a_decision(app: object, web_world: WebWorld) -> None:
    client = _signed_in(app, "ann")
    item = web_world.item_of(web_world.alerts[-1]["officer_id"])
    response = client.get(f"/items/{item}/dismiss")
    assert response.status_code == 405
    assert "needs review" in client.get(f"/items/{item}").text


def test_wrong_passwords_are_refused_alike_throttled_and_audited(web_world: WebWorld) -> None:
    app = create_app(WebSettings(store=web_world.store))
    # a user of this test's own: a throttled one in the shared world would lock others out
    with open_case_db(web_world.store) as db, db.transaction() as session:
        add_user(session, Actor("root", Role.ADMIN), "tess", Role.ANALYST, None, PASSWORD)
    wrong = Client(app, address="127.0.0.7").sign_in("tess", "not the password at all")
    unknown = Client(app, address="127.0.0.7").sign_in("nobody", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert (
        "Wrong user name or password." in wrong.text
        and "Wrong user name or password." in unknown.text
    )
    for _ in range(4):
        Client(app, address="127.0.0.8").sign_in("tess", "still not the password")
    throttled = Client(app, address="127.0.0.9").sign_in("tess")  # the right password
    assert (
        throttled.status_code == 401 and "too many failed sign-ins for this user" in throttled.text
    )
    failures = _audit(web_world.store, action="signin.failed", actor="tess")
    assert len(failures) == 5 and "wrong password" in failures[0][2]
    assert len(_audit(web_world.store, action="signin.throttled", actor="tess")) == 1


def test_sessions_end_at_sign_out_when_idle_and_at_their_lifetime(
    app: object, web_world: WebWorld
) -> None:
    client = _signed_in(app, "ivan")
    first = client.cookies["bl_session"]
    client.sign_in("ivan")
    assert client.cookies["bl_session"] != first  # a new id at every sign-in
    stale = Client(app)
    stale.cookies.set("bl_session", first, domain="127.0.0.1")
    assert stale.get("/queue", follow_redirects=False).status_code == 303  # the old one ended
    client.post("/signout", {"csrf": client.csrf()})
    again = Client(app)
    again.cookies.set("bl_session", client.cookies.get("bl_session") or "", domain="127.0.0.1")
    assert again.get("/queue", follow_redirects=False).headers["location"].startswith("/signin")
    with open_case_db(web_world.store) as db:
        for column in ("last_seen", "created_at"):
            fresh = _signed_in(app, "ivan")
            assert fresh.get("/queue").status_code == 200
            with db.engine.begin() as conn:
                conn.exec_driver_sql(
                    f"UPDATE web_sessions SET {column} = '2020-01-01 00:00:00' WHERE ended_at IS NULL"
                )
            assert fresh.get("/queue", follow_redirects=False).status_code == 303
    why = [
        json.loads(d)["why"] for _, _, d in _audit(web_world.store, action="signout", actor="ivan")
    ]
    assert {"signed out", "idle", "lifetime"} <= set(why)


# -- untrusted data, figures, pseudonyms, decisions -------------------------------------


class _Elements(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _assert_inert(html: str, where: str) -> None:
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert not any(name.startswith("on") for name in attrs), (where, tag, attrs)
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), (where, attrs)  # type: ignore[union-attr]
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (
                where,
                attrs,
            )


@pytest.mark.parametrize("username", ["ivan", "ann"])
def test_hostile_values_from_the_force_are_shown_as_text_on_every_page(
    app: object, web_world: WebWorld, username: str
) -> None:
    client = _signed_in(app, username)
    item = web_world.item_of(PAYLOADS["officer"])
    pages = [
        "/queue",
        f"/items/{item}",
        f"/items/{item}/pair",
        f"/items/{item}/pair/contacts",
        f"/items/{item}/pair/download/report.html",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_inert(response.text, url)
    for name in ("timeline", "heat", "map"):
        svg = client.get(f"/items/{item}/pair/charts/{name}").text
        assert "<script" not in svg and "<img" not in svg, name  # text is escaped in SVG too
        _assert_inert(svg, name)
    pair = client.get(f"/items/{item}/pair").text
    if username == "ivan":  # real ids: the payloads are there, escaped
        assert "N9&lt;script&gt;alert(1)&lt;/script&gt;" in pair
        assert "javascript:alert(1)" in pair and 'href="javascript' not in pair
    else:  # pseudonyms: the hostile ids never reach the analyst at all
        assert "alert(1)</script>" not in pair and "PERSON-" in pair


def test_the_workspace_figures_are_the_engines_and_the_contacts_add_up(
    app: object, web_world: WebWorld
) -> None:
    top = web_world.alerts[0]
    item = web_world.item_of(top["officer_id"])
    client = _signed_in(app, "ivan")
    figures = evidence(connect(open_store(web_world.store)), top["officer_id"], top["person_id"])
    downloaded = json.loads(client.get(f"/items/{item}/pair/download/evidence.json").text)
    assert downloaded == figures
    page = client.get(f"/items/{item}/pair").text
    assert f'id="fig-total">{figures["comms"]["total"]}<' in page
    assert f'id="fig-night">{figures["comms"]["night"]}<' in page
    for query, expected in (
        ("", figures["comms"]["total"]),
        ("night=yes", figures["comms"]["night"]),
        ("shift=off", figures["comms"]["off_shift"]),
        ("after_closure=yes", figures["comms"]["after_closure"]),
        ("direction=out", figures["comms"]["out"]),
        ("kind=call", figures["comms"]["calls"]),
    ):
        listed = client.get(f"/items/{item}/pair/contacts?{query}", headers={"hx-request": "true"})
        assert f'id="contacts-count">{expected} contact' in listed.text, query
        assert "<html" not in listed.text  # a fragment for htmx
    state = app.state.boundline  # type: ignore[attr-defined]
    computed = state.workspaces.computed
    client.get(f"/items/{item}/pair")
    assert state.workspaces.computed == computed  # cached, not recomputed per request


def test_an_analyst_sees_only_pseudonyms_in_pages_and_downloads(
    app: object, web_world: WebWorld
) -> None:
    top = web_world.alerts[0]
    item = web_world.item_of(top["officer_id"])
    client = _signed_in(app, "ann")
    for url in (
        "/queue",
        f"/items/{item}",
        f"/items/{item}/pair",
        f"/items/{item}/pair/charts/timeline",
        f"/items/{item}/pair/download/evidence.json",
        f"/items/{item}/pair/download/report.html",
    ):
        text = client.get(url).text
        assert top["officer_id"] not in text and top["person_id"] not in text, url
    assert "OFFICER-" in client.get(f"/items/{item}/pair").text
    named = client.get(f"/items/{item}/pair/download/evidence.json").headers["content-disposition"]
    assert named.startswith('attachment; filename="OFFICER-') and named.endswith('-evidence.json"')
    views = _audit(web_world.store, action="view", actor="ann")
    assert any('"what":"pair workspace"' in d and "pseudonymised" in d for _, _, d in views)


def test_confirming_keeps_the_alert_and_the_evidence_as_exhibits(
    app: object, web_world: WebWorld
) -> None:
    top = web_world.alerts[2]
    item = web_world.item_of(top["officer_id"])
    client = _signed_in(app, "ivan")
    token = client.csrf(f"/items/{item}")
    done = client.post(
        f"/items/{item}/confirm",
        {"csrf": token, "case": "NEW", "reason": "pattern"},
        follow_redirects=True,
    )
    assert done.status_code == 200 and "Item confirmed" in done.text
    reference = re.search(r"(BL-\d{4}-\d{4})", done.text)
    assert reference is not None
    with open_case_db(web_world.store) as db, acting(db, "ivan") as (session, actor):
        kept = list_exhibits(session, actor, reference.group(1))
    assert {e.origin for e in kept} == {"alert_snapshot", "evidence_json"}


def test_an_analyst_may_not_reveal_and_an_investigator_reveals_with_a_reason(
    app: object, web_world: WebWorld
) -> None:
    analyst = _signed_in(app, "ann")
    page = analyst.get("/items/1").text
    pseudonym = re.search(r"(OFFICER-[0-9A-F]+)", page)
    assert pseudonym is not None and 'id="reveal-form"' not in page
    refused = analyst.post(
        "/reveal", {"csrf": analyst.csrf(), "pseudonym": pseudonym.group(1), "reason": "curious"}
    )
    assert refused.status_code == 403
    boss = _signed_in(app, "root")
    form = boss.get(f"/reveal?pseudonym={pseudonym.group(1)}&back=1").text
    assert 'id="reveal-form"' in form and f'value="{pseudonym.group(1)}"' in form
    token = boss.csrf("/reveal")
    assert (
        boss.post(
            "/reveal", {"csrf": token, "pseudonym": pseudonym.group(1), "reason": ""}
        ).status_code
        == 400
    )
    shown = boss.post(
        "/reveal", {"csrf": token, "pseudonym": pseudonym.group(1), "reason": "case review"}
    )
    assert shown.status_code == 200 and web_world.alerts[0]["officer_id"] in shown.text
    reveals = _audit(web_world.store, action="reveal", actor="root")
    assert reveals and "case review" in reveals[0][2]


def test_a_server_computes_the_strongest_pairs_before_anyone_asks(web_world: WebWorld) -> None:
    from boundline.web._app import _warm

    app = create_app(WebSettings(store=web_world.store, warm_pairs=2))
    state = app.state.boundline
    _warm(state)
    assert state.workspaces.computed == 2
    client = _signed_in(app, "ann")
    client.get(f"/items/{web_world.item_of(web_world.alerts[0]['officer_id'])}/pair")
    assert state.workspaces.computed == 2  # the strongest item's figures were ready
