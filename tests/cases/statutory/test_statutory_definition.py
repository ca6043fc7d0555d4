"""process.toml hangs together, and docs/cases.md documents every step and no other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from statutory_world import steps_table

from boundline.cases.statutory import default_process, load_process
from boundline.cases.statutory.definition import process_text
from boundline.errors import UserInputError

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "cases.md").read_text(encoding="utf-8")


def test_the_docs_table_is_the_table_generated_from_process_toml() -> None:
    start, end = "<!-- steps-table:start -->\n", "\n<!-- steps-table:end -->"
    documented = DOC.split(start, 1)[1].split(end, 1)[0]
    assert documented == steps_table(), (
        "regenerate: .venv/bin/python tests/cases/statutory/statutory_world.py"
    )


def test_every_step_is_documented_and_every_documented_step_exists() -> None:
    documented = set(re.findall(r"^\| `([a-z_0-9]+)` \| (?:misconduct|criminal) \|", DOC, re.M))
    assert documented == set(default_process().steps)


def test_every_deadline_is_documented() -> None:
    for kind in default_process().deadlines:
        assert f"| `{kind}` |" in DOC, kind


def test_the_roles_are_the_case_store_roles() -> None:
    roles = pytest.importorskip("boundline.cases.roles")
    assert set(default_process().roles) == {r.value for r in roles.Role}


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('to = "referred"', 'to = "limbo"', "unknown stage limbo"),
        (
            'roles = ["investigator"]\nrequires = ["investigator_appointed"',
            'roles = ["constable"]\nrequires = ["investigator_appointed"',
            "unknown role constable",
        ),
        (
            'requires = ["not_apsp"]',
            'requires = ["moon_is_full"]',
            "unknown condition moon_is_full",
        ),
        ('effect = "record_mode"', 'effect = "teleport"', "unknown effect teleport"),
        ('closes = ["iopc_referral"]', 'closes = ["doomsday"]', "unknown deadline doomsday"),
        (
            'fields = { investigator = "text" }',
            'fields = { investigator = "colour" }',
            "unknown kind",
        ),
        ("version = 2", "version = [", "not a valid process definition"),
        ("[deadlines.interview]", "[deadlines.meeting]", "deadlines.interview is missing"),
        (
            'roles = ["investigator", "appropriate_authority"]\n',
            'roles = ["chief"]\n',
            "opening: unknown role chief",
        ),
    ],
)
def test_a_broken_definition_is_refused(tmp_path: Path, old: str, new: str, words: str) -> None:
    text = process_text()
    assert old in text
    path = tmp_path / "process.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(UserInputError, match=words):
        load_process(path)


def test_a_missing_definition_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="cannot read"):
        load_process(tmp_path / "nope.toml")


def test_the_packaged_definition_loads() -> None:
    p = default_process()
    assert p.version == 2 and p.max_postponements == 1 and p.postponement_working_days == 5
    assert set(p.tracks) == {"misconduct", "criminal"}
    assert all(s.summary for s in p.steps.values())
