"""``boundline users``: add users with a role (admins only, or the first admin), list them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from boundline.cases import add_user, has_users, list_users, login
from boundline.cli._casestore import AsOption, DbOption, acting, case_database
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, guarded, out

users_app = typer.Typer(
    name="users", no_args_is_help=True, help="The users of the case store and their roles."
)


@users_app.command("add")
@guarded
def users_add_command(
    username: Annotated[str, typer.Argument(help="The new user's username.")],
    role: Annotated[
        str,
        typer.Option(
            "--role", help="analyst, investigator, appropriate_authority, auditor or admin."
        ),
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="Display name (default: the username).")
    ] = None,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Add a user. Only an admin may; the first user of a new database must be an admin."""
    with case_database(store, db) as opened, opened.transaction() as session:
        actor = login(session, as_user) if has_users(session) else None
        user = add_user(session, actor, username, role, name)
        out.print(f"User {user.username} added as {user.role}.")


@users_app.command("list")
@guarded
def users_list_command(
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """List the users and their roles (admins and auditors)."""
    with acting(store, db, as_user) as (session, actor):
        table = Table("username", "name", "role", "added", "added by")
        for user in list_users(session, actor):
            added = f"{user.created_at:%Y-%m-%d %H:%M}Z"
            table.add_row(user.username, user.display_name, user.role, added, user.created_by)
        out.print(table)
