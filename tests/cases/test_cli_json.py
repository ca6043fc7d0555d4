"""``--json`` on the list and show commands, ``BOUNDLINE_STORE``, audit action names, due in words.

Every JSON document comes through the same service call as the text output, so the
permission check, the audit entry and the pseudonyms are the same; these tests check
the documents' keys, their ISO 8601 dates, and that they agree with the text.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import Result
from typer.testing import CliRunner

from boundline.cases import open_case
from boundline.cases.audit_actions import AUDIT_ACTIONS
from boundline.cases.statutory import DueItem
from boundline.cases.statutory.calendar import working_days_between
from boundline.cases.statutory.due import when_due
from boundline.cli import app
from boundline.cli._due import due_json, due_line
from case_world import USERS, CaseWorld, seed_users, write_alerts

ROOT = Path(__file__).resolve().parents[2]
PSEUDONYM = re.compile(r"^OFFICER-[0-9A-F]{6,}$")
WHEN = re.compile(r"^(due today|due in \d+ working days?|\d+ working days? overdue)$")


def _run(world: CaseWorld, *args: str, user: str | None = None) -> Result:
    env = {"BOUNDLINE_CASE_DB": None, "BOUNDLINE_USER": user, "BOUNDLINE_STORE": None}
    result = CliRunner().invoke(app, world.cli(*args), env=env)
    assert "Traceback" not in result.output
    return result


def _json(world: CaseWorld, *args: str, user: str) -> Any:
    result = _run(world, *args, "--json", user=user)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _instant(text: str) -> datetime:
    """An ISO 8601 instant, which must carry its offset."""
    at = datetime.fromisoformat(text)
    assert at.tzinfo is not None, text
    return at


def _case(world: CaseWorld) -> str:
    """A new case (no statutory process), opened by the investigator."""
    with world.db.transaction() as session:
        case = open_case(session, world.actors["ivan"], "complaint", "misconduct", "Messages")
        return case.reference


def test_users_list_json(case_db: CaseWorld) -> None:
    seed_users(case_db)
    users = _json(case_db, "users", "list", user="aud")
    assert [u["username"] for u in users] == sorted(USERS)
    root = next(u for u in users if u["username"] == "root")
    assert set(root) == {"username", "name", "role", "password", "added_at", "added_by"}
    assert root["role"] == "admin" and root["password"] is False and root["added_by"] == "root"
    _instant(root["added_at"])
    refused = _run(case_db, "users", "list", "--json", user="ann")
    assert refused.exit_code == 4 and refused.stdout == ""


def test_triage_list_and_history_json(case_db: CaseWorld) -> None:
    seed_users(case_db)
    alerts = write_alerts(case_db.store / "alerts.json")
    assert _run(case_db, "triage", "load", str(alerts), user="ann").exit_code == 0
    assert _run(case_db, "triage", "dismiss", "2", "--reason", "tasked", user="ann").exit_code == 0

    rows = _json(case_db, "triage", "list", user="ann")
    assert [r["id"] for r in rows] == [1, 2]
    first = rows[0]
    assert PSEUDONYM.match(first["officer"]) and first["detectors"] == ["BL101", "BL102"]
    assert first["score"] == 80.5 and first["severity"] == "high" and first["case"] is None
    assert first["officer"] in first["summary"] and "O1" not in first["summary"].split()
    _instant(first["loaded_at"])
    assert rows[1]["status"] == "dismissed" and "dismissed by ann" in rows[1]["earlier"]
    text = _run(case_db, "triage", "list", user="ann").stdout
    assert first["officer"] in text  # the same pseudonym as the text shows
    real = _json(case_db, "triage", "list", "--status", "needs_review", user="ivan")
    assert [(r["id"], r["officer"], r["person"]) for r in real] == [(1, "O1", "P1")]

    history = _json(case_db, "triage", "history", "2", user="ann")
    assert [(h["decision"], h["actor"], h["reason"]) for h in history] == [
        ("dismissed", "ann", "tasked")
    ]
    _instant(history[0]["at"])
    assert _run(case_db, "triage", "list", "--json", user="aud").exit_code == 4


def test_exhibits_list_and_custody_json(case_db: CaseWorld) -> None:
    seed_users(case_db)
    ref = _case(case_db)
    statement = case_db.store.parent / "statement.txt"
    statement.write_bytes(b"what the witness saw\n")
    added = _run(
        case_db, "exhibits", "add", ref, str(statement), "--origin", "statement",
        "--purpose", "misconduct", user="ivan",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    exported = _run(
        case_db, "exhibits", "custody", f"{ref}/EX-001", "--event", "exported", user="ivan"
    )
    assert exported.exit_code == 0, exported.output

    [exhibit] = _json(case_db, "exhibits", "list", ref, user="ivan")
    assert exhibit["reference"] == f"{ref}/EX-001" and exhibit["number"] == 1
    assert exhibit["name"] == "statement.txt" and exhibit["size"] == statement.stat().st_size
    assert exhibit["sha256"] == hashlib.sha256(statement.read_bytes()).hexdigest()
    assert exhibit["origin"] == "statement" and exhibit["producer"] == "ivan"
    assert exhibit["by_reference"] is False
    _instant(exhibit["added_at"])
    chain = _json(case_db, "exhibits", "custody", f"{ref}/EX-001", user="ivan")
    assert [(c["event"], c["actor"]) for c in chain] == [("received", "ivan"), ("exported", "ivan")]
    both = _run(
        case_db, "exhibits", "custody", f"{ref}/EX-001", "--event", "viewed", "--json", user="ivan"
    )
    assert both.exit_code == 2 and "--json" in both.stderr


def test_audit_show_json_and_action_names(case_db: CaseWorld) -> None:
    seed_users(case_db)
    ref = _case(case_db)
    assert _run(case_db, "case", "list", user="ivan").exit_code == 0

    views = _json(case_db, "audit", "show", "--action", "view", user="aud")
    assert views and {e["action"] for e in views} == {"view"}
    assert [e["seq"] for e in views] == sorted((e["seq"] for e in views), reverse=True)
    keys = {"seq", "at", "actor", "action", "object_type", "object_id", "detail"}
    assert keys | {"prev_hash", "hash"} == set(views[0])
    assert views[0]["object_id"] == ref and views[0]["detail"] == {"list": True}
    _instant(views[0]["at"])
    opened = _json(case_db, "audit", "show", "--action", "case.open", user="aud")
    assert [e["object_id"] for e in opened] == [ref]
    quiet = _json(case_db, "audit", "show", "--action", "triage.confirm", user="aud")
    assert quiet == []  # a name the log uses, with no entries yet

    unknown = _run(case_db, "audit", "show", "--action", "case.transitions", user="aud")
    said = " ".join(unknown.stderr.split())
    assert unknown.exit_code == 2 and "'case.transitions'" in said
    for name in ("case.transition", "triage.confirm", "view", "denied"):
        assert f" {name}," in said or f" {name}." in said


def _constants(tree: ast.Module) -> dict[str, ast.expr]:
    """A module's top-level ``NAME = value`` assignments."""
    found: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                found[target.id] = node.value
    return found


