"""What the CLI refuses, and how it says so: missing stores and folders, a missing
PostgreSQL driver, refusals in words, and a second exhibit with the same content.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from boundline.cases import PERMISSIONS, Actor, Permission, Role, open_case, open_case_db, require
from boundline.cases.roles import PERMISSION_WORDS
from boundline.cli import app
from boundline.cli._files import write_output
from boundline.errors import EngineUnavailableError, PermissionDeniedError, UserInputError
from case_world import CaseWorld, seed_users

ENV = {"BOUNDLINE_CASE_DB": None, "BOUNDLINE_USER": "root", "BOUNDLINE_STORE": None}


def _invoke(args: list[str]) -> Result:
    result = CliRunner().invoke(app, args, env=ENV)
    assert "Traceback" not in result.output
    return result


def _said(result: Result) -> str:
    return " ".join(result.output.split())


#: One run of every command that takes --store but never makes a store (ingest does).
STORE_COMMANDS = {
    "users add": ["users", "add", "eve", "--role", "admin"],
    "users passwd": ["users", "passwd", "root", "--password-file", "{tmp}/password"],
    "users list": ["users", "list"],
    "audit export": ["audit", "export", "--format", "csv", "--out", "{tmp}/log.csv"],
    "users role": ["users", "role", "root", "auditor"],
    "users disable": ["users", "disable", "root", "--reason", "r"],
    "users enable": ["users", "enable", "root", "--reason", "r"],
    "users sessions": ["users", "sessions"],
    "users revoke": ["users", "revoke", "000000000000"],
    "triage load": ["triage", "load", "{tmp}/alerts.json"],
    "triage list": ["triage", "list"],
    "triage confirm": ["triage", "confirm", "1", "--case", "NEW", "--reason", "r"],
    "triage dismiss": ["triage", "dismiss", "1", "--reason", "r"],
    "triage history": ["triage", "history", "1"],
    "exhibits add": [
        "exhibits",
        "add",
        "BL-2026-0001",
        "{tmp}/password",
        "--origin",
        "other",
        "--purpose",
        "misconduct",
    ],
    "exhibits list": ["exhibits", "list", "BL-2026-0001"],
    "exhibits custody": ["exhibits", "custody", "BL-2026-0001/EX-001"],
    "exhibits verify": ["exhibits", "verify"],
    "case open": ["case", "open", "--title", "T", "--subject", "O1", "--reason", "r"],
    "case advance": ["case", "advance", "BL-2026-0001", "refer_to_iopc", "--reason", "r"],
    "case allege": ["case", "allege", "BL-2026-0001", "--text", "t", "--standard", "x"],
    "case find": ["case", "find", "BL-2026-0001", "1", "--finding", "proven", "--reason", "r"],
    "case members": ["case", "members", "BL-2026-0001"],
    "case member-add": ["case", "member-add", "BL-2026-0001", "alma", "--reason", "r"],
    "case member-remove": ["case", "member-remove", "BL-2026-0001", "alma", "--reason", "r"],
    "case show": ["case", "show", "BL-2026-0001"],
    "case notice": ["case", "notice", "BL-2026-0001", "--out", "{tmp}/notice.html"],
    "case report": ["case", "report", "BL-2026-0001", "--out", "{tmp}/report.html"],
    "case due": ["case", "due"],
    "case list": ["case", "list"],
    "case note": ["case", "note", "BL-2026-0001", "--text", "t"],
    "case notes": ["case", "notes", "BL-2026-0001"],
    "case action": [
        "case",
        "action",
        "BL-2026-0001",
        "--text",
        "t",
        "--owner",
        "ivan",
        "--due",
        "2026-01-05",
    ],
    "case actions": ["case", "actions", "BL-2026-0001"],
    "case done": ["case", "done", "1", "--note", "done"],
    "reveal": ["reveal", "OFFICER-ABCDEF", "--reason", "r"],
    "audit verify": ["audit", "verify"],
    "audit show": ["audit", "show"],
    "audit checkpoint": ["audit", "checkpoint", "--key", "{tmp}/key", "--out", "{tmp}/cp.json"],
    "serve": ["serve"],
    "rejects": ["rejects"],
    "detect": ["detect", "--out", "{tmp}/alerts"],
    "sweep": ["sweep", "--from", "2024-01-01", "--to", "2024-01-08", "--out", "{tmp}/sweep"],
    "evidence": ["evidence", "--officer", "O1", "--person", "P1"],
    "report": ["report", "--officer", "O1", "--person", "P1", "--out", "{tmp}/r.html"],
}


def _store_commands() -> set[str]:
    """Every command (``group sub`` or ``name``) with a --store option."""
    found: set[str] = set()

    def walk(command: object, name: str) -> None:
        for sub, child in getattr(command, "commands", {}).items():
            walk(child, f"{name} {sub}".strip())
        if any("--store" in getattr(p, "opts", []) for p in getattr(command, "params", [])):
            found.add(name)

    walk(typer.main.get_command(app), "")
    return found


def test_every_command_with_a_store_is_checked() -> None:
    assert _store_commands() == set(STORE_COMMANDS) | {"ingest"}


@pytest.mark.parametrize("name", sorted(STORE_COMMANDS))
def test_a_missing_store_is_an_error_naming_it(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # anything written by mistake lands here, and is seen
    (tmp_path / "password").write_text("a long enough password\n")
    if name == "audit checkpoint":
        assert _invoke(["audit", "keygen", str(tmp_path / "key")]).exit_code == 0
    before = set(tmp_path.iterdir())
    missing = tmp_path / "no-such-store"
    args = [a.replace("{tmp}", str(tmp_path)) for a in STORE_COMMANDS[name]]
    result = _invoke([*args, "--store", str(missing)])
    said = _said(result)
    assert result.exit_code == 3, said
    assert str(missing) in said and "boundline ingest" in said
    assert set(tmp_path.iterdir()) == before  # no store, no case database, nothing else


def test_postgresql_without_its_driver_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the pg extra were not installed
    store = tmp_path / "store"
    store.mkdir()
    url = "postgresql://boundline:s3cret@127.0.0.1:5432/cases"
    result = _invoke(["case", "list", "--store", str(store), "--db", url])
    said = _said(result)
    assert result.exit_code == 2, said
    assert "pip install 'boundline[pg]'" in said and "PostgreSQL driver" in said
    assert "s3cret" not in said and "postgresql+psycopg://boundline:***@" in said
    with pytest.raises(EngineUnavailableError, match=r"boundline\[pg\]"):
        open_case_db(store, "postgresql+psycopg://boundline@127.0.0.1:5432/cases")
    assert list(store.iterdir()) == []


#: Commands writing a file or a folder of files, with the path to write in {out}.
OUTPUT_COMMANDS = {
    "audit export": ["audit", "export", "--format", "csv", "--out", "{out}/log.csv"],
    "evidence": ["evidence", "--officer", "O1", "--person", "P1", "--out", "{out}/e.json"],
    "report": ["report", "--officer", "O1", "--person", "P1", "--out", "{out}/r.pdf"],
    "detect": ["detect", "--out", "{out}/alerts"],
    "sweep": ["sweep", "--from", "2024-01-01", "--to", "2024-01-08", "--out", "{out}/sweep"],
    "synth": ["synth", "--out", "{out}/force"],
    "demo": ["demo", "--dir", "{out}/demo"],
    "audit keygen": ["audit", "keygen", "{out}/key"],
    "audit checkpoint": ["audit", "checkpoint", "--key", "{tmp}/key", "--out", "{out}/cp.json"],
}
#: The commands above that take no --store.
NO_STORE = {"synth", "demo", "audit keygen"}


@pytest.mark.parametrize("name", sorted(OUTPUT_COMMANDS))
def test_an_output_in_a_missing_folder_is_an_error_naming_it(name: str, tmp_path: Path) -> None:
    if name == "audit checkpoint":
        assert _invoke(["audit", "keygen", str(tmp_path / "key")]).exit_code == 0
    before = set(tmp_path.iterdir())
    missing = tmp_path / "no" / "such"
    args = [
        a.replace("{out}", str(missing)).replace("{tmp}", str(tmp_path))
        for a in OUTPUT_COMMANDS[name]
    ]
    store = [] if name in NO_STORE else ["--store", str(tmp_path)]
    result = _invoke([*args, *store])
    said = _said(result)
    assert result.exit_code == 2, said
    assert f"the folder {missing} does not exist" in said and "nothing was written" in said
    assert set(tmp_path.iterdir()) == before


def test_a_case_document_in_a_missing_folder_keeps_nothing(case_db: CaseWorld) -> None:
    seed_users(case_db)
    with case_db.db.transaction() as session:
        ref = open_case(session, case_db.actors["ivan"], "complaint", "misconduct", "T").reference
    missing = case_db.store.parent / "out"
    for command in ("notice", "report"):
        result = CliRunner().invoke(
            app,
            case_db.cli("case", command, ref, "--out", str(missing / "doc.html")),
            env={**ENV, "BOUNDLINE_USER": "ivan"},
        )
        said = _said(result)
        assert result.exit_code == 2 and f"the folder {missing} does not exist" in said, said
    assert not missing.exists()
    assert case_db.sql("SELECT count(*) AS n FROM exhibits")[0].n == 0


def test_a_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_output(target, '{"a": 1}\n')
    assert json.loads(target.read_text()) == {"a": 1}
    taken = tmp_path / "a-folder"
    taken.mkdir()
    with pytest.raises(UserInputError, match="cannot write it"):
        write_output(taken, b"data")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder", "out.json"]
    with pytest.raises(UserInputError, match=f"the folder {tmp_path / 'none'} does not exist"):
        write_output(tmp_path / "none" / "x.json", "{}")


def test_every_permission_has_words() -> None:
    assert set(PERMISSION_WORDS) == set(Permission)
    for permission, words in PERMISSION_WORDS.items():
        assert words.strip() and "." not in words and words != permission.value, permission
    assert len(set(PERMISSION_WORDS.values())) == len(PERMISSION_WORDS)


def test_a_refusal_names_the_permission_in_words() -> None:
    with pytest.raises(PermissionDeniedError) as caught:
        require(Actor("ann", Role.ANALYST), Permission.USER_LIST)
    assert str(caught.value) == "ann: an analyst may not list users; only auditors and admins may."
    assert caught.value.permission == "user.list"
    for permission, roles in PERMISSIONS.items():
        for role in set(Role) - roles:
            with pytest.raises(PermissionDeniedError, match=PERMISSION_WORDS[permission]):
                require(Actor("u", role), permission)


def test_refusals_through_the_cli_are_in_words_and_audited(case_db: CaseWorld) -> None:
    seed_users(case_db)
    env = {**ENV, "BOUNDLINE_USER": "ann"}
    listed = CliRunner().invoke(app, case_db.cli("users", "list"), env=env)
    assert listed.exit_code == 4 and "an analyst may not list users" in _said(listed)
    revealed = CliRunner().invoke(
        app, case_db.cli("reveal", "OFFICER-ABCDEF", "--reason", "curious"), env=env
    )
    assert revealed.exit_code == 4 and "may not reveal identities" in _said(revealed)
    rows = case_db.sql("SELECT detail FROM audit_log WHERE action = 'denied' ORDER BY seq")
    details = [json.loads(r.detail) for r in rows]
    assert [d["permission"] for d in details] == ["user.list", "identity.reveal"]
    assert "an analyst may not list users" in details[0]["why"]


def test_a_second_exhibit_with_the_same_content_is_reported(case_db: CaseWorld) -> None:
    seed_users(case_db)
    with case_db.db.transaction() as session:
        ref = open_case(session, case_db.actors["ivan"], "complaint", "misconduct", "T").reference
        other = open_case(session, case_db.actors["ivan"], "complaint", "misconduct", "U").reference
    first = case_db.store.parent / "statement.txt"
    first.write_bytes(b"what the witness saw\n")
    copy = case_db.store.parent / "forwarded-statement.txt"
    copy.write_bytes(first.read_bytes())
    env = {**ENV, "BOUNDLINE_USER": "ivan"}

    def add(case: str, path: Path, *extra: str) -> Result:
        args = ["exhibits", "add", case, str(path), "--origin", "statement", "--purpose", "both"]
        return CliRunner().invoke(app, case_db.cli(*args, *extra), env=env)

    assert add(ref, first).exit_code == 0
    again = add(ref, copy)
    said = _said(again)
    assert again.exit_code == 2, said
    assert f"already exhibit {ref}/EX-001 (statement.txt)" in said and "--allow-duplicate" in said
    assert add(ref, copy, "--allow-duplicate", " ").exit_code == 2  # a reason, not blanks
    assert case_db.sql("SELECT count(*) AS n FROM exhibits")[0].n == 1

    allowed = add(ref, copy, "--allow-duplicate", "the copy the complainant forwarded")
    assert allowed.exit_code == 0 and f"{ref}/EX-002" in allowed.stdout
    [row] = case_db.sql(
        "SELECT detail FROM audit_log WHERE action = 'exhibit.add' AND object_id = :ref",
        ref=f"{ref}/EX-002",
    )
    detail = json.loads(row.detail)
    assert detail["duplicate_of"] == f"{ref}/EX-001"
    assert detail["duplicate_reason"] == "the copy the complainant forwarded"
    [note] = case_db.sql("SELECT note FROM custody_events ORDER BY id DESC LIMIT 1")
    assert f"same content as {ref}/EX-001" in note.note
    assert add(other, copy).exit_code == 0  # the same content in another case is no duplicate
