"""The audit log filtered, paged, exported and verified through the case services (and CLI)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from boundline.audit import count_entries, entries, record, verify_chain
from boundline.cases import Actor, load_alerts, shown
from boundline.cases.audit_access import (
    AuditFilters,
    audit_page,
    show_audit,
    verify_everything,
)
from boundline.cases.audit_export import (
    COLUMNS,
    audit_filters,
    export_audit,
    export_format,
    instant_of,
)
from boundline.cli import app
from boundline.errors import PermissionDeniedError, UserInputError
from case_world import CaseWorld, seed_users, write_alerts

#: Cells a spreadsheet would run (or treat as a formula), put in the log as objects.
HOSTILE = ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "\tTAB", "\rCR"]
#: The real ids the world's alerts name (auditors never see them).
REAL_IDS = ("O1", "O2", "P1", "+447700900001", "+447700900002")


def _world(world: CaseWorld) -> dict[str, Actor]:
    """Users, the queue (so there are ids to mask) and entries with hostile cells."""
    actors = seed_users(world)
    alerts = write_alerts(world.store / "alerts.json")
    with world.db.transaction() as session:
        load_alerts(session, actors["ann"], alerts)
    with world.db.transaction() as session:
        record(session, "ivan", "view", "officer", "O1", {"why": "about O1 and P1"})
        for cell in HOSTILE:
            record(session, "ivan", "view", "note", cell, {"text": cell})
    return actors


def _run(world: CaseWorld, *args: str, user: str | None = None) -> Result:
    env = {"BOUNDLINE_CASE_DB": None, "BOUNDLINE_USER": user, "BOUNDLINE_STORE": None}
    result = CliRunner().invoke(app, world.cli(*args), env=env)
    assert "Traceback" not in result.output
    return result


def _said(text: str) -> str:
    return " ".join(text.split())


def _has_real_id(text: str) -> bool:
    return any(re.search(rf"(?<![\w+-]){re.escape(i)}(?![\w-])", text) for i in REAL_IDS)


# -- the log's own filters -----------------------------------------------------------------


def test_entries_filter_by_time_and_offset_and_count(case_db: CaseWorld) -> None:
    _world(case_db)
    with case_db.db.transaction() as session:
        everything = entries(session)
        assert [e.seq for e in everything] == sorted((e.seq for e in everything), reverse=True)
        assert count_entries(session) == len(everything)
        views = entries(session, action="view", actor="ivan")
        assert len(views) == 1 + len(HOSTILE)
        assert count_entries(session, action="view", actor="ivan") == len(views)
        middle = everything[len(everything) // 2]
        since = entries(session, since=middle.at)
        assert since == [e for e in everything if e.at >= middle.at] and middle in since
        until = entries(session, until=middle.at)
        assert until == [e for e in everything if e.at < middle.at] and middle not in until
        assert count_entries(session, since=middle.at) + count_entries(
            session, until=middle.at
        ) == len(everything)
        window = entries(session, since=everything[5].at, until=everything[1].at)
        assert window == everything[2:6]
        assert count_entries(session, since=everything[5].at, until=everything[1].at) == 4
        assert entries(session, limit=3, offset=2) == everything[2:5]
        assert entries(session, offset=len(everything)) == []
        assert entries(session, object_id="O1", action="view") == views[-1:]
        later = everything[0].at + timedelta(seconds=1)
        assert entries(session, since=later) == [] and count_entries(session, since=later) == 0


def test_show_audit_keeps_its_behaviour_and_takes_time_and_offset(case_db: CaseWorld) -> None:
    actors = _world(case_db)
    with case_db.db.transaction() as session:
        everything = entries(session)
        newest = show_audit(session, actors["root"])
        assert [v.seq for v in newest] == [e.seq for e in everything][:50]
        again = show_audit(session, actors["root"], limit=3, offset=1)
        assert [v.seq for v in again] == [v.seq for v in newest[:3]]  # past the first look
        since = everything[3].at
        timed = show_audit(session, actors["root"], since=since, limit=None)
        # the look just above is now in the log too, and after ``since``
        assert [v.seq for v in timed][-4:] == [e.seq for e in everything[:4]]
        looked = entries(session, action="audit.show", limit=1)[0]
    detail = json.loads(looked.detail)
    assert detail["since"] == since.isoformat() and detail["limit"] is None


def test_pages_are_newest_first_with_totals_and_are_audited(case_db: CaseWorld) -> None:
    actors = _world(case_db)
    views = AuditFilters(action="view")
    with case_db.db.transaction() as session:
        seqs = [e.seq for e in entries(session, action="view")]
        first = audit_page(session, actors["root"], views, 1, 3)
        second = audit_page(session, actors["root"], views, 2, 3)
        beyond = audit_page(session, actors["root"], views, 99, 3)
        looked = entries(session, action="audit.show", limit=1)[0]
    assert first.total == len(seqs) and first.pages == -(-len(seqs) // 3)
    assert [v.seq for v in first.entries] == seqs[:3]
    assert [v.seq for v in second.entries] == seqs[3:6] and second.page == 2
    last = (beyond.pages - 1) * 3
    assert beyond.page == beyond.pages and [v.seq for v in beyond.entries] == seqs[last:]
    detail = json.loads(looked.detail)
    assert detail["action"] == "view" and detail["page"] == beyond.pages
    assert detail["per_page"] == 3 and detail["total"] == len(seqs)


def test_auditors_and_admins_see_pseudonyms_everywhere(case_db: CaseWorld) -> None:
    actors = _world(case_db)
    with case_db.db.transaction() as session:
        officer = shown(session, actors["aud"], "officer", "O1")
        assert officer.startswith("OFFICER-")
        by_pseudonym = audit_page(session, actors["aud"], AuditFilters(object_id=officer), 1, 50)
        whole = audit_page(session, actors["aud"], AuditFilters(), 1, 500)
        exported = [
            export_audit(session, actors["aud"], AuditFilters(), f) for f in ("jsonl", "csv")
        ]
        admin = export_audit(session, actors["root"], AuditFilters(object_id="O1"), "jsonl")
    assert by_pseudonym.total >= 1
    assert all(v.object_id == officer for v in by_pseudonym.entries)
    shown_text = " ".join(f"{v.object_id} {v.detail}" for v in whole.entries)
    assert officer in shown_text and not _has_real_id(shown_text)
    for text in exported:
        assert officer in text and not _has_real_id(text)
    # admins see pseudonyms too (only investigators and authorities see identities), and
    # a real id given as the object still finds its entries
    assert f'"object_id": "{officer}"' in admin and not _has_real_id(admin)


# -- the exports ---------------------------------------------------------------------------


def test_the_csv_is_spreadsheet_safe_and_reads_back(case_db: CaseWorld) -> None:
    actors = _world(case_db)
    with case_db.db.transaction() as session:
        text = export_audit(session, actors["root"], AuditFilters(), "csv")
        everything = entries(session)[1:]  # the export is recorded after it is read
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) - 1 == len(everything)
    assert [int(r[0]) for r in rows[1:]] == [e.seq for e in everything]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    objects = {r[5] for r in rows[1:]}
    for cell in HOSTILE:
        assert "'" + cell in objects, cell
    assert rows[1][6].startswith("{") and rows[1][1] == everything[0].at.isoformat()
    assert text.count('"') % 2 == 0 and text.startswith('"seq","at"')


def test_json_lines_parse_one_entry_each(case_db: CaseWorld) -> None:
    actors = _world(case_db)
    with case_db.db.transaction() as session:
        text = export_audit(session, actors["aud"], AuditFilters(action="view"), "jsonl")
        views = entries(session, action="view")
    lines = text.splitlines()
    assert text.endswith("\n") and len(lines) == len(views)
    parsed = [json.loads(line) for line in lines]
    assert [p["seq"] for p in parsed] == [v.seq for v in views]
    assert all(set(p) == set(COLUMNS) for p in parsed)
    assert all(isinstance(p["detail"], dict) for p in parsed)
    assert datetime.fromisoformat(parsed[0]["at"]) == views[0].at
    assert [p["hash"] for p in parsed] == [v.hash for v in views]
    assert {p["object_id"] for p in parsed} >= set(HOSTILE)  # JSON needs no neutralising


def test_an_export_is_audited_with_its_filters_and_count(case_db: CaseWorld) -> None:
    actors = _world(case_db)
    since = datetime.now(UTC) - timedelta(hours=1)
    filters = AuditFilters(actor="ivan", action="view", since=since)
    with case_db.db.transaction() as session:
        export_audit(session, actors["aud"], filters, "csv")
        last = entries(session, limit=1)[0]
    assert (last.actor, last.action, last.object_type) == ("aud", "audit.export", "audit_log")
    detail = json.loads(last.detail)
    assert detail["format"] == "csv" and detail["entries"] == 1 + len(HOSTILE)
    assert detail["actor"] == "ivan" and detail["action"] == "view"
    assert detail["since"] == since.isoformat()


@pytest.mark.parametrize("who", ["ann", "ivan", "alma"])
def test_only_auditors_and_admins_read_export_or_verify(case_db: CaseWorld, who: str) -> None:
    actors = _world(case_db)
    actor = actors[who]
    before = _count(case_db)
    with case_db.db.transaction() as session:
        with pytest.raises(PermissionDeniedError):
            audit_page(session, actor, AuditFilters(), 1, 10)
        with pytest.raises(PermissionDeniedError):
            export_audit(session, actor, AuditFilters(), "csv")
        with pytest.raises(PermissionDeniedError):
            export_audit(session, actor, AuditFilters(), "xlsx")  # the permission first
        with pytest.raises(PermissionDeniedError):
            verify_everything(session, actor)
    assert _count(case_db) == before


def _count(world: CaseWorld) -> int:
    with world.db.transaction() as session:
        return count_entries(session)


# -- filters from text (the CLI's options, the workbench's query) --------------------------


def test_filters_from_text() -> None:
    day = audit_filters(since="2026-03-01", until="2026-03-01")
    assert day.since == datetime(2026, 3, 1, tzinfo=UTC)
    assert day.until == datetime(2026, 3, 2, tzinfo=UTC)  # a date alone: the whole day
    timed = audit_filters(since="2026-03-01T09:30", until="2026-03-01T11:00:00+01:00")
    assert timed.since == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)  # no offset: UTC
    assert timed.until == datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    assert instant_of("2026-03-01T09:30Z", "since") == datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    blank = audit_filters(actor=" ", action="", object_id=None, since="  ", until="")
    assert blank == AuditFilters()
    assert audit_filters(action=" Case.Open ").action == "case.open"
    with pytest.raises(UserInputError, match="no action 'case.opened'"):
        audit_filters(action="case.opened")
    for bad in ("yesterday", "2026-13-01", "2026-03-01T25:00", "9999-12-31T23:59:59-23:00"):
        with pytest.raises(UserInputError, match="is not a date"):
            audit_filters(since=bad)
    with pytest.raises(UserInputError, match="is not a date"):
        audit_filters(until="9999-12-31")  # the day after does not exist
    with pytest.raises(UserInputError, match="not before until"):
        audit_filters(since="2026-03-02", until="2026-03-01T12:00")
    assert export_format(" CSV ") == "csv"
    with pytest.raises(UserInputError, match="jsonl, csv"):
        export_format("xlsx")


# -- verify: the same answers as `boundline audit verify` -----------------------------------


def test_verify_everything_is_what_the_cli_says(case_db: CaseWorld) -> None:
    actors = _world(case_db)
    with case_db.db.transaction() as session:
        check = verify_everything(session, actors["aud"])
        chain = verify_chain(session)
    assert check.intact and check.broken is None and check.rows == []
    assert (
        check.chain.head_hash in check.summary and f"{check.chain.entries} entries" in check.summary
    )
    assert chain.entries == check.chain.entries + 2  # its own two entries came after
    said = _run(case_db, "audit", "verify", user="aud")
    assert said.exit_code == 0
    assert check.rows_summary in _said(said.stdout) and "Audit log intact:" in said.stdout

    case_db.unguard()
    case_db.sql("UPDATE users SET display_name = 'Mallory' WHERE username = 'ann'")
    with case_db.db.transaction() as session:
        rows = verify_everything(session, actors["aud"])
    assert not rows.intact and rows.chain.intact and len(rows.rows) == 1
    assert rows.rows_summary == "1 row(s) differ from the audit log."
    differs = _run(case_db, "audit", "verify", user="aud")
    assert differs.exit_code == 1 and rows.rows_summary in _said(differs.stderr)

    case_db.sql('UPDATE audit_log SET detail = \'{"why":"nothing"}\' WHERE seq = 3')
    with case_db.db.transaction() as session:
        broken = verify_everything(session, actors["aud"])
    assert broken.broken is not None and broken.rows == []
    headline, problem = broken.broken
    assert headline == "audit log broken at entry 3 (edited)"
    cli = _run(case_db, "audit", "verify", user="aud")
    assert cli.exit_code == 1 and f"{headline}: {problem}" in _said(cli.stderr)


# -- the CLI: audit export, and audit show --since/--until ---------------------------------


def test_cli_export_and_show_with_times(case_db: CaseWorld, tmp_path: Path) -> None:
    _world(case_db)
    out = tmp_path / "log.csv"
    args = ["audit", "export", "--format", "csv", "--out", str(out), "--action", "view"]
    made = _run(case_db, *args, "--since", "2000-01-01", user="aud")
    assert made.exit_code == 0, made.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert len(rows) == 2 + len(HOSTILE) and {r[3] for r in rows[1:]} == {"view"}
    assert not _has_real_id(out.read_text(encoding="utf-8"))
    jsonl = tmp_path / "log.jsonl"
    made = _run(case_db, "audit", "export", "--format", "jsonl", "--out", str(jsonl), user="root")
    assert made.exit_code == 0 and all(json.loads(x) for x in jsonl.read_text().splitlines())
    refused = _run(case_db, "audit", "export", "--format", "csv", "--out", str(out), user="ann")
    assert refused.exit_code == 4
    bad = _run(case_db, "audit", "export", "--format", "xlsx", "--out", str(out), user="aud")
    assert bad.exit_code == 2 and "jsonl, csv" in _said(bad.stderr)
    missing = tmp_path / "no" / "such.csv"
    nowhere = _run(case_db, "audit", "export", "--format", "csv", "--out", str(missing), user="aud")
    assert nowhere.exit_code == 2 and not missing.parent.exists()
    with case_db.db.transaction() as session:
        exports = entries(session, action="audit.export")
    assert [e.actor for e in exports] == ["root", "aud"]  # refusals and errors export nothing

    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    none = _run(case_db, "audit", "show", "--since", tomorrow, "--json", user="aud")
    assert none.exit_code == 0 and json.loads(none.stdout) == []
    today = _run(
        case_db, "audit", "show", "--until", tomorrow, "--action", "view", "--json", user="aud"
    )
    assert today.exit_code == 0 and len(json.loads(today.stdout)) == 1 + len(HOSTILE)
    wrong = _run(case_db, "audit", "show", "--since", "last week", user="aud")
    assert wrong.exit_code == 2 and "is not a date" in _said(wrong.stderr)