def _record_calls() -> list[tuple[str, int, ast.expr]]:
    """Every ``record(session, actor, ACTION, …)`` call in Boundline: file, line, action.

    An action named by a module-level constant of the same file is that constant's value.
    """
    calls = []
    for path in sorted((ROOT / "src" / "boundline").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name != "record":
                continue
            action = next((k.value for k in node.keywords if k.arg == "action"), None)
            action = action or (node.args[2] if len(node.args) > 2 else None)
            assert action is not None, (path, node.lineno)
            if isinstance(action, ast.Name) and action.id in constants:
                action = constants[action.id]
            calls.append((path.relative_to(ROOT / "src").as_posix(), node.lineno, action))
    return calls


#: record() calls whose action is computed: the file, and every action it can be.
COMPUTED = {
    "boundline/cases/triage.py": {"triage.confirm", "triage.dismiss"},
    "boundline/cases/signin.py": {"signin.failed", "signin.throttled"},
}


def test_audit_actions_are_exactly_those_the_code_records() -> None:
    calls = _record_calls()
    assert len(calls) > 20
    used: set[str] = set()
    for path, line, action in calls:
        if isinstance(action, ast.Constant) and isinstance(action.value, str):
            assert action.value in AUDIT_ACTIONS, f"{path}:{line} records {action.value!r}"
            used.add(action.value)
        else:
            assert path in COMPUTED, f"{path}:{line} records a computed action; list it"
            used |= COMPUTED[path]
    assert used == set(AUDIT_ACTIONS)
    assert len(AUDIT_ACTIONS) == len(set(AUDIT_ACTIONS))


def test_case_list_and_show_json(case_db: CaseWorld) -> None:
    seed_users(case_db)
    ref = _case(case_db)
    [row] = _json(case_db, "case", "list", user="ivan")
    assert row == {
        "reference": ref,
        "title": "Messages",
        "origin": "complaint",
        "opened": row["opened"],
        "misconduct": "not started",
        "criminal": "-",
    }
    date.fromisoformat(row["opened"])
    shown = _json(case_db, "case", "show", ref, user="ivan")
    assert shown["reference"] == ref and shown["title"] == "Messages"
    assert shown["role"] == "investigator" and shown["opened_by"] == "ivan"
    assert shown["subjects"] == [] and shown["steps"] == [] and shown["allegations"] == []
    _instant(shown["opened_at"])
    date.fromisoformat(shown["on"])
    assert _run(case_db, "case", "show", ref, "--json", user="root").exit_code == 4


def test_case_due_and_show_say_overdue_in_working_days(case_db: CaseWorld) -> None:
    seed_users(case_db)
    opened = _run(
        case_db, "case", "open", "--title", "Contact with a victim", "--subject", "O9",
        "--came-to-attention", "2026-01-05", "--reason", "an alert", user="ivan",
    )  # fmt: skip
    assert opened.exit_code == 0, opened.output
    ref = re.search(r"BL-\d{4}-\d{4}", opened.stdout)
    assert ref is not None and "working day" in opened.stdout  # the deadline started, in words
    shared = _run(case_db, "case", "member-add", ref[0], "alma", "--reason", "the AA", user="root")
    assert shared.exit_code == 0, shared.output

    later = date.today() + timedelta(days=400)  # every deadline of the new case is past then
    due = _run(case_db, "case", "due", "--on", later.isoformat(), user="alma")
    said = " ".join(due.stdout.split())
    assert due.exit_code == 0 and re.search(r"\(\d+ working days overdue\)", said), said
    items = _json(case_db, "case", "due", "--on", later.isoformat(), user="alma")
    late = next(i for i in items if i["overdue"])
    assert late["case"].startswith(ref[0]) and late["status"] == "overdue"
    left = working_days_between(later, date.fromisoformat(late["due_on"]))
    assert late["working_days_left"] == left < 0
    assert late["in_words"] == f"{-left} working days overdue" and late["in_words"] in said

    shown = _json(case_db, "case", "show", ref[0], user="alma")
    [subject] = shown["subjects"]
    assert subject["stages"]["misconduct"] and subject["allowed"] and subject["due"]
    text = " ".join(_run(case_db, "case", "show", ref[0], user="alma").stdout.split())
    for item in subject["due"]:
        assert WHEN.match(item["in_words"]), item
        assert f"{item['due_on']} ({item['in_words']})" in text


def test_due_in_words() -> None:
    monday = date(2026, 11, 2)
    assert when_due(monday, monday) == "due today"
    assert when_due(date(2026, 11, 3), monday) == "due in 1 working day"
    assert when_due(date(2026, 11, 5), monday) == "due in 3 working days"
    assert when_due(date(2026, 10, 30), monday) == "1 working day overdue"  # the Friday before
    assert when_due(date(2025, 12, 11), monday) == "224 working days overdue"
    assert when_due(date(2026, 11, 7), date(2026, 11, 8)) == "overdue since 2026-11-07"
    assert when_due(date(2026, 11, 7), date(2026, 11, 6)).startswith("due 2026-11-07")
    assert when_due(None, monday) == "pending"

    late = DueItem("BL-2026-0001", "iopc_referral", "Refer to the IOPC", date(2025, 12, 11),
                   True, working_days_between(monday, date(2025, 12, 11)))  # fmt: skip
    assert due_line(late, monday) == (
        "BL-2026-0001  2025-12-11 (224 working days overdue)  iopc_referral: Refer to the IOPC"
    )
    assert due_json(late, monday) == {
        "case": "BL-2026-0001",
        "kind": "iopc_referral",
        "what": "Refer to the IOPC",
        "due_on": "2025-12-11",
        "status": "overdue",
        "overdue": True,
        "working_days_left": -224,
        "in_words": "224 working days overdue",
    }
    pending = DueItem("BL-2026-0001", "barred_list", "Tell the College", None, False, None)
    assert due_line(pending, monday).endswith("(pending)  barred_list: Tell the College")


def test_store_comes_from_the_environment(case_db: CaseWorld, tmp_path: Path) -> None:
    seed_users(case_db)
    env = {"BOUNDLINE_STORE": str(case_db.store), "BOUNDLINE_CASE_DB": case_db.url}
    listed = CliRunner().invoke(app, ["users", "list", "--json", "--as", "aud"], env=env)
    assert listed.exit_code == 0, listed.output
    assert {u["username"] for u in json.loads(listed.stdout)} == set(USERS)
    elsewhere = tmp_path / "elsewhere"
    data = CliRunner().invoke(app, ["rejects"], env={"BOUNDLINE_STORE": str(elsewhere)})
    assert data.exit_code == 3 and str(elsewhere) in " ".join(data.output.split())
    given = CliRunner().invoke(
        app, ["rejects", "--store", str(tmp_path / "given")], env={"BOUNDLINE_STORE": "x"}
    )
    assert given.exit_code == 3 and str(tmp_path / "given") in " ".join(given.output.split())
