"""What the case-store commands share: ``--db``, ``--as``, the case, ``--reason``, acting.

Acting as a user is a login: it is written to the audit log in its own transaction
before the command's work starts, so it stays recorded even if the command is then
refused. Refusals (``denied``, ``refused``) are written by the case services
(:mod:`boundline.cases.acting`), not here, so the CLI and the workbench cannot differ.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from boundline.cases import DB_ENV, Actor, CaseDB, open_case_db
from boundline.cases.acting import acting as acting_as_user
from boundline.cli._common import existing_store
from boundline.errors import CaseStoreError

USER_ENV = "BOUNDLINE_USER"

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar=DB_ENV,
        help="The case database URL (default: cases.sqlite in the store folder).",
        show_default=False,
    ),
]
AsOption = Annotated[
    str | None,
    typer.Option("--as", envvar=USER_ENV, help="The user to act as.", show_default=False),
]
CaseArgument = Annotated[str, typer.Argument(help="The case reference, e.g. BL-2026-0001.")]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why (required, kept for good).")]


@contextmanager
def _database_errors(db: CaseDB) -> Iterator[None]:
    """Turn an unexpected database error into a one-paragraph CaseStoreError."""
    try:
        yield
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        first = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
        raise CaseStoreError(f"The case database {db.url} refused the change: {first}") from None


@contextmanager
def case_database(store: Path, db: str | None) -> Iterator[CaseDB]:
    """The opened case database of an existing store folder, disposed of at the end."""
    with open_case_db(existing_store(store), db) as opened, _database_errors(opened):
        yield opened


@contextmanager
def acting(store: Path, db: str | None, username: str | None) -> Iterator[tuple[Session, Actor]]:
    """Log in as ``username`` and give one transaction to work in as that user.

    The login and any refusal are audited by the case services
    (:func:`boundline.cases.acting`), exactly as the workbench's are.
    """
    with case_database(store, db) as opened, acting_as_user(opened, username) as done:
        yield done
