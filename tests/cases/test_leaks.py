"""No real identity reaches a role that may not see identities, in any CLI output.

The roles that may not: analysts, auditors and admins.

A world is built whose real ids are distinctive, and which also carries them in free
text (a case title, an allegation, a step's reason, a triage reason) and in the audit
log. Then every command an analyst or an auditor may run, text and ``--json``, and
the refusals they meet, are searched for every real id. Investigators and the
appropriate authority see the ids (the control: the search would find them).
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from boundline.cli import app
from case_world import CaseWorld, write_alerts

OFFICER, OTHER = "PCSO-9041-REAL", "PC-7730-REAL"
PERSON, NUMBER = "VICTIM-5521-REAL", "+447700900777"
REAL = (OFFICER, OTHER, PERSON, NUMBER)
ALERTS = [
    {
        "rank": 1,
        "officer_id": OFFICER,
        "person_id": PERSON,
        "counterpart": NUMBER,
        "score": 91.0,
        "severity": "high",
        "detectors": "BL101;BL102",
        "summary": f"{OFFICER} exchanged 412 messages with {PERSON} off shift.",
    },
    {
        "rank": 2,
        "officer_id": OTHER,
        "person_id": None,
        "counterpart": "+447700900888",
        "score": 44.0,
        "severity": "medium",
        "detectors": "BL104",
        "summary": f"{OTHER} one-sided contact with +447700900888.",
    },
]
REAL_ALL = (*REAL, "+447700900888")


def _run(world: CaseWorld, user: str, *args: str):  # type: ignore[no-untyped-def]
    env = {"BOUNDLINE_CASE_DB": None, "BOUNDLINE_USER": user}
    return CliRunner().invoke(app, world.cli(*args), env=env)


def _ok(world: CaseWorld, user: str, *args: str) -> str:
    result = _run(world, user, *args)
    assert result.exit_code == 0, result.output
    return str(result.output)


def _build(world: CaseWorld) -> str:
    _ok(world, "root", "users", "add", "root", "--role", "admin")
    for name, role in [
        ("ann", "analyst"),
        ("ivan", "investigator"),
        ("alma", "appropriate_authority"),
        ("aud", "auditor"),
    ]:
        _ok(world, "root", "users", "add", name, "--role", role)
    _ok(world, "ann", "triage", "load", str(write_alerts(world.store / "a.json", ALERTS)))
    _ok(world, "ann", "triage", "dismiss", "2", "--reason", f"{OTHER} was tasked to it")
    opened = _ok(  # the analyst confirms: she sees this case, pseudonymised
        world, "ann", "triage", "confirm", "1", "--case", "NEW",
        "--reason", f"{OFFICER} kept contacting {PERSON}", "--subject-kind", "staff",
    )  # fmt: skip
    reference = re.search(r"BL-\d{4}-\d{4}", opened)
    assert reference is not None
    case = reference.group(0)
    for member in ("ivan", "alma"):
        _ok(world, "root", "case", "member-add", case, member, "--reason", f"works on {OFFICER}")
    _ok(world, "ivan", "case", "open", case, "--reason", f"{OFFICER} kept contacting {PERSON}")
    _ok(world, "ivan", "case", "note", case, "--text", f"{PERSON} called back about {OFFICER}")
    _ok(
        world, "ivan", "case", "allege", case, "--text",
        f"{OFFICER} pursued a relationship with {PERSON}", "--standard", "discreditable conduct",
    )  # fmt: skip
    _ok(world, "alma", "case", "advance", case, "refer_to_iopc", "--reason", f"{OFFICER}: APSP")
    _ok(world, "ivan", "case", "open", "--title", f"Complaint about {OTHER}",
        "--subject", OTHER, "--reason", f"complaint naming {OTHER}")  # fmt: skip
    return case


@pytest.fixture
def leak_world(case_db: CaseWorld) -> tuple[CaseWorld, str]:
    return case_db, _build(case_db)


def _outputs(world: CaseWorld, case: str, user: str) -> dict[str, str]:
    """Every output ``user`` can get (a refusal counts as an output)."""
    commands = [
        ("triage", "list"),
        ("triage", "list", "--json"),
        ("triage", "history", "1"),
        ("triage", "history", "2"),
        ("case", "list"),
        ("case", "list", "--json"),
        ("case", "show", case),
        ("case", "show", case, "--json"),
        ("case", "show", "BL-9999-0001"),
        ("case", "due"),
        ("case", "notes", case),
        ("case", "members", case),
        ("exhibits", "list", case),
        ("exhibits", "list", case, "--json"),
        ("audit", "show", "--limit", "500"),
        ("audit", "show", "--limit", "500", "--json"),
        ("audit", "verify"),
        ("users", "list"),
        ("case", "advance", case, "assess_severity", "--reason", "r", "--field", "severity=none"),
        ("triage", "confirm", "2", "--case", case, "--reason", "join"),
    ]
    return {" ".join(c): str(_run(world, user, *c).output) for c in commands}


def _leaks(outputs: dict[str, str]) -> list[str]:
    found = []
    for command, text in outputs.items():
        for real in REAL_ALL:
            if re.search(rf"(?<![\w+-]){re.escape(real)}(?![\w-])", text):
                found.append(f"{real} in `{command}`")
    return found


@pytest.mark.parametrize("user", ["ann", "aud", "root"])
def test_no_real_id_in_anything_an_analyst_auditor_or_admin_sees(
    leak_world: tuple[CaseWorld, str], user: str
) -> None:
    world, case = leak_world
    outputs = _outputs(world, case, user)
    assert any("OFFICER-" in text for text in outputs.values())  # they see pseudonyms
    if user == "ann":  # the case she confirmed into, its notes too, pseudonymised
        assert (
            "PERSON-" in outputs[f"case notes {case}"] and "PERSON-" in outputs[f"case show {case}"]
        )
    assert _leaks(outputs) == []


@pytest.mark.parametrize("user", ["ivan", "alma"])
def test_roles_that_see_identities_do(leak_world: tuple[CaseWorld, str], user: str) -> None:
    world, case = leak_world
    shown = _ok(world, user, "case", "show", case)
    assert OFFICER in shown and PERSON in shown
