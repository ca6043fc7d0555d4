"""Acting as a user: one transaction of work, with every refusal written to the audit log.

The CLI and the workbench both act through :func:`acting_as` (or :func:`acting`,
which first resolves a user name as a login), so the two cannot differ in what is
audited. A refusal is written in a transaction of its own, after the work's
transaction has been rolled back, so it stays recorded:

* a role that may not act (:class:`~boundline.errors.PermissionDeniedError`) is a
  ``denied`` entry against the user, with why;
* a statutory step not allowed now (:class:`~boundline.errors.IllegalStepError`)
  is a ``refused`` entry against the case, naming the step and why;
* a case the user may not know (:class:`~boundline.errors.CaseHiddenError`, need to
  know) is a ``denied`` entry against the user, naming the case.

:func:`demand` checks one permission the same way, for a front end that must refuse
a whole page before any service runs (the workbench's route table).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from boundline.audit import record
from boundline.cases.db import CaseDB
from boundline.cases.roles import Actor, Permission, require
from boundline.cases.users import login
from boundline.errors import CaseHiddenError, IllegalStepError, PermissionDeniedError

__all__ = ["acting", "acting_as", "demand", "record_denied"]


def record_denied(
    db: CaseDB, actor: Actor, why: str, what: str | None = None, permission: str = ""
) -> None:
    """Write a ``denied`` entry against ``actor`` in a transaction of its own.

    ``why`` is the refusal in words; ``permission`` (e.g. ``user.list``), when known,
    is kept too, so the log stays searchable by the permission's name.
    """
    detail = {"why": why} if what is None else {"why": why, "what": what}
    if permission:
        detail["permission"] = permission
    with db.transaction() as session:
        record(session, actor.username, "denied", "user", actor.username, detail)


@contextmanager
def acting_as(db: CaseDB, actor: Actor) -> Iterator[Session]:
    """One transaction as ``actor``; a denial or refused step is audited, then re-raised."""
    try:
        with db.transaction() as session:
            yield session
    except PermissionDeniedError as exc:
        record_denied(db, actor, str(exc), permission=exc.permission)
        raise
    except CaseHiddenError as exc:
        record_denied(db, actor, "not a member of the case (need to know)", what=exc.case)
        raise
    except IllegalStepError as exc:
        if exc.case:
            detail = {"step": exc.step, "why": str(exc)}
            with db.transaction() as session:
                record(session, actor.username, "refused", "case", exc.case, detail)
        raise


@contextmanager
def acting(db: CaseDB, username: str | None) -> Iterator[tuple[Session, Actor]]:
    """Log in as ``username`` (audited on its own), then act in one transaction.

    A refused login (a disabled user) is written as a ``denied`` entry against the
    user name, in a transaction of its own.
    """
    try:
        with db.transaction() as session:
            actor = login(session, username)
    except PermissionDeniedError as exc:
        with db.transaction() as session:
            detail = {"why": str(exc), "what": "login"}
            record(session, username or "", "denied", "user", username or "", detail)
        raise
    with acting_as(db, actor) as session:
        yield session, actor


def demand(db: CaseDB, actor: Actor, permission: Permission, what: str | None = None) -> None:
    """Raise PermissionDeniedError (audited as ``denied``) unless the actor may ``permission``.

    ``what`` names what was asked for (a page, a download) in the audit entry.
    """
    try:
        require(actor, permission)
    except PermissionDeniedError as exc:
        record_denied(db, actor, str(exc), what, exc.permission)
        raise
