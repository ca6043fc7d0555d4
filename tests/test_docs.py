"""The docs stay true: every command, option and rule the code has is documented."""

from __future__ import annotations

from pathlib import Path

import typer

from boundline.cli import app
from boundline.contract import Rule

ROOT = Path(__file__).resolve().parents[1]


def _docs() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    )


def test_every_rule_is_documented() -> None:
    ingest_doc = (ROOT / "docs" / "ingest.md").read_text(encoding="utf-8")
    for rule in Rule:
        assert f"| `{rule.value}` |" in ingest_doc, rule


def test_every_command_and_option_is_documented() -> None:
    group = typer.main.get_command(app)
    commands = getattr(group, "commands", {})
    assert commands, "the app has no commands"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    docs = _docs()
    for name, command in commands.items():
        assert f"boundline {name}" in readme, f"README does not show `boundline {name}`"
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert any(opt in docs for opt in param.opts), f"{name} {param.opts} undocumented"
