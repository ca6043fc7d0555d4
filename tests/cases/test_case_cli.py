"""The case-store commands end to end through the CLI (CliRunner), on both databases."""

from __future__ import annotations

import json
import re
from pathlib import Path

import typer
from typer.testing import CliRunner

from boundline.cli import app
from case_world import CaseWorld, write_alerts

ROOT = Path(__file__).resolve().parents[2]


def _run(world: CaseWorld, *args: str, user: str | None = None):  # type: ignore[no-untyped-def]
    env = {"BOUNDLINE_CASE_DB": None, "BOUNDLINE_USER": user}
    return CliRunner().invoke(app, world.cli(*args), env=env)


def _users(world: CaseWorld) -> None:
    assert _run(world, "users", "add", "root", "--role", "admin").exit_code == 0
    for name, role in [("ann", "analyst"), ("ivan", "investigator"), ("aud", "auditor")]:
        result = _run(world, "users", "add", name, "--role", role, "--as", "root")
        assert result.exit_code == 0, result.output


def test_users_commands(case_db: CaseWorld) -> None:
    refused = _run(case_db, "users", "add", "ann", "--role", "analyst")
    assert refused.exit_code == 4 and "first user must be an admin" in refused.stderr
    _users(case_db)
    listed = _run(case_db, "users", "list", user="aud")
    assert listed.exit_code == 0 and "investigator" in listed.stdout
    denied = _run(case_db, "users", "add", "eve", "--role", "admin", user="ann")
    assert denied.exit_code == 4 and "an analyst may not add users" in denied.stderr
    unknown = _run(case_db, "users", "list", user="ghost")
    assert unknown.exit_code == 2 and "Unknown user 'ghost'" in unknown.stderr
    assert "Traceback" not in unknown.output


def test_triage_exhibits_reveal_and_audit(case_db: CaseWorld) -> None:
    _users(case_db)
    alerts = write_alerts(case_db.store / "alerts.json")
    loaded = _run(case_db, "triage", "load", str(alerts), user="ann")
    assert loaded.exit_code == 0 and "2 new" in loaded.stdout
    listed = _run(case_db, "triage", "list", "--status", "needs_review", user="ann")
    assert listed.exit_code == 0
    officer = re.search(r"OFFICER-[0-9A-F]{6}", listed.stdout)
    assert officer is not None and " O1 " not in listed.stdout

    dismissed = _run(case_db, "triage", "dismiss", "2", "--reason", "tasked", user="ann")
    assert dismissed.exit_code == 0
    again = _run(case_db, "triage", "load", str(alerts), user="ann")
    said = " ".join(again.stdout.split())
    assert "1 stayed dismissed" in said and "item 2: fired again" in said
    no_reason = _run(case_db, "triage", "dismiss", "1", "--reason", "", user="ann")
    assert no_reason.exit_code == 2

    confirmed = _run(
        case_db,
        "triage",
        "confirm",
        "1",
        "--case",
        "NEW",
        "--reason",
        "strong",
        "--subject-kind",
        "officer",
        user="ann",
    )
    assert confirmed.exit_code == 0, confirmed.output
    ref = re.search(r"BL-\d{4}-0001", confirmed.stdout)
    assert ref is not None
    history = _run(case_db, "triage", "history", "1", user="ann")
    assert "confirmed" in history.stdout
    hidden = _run(case_db, "exhibits", "list", ref[0], user="ivan")  # not a member yet
    assert hidden.exit_code == 2 and "No case" in hidden.stderr
    shared = _run(case_db, "case", "member-add", ref[0], "ivan", "--reason", "x", user="root")
    assert shared.exit_code == 0, shared.output

    statement = case_db.store.parent / "statement.txt"
    statement.write_text("statement\n")
    added = _run(
        case_db,
        "exhibits",
        "add",
        ref[0],
        str(statement),
        "--origin",
        "statement",
        "--purpose",
        "both",
        user="ivan",
    )
    assert added.exit_code == 0 and f"{ref[0]}/EX-002" in added.stdout
    listed = _run(case_db, "exhibits", "list", ref[0], user="ivan")
    assert listed.exit_code == 0 and "statement" in listed.stdout
    custody = _run(
        case_db,
        "exhibits",
        "custody",
        f"{ref[0]}/EX-002",
        "--event",
        "exported",
        "--note",
        "to CPS",
        user="ivan",
    )
    assert custody.exit_code == 0
    chain = _run(case_db, "exhibits", "custody", f"{ref[0]}/EX-002", user="ivan")
    assert "received" in chain.stdout and "exported" in chain.stdout
    assert _run(case_db, "exhibits", "verify", user="aud").exit_code == 0
    sha = next((case_db.store / "exhibits").glob("*"))
    sha.write_text("tampered")
    bad = _run(case_db, "exhibits", "verify", ref[0], user="aud")
    assert bad.exit_code == 1 and "mismatch" in bad.stderr

    refused = _run(case_db, "reveal", officer[0], "--reason", "curious", user="ann")
    assert refused.exit_code == 4
    revealed = _run(case_db, "reveal", officer[0], "--reason", "interview planning", user="ivan")
    assert revealed.exit_code == 0 and "officer O1" in revealed.stdout

    shown = _run(case_db, "audit", "show", "--action", "reveal", "--limit", "5", user="aud")
    assert shown.exit_code == 0 and officer[0] in shown.stdout
    assert _run(case_db, "audit", "show", user="ann").exit_code == 4
    intact = _run(case_db, "audit", "verify", user="aud")
    assert intact.exit_code == 0 and "intact" in intact.stdout
    case_db.unguard()
    case_db.sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 7")
    broken = _run(case_db, "audit", "verify", user="aud")
    assert broken.exit_code == 1 and "broken at entry 7 (edited)" in broken.stderr


def test_login_and_refusals_are_audited(case_db: CaseWorld) -> None:
    _users(case_db)
    assert _run(case_db, "audit", "show", user="ann").exit_code == 4
    actions = [
        r.action
        for r in case_db.sql("SELECT action FROM audit_log WHERE actor = 'ann' ORDER BY seq")
    ]
    assert actions == ["login", "denied"]


def test_every_case_subcommand_and_option_is_documented() -> None:
    docs = (ROOT / "docs" / "cases.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = getattr(typer.main.get_command(app), "commands", {})
    for name in ("users", "triage", "exhibits", "audit", "case"):
        subcommands = getattr(commands[name], "commands", {})
        assert subcommands, name
        for command_name, command in subcommands.items():
            assert f"boundline {name} {command_name}" in docs + readme, (name, command_name)
            for param in command.params:
                if param.param_type_name == "option" and param.name != "help":
                    assert any(opt in docs for opt in param.opts), (name, command_name, param.opts)
    assert "boundline reveal" in docs and "--reason" in docs
    assert json.dumps("The statutory process")[1:-1] in docs
