"""``boundline users``: add, list and administer users (roles, disabling, passwords, sessions)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from boundline.cases import (
    active_sessions,
    add_user,
    change_role,
    disable_user,
    enable_user,
    has_users,
    login,
    revoke_session,
    user_rows,
)
from boundline.cases.signin import set_password
from boundline.cli._casestore import AsOption, DbOption, ReasonOption, acting, case_database
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, guarded, out
from boundline.cli._output import JsonOption, iso, print_json
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
    """List the users: role, password, disabled, last sign-in (admins and auditors)."""
    with acting(store, db, as_user) as (session, actor):
        rows = user_rows(session, actor)
    if as_json:
        print_json(
            [
                {
                    "username": r.username,
                    "name": r.display_name,
                    "role": r.role,
                    "password": r.password_set,
                    "added_at": iso(r.created_at),
                    "added_by": r.created_by,
                }
                for r in rows
            ]
        )
        return
    table = Table("username", "name", "role", "state", "password", "last sign-in", "sessions")
    for r in rows:
        table.add_row(
            escape(r.username),
            escape(r.display_name),
            r.role,
            "disabled" if r.disabled else "active",
            "set" if r.password_set else "none",
            f"{r.last_sign_in:%Y-%m-%d %H:%M}Z" if r.last_sign_in else "never",
            str(r.active_sessions),
        )
    out.print(table)


NameArgument = Annotated[str, typer.Argument(help="The user's username.")]


@users_app.command("role")
@guarded
def users_role_command(
    username: NameArgument,
    role: Annotated[
        str,
        typer.Argument(help="analyst, investigator, appropriate_authority, auditor or admin."),
    ],
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Give a user another role (admins). The last active admin cannot be demoted."""
    with acting(store, db, as_user) as (session, actor):
        user = change_role(session, actor, username, role)
    out.print(f"{escape(user.username)} is now {user.role}.")


@users_app.command("disable")
@guarded
def users_disable_command(
    username: NameArgument,
    reason: ReasonOption,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Disable a user (admins): no sign-in, no CLI; their sessions end. Not yourself."""
    with acting(store, db, as_user) as (session, actor):
        user = disable_user(session, actor, username, reason)
    out.print(f"{escape(user.username)} is disabled; their open workbench sessions have ended.")


@users_app.command("enable")
@guarded
def users_enable_command(
    username: NameArgument,
    reason: ReasonOption,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Enable a disabled user again (admins)."""
    with acting(store, db, as_user) as (session, actor):
        user = enable_user(session, actor, username, reason)
    out.print(f"{escape(user.username)} is enabled again.")


@users_app.command("sessions")
@guarded
def users_sessions_command(
    as_json: JsonOption = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """List the open workbench sessions by handle, newest first (admins)."""
    with acting(store, db, as_user) as (session, actor):
        rows = active_sessions(session, actor)
    if as_json:
        print_json(
            [
                {
                    "handle": r.handle,
                    "username": r.username,
                    "address": r.address,
                    "signed_in_at": iso(r.created_at),
                    "last_seen": iso(r.last_seen),
                }
                for r in rows
            ]
        )
        return
    table = Table("handle", "user", "address", "signed in", "last seen")
    for r in rows:
        table.add_row(
            r.handle,
            escape(r.username),
            escape(r.address),
            f"{r.created_at:%Y-%m-%d %H:%M}Z",
            f"{r.last_seen:%Y-%m-%d %H:%M}Z",
        )
    out.print(table)


@users_app.command("revoke")
@guarded
def users_revoke_command(
    handle: Annotated[str, typer.Argument(help="The session's handle, as `users sessions` shows.")],
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """End one workbench session, by its handle (admins)."""
    with acting(store, db, as_user) as (session, actor):
        ended = revoke_session(session, actor, handle)
    out.print(f"Session {ended.handle} of {escape(ended.username)} has ended.")
