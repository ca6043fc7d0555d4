"""``boundline case note|notes|action|actions|done``: a case's notes and actions.

Notes are append-only; an action has an owner and a due day, and is done once with
a note. Open actions due within the window are listed by ``boundline case due``.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Annotated

import typer
from rich.markup import escape

from boundline.cases.notes import (
    add_action,
    add_note,
    case_actions,
    case_notes,
    complete_action,
)
from boundline.cli._casestore import AsOption, CaseArgument, DbOption, acting
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, guarded, out
from boundline.cli._output import JsonOption, print_json

TextOption = Annotated[str, typer.Option("--text", help="What it says, in plain words.")]


@guarded
def case_note_command(
    case: CaseArgument,
    text: TextOption,
    subject: Annotated[
        str | None, typer.Option("--subject", help="The subject it is about (default: the case).")
    ] = None,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Add a note to a case (never changed: a later note corrects an earlier one)."""
    with acting(store, db, as_user) as (session, actor):
        note = add_note(session, actor, case, text, subject)
        number = note.id
    out.print(f"{case.upper()}: note {number} added.")


@guarded
def case_notes_command(
    case: CaseArgument,
    as_json: JsonOption = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """A case's notes, oldest first."""
    with acting(store, db, as_user) as (session, actor):
        notes = case_notes(session, actor, case)
    if as_json:
        print_json([asdict(n) for n in notes])
        return
    for n in notes:
        out.print(f"{n.id}. {n.at:%Y-%m-%d %H:%M}Z {n.author}: {escape(n.text)}")


@guarded
def case_action_command(
    case: CaseArgument,
    text: TextOption,
    owner: Annotated[str, typer.Option("--owner", help="The user who must do it.")],
    due: Annotated[datetime, typer.Option("--due", formats=["%Y-%m-%d"], help="Due on this day.")],
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Give a user an action on a case, due on a day."""
    with acting(store, db, as_user) as (session, actor):
        action = add_action(session, actor, case, text, owner, due.date())
        number = action.id
    out.print(f"{case.upper()}: action {number} for {owner}, due {due:%Y-%m-%d}.")


@guarded
def case_actions_command(
    case: CaseArgument,
    as_json: JsonOption = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """A case's actions, by due day, done or not."""
    with acting(store, db, as_user) as (session, actor):
        actions = case_actions(session, actor, case)
    if as_json:
        print_json([asdict(a) for a in actions])
        return
    for a in actions:
        state = f"done {a.done_at:%Y-%m-%d} by {a.done_by}" if a.done_at else "open"
        out.print(f"{a.id}. due {a.due_on} {a.owner} ({state}): {escape(a.text)}")


@guarded
def case_done_command(
    action: Annotated[int, typer.Argument(help="The action's number.")],
    note: Annotated[str, typer.Option("--note", help="What was done.")],
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Mark an action done, with a note (its owner, or the appropriate authority)."""
    with acting(store, db, as_user) as (session, actor):
        complete_action(session, actor, action, note)
    out.print(f"Action {action} done.")
