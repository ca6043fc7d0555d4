"""The audit log in the workbench: who sees it, filters, pages, verify, exports, escaping."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner
from web_world import USERS, Client, WebWorld

from boundline.audit import count_entries, entries, record, unguard_statements, verify_chain
from boundline.cases import DEFAULT_DB_NAME, Role, open_case_db
from boundline.cases.audit_export import COLUMNS
from boundline.cli import app as cli
from boundline.web import WebSettings, create_app

#: The audit routes: (method, path).
ROUTES = [
    ("GET", "/audit"),
    ("POST", "/audit/verify"),
    ("GET", "/audit/export.jsonl"),
    ("GET", "/audit/export.csv"),
]
READERS = [name for name, role in USERS.items() if role in (Role.AUDITOR, Role.ADMIN)]
OTHERS = [name for name in USERS if name not in READERS]
HOSTILE = "=<script>alert(9)</script>"


@pytest.fixture(scope="module")
def app(web_world: WebWorld) -> object:
    """One app for the module, three entries to a page (so paging shows)."""
    return create_app(WebSettings(store=web_world.store, page_size=3))


def _signed_in(app: object, username: str) -> Client:
    client = Client(app)
    assert client.sign_in(username).status_code == 303
    return client


def _count(store: Path, **filters: str) -> int:
    with open_case_db(store) as db, db.transaction() as session:
        return count_entries(session, **filters)


def _seqs(page: str) -> list[int]:
    return [int(s) for s in re.findall(r'data-seq="(\d+)"', page)]


def _text(page: str) -> str:
    """The page's words, unescaped, on one line (as a person would read them)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


# -- who may --------------------------------------------------------------------------------


@pytest.mark.parametrize("username", READERS)
def test_auditors_and_admins_see_the_log_and_may_verify(app: object, username: str) -> None:
    client = _signed_in(app, username)
    page = client.get("/audit")
    assert page.status_code == 200
    assert 'id="audit-table"' in page.text and 'action="/audit/verify"' in page.text
    assert re.search(r'name="csrf" value="[^"]+"', page.text)
    assert "/audit/export.jsonl" in page.text and "/audit/export.csv" in page.text
    assert "style=" not in page.text and "<script>" not in page.text


@pytest.mark.parametrize("username", OTHERS)
def test_other_roles_are_refused_every_audit_route(
    app: object, web_world: WebWorld, username: str
) -> None:
    client = _signed_in(app, username)
    token = client.csrf("/audit")  # a refusal page carries the sign-out form's token too
    before = _count(web_world.store, action="denied", actor=username)
    looks = _count(web_world.store, action="audit.show") + _count(
        web_world.store, action="audit.export"
    )
    for method, path in ROUTES:
        if method == "GET":
            response = client.get(path, follow_redirects=False)
        else:
            response = client.post(path, {"csrf": token}, follow_redirects=False)
        assert response.status_code == 403, (username, path)
        assert 'id="audit-table"' not in response.text
    assert _count(web_world.store, action="denied", actor=username) - before == len(ROUTES)
    after = _count(web_world.store, action="audit.show") + _count(
        web_world.store, action="audit.export"
    )
    assert after == looks


