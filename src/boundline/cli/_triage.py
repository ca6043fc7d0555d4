"""``boundline triage``: load alerts into the queue, list it, confirm or dismiss items."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from boundline.cases import confirm, decisions, dismiss, list_queue, load_alerts
from boundline.cli._casestore import AsOption, DbOption, ReasonOption, acting
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, guarded, out
from boundline.cli._output import JsonOption, decision_json, print_json, queue_row_json

triage_app = typer.Typer(
    name="triage", no_args_is_help=True, help="The queue of alerts a person reviews."
)
ItemArgument = Annotated[int, typer.Argument(help="The triage item's number.")]


@triage_app.command("load")
@guarded
def triage_load_command(
    alerts: Annotated[Path, typer.Argument(help="An alerts.json written by `boundline detect`.")],
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Put each alert in the queue as needs_review (dismissed pairs return only if stronger)."""
    with acting(store, db, as_user) as (session, actor):
        done = load_alerts(session, actor, alerts)
    out.print(
        f"{len(done.new)} new, {len(done.updated)} updated, {len(done.reopened)} back for "
        f"review (stronger than when dismissed), {len(done.stayed_dismissed)} stayed dismissed "
        f"(not stronger), {len(done.confirmed)} already confirmed."
    )
    for item in done.reopened:
        out.print(f"  item {item}: fired again stronger than when dismissed; back to needs_review")
    for item in done.stayed_dismissed:
        out.print(f"  item {item}: fired again, no stronger than when dismissed; stays dismissed")


@triage_app.command("list")
@guarded
def triage_list_command(
    status: Annotated[
        str | None,
        typer.Option(
            "--status", help="Only items in this status: needs_review, confirmed, dismissed."
        ),
    ] = None,
    as_json: JsonOption = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Show the queue, strongest first (pseudonymised for analysts)."""
    with acting(store, db, as_user) as (session, actor):
        rows = list_queue(session, actor, status)
    if as_json:
        print_json([queue_row_json(r) for r in rows])
        return
    if not rows:
        out.print("The queue is empty" + (f" for status {status}." if status else "."))
    for r in rows:
        case = f" -> {r.case}" if r.case else ""
        out.print(
            f"[bold]#{r.id}[/] {r.officer} / {escape(r.person)}  score {r.score:g} "
            f"{r.severity}  {r.detectors}  {r.status}{case}"
        )
        out.print(f"    {escape(r.summary)}")
        if r.earlier:
            out.print(f"    earlier: {escape(r.earlier)}")


@triage_app.command("confirm")
@guarded
def triage_confirm_command(
    item: ItemArgument,
    case: Annotated[str, typer.Option("--case", help="NEW, or the reference of an open case.")],
    reason: ReasonOption,
    evidence: Annotated[
        Path | None,
        typer.Option("--evidence", help="An evidence JSON (`boundline evidence`) to keep too."),
    ] = None,
    purpose: Annotated[
        str, typer.Option("--purpose", help="A new case's purpose: misconduct, criminal, both.")
    ] = "misconduct",
    subject_kind: Annotated[
        str | None,
        typer.Option(
            "--subject-kind",
            help="officer or staff, only when the force's data cannot say (its role is "
            "neither, or the officer is not in the store).",
        ),
    ] = None,
    add_subject: Annotated[
        bool,
        typer.Option(
            "--add-subject",
            help="Join an item about another officer to CASE as a further subject.",
        ),
    ] = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Confirm an item: open a new case or join one; keep the alert as an exhibit."""
    with acting(store, db, as_user) as (session, actor):
        opened, exhibits = confirm(
            session,
            actor,
            store,
            item,
            case,
            reason,
            evidence,
            purpose,
            stated_kind=subject_kind,
            add_to_case=add_subject,
        )
        names = ", ".join(e.reference for e in exhibits)
        out.print(f"Item {item} confirmed into case {opened.reference}; exhibits {names}.")
        if opened.stage == "opened":
            out.print(
                f"Its statutory process starts when an investigator or the appropriate "
                f"authority runs `boundline case open {opened.reference} --reason R`."
            )
        else:
            out.print(f"Case {opened.reference} is in stage {opened.stage}.")


@triage_app.command("dismiss")
@guarded
def triage_dismiss_command(
    item: ItemArgument,
    reason: ReasonOption,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Dismiss an item (it returns only if it fires again stronger)."""
    with acting(store, db, as_user) as (session, actor):
        dismiss(session, actor, item, reason)
    out.print(f"Item {item} dismissed.")


@triage_app.command("history")
@guarded
def triage_history_command(
    item: ItemArgument,
    as_json: JsonOption = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Every decision about an item, oldest first."""
    with acting(store, db, as_user) as (session, actor):
        found = decisions(session, actor, item)
    if as_json:
        print_json([decision_json(d) for d in found])
        return
    table = Table("at (UTC)", "decision", "by", "score", "detectors", "reason")
    for d in found:
        table.add_row(
            f"{d.at:%Y-%m-%d %H:%M}",
            d.decision,
            d.actor,
            f"{d.score:g}",
            d.detectors,
            escape(d.reason),
        )
    out.print(table)
