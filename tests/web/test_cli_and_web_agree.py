"""The CLI and the workbench give the same answers for the same person.

One scenario (open an APSP case, add its investigator, three steps, an allegation, a
refused step, an exhibit and a custody event) is run through the CLI on one copy of
the web world's store and through the web forms on another. The rows each leaves in
the case database and the audit actions that changed something are then compared:
they must be the same, apart from the moments they were recorded.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner
from web_world import Client, WebWorld

from boundline.cli import app as cli_app
from boundline.web import WebSettings, create_app

SUBJECT = "P-AGREE-01"
TITLE = "APSP: the same case twice"
#: The audit actions that read rather than change (the web shows pages, the CLI logs in).
READING = {"login", "view", "signin", "signout", "case.due", "triage.queue", "rows.write"}
STATEMENT = b"the victim's statement, taken on 2 December\n"


def _copy(world: WebWorld, root: Path, name: str) -> Path:
    store = root / name / "store"
    shutil.copytree(world.store, store)
    return store


def _cli(store: Path, user: str, *args: str) -> str:
    result = CliRunner().invoke(cli_app, [*args, "--as", user, "--store", str(store)])
    return f"{result.exit_code}:{result.output}"


def _through_the_cli(store: Path, tmp: Path) -> None:
    opened = _cli(store, "alma", "case", "open", "--title", TITLE, "--subject", SUBJECT,
                  "--reason", "A tip-off")  # fmt: skip
    assert opened.startswith("0:"), opened
    ref = re.search(r"BL-\d{4}-\d{4}", opened)
    assert ref is not None
    case = ref.group(0)
    assert (
        _cli(store, "alma", "case", "member-add", case, "ivan", "--reason", "investigator")[0]
        == "0"
    )
    for step, fields in (
        ("refer_to_iopc", []),
        ("record_iopc_decision", ["--field", "mode=local"]),
        ("appoint_investigator", ["--field", "investigator=ivan"]),
    ):
        said = _cli(
            store, "alma", "case", "advance", case, step, "--reason", f"why {step}", *fields
        )
        assert said.startswith("0:"), said
    alleged = _cli(store, "alma", "case", "allege", case, "--text", "Pursued a victim",
                   "--standard", "discreditable conduct")  # fmt: skip
    assert alleged.startswith("0:"), alleged
    refused = _cli(store, "ivan", "case", "advance", case, "hold_interview", "--reason", "too soon")
    assert not refused.startswith("0:")
    statement = tmp / "statement.txt"
    statement.write_bytes(STATEMENT)
    added = _cli(store, "ivan", "exhibits", "add", case, str(statement), "--origin", "statement",
                 "--purpose", "misconduct")  # fmt: skip
    assert added.startswith("0:"), added
    custody = _cli(store, "ivan", "exhibits", "custody", f"{case}/EX-001", "--event", "viewed",
                   "--note", "read it")  # fmt: skip
    assert custody.startswith("0:"), custody


def _csrf(client: Client, page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(page).text)
    assert found is not None
    return found.group(1)


def _through_the_web(store: Path) -> None:
    web = create_app(WebSettings(store=store))
    alma, ivan = Client(web), Client(web)
    assert alma.sign_in("alma").status_code == 303 and ivan.sign_in("ivan").status_code == 303
    answer = alma.post(
        "/cases",
        {"csrf": _csrf(alma, "/cases"), "title": TITLE, "subject": SUBJECT, "reason": "A tip-off",
         "subject_kind": "officer", "origin": "conduct_matter", "purpose": "misconduct",
         "apsp": "yes"},
    )  # fmt: skip
    assert answer.status_code == 303
    case = answer.headers["location"].split("/cases/")[1].split("?")[0]
    added = alma.post(f"/cases/{case}/members/add",
                      {"csrf": _csrf(alma, "/cases"), "username": "ivan", "reason": "investigator"})  # fmt: skip
    assert added.status_code == 303
    for step, fields in (
        ("refer_to_iopc", {}),
        ("record_iopc_decision", {"f_mode": "local"}),
        ("appoint_investigator", {"f_investigator": "ivan"}),
    ):
        data = {"csrf": _csrf(alma, "/cases"), "reason": f"why {step}", **fields}
        assert alma.post(f"/cases/{case}/steps/{step}", data).status_code == 303
    alleged = alma.post(f"/cases/{case}/allegations",
                        {"csrf": _csrf(alma, "/cases"), "text": "Pursued a victim",
                         "standard_9": "discreditable conduct"})  # fmt: skip
    assert alleged.status_code == 303
    refused = ivan.post(f"/cases/{case}/steps/hold_interview",
                        {"csrf": _csrf(ivan, "/cases"), "reason": "too soon"})  # fmt: skip
    assert refused.status_code in (400, 403)
    token = _csrf(ivan, "/cases")
    uploaded = ivan.request(
        "POST",
        f"/cases/{case}/exhibits",
        data={"csrf": token, "origin": "statement", "purpose": "misconduct"},
        files={"file": ("statement.txt", STATEMENT, "text/plain")},
    )
    assert uploaded.status_code == 303
    custody = ivan.post(f"/cases/{case}/exhibits/EX-001/custody",
                        {"csrf": token, "event": "viewed", "note": "read it"})  # fmt: skip
    assert custody.status_code == 303


#: Each table's columns that say what happened (not when, nor a database's own ids).
COLUMNS = {
    "cases": "reference, origin, purpose, title, opened_by, stage",
    "case_subjects": "officer_id, kind",
    "case_members": "username, added_by, reason, removed_by",
    "case_transitions": "seq, step, track, from_stage, to_stage, actor, role, reason, fields",
    "allegations": "text, standards, recorded_by",
    "exhibits": "reference, name, sha256, size, origin, purpose, producer, location",
    "custody_events": "event, actor, note",
    "process_stages": "track, stage",
}


def _rows(store: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(store / "cases.sqlite") as db:
        found = {
            table: sorted(map(tuple, db.execute(f"SELECT {cols} FROM {table}")), key=repr)  # noqa: S608 - fixed names
            for table, cols in COLUMNS.items()
        }
        actions = Counter(
            (actor, action, object_type)
            for actor, action, object_type in db.execute(
                "SELECT actor, action, object_type FROM audit_log"
            )
            if action not in READING
        )
    found["audit"] = sorted(actions.items())
    return found


def test_one_scenario_through_the_cli_and_the_web_leaves_the_same_rows(
    web_world: WebWorld, tmp_path: Path
) -> None:
    by_cli, by_web = _copy(web_world, tmp_path, "cli"), _copy(web_world, tmp_path, "web")
    _through_the_cli(by_cli, tmp_path)
    _through_the_web(by_web)
    cli_rows, web_rows = _rows(by_cli), _rows(by_web)
    for table in [*COLUMNS, "audit"]:
        assert cli_rows[table] == web_rows[table], (table, cli_rows[table], web_rows[table])
    assert len(cli_rows["case_transitions"]) >= 4
    assert json.loads(str(cli_rows["case_transitions"][-1][-1]))["investigator"] == "ivan"
    assert any(a[0][1] == "refused" for a in cli_rows["audit"])
