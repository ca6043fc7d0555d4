"""Administration in the workbench, in-process: users, roles, disabling, passwords, sessions.

The app runs on a copy of the web world's store, so nothing done here reaches the
other modules' users; the changes are made to users added here, through the page.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import text
from web_world import PASSWORD, USERS, Client, WebWorld

from boundline.audit import entries
from boundline.cases import Actor, Role, UserRow, open_case_db, user_rows
from boundline.cases.admin import HANDLE_LENGTH
from boundline.web import WebSettings, create_app
from boundline.web._pages_admin import ADMIN_PAGES

#: Where the sign-ins that are meant to fail come from (their own throttling counters).
ELSEWHERE = "127.0.0.31"
ROOT = "root"


@pytest.fixture(scope="module")
def store(web_world: WebWorld, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("admin") / "store"
    shutil.copytree(web_world.store, copy)
    return copy


@pytest.fixture(scope="module")
def app(store: Path) -> object:
    return create_app(WebSettings(store=store))


def _signed_in(app: object, username: str, password: str = PASSWORD) -> Client:
    client = Client(app)
    response = client.sign_in(username, password)
    assert response.status_code == 303, response.text
    return client


def _post(client: Client, url: str, **data: str) -> tuple[int, str, str]:
    """POST a form with the session's token: the status, where it leads, and the page."""
    response = client.post(url, {"csrf": client.csrf("/admin/users"), **data})
    return response.status_code, response.headers.get("location", ""), response.text


def _rows(store: Path) -> dict[str, UserRow]:
    with open_case_db(store) as db, db.transaction() as session:
        return {r.username: r for r in user_rows(session, Actor(ROOT, Role.ADMIN))}


def _audit(store: Path, action: str) -> list[tuple[str, str, str]]:
    with open_case_db(store) as db, db.transaction() as session:
        return [(e.actor, e.object_id, e.detail) for e in entries(session, action=action)]


def _fresh(admin: Client, role: str = "analyst", name: str = "A new colleague") -> str:
    username = f"web-{secrets.token_hex(3)}"
    status, location, _ = _post(
        admin,
        "/admin/users",
        username=username,
        role=role,
        display_name=name,
        password=PASSWORD,
    )
    assert (status, location) == (303, "/admin/users?done=added")
    return username


def _handle(client: Client) -> str:
    token = client.cookies["bl_session"]
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:HANDLE_LENGTH]


def test_an_admin_adds_changes_disables_enables_and_resets_a_user(app: object, store: Path) -> None:
    admin = _signed_in(app, ROOT)
    username = _fresh(admin)
    page = admin.get("/admin/users?done=added").text
    assert "User added." in page and f'data-user="{username}"' in page
    colleague = _signed_in(app, username)
    assert colleague.get("/queue").status_code == 200

    assert _post(admin, f"/admin/users/{username}/role", role="investigator")[:2] == (
        303,
        "/admin/users?done=role",
    )
    assert _rows(store)[username].role == "investigator"
    assert "Role changed." in admin.get("/admin/users?done=role").text

    status, location, _ = _post(admin, f"/admin/users/{username}/disable", reason="left")
    assert (status, location) == (303, "/admin/users?done=disabled")
    ended = colleague.get("/queue", follow_redirects=False)
    assert ended.status_code == 303 and ended.headers["location"].startswith("/signin")
    refused = Client(app, address=ELSEWHERE).sign_in(username)
    assert refused.status_code == 401 and "Wrong user name or password." in refused.text
    assert _rows(store)[username].disabled

    assert _post(admin, f"/admin/users/{username}/enable", reason="back")[:2] == (
        303,
        "/admin/users?done=enabled",
    )
    colleague = _signed_in(app, username)

    anew = PASSWORD + " anew"
    assert _post(admin, f"/admin/users/{username}/password", password=anew)[:2] == (
        303,
        "/admin/users?done=password",
    )
    ended = colleague.get("/queue", follow_redirects=False)
    assert ended.status_code == 303  # a new password ends the sessions
    assert Client(app, address=ELSEWHERE).sign_in(username).status_code == 401
    _signed_in(app, username, anew)

    changes = [
        (a, o)
        for action in ("user.role", "user.disable", "user.enable", "user.password")
        for a, o, _ in _audit(store, action)
        if o == username
    ]
    assert len(changes) == 4 and {a for a, _ in changes} == {ROOT}