def test_a_signed_out_visitor_is_sent_to_sign_in(app: object) -> None:
    response = Client(app).get("/audit?action=signin", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/signin?")
    assert Client(app).post("/audit/verify", {}).status_code == 401


# -- filters and pages ----------------------------------------------------------------------


def test_filters_and_pages(app: object, web_world: WebWorld) -> None:
    client = _signed_in(app, "aud")
    with open_case_db(web_world.store) as db, db.transaction() as session:
        signins = [e.seq for e in entries(session, action="signin")]
        mine = [e.seq for e in entries(session, action="signin", actor="aud")]
    first = client.get("/audit?action=signin")
    assert first.status_code == 200 and _seqs(first.text) == signins[:3]
    pages = -(-len(signins) // 3)
    said = _text(first.text)
    assert f"{len(signins)} entries; page 1 of {pages}." in said
    assert 'href="/audit?action=signin&amp;page=2"' in first.text
    assert 'href="/audit/export.csv?action=signin"' in first.text
    second = client.get("/audit?action=signin&page=2")
    assert _seqs(second.text) == signins[3:6] and 'rel="prev"' in second.text
    past = client.get("/audit?action=signin&page=999")
    assert _seqs(past.text) == signins[(pages - 1) * 3 :]

    by_actor = client.get("/audit?action=signin&actor=aud")
    assert _seqs(by_actor.text) == mine[:3]
    assert 'value="aud"' in by_actor.text and '<option value="signin" selected>' in by_actor.text
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    nothing = client.get(f"/audit?since={tomorrow}")
    assert _seqs(nothing.text) == [] and "No entry of the log matches" in nothing.text
    today = client.get(f"/audit?action=signin&until={tomorrow}&since=2000-01-01")
    assert _seqs(today.text) == signins[:3]
    fragment = client.get("/audit?action=signin", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and _seqs(fragment.text) == signins[:3]


def test_each_look_is_audited_with_its_filters(app: object, web_world: WebWorld) -> None:
    client = _signed_in(app, "root")
    assert client.get("/audit?action=signin&since=2000-01-01&page=2").status_code == 200
    with open_case_db(web_world.store) as db, db.transaction() as session:
        look = entries(session, action="audit.show", actor="root", limit=1)[0]
    detail = json.loads(look.detail)
    assert detail["action"] == "signin" and detail["actor"] is None
    assert detail["since"] == "2000-01-01T00:00:00+00:00"
    assert detail["page"] == 2 and detail["per_page"] == 3


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("action=case.opened", "The audit log has no action 'case.opened'."),
        ("since=yesterday", "since: 'yesterday' is not a date"),
        ("until=2026-02-30", "until: '2026-02-30' is not a date"),
        ("since=2026-03-02&until=2026-03-01T12:00", "is not before until"),
    ],
)
def test_a_bad_filter_is_a_400_saying_why(app: object, query: str, said: str) -> None:
    client = _signed_in(app, "aud")
    for path in ("/audit", "/audit/export.csv", "/audit/export.jsonl"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert said in _text(response.text), _text(response.text)


# -- verify ---------------------------------------------------------------------------------


def test_verify_shows_the_entries_checked_and_the_head(app: object, web_world: WebWorld) -> None:
    client = _signed_in(app, "aud")
    response = client.post("/audit/verify", {"csrf": client.csrf("/audit")})
    assert response.status_code == 200
    said = _text(response.text)
    found = re.search(
        r"Audit log intact: (\d+) entries; head entry (\d+), hash ([0-9a-f]{64})\.", said
    )
    assert found is not None, said
    checked, head, digest = int(found.group(1)), int(found.group(2)), found.group(3)
    assert f"Entries checked {checked} Head entry {head} Head hash {digest}" in said
    assert "proven tables is what the log says it is." in said
    with open_case_db(web_world.store) as db, db.transaction() as session:
        now = verify_chain(session)
        hashes = {e.seq: e.hash for e in entries(session, limit=None)}
    assert now.intact and now.entries >= checked + 2  # the check and the row replay came after
    assert hashes[head] == digest and head == checked
    with open_case_db(web_world.store) as db, db.transaction() as session:
        done = [e.action for e in entries(session, actor="aud", limit=2)]
    assert done == ["audit.verify_rows", "audit.verify"]


def test_verify_without_the_csrf_token_is_refused(app: object, web_world: WebWorld) -> None:
    client = _signed_in(app, "aud")
    before = _count(web_world.store, action="audit.verify")
    for data in ({}, {"csrf": "x" * 43}):
        response = client.post("/audit/verify", data)
        assert response.status_code == 403 and "not sent by this session" in response.text
    assert _count(web_world.store, action="audit.verify") == before


def test_a_broken_chain_shows_the_first_problem_as_the_cli_does(
    web_world: WebWorld, tmp_path: Path
) -> None:
    copy = tmp_path / "store"
    shutil.copytree(web_world.store, copy)
    with sqlite3.connect(copy / DEFAULT_DB_NAME) as conn:
        for statement in unguard_statements("sqlite"):
            conn.execute(statement)
        conn.execute('UPDATE audit_log SET detail = \'{"why":"nothing"}\' WHERE seq = 5')
    conn.close()
    broken_app = create_app(WebSettings(store=copy))
    client = _signed_in(broken_app, "aud")
    response = client.post("/audit/verify", {"csrf": client.csrf("/audit")})
    assert response.status_code == 200
    said = _text(response.text)
    assert "audit log broken at entry 5 (edited): " in said
    assert "Audit log intact" not in said and "were not checked" in said
    env = {"BOUNDLINE_CASE_DB": None, "BOUNDLINE_USER": "aud", "BOUNDLINE_STORE": None}
    result = CliRunner().invoke(cli, ["audit", "verify", "--store", str(copy)], env=env)
    assert result.exit_code == 1
    line = " ".join(result.stderr.split())
    assert line.startswith("audit log broken at entry 5 (edited): ") and line in said


# -- exports --------------------------------------------------------------------------------


def test_the_exports_download_the_whole_filtered_log(app: object, web_world: WebWorld) -> None:
    client = _signed_in(app, "aud")
    total = _count(web_world.store, action="signin")
    as_csv = client.get("/audit/export.csv?action=signin")
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = as_csv.headers["content-disposition"]
    assert re.fullmatch(r'attachment; filename="boundline-audit-\d{8}T\d{6}Z\.csv"', disposition)
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8"), newline="")))
    assert tuple(rows[0]) == COLUMNS and len(rows) - 1 == total > 3  # every page
    assert {r[3] for r in rows[1:]} == {"signin"}

    as_jsonl = client.get("/audit/export.jsonl?action=signin&actor=aud")
    assert as_jsonl.status_code == 200
    assert as_jsonl.headers["content-type"] == "application/x-ndjson; charset=utf-8"
    assert as_jsonl.headers["content-disposition"].endswith('.jsonl"')
    lines = [json.loads(line) for line in as_jsonl.text.splitlines()]
    assert lines and {(x["actor"], x["action"]) for x in lines} == {("aud", "signin")}
    assert [x["seq"] for x in lines] == sorted((x["seq"] for x in lines), reverse=True)
    with open_case_db(web_world.store) as db, db.transaction() as session:
        exports = entries(session, action="audit.export", actor="aud", limit=2)
    details = [json.loads(e.detail) for e in exports]
    assert [d["format"] for d in details] == ["jsonl", "csv"]
    assert details[1]["entries"] == total and details[0]["actor"] == "aud"


# -- escaping -------------------------------------------------------------------------------


def test_hostile_text_in_entries_is_shown_escaped_and_exported_safe(
    app: object, web_world: WebWorld
) -> None:
    with open_case_db(web_world.store) as db, db.transaction() as session:
        record(session, "root", "view", "note", HOSTILE, {"why": '"><img src=x onerror=alert(7)>'})
    client = _signed_in(app, "root")
    page = client.get("/audit", params={"object": HOSTILE})
    assert page.status_code == 200 and len(_seqs(page.text)) == 1
    assert "<script>alert(9)" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(9)&lt;/script&gt;" in page.text
    assert "&lt;img src=x onerror=alert(7)&gt;" in page.text
    exported = client.get("/audit/export.csv", params={"object": HOSTILE})
    rows = list(csv.reader(io.StringIO(exported.text, newline="")))
    assert [r[5] for r in rows[1:]] == ["'" + HOSTILE]
    assert exported.headers["x-content-type-options"] == "nosniff"
