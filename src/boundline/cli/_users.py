"""``boundline users``: add users with a role and a password, set passwords, list them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from boundline.cases import add_user, has_users, list_users, login
from boundline.cases.signin import set_password
from boundline.cli._casestore import AsOption, DbOption, acting, case_database
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, guarded, out
from boundline.cli._output import JsonOption, print_json, user_json
from boundline.errors import UserInputError

users_app = typer.Typer(
    name="users", no_args_is_help=True, help="The users of the case store and their roles."
)

PasswordFileOption = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        help="Read the password from the first line of this file (else it is asked for).",
        show_default=False,
    ),
]


def read_password(path: Path | None, *, required: bool) -> str | None:
    """The password from ``path``, or asked for twice on a terminal (hidden).

    Without a file and without a terminal: None when not ``required`` (the user is
    added without a password), else a UserInputError.
    """
    if path is not None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise UserInputError(
                f"{path}: cannot read the password file ({exc.strerror})."
            ) from None
        if not lines or not lines[0]:
            raise UserInputError(f"{path}: the password file's first line is empty.")
        return lines[0]
    if not sys.stdin.isatty():
        if required:
            raise UserInputError(
                "Give the password with --password-file FILE (no terminal to ask)."
            )
        return None
    answer: str = typer.prompt(
        "Password (12 characters or more; empty for none)" if not required else "New password",
        hide_input=True,
        confirmation_prompt=True,
        default="" if not required else None,
        show_default=False,
    )
    return answer or None


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
    password_file: PasswordFileOption = None,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Add a user. Only an admin may; the first user of a new database must be an admin.

    The password (for the workbench) is asked for, or read with --password-file; a
    user without one can use the CLI but cannot sign in until `users passwd` sets it.
    """
    password = read_password(password_file, required=False)
    with case_database(store, db) as opened, opened.transaction() as session:
        actor = login(session, as_user) if has_users(session) else None
        user = add_user(session, actor, username, role, name, password)
        note = "" if password else " (no password: `boundline users passwd` sets one)"
        out.print(f"User {user.username} added as {user.role}{note}.")


@users_app.command("passwd")
@guarded
def users_passwd_command(
    username: Annotated[str, typer.Argument(help="Whose password to set.")],
    password_file: PasswordFileOption = None,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Set a password: your own, or anyone's as an admin. Their open sessions end."""
    password = read_password(password_file, required=True)
    with acting(store, db, as_user) as (session, actor):
        set_password(session, actor, username, password or "")
    out.print(f"Password of {username} set; their open workbench sessions have ended.")


@users_app.command("list")
@guarded
def users_list_command(
    as_json: JsonOption = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """List the users and their roles (admins and auditors)."""
    with acting(store, db, as_user) as (session, actor):
        users = list_users(session, actor)
    if as_json:
        print_json([user_json(user) for user in users])
        return
    table = Table("username", "name", "role", "password", "added", "added by")
    for user in users:
        added = f"{user.created_at:%Y-%m-%d %H:%M}Z"
        has = "set" if user.password_hash else "none"
        table.add_row(user.username, user.display_name, user.role, has, added, user.created_by)
    out.print(table)
