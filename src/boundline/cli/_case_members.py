"""``boundline case members|member-add|member-remove``: who may see a case (need to know)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from boundline.cases.compartments import add_member, list_members, remove_member
from boundline.cli._casestore import AsOption, CaseArgument, DbOption, ReasonOption, acting
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, guarded, out
from boundline.cli._output import JsonOption, print_json

UserArgument = Annotated[str, typer.Argument(help="The investigator or appropriate authority.")]


@guarded
def case_members_command(
    case: CaseArgument,
    as_json: JsonOption = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Who may see a case: its members, current and past (to members and admins)."""
    with acting(store, db, as_user) as (session, actor):
        members = list_members(session, actor, case)
    if as_json:
        print_json([asdict(m) for m in members])
        return
    for m in members:
        until = f", removed {m.removed_at:%Y-%m-%d} by {m.removed_by}" if m.removed_at else ""
        out.print(
            f"{m.username} ({m.role.replace('_', ' ')}): added {m.added_at:%Y-%m-%d} by "
            f"{m.added_by}{until}"
        )


@guarded
def case_member_add_command(
    case: CaseArgument,
    user: UserArgument,
    reason: ReasonOption,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Add a member to a case (a member appropriate authority, or an admin)."""
    with acting(store, db, as_user) as (session, actor):
        add_member(session, actor, case, user, reason)
    out.print(f"{user} may now see case {case.upper()}.")


@guarded
def case_member_remove_command(
    case: CaseArgument,
    user: UserArgument,
    reason: ReasonOption,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Take a member off a case (a member appropriate authority, or an admin)."""
    with acting(store, db, as_user) as (session, actor):
        remove_member(session, actor, case, user, reason)
    out.print(f"{user} may no longer see case {case.upper()}.")
