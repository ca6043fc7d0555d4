"""``boundline exhibits``: the evidence register of a case (add, list, custody, verify)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from boundline.cases import add_custody, add_exhibit, custody_chain, list_exhibits, verify_exhibits
from boundline.cli._casestore import AsOption, CaseArgument, DbOption, acting
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, err, guarded, out
from boundline.cli._output import JsonOption, custody_json, exhibit_json, print_json
from boundline.errors import UserInputError

exhibits_app = typer.Typer(
    name="exhibits", no_args_is_help=True, help="The evidence register of the cases."
)
NoteOption = Annotated[str, typer.Option("--note", help="A note for the custody record.")]


@exhibits_app.command("add")
@guarded
def exhibits_add_command(
    case: CaseArgument,
    file: Annotated[Path, typer.Argument(help="The file to register.")],
    origin: Annotated[
        str,
        typer.Option(
            "--origin",
            help="source_file, evidence_json, report, statement, alert_snapshot or other.",
        ),
    ],
    purpose: Annotated[str, typer.Option("--purpose", help="misconduct, criminal or both.")],
    note: NoteOption = "",
    allow_duplicate: Annotated[
        str | None,
        typer.Option(
            "--allow-duplicate",
            metavar="REASON",
            help="Register it even though the case already has an exhibit with the same "
            "SHA-256, for this reason (kept in the audit log and the custody note).",
        ),
    ] = None,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Register a file as an exhibit (its SHA-256 recorded, its content kept in the store).

    A file with the same SHA-256 as an exhibit the case already has is refused
    (exit 2), naming that exhibit, unless --allow-duplicate gives a reason.
    """
    with acting(store, db, as_user) as (session, actor):
        ex = add_exhibit(session, actor, store, case, file, origin, purpose, note, allow_duplicate)
        kept = "referenced in place" if ex.by_reference else f"kept as {ex.location}"
        out.print(
            f"Exhibit {ex.reference}: {ex.name}, {ex.size} bytes, SHA-256 {ex.sha256}, {kept}."
        )


@exhibits_app.command("list")
@guarded
def exhibits_list_command(
    case: Annotated[str, typer.Argument(help="The case reference.")],
    as_json: JsonOption = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """List a case's exhibits."""
    with acting(store, db, as_user) as (session, actor):
        found = list_exhibits(session, actor, case)
    if as_json:
        print_json([exhibit_json(ex) for ex in found])
        return
    for ex in found:
        out.print(
            f"[bold]{ex.reference}[/] {escape(ex.name)}  {ex.origin}  {ex.purpose}  "
            f"by {ex.producer} {ex.added_at:%Y-%m-%d %H:%M}Z  {ex.size} bytes"
        )
        out.print(f"    sha256 {ex.sha256}")
    if not found:
        out.print(f"No exhibits in {case} yet.")


@exhibits_app.command("custody")
@guarded
def exhibits_custody_command(
    exhibit: Annotated[
        str, typer.Argument(help="The exhibit reference, e.g. BL-2026-0001/EX-001.")
    ],
    event: Annotated[
        str | None,
        typer.Option(
            "--event",
            help="Add this event: received, viewed, exported, disclosed, "
            "returned (without it: show the chain).",
        ),
    ] = None,
    note: NoteOption = "",
    as_json: Annotated[
        bool, typer.Option("--json", help="Show the chain as one JSON document (not with --event).")
    ] = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Show an exhibit's chain of custody, or add an event to it."""
    if event is not None and as_json:
        raise UserInputError("--json shows the chain of custody; it does not go with --event.")
    with acting(store, db, as_user) as (session, actor):
        if event is not None:
            add_custody(session, actor, exhibit, event, note)
            out.print(f"Custody event {event} added to {exhibit}.")
            return
        chain = custody_chain(session, actor, exhibit)
    if as_json:
        print_json([custody_json(link) for link in chain])
        return
    table = Table("at (UTC)", "event", "by", "note")
    for link in chain:
        table.add_row(f"{link.at:%Y-%m-%d %H:%M:%S}", link.event, link.actor, escape(link.note))
    out.print(table)


@exhibits_app.command("verify")
@guarded
def exhibits_verify_command(
    case: Annotated[str | None, typer.Argument(help="Only this case (default: all).")] = None,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Re-hash every exhibit: exit 1 if any is changed or missing, 0 when all match."""
    with acting(store, db, as_user) as (session, actor):
        checks = verify_exhibits(session, actor, store, case)
    bad = [c for c in checks if c.status != "ok"]
    for c in bad:
        found = f"now {c.actual}" if c.actual else "the file is missing"
        err.print(
            f"[bold red]{c.reference} {c.status}:[/] {escape(str(c.path))} should have "
            f"SHA-256 {c.expected}; {found}."
        )
    if bad:
        raise typer.Exit(1)
    out.print(f"{len(checks)} exhibits checked: all match their SHA-256.")
