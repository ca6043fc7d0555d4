"""The Typer application: one command per stage of the pipeline."""

from __future__ import annotations

import typer

from boundline import __version__
from boundline.cli._audit import audit_app
from boundline.cli._case import case_app
from boundline.cli._case_allege import case_allege_command, case_find_command
from boundline.cli._case_members import (
    case_member_add_command,
    case_member_remove_command,
    case_members_command,
)
from boundline.cli._case_notes import (
    case_action_command,
    case_actions_command,
    case_done_command,
    case_note_command,
    case_notes_command,
)
from boundline.cli._demo import demo_command, synth_command
from boundline.cli._detect import detect_command, sweep_command
from boundline.cli._evidence import evidence_command
from boundline.cli._exhibits import exhibits_app
from boundline.cli._ingest import ingest_command, rejects_command
from boundline.cli._report import report_command
from boundline.cli._reveal import reveal_command
from boundline.cli._serve import serve_command
from boundline.cli._triage import triage_app
from boundline.cli._users import users_app

app = typer.Typer(
    name="boundline",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Find and investigate abuse of position for a sexual purpose in a force's own data.",
)
app.command("ingest")(ingest_command)
app.command("rejects")(rejects_command)
app.command("synth")(synth_command)
app.command("detect")(detect_command)
app.command("sweep")(sweep_command)
app.command("evidence")(evidence_command)
app.command("report")(report_command)
app.command("demo")(demo_command)
app.add_typer(users_app)
app.add_typer(triage_app)
app.add_typer(exhibits_app)
case_app.command("allege")(case_allege_command)
case_app.command("find")(case_find_command)
case_app.command("members")(case_members_command)
case_app.command("member-add")(case_member_add_command)
case_app.command("member-remove")(case_member_remove_command)
case_app.command("note")(case_note_command)
case_app.command("notes")(case_notes_command)
case_app.command("action")(case_action_command)
case_app.command("actions")(case_actions_command)
case_app.command("done")(case_done_command)
app.add_typer(case_app)
app.command("reveal")(reveal_command)
app.add_typer(audit_app)
app.command("serve")(serve_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"boundline {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Find and investigate abuse of position for a sexual purpose in a force's own data."""


def main() -> None:
    """Run the command line."""
    app()
