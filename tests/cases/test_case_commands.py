"""``boundline case``: each subcommand and its errors, through the CLI, on both databases."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from boundline.cli import app
from case_world import CaseWorld, seed_users, write_alerts


def _run(world: CaseWorld, *args: str, user: str | None = None) -> tuple[int, str]:
    env = {"BOUNDLINE_CASE_DB": None, "BOUNDLINE_USER": user}
    result = CliRunner().invoke(app, world.cli(*args), env=env)
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


def _team(world: CaseWorld, ref: str) -> None:
    """Make the investigator and the appropriate authority members of the case."""
    for name in ("ivan", "alma"):
        code, said = _run(world, "case", "member-add", ref, name, "--reason", "team", user="root")
        assert code == 0 or "already a member" in said, said


def test_open_a_new_staff_case_and_its_notice(case_db: CaseWorld) -> None:
    seed_users(case_db)
    code, said = _run(
        case_db,
        "case",
        "open",
        "--title",
        "PCSO messages",
        "--subject",
        "S7",
        "--staff",
        "--not-apsp",
        "--came-to-attention",
        "2026-11-02",
        "--reason",
        "complaint by a victim",
        user="ivan",
    )
    assert code == 0 and "is in stage recorded" in said
    ref = re.search(r"BL-\d{4}-0001", said)
    assert ref is not None
    _team(case_db, ref[0])
    assert "iopc_referral" not in said  # not APSP: no referral deadline
    code, said = _run(case_db, "case", "show", ref[0], user="alma")
    assert code == 0 and "S7 (staff)" in said and "investigate_locally" in said
    steps = [
        ("investigate_locally", []),
        ("appoint_investigator", ["--field", "investigator=DC Hale"]),
        ("assess_severity", ["--field", "severity=misconduct"]),
    ]
    for step, fields in steps:
        code, said = _run(
            case_db, "case", "advance", ref[0], step, "--reason", "r", *fields, user="alma"
        )
        assert code == 0, said
    out = case_db.store.parent / "notice.html"
    code, said = _run(case_db, "case", "notice", ref[0], "--out", str(out), "--staff", user="ivan")
    assert code == 2 and "missing field(s) role, force, conduct, standard" in said
    code, said = _run(
        case_db,
        "case",
        "notice",
        ref[0],
        "--out",
        str(out),
        "--staff",
        "--field",
        "role=PCSO",
        "--field",
        "force=Synthetic Constabulary",
        "--field",
        "conduct=Messages to a victim.",
        "--field",
        "standard=Discreditable conduct",
        user="ivan",
    )
    assert code == 0 and f"{ref[0]}/EX-001" in said
    html = out.read_text(encoding="utf-8")
    assert 'data-notice="staff"' in html and "trade union" in html and "DC Hale" in html


def test_advance_errors_and_the_list(case_db: CaseWorld) -> None:
    seed_users(case_db)
    args = ["--title", "t", "--subject", "O1", "--reason", "APSP"]
    code, said = _run(case_db, "case", "open", *args, user="ann")
    assert code == 4 and "may not take steps of the statutory process" in said
    code, said = _run(case_db, "case", "open", *args, user="alma")
    ref = "BL-" + said.split("Case BL-", 1)[1].split()[0]
    _team(case_db, ref)
    code, said = _run(
        case_db, "case", "advance", ref, "hold_interview", "--reason", "x", user="ivan"
    )
    assert code == 2 and "Cannot take step 'hold_interview' in stage 'recorded'" in said
    code, said = _run(
        case_db, "case", "advance", ref, "refer_to_iopc", "--reason", "x", user="ivan"
    )
    assert code == 4 and "may not take the appropriate authority's decisions" in said
    code, said = _run(
        case_db, "case", "advance", ref, "refer_to_iopc", "--reason", "x", "--field", "oops"
    )
    assert code == 2 and "Say who you are" in said
    code, said = _run(
        case_db,
        "case",
        "advance",
        ref,
        "refer_to_iopc",
        "--reason",
        "x",
        "--field",
        "oops",
        user="alma",
    )
    assert code == 2 and "--field 'oops' is not KEY=VALUE" in said
    code, said = _run(
        case_db, "case", "advance", ref, "refer_to_iopc", "--reason", "APSP", user="alma"
    )
    assert code == 0 and "recorded -> referred" in said and "closed: iopc_referral" in said
    code, said = _run(case_db, "case", "report", ref, "--out", "x.docx", user="ivan")
    assert code == 2 and "must end in .html or .pdf" in said
    code, said = _run(case_db, "case", "list", user="ivan")
    assert code == 0 and f"{ref} opened" in said and "misconduct: referred" in said
    code, said = _run(case_db, "case", "list", user="aud")
    assert code == 4 and "an auditor may not see cases" in said  # the log, not cases
    denied = case_db.sql("SELECT count(*) AS n FROM audit_log WHERE action = 'denied'")
    assert denied[0].n == 3
    assert case_db.sql("SELECT count(*) AS n FROM case_transitions")[0].n == 2
    refused = case_db.sql(
        "SELECT actor, object_type, object_id, detail FROM audit_log WHERE action = 'refused'"
    )
    assert [(r.actor, r.object_type, r.object_id) for r in refused] == [("ivan", "case", ref)]
    assert '"step":"hold_interview"' in refused[0].detail
    assert "Cannot take step 'hold_interview' in stage 'recorded'" in refused[0].detail


def test_an_analysts_case_waits_for_open_and_due_lists_it(case_db: CaseWorld) -> None:
    seed_users(case_db)
    alerts = write_alerts(case_db.store / "alerts.json")
    assert _run(case_db, "triage", "load", str(alerts), user="ann")[0] == 0
    code, said = _run(
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
    ref = re.search(r"BL-\d{4}-0001", said)
    assert code == 0 and ref is not None and f"boundline case open {ref[0]}" in said
    _team(case_db, ref[0])
    code, said = _run(case_db, "case", "due", user="alma")
    assert code == 0 and f"{ref[0]} (pending) start_process" in said
    code, said = _run(case_db, "case", "show", ref[0], user="ann")
    assert code == 0 and "has not started" in said and "OFFICER-" in said and " O1 " not in said
    code, said = _run(case_db, "case", "open", ref[0], "--reason", "recorded", user="ivan")
    assert code == 0 and f"Case {ref[0]} is in stage recorded" in said
    code, said = _run(case_db, "case", "due", "--on", "2999-01-01", "--within", "0", user="alma")
    assert code == 0 and "working days overdue)" in said and "iopc_referral" in said
    code, said = _run(
        case_db,
        "triage",
        "confirm",
        "2",
        "--case",
        "NEW",
        "--reason",
        "also",
        "--subject-kind",
        "officer",
        user="ivan",
    )
    assert code == 0 and "-0002 is in stage recorded" in said


def test_the_report_indexes_the_exhibits(case_db: CaseWorld) -> None:
    seed_users(case_db)
    alerts = write_alerts(case_db.store / "alerts.json")
    _run(case_db, "triage", "load", str(alerts), user="ann")
    code, said = _run(
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
        user="ivan",
    )
    ref = re.search(r"BL-\d{4}-0001", said)
    assert code == 0 and ref is not None
    out = case_db.store.parent / "report.html"
    code, said = _run(case_db, "case", "report", ref[0], "--out", str(out), user="ivan")
    assert code == 2 and "missing field(s)" in said and "investigator" in said
    fields = ["investigator=DS Rowe", "allegation=APSP", "severity=gross misconduct"]
    fields += ["summary_of_evidence=Calls.", "opinion=To follow."]
    options = [x for f in fields for x in ("--field", f)]
    code, said = _run(case_db, "case", "report", ref[0], "--out", str(out), *options, user="ivan")
    assert code == 0 and f"{ref[0]}/EX-002" in said
    html = out.read_text(encoding="utf-8")
    assert f'data-exhibit="{ref[0]}/EX-001"' in html and "alert-1.json" in html
    assert f'data-exhibit="{ref[0]}/EX-002"' not in html


def test_allege_records_the_standards_and_feeds_the_notice(case_db: CaseWorld) -> None:
    seed_users(case_db)
    code, said = _run(
        case_db,
        "case",
        "open",
        "--title",
        "Shop visits",
        "--subject",
        "S9",
        "--came-to-attention",
        "2026-11-02",
        "--reason",
        "complaint",
        user="ivan",
    )
    assert code == 0, said
    ref = re.search(r"BL-\d{4}-0001", said)
    assert ref is not None
    _team(case_db, ref[0])
    code, said = _run(
        case_db,
        "case",
        "allege",
        ref[0],
        "--text",
        "Sexual messages to a shop worker met on duty.",
        "--standard",
        "Discreditable conduct",
        "--standard",
        "authority, respect and courtesy",
        user="ivan",
    )
    assert code == 0 and "authority, respect and courtesy; discreditable conduct" in said
    code, said = _run(case_db, "case", "show", ref[0], user="alma")
    assert "allegation 1: Sexual messages to a shop worker met on duty." in said
    code, said = _run(
        case_db, "case", "allege", ref[0], "--text", "x", "--standard", "rudeness", user="ivan"
    )
    assert code == 2 and "Not a Standard of Professional Behaviour: rudeness" in said
    code, said = _run(
        case_db,
        "case",
        "allege",
        ref[0],
        "--text",
        "x",
        "--standard",
        "confidentiality",
        user="ann",
    )
    assert code == 4, said  # an analyst may not edit a case
