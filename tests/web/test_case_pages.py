"""Cases in the workbench, in-process: my work, the list, the case page, steps, exhibits.

The app runs on a copy of the web world's store (cases made here are this module's
alone). The journey is the APSP walkthrough of ``docs/cases.md`` for a police
officer, taken through the web forms, with the database checked after each part.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from web_world import Client, WebWorld

from boundline.audit import entries, utcnow, verify_chain
from boundline.cases import open_case_db
from boundline.cases.models import Case, CaseTransition, CustodyEvent, Exhibit
from boundline.cases.statutory.calendar import local_day
from boundline.web import WebSettings, create_app

OFFICER = "P-WEB-0001"


def _today() -> str:
    return local_day(utcnow()).isoformat()


@pytest.fixture(scope="module")
def store(web_world: WebWorld, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("cases") / "store"
    shutil.copytree(web_world.store, copy)
    return copy


@pytest.fixture(scope="module")
def app(store: Path) -> object:
    return create_app(WebSettings(store=store, upload_limit=4096))


def _client(app: object, username: str) -> Client:
    client = Client(app)
    assert client.sign_in(username).status_code == 303
    return client


def _csrf(client: Client, page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(page).text)
    assert found is not None
    return found.group(1)


def _seen(client: Client, ref: str) -> str:
    found = re.search(r'name="seen" value="(\d+)"', client.get(f"/cases/{ref}").text)
    assert found is not None, "the case page offers no step"
    return found.group(1)


def _step(client: Client, ref: str, step: str, reason: str, **fields: str) -> None:
    data = {
        "csrf": _csrf(client, f"/cases/{ref}"),
        "seen": _seen(client, ref),
        "reason": reason,
        **{f"f_{k}": v for k, v in fields.items()},
    }
    answer = client.post(f"/cases/{ref}/steps/{step}", data)
    why = re.findall(r"error-message\">([^<]*)", answer.text)
    assert answer.status_code == 303, (step, answer.status_code, why)


def _stage(store: Path, ref: str) -> str:
    with open_case_db(store) as db, db.transaction() as session:
        case = session.query(Case).filter_by(reference=ref).one()
        return case.stage


@pytest.fixture(scope="module")
def opened(app: object, store: Path) -> str:
    """A case opened by the appropriate authority through the form; its reference."""
    alma = _client(app, "alma")
    answer = alma.post(
        "/cases",
        {
            "csrf": _csrf(alma, "/cases"),
            "title": "PC met a burglary victim on duty <b>then</b> messaged her",
            "subject": OFFICER,
            "subject_kind": "officer",
            "origin": "conduct_matter",
            "purpose": "misconduct",
            "apsp": "yes",
            "reason": "Tip-off: 2,300 contacts with a victim met on duty",
        },
    )
    assert answer.status_code == 303, answer.text[-600:]
    ref = answer.headers["location"].split("/cases/")[1].split("?")[0]
    members = alma.post(
        f"/cases/{ref}/members/add",
        {"csrf": _csrf(alma, "/members"), "username": "ivan", "reason": "the investigator"},
    )
    assert members.status_code == 303
    return ref


def test_the_case_list_and_my_work_show_the_new_case_to_its_members_only(
    app: object, opened: str
) -> None:
    alma, ivan, ann = _client(app, "alma"), _client(app, "ivan"), _client(app, "ann")
    listed = alma.get("/cases")
    assert opened in listed.text and "&lt;b&gt;then&lt;/b&gt;" in listed.text
    assert opened in ivan.get("/cases?member=ivan").text
    assert opened not in alma.get("/cases?kind=staff").text
    assert opened not in ann.get("/cases").text  # not hers: she confirmed nothing into it
    assert ann.get(f"/cases/{opened}").status_code == 404
    work = alma.get("/work")
    assert work.status_code == 200
    assert opened in work.text and "refer" in work.text.lower()  # the IOPC referral falls due


def test_the_apsp_journey_through_the_forms(app: object, store: Path, opened: str) -> None:
    alma, ivan = _client(app, "alma"), _client(app, "ivan")
    ref = opened
    page = alma.get(f"/cases/{ref}").text
    assert 'data-step="refer_to_iopc"' in page and 'data-step="serve_reg17_notice"' not in page
    _step(alma, ref, "refer_to_iopc", "APSP: a mandatory referral <img src=x onerror=alert(5)>")
    history = alma.get(f"/cases/{ref}").text
    assert "&lt;img src=x onerror=alert(5)&gt;" in history and "<img src=x" not in history
    _step(alma, ref, "record_iopc_decision", "IOPC: local investigation", mode="local")
    _step(alma, ref, "appoint_investigator", "DS on the PSD team", investigator="ivan")
    _step(
        alma,
        ref,
        "assess_severity",
        "A sexual relationship with a victim",
        severity="gross_misconduct",
    )
    assert 'data-step="serve_reg17_notice"' in ivan.get(f"/cases/{ref}").text
    allegation = alma.post(
        f"/cases/{ref}/allegations",
        {
            "csrf": _csrf(alma, f"/cases/{ref}"),
            "text": "Pursued a relationship with a victim <script>alert(3)</script>",
            "standard_1": "discreditable conduct",
            "standard_2": "authority, respect and courtesy",
        },
    )
    assert allegation.status_code == 303
    shown = alma.get(f"/cases/{ref}").text
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in shown and "<script>alert(3)" not in shown
    _step(ivan, ref, "serve_reg17_notice", "Served in person")
    notice = ivan.post(
        f"/cases/{ref}/documents/notice",
        {
            "csrf": _csrf(ivan, f"/cases/{ref}"),
            "format": "pdf",
            "d_rank": "PC",
            "d_force": "Northshire",
        },
    )
    assert notice.status_code == 200, re.findall(r"error-message\">([^<]*)", notice.text)
    assert notice.content.startswith(b"%PDF")
    assert "attachment" in notice.headers["content-disposition"]
    _step(ivan, ref, "schedule_interview", "Agreed with the federation rep", date=_today())
    _step(ivan, ref, "hold_interview", "Interview held; no comment")
    _step(
        ivan,
        ref,
        "submit_reg21_report",
        "The evidence supports gross misconduct",
        opinion="case_to_answer_gross_misconduct",
    )
    _step(alma, ref, "decide_case_to_answer", "Agreed with the report", decision="gross_misconduct")
    _step(alma, ref, "refer_to_misconduct_hearing", "Gross misconduct: a hearing")
    number = re.search(r'id="finding-(\d+)"', alma.get(f"/cases/{ref}").text)
    assert number is not None
    found = alma.post(
        f"/cases/{ref}/allegations/{number.group(1)}/finding",
        {
            "csrf": _csrf(alma, f"/cases/{ref}"),
            "finding": "proven",
            "reason": "The panel's finding",
        },
    )
    assert found.status_code == 303
    _step(
        alma,
        ref,
        "record_outcome",
        "The panel found gross misconduct",
        finding="gross_misconduct",
        outcome="dismissal_without_notice",
    )
    assert "barred" in alma.get("/work").text.lower()
    _step(alma, ref, "refer_to_barred_list", "Dismissed: the barred list")
    _step(alma, ref, "close_case", "Proceedings concluded")
    assert _stage(store, ref) == "closed"
    with open_case_db(store) as db, db.transaction() as session:
        case = session.query(Case).filter_by(reference=ref).one()
        steps = [t.step for t in session.query(CaseTransition).filter_by(case_id=case.id)]
        assert steps[0] == "open_case" and steps[-1] == "close_case" and len(steps) == 14
        assert verify_chain(session).broken is None


def test_a_refused_step_shows_the_explanation_and_is_audited(
    app: object, store: Path, opened: str
) -> None:
    ivan = _client(app, "ivan")
    answer = ivan.post(
        f"/cases/{opened}/steps/refer_to_iopc",
        {"csrf": _csrf(ivan, "/cases"), "reason": "try"},
    )
    assert answer.status_code in (400, 403)
    with open_case_db(store) as db, db.transaction() as session:
        last = entries(session, actor="ivan", limit=1)[0]
        assert last.action in ("refused", "denied")


def test_a_step_on_an_old_view_is_refused_as_the_case_moved_on(app: object, opened: str) -> None:
    alma = _client(app, "alma")
    answer = alma.post(
        f"/cases/{opened}/steps/record_reference",
        {
            "csrf": _csrf(alma, "/cases"),
            "seen": "1",
            "reason": "x",
            "f_kind": "force",
            "f_value": "1",
        },
    )
    assert answer.status_code == 409
    assert "moved on since you looked at it" in answer.text


def test_exhibits_upload_download_custody_and_verify(app: object, store: Path, opened: str) -> None:
    ivan = _client(app, "ivan")
    token = _csrf(ivan, f"/cases/{opened}/exhibits")
    files = {"file": ("../../etc/passwd", b"statement of the victim\n", "text/plain")}
    answer = ivan.request(
        "POST",
        f"/cases/{opened}/exhibits",
        data={"csrf": token, "origin": "statement", "purpose": "misconduct"},
        files=files,
    )
    assert answer.status_code == 303, answer.text[-500:]
    with open_case_db(store) as db, db.transaction() as session:
        exhibit = session.query(Exhibit).filter(Exhibit.name == "passwd").one()
        assert exhibit.location == f"exhibits/{exhibit.sha256}"  # never the uploaded name
        number = exhibit.reference.split("/")[-1]
    assert (store / "exhibits" / exhibit.sha256).read_bytes() == b"statement of the victim\n"
    got = ivan.get(f"/cases/{opened}/exhibits/{number}/download")
    assert got.status_code == 200 and got.content == b"statement of the victim\n"
    with open_case_db(store) as db, db.transaction() as session:
        events = [c.event for c in session.query(CustodyEvent).filter_by(exhibit_id=exhibit.id)]
        assert events == ["received", "exported"]
    hostile = ivan.request(
        "POST",
        f"/cases/{opened}/exhibits",
        data={"csrf": token, "note": "<script>alert(4)</script>"},
        files={"file": ("..\\..\\<img src=x onerror=alert(1)>.txt", b"other", "text/plain")},
    )
    assert hostile.status_code == 303
    register = ivan.get(f"/cases/{opened}/exhibits").text
    assert "_img src_x onerror_alert(1)_.txt" in register and "<img src=x" not in register
    assert (
        "&lt;script&gt;alert(4)&lt;/script&gt;" in register and "<script>alert(4)" not in register
    )
    too_big = ivan.request(
        "POST",
        f"/cases/{opened}/exhibits",
        data={"csrf": token},
        files={"file": ("big.bin", b"x" * 200_000, "application/octet-stream")},
    )
    assert too_big.status_code == 413
    over_limit = ivan.request(
        "POST",
        f"/cases/{opened}/exhibits",
        data={"csrf": token},
        files={"file": ("big.bin", b"x" * 5000, "application/octet-stream")},
    )
    assert over_limit.status_code == 400 and "larger than the upload limit" in over_limit.text
    assert not [p for p in (store / "exhibits").iterdir() if p.name.startswith(".incoming")]
    verified = ivan.post(f"/cases/{opened}/exhibits/verify", {"csrf": token})
    assert verified.status_code == 200 and " 0 not as registered" not in verified.text
    assert re.search(r"(\d+) exhibit\(s\) re-hashed: \1 ok", verified.text)
