"""The first real case from alert to outcome: the commands of docs/cases.md, run as written.

The two code blocks of "From alert to outcome" are extracted from the doc and run
through the CLI: the first (synth, ingest, detect) once per module, the second (the
case store) on SQLite and on PostgreSQL. ``$CASE`` and ``$INTERVIEW`` are set from the
run; a command the doc marks ``# exits N`` must exit with N.
"""

from __future__ import annotations

import contextlib
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from boundline.audit import utcnow
from boundline.cases.statutory.calendar import local_day
from boundline.cli import app
from boundline.ingest import ingest
from case_world import CaseWorld

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "cases.md").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Command:
    """One command of the doc: its arguments (without ``boundline``) and expected exit."""

    args: list[str]
    exit_code: int


def commands(block: str) -> list[Command]:
    """The ``boundline`` commands of a marked code block (continuations joined)."""
    text = DOC.split(f"<!-- {block}:start -->", 1)[1].split(f"<!-- {block}:end -->", 1)[0]
    body = text.split("```sh\n", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    found = []
    for line in body.splitlines():
        if not line.startswith("boundline "):
            continue
        expected = re.search(r"#\s*exits (\d+)", line)
        args = shlex.split(line, comments=True)[1:]
        found.append(Command(args, int(expected[1]) if expected else 0))
    return found


def _run(args: list[str]):  # type: ignore[no-untyped-def]
    env = {"BOUNDLINE_CASE_DB": None, "BOUNDLINE_USER": None}
    return CliRunner().invoke(app, args, env=env)


@pytest.fixture(scope="module")
def alerts_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The force, store and alerts of the doc's first block (run once)."""
    root = tmp_path_factory.mktemp("walkthrough")
    with contextlib.chdir(root):
        for command in commands("walkthrough-alerts"):
            result = _run(command.args)
            assert result.exit_code == command.exit_code, (command.args, result.output)
    assert (root / "alerts" / "alerts.json").is_file()
    return root / "alerts"


def test_the_doc_blocks_are_the_walkthrough() -> None:
    steps = [c.args[3] for c in commands("walkthrough-case") if c.args[:2] == ["case", "advance"]]
    assert steps[0] == "investigate_locally" and steps[-1] == "close_case"
    assert {"serve_reg17_notice", "submit_reg21_report", "record_staff_outcome"} <= set(steps)
    assert [c.exit_code for c in commands("walkthrough-case")].count(2) == 3
    assert {"refer_to_staff_disciplinary", "lodge_appeal", "record_appeal_outcome"} <= set(steps)


def test_from_alert_to_outcome(case_db: CaseWorld, alerts_dir: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "alerts").symlink_to(alerts_dir, target_is_directory=True)
    ingest(alerts_dir.parent / "force", case_db.store)  # the officers (their roles) too
    values = {"$INTERVIEW": local_day(utcnow()).isoformat(), "$CASE": ""}
    outputs: list[tuple[list[str], str]] = []
    with contextlib.chdir(work):
        for command in commands("walkthrough-case"):
            args = [values.get(a, a) for a in command.args]
            args = [a.replace("$INTERVIEW", values["$INTERVIEW"]) for a in args]
            result = _run(case_db.cli(*args))
            said = " ".join(result.output.split())
            assert result.exit_code == command.exit_code, (args, result.output)
            assert "Traceback" not in result.output
            outputs.append((args, said))
            found = re.search(r"confirmed into case (BL-\d{4}-\d{4})", said)
            if found:
                values["$CASE"] = found[1]
    ref = values["$CASE"]
    assert ref.endswith("-0001")
    said = dict((" ".join(a[:3]), s) for a, s in outputs)

    confirm = next(s for a, s in outputs if a[:2] == ["triage", "confirm"])
    assert f"Case {ref} is in stage recorded" in confirm
    refused = next(s for a, s in outputs if "investigate_locally" in a)
    assert "must be referred to the IOPC" in refused and "Allowed now" in refused
    notice = (work / "notice.html").read_text(encoding="utf-8")
    assert ref in notice and "gross misconduct" in notice and "DS Ivan Rowe" in notice
    assert "staff disciplinary procedure" in notice  # the staff variant, from the data
    assert (work / "report.pdf").read_bytes().startswith(b"%PDF")
    hearing = next(s for a, s in outputs if "refer_to_misconduct_hearing" in a)
    assert "do not apply to police staff" in hearing
    early = next(s for a, s in outputs if "record_staff_outcome" in a)
    assert "Record the finding on each allegation first" in early
    outcome = [s for a, s in outputs if "record_staff_outcome" in a][-1]
    assert "staff_disciplinary -> outcome_recorded" in outcome and "barred list" in outcome
    dues = [s for a, s in outputs if a[:2] == ["case", "due"]]
    assert "barred_list" in dues[0]
    assert dues[-1].startswith("Nothing due within 5 working days")
    shows = [s for a, s in outputs if a[:2] == ["case", "show"] and "aud" not in a]
    auditor = next(s for a, s in outputs if a[:2] == ["case", "show"] and "aud" in a)
    assert "an auditor may not see cases" in auditor
    assert "misconduct track: recorded" in shows[0] and "refer_to_iopc" in shows[0]
    assert "misconduct track: closed" in shows[-1]
    assert "Allowed next for appropriate_authority:" in shows[-1]
    exhibits = said[f"exhibits list {ref}"]
    for number, name in [(1, "alert-1.json"), (2, "reg17-notice.html"), (3, "reg21-report.pdf")]:
        assert f"{ref}/EX-00{number} {name}" in exhibits
    assert "3 exhibits checked: all match" in said[f"exhibits verify {ref}"]
    assert "intact" in said["audit verify --as"]

    steps = case_db.sql("SELECT step, actor, role, reason FROM case_transitions ORDER BY seq")
    advanced = [
        c.args[3] for c in commands("walkthrough-case") if c.args[:2] == ["case", "advance"]
    ]
    refused = {"investigate_locally", "refer_to_misconduct_hearing"}
    taken = [a for a in advanced if a not in refused]
    taken.remove("record_staff_outcome")  # refused once: before the allegation's finding
    assert [s.step for s in steps] == ["open_case", *taken]
    assert {(s.actor, s.role) for s in steps} == {
        ("ivan", "investigator"),
        ("alma", "appropriate_authority"),
    }
    logged = case_db.sql(
        "SELECT action, count(*) AS n FROM audit_log WHERE object_id = :ref "
        "AND action IN ('case.transition', 'case.document') GROUP BY action ORDER BY action",
        ref=ref,
    )
    assert [(r.action, r.n) for r in logged] == [
        ("case.document", 2),
        ("case.transition", len(steps)),
    ]
