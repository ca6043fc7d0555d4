"""Need to know and forms on the case routes: route x role x membership, CSRF, escaping.

Two cases on a copy of the web world's store: case A held by ``alma`` and ``ivan``,
case B by ``ari`` (an appropriate authority) and ``ivy`` (an investigator). Every
route that names a case is tried by every user against case A: a member gets past
need to know, everyone else whose role allows the route gets the same 404 as for a
case that does not exist, and each such attempt is a ``denied`` entry. Every
state-changing route refuses a form without the session's CSRF token, whoever sends
it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from web_world import PASSWORD, Client, WebWorld

from boundline.audit import entries
from boundline.cases import PERMISSIONS, Actor, Role, add_user, open_case_db
from boundline.cases.acting import acting_as
from boundline.cases.compartments import add_member
from boundline.cases.exhibits import add_exhibit_bytes
from boundline.cases.process_service import open_case_with_process
from boundline.web import ROUTES, Access, WebSettings, create_app

ROOT = Actor("root", Role.ADMIN)
#: Users of this module: who they are and which case they hold.
HOLDERS = {"alma": "A", "ivan": "A", "ari": "B", "ivy": "B", "ann": "", "aud": "", "root": ""}


@pytest.fixture(scope="module")
def world(
    web_world: WebWorld, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, str]]:
    """The store copy and the two cases' references (``A`` and ``B``)."""
    store = tmp_path_factory.mktemp("security") / "store"
    shutil.copytree(web_world.store, store)
    refs: dict[str, str] = {}
    with open_case_db(store) as db:
        with db.transaction() as session:
            add_user(session, ROOT, "ari", Role.APPROPRIATE_AUTHORITY, None, PASSWORD)
            add_user(session, ROOT, "ivy", Role.INVESTIGATOR, None, PASSWORD)
        for letter, (aa, inv) in {"A": ("alma", "ivan"), "B": ("ari", "ivy")}.items():
            actor = Actor(aa, Role.APPROPRIATE_AUTHORITY)
            with acting_as(db, actor) as session:
                case, _ = open_case_with_process(
                    session, actor, title=f"Case {letter}", subject=f"P-SEC-{letter}", reason="r"
                )
                refs[letter] = case.reference
                add_member(session, actor, case.reference, inv, "investigator")
                add_exhibit_bytes(session, actor, store, case.reference, b"x" + letter.encode(),
                                  "a.txt", "other", "misconduct")  # fmt: skip
    return store, refs


@pytest.fixture(scope="module")
def app(world: tuple[Path, dict[str, str]]) -> object:
    return create_app(WebSettings(store=world[0]))


def _url(path: str, ref: str) -> str:
    return path.format(
        ref=ref, step="record_reference", allegation="1", number="EX-001", change="add",
        kind="notice", item_id=1, name="timeline", username="nobody", handle="0" * 12,
    )  # fmt: skip


def _token(client: Client) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/cases").text)
    assert found is not None
    return found.group(1)


def _denied(store: Path, username: str) -> int:
    with open_case_db(store) as db, db.transaction() as session:
        return len(entries(session, actor=username, action="denied"))


CASE_ROUTES = [p for p in ROUTES if "{ref}" in p.path]


def overseen(path: str) -> bool:
    """Routes an auditor may use on any case: verifying exhibits is an integrity check."""
    return path.endswith("/exhibits/verify")


def test_the_case_routes_are_all_tried() -> None:
    assert len(CASE_ROUTES) >= 12
    assert {p.method for p in CASE_ROUTES} == {"GET", "POST"}


@pytest.mark.parametrize("username", sorted(HOLDERS))
def test_only_members_get_past_need_to_know_on_every_case_route(
    app: object, world: tuple[Path, dict[str, str]], username: str
) -> None:
    store, refs = world
    client = Client(app)
    assert client.sign_in(username).status_code == 303
    token = _token(client)
    role = Role(
        {"ari": "appropriate_authority", "ivy": "investigator"}.get(username)
        or {"alma": "appropriate_authority", "ivan": "investigator", "ann": "analyst",
            "aud": "auditor", "root": "admin"}[username]
    )  # fmt: skip
    member = HOLDERS[username] == "A"
    before = _denied(store, username)
    expected_denials = 0
    for page in CASE_ROUTES:
        url = _url(page.path, refs["A"])
        if page.method == "GET":
            answer = client.get(url, follow_redirects=False)
        else:
            answer = client.post(url, {"csrf": token, "reason": ""}, follow_redirects=False)
        allowed = page.need in (Access.PUBLIC, Access.SIGNED_IN) or role in PERMISSIONS[page.need]
        where = (username, page.method, page.path, answer.status_code)
        if not allowed:
            assert answer.status_code == 403, where
            expected_denials += 1
        elif member or role is Role.ADMIN or (role is Role.AUDITOR and overseen(page.path)):
            assert answer.status_code not in (403, 404), where
        else:  # allowed by role, but not a member: the case does not exist for them
            assert answer.status_code == 404, where
            assert "No case" in answer.text or "No exhibit" in answer.text, where
            expected_denials += 1
    assert _denied(store, username) - before >= expected_denials


def test_a_member_of_another_case_guessing_ids_learns_nothing(
    app: object, world: tuple[Path, dict[str, str]]
) -> None:
    ivy = Client(app)
    assert ivy.sign_in("ivy").status_code == 303
    _, refs = world
    real = ivy.get(f"/cases/{refs['A']}")
    made_up = ivy.get("/cases/BL-1999-0099")
    assert real.status_code == made_up.status_code == 404
    shape = re.sub(r"BL-\d{4}-\d{4}", "REF", real.text)
    assert shape == re.sub(r"BL-\d{4}-\d{4}", "REF", made_up.text).replace(
        re.search(r'name="csrf" value="([^"]+)"', made_up.text).group(1),  # type: ignore[union-attr]
        re.search(r'name="csrf" value="([^"]+)"', real.text).group(1),  # type: ignore[union-attr]
    )
    assert ivy.get(f"/cases/{refs['A']}/exhibits/EX-001/download").status_code == 404
    assert refs["A"] not in ivy.get("/cases").text and refs["B"] in ivy.get("/cases").text


@pytest.mark.parametrize(
    "page",
    [p for p in ROUTES if p.method == "POST" and p.need is not Access.PUBLIC],
    ids=lambda p: p.path,
)
def test_every_form_needs_the_sessions_csrf_token(
    app: object, world: tuple[Path, dict[str, str]], page: object
) -> None:
    store, refs = world
    who = {Role.ADMIN: "root", Role.AUDITOR: "aud", Role.ANALYST: "ann"}
    need = page.need  # type: ignore[attr-defined]
    roles = [r for r in Role if need is Access.SIGNED_IN or r in PERMISSIONS[need]]
    username = "alma" if Role.APPROPRIATE_AUTHORITY in roles else (
        "ivan" if Role.INVESTIGATOR in roles else who[roles[0]]
    )  # fmt: skip
    client = Client(app)
    assert client.sign_in(username).status_code == 303
    url = _url(page.path, refs["A"])  # type: ignore[attr-defined]
    before = _denied(store, username)
    for token in ({}, {"csrf": "not-the-token"}):
        answer = client.post(url, {**token, "reason": "r"}, follow_redirects=False)
        assert answer.status_code == 403, (url, answer.status_code)
        assert "The form was not sent by this session" in answer.text
    assert _denied(store, username) - before == 2