def test_what_the_services_refuse_is_a_400_with_their_words(app: object) -> None:
    admin = _signed_in(app, ROOT)
    weak = _post(admin, "/admin/users", username="x y", role="analyst", password=PASSWORD)
    assert weak[0] == 400 and "not a usable username" in weak[2]
    short = _post(admin, "/admin/users/ann/password", password="short")
    assert short[0] == 400 and "at least 12 characters" in short[2]
    unknown = _post(admin, "/admin/users/ghost/disable", reason="r")
    assert unknown[0] == 400 and "Unknown user" in unknown[2]
    empty = _post(admin, "/admin/users/ann/disable", reason=" ")
    assert empty[0] == 400 and "reason must not be empty" in empty[2]


def test_the_last_admin_stays_an_admin(app: object, store: Path) -> None:
    admins = [u for u, r in _rows(store).items() if r.role == "admin" and not r.disabled]
    assert admins == [ROOT]
    admin = _signed_in(app, ROOT)
    status, _, page = _post(admin, f"/admin/users/{ROOT}/role", role="auditor")
    assert status == 400 and "root is the last active admin and cannot be demoted" in page
    status, _, page = _post(admin, f"/admin/users/{ROOT}/disable", reason="tired")
    assert status == 400 and "You cannot disable yourself" in page
    root = _rows(store)[ROOT]
    assert root.role == "admin" and not root.disabled


def test_sessions_are_listed_by_handle_and_a_revoked_one_must_sign_in_again(
    app: object, store: Path
) -> None:
    admin = _signed_in(app, ROOT)
    ann = _signed_in(app, "ann")
    handle = _handle(ann)
    page = admin.get("/admin/sessions").text
    assert f'data-session="{handle}"' in page
    assert ann.cookies["bl_session"] not in page
    with open_case_db(store) as db, db.transaction() as session:
        hashes = [h for (h,) in session.execute(text("SELECT id_hash FROM web_sessions"))]
    assert hashes and not any(h in page for h in hashes)  # never an id's hash, whole
    status, location, _ = _post(admin, f"/admin/sessions/{handle}/revoke")
    assert (status, location) == (303, "/admin/sessions?done=revoked")
    after = admin.get(location).text
    assert "Session ended" in after and f'data-session="{handle}"' not in after
    again = ann.get("/queue", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"].startswith("/signin")
    assert admin.get("/admin/sessions").status_code == 200  # the admin's own goes on
    gone = _post(admin, f"/admin/sessions/{handle}/revoke")
    assert gone[0] == 400 and "No open session" in gone[2]


@pytest.mark.parametrize("username", [u for u, r in USERS.items() if r is not Role.ADMIN])
def test_every_other_role_is_refused_every_admin_page_and_it_is_audited(
    app: object, store: Path, username: str
) -> None:
    client = _signed_in(app, username)
    token = client.csrf("/queue")
    before = len(_audit(store, "denied"))
    for page in ADMIN_PAGES:
        url = page.path.format(username="ann", handle="0" * HANDLE_LENGTH)
        if page.method == "GET":
            response = client.get(url, follow_redirects=False)
        else:
            data = {"csrf": token, "reason": "r", "role": "admin", "password": PASSWORD}
            response = client.post(url, {**data, "username": "mallory"}, follow_redirects=False)
        assert response.status_code == 403, (page.method, url, response.status_code)
        assert "may not" in response.text
    assert len(_audit(store, "denied")) - before == len(ADMIN_PAGES)
    rows = _rows(store)
    assert "mallory" not in rows and rows["ann"].role == "analyst"


def test_a_change_without_the_csrf_token_is_refused(app: object, store: Path) -> None:
    admin = _signed_in(app, ROOT)
    for data in ({"reason": "no token"}, {"reason": "wrong token", "csrf": "x" * 43}):
        response = admin.post("/admin/users/ann/disable", data)
        assert response.status_code == 403 and "not sent by this session" in response.text
    assert not _rows(store)["ann"].disabled


def test_hostile_text_is_shown_as_text(app: object) -> None:
    admin = _signed_in(app, ROOT)
    username = _fresh(admin, name="<script>alert(1)</script>")
    page = admin.get("/admin/users?done=<script>alert(2)</script>").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "alert(2)" not in page
    assert username in page
    for url in ("/admin/users", "/admin/sessions"):
        tags = _Tags()
        tags.feed(admin.get(url).text)
        for tag, attrs in tags.found:  # nothing the CSP would refuse, nothing that runs
            assert not any(a.startswith("on") or a == "style" for a in attrs), (url, tag)
            assert tag != "script" or (attrs.get("src") or "").startswith("/static/"), url


class _Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))
