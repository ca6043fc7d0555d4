"""``boundline audit``: check the hash chain of the audit log; show entries."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from boundline.cases import show_audit, verify_audit
from boundline.cli._casestore import AsOption, DbOption, acting
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, err, guarded, out

audit_app = typer.Typer(
    name="audit", no_args_is_help=True, help="The tamper-evident audit log of the case store."
)


@audit_app.command("verify")
@guarded
def audit_verify_command(
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Check the whole audit log's hash chain (auditors and admins).

    Exit 1 at the first edited, deleted, inserted or reordered entry; 0 when intact.
    """
    with acting(store, db, as_user) as (session, actor):
        report = verify_audit(session, actor)
    if report.broken is not None:
        b = report.broken
        err.print(f"[bold red]audit log broken at entry {b.seq} ({b.kind}):[/] {escape(b.problem)}")
        raise typer.Exit(1)
    out.print(
        f"Audit log intact: {report.entries} entries; head entry {report.head_seq}, "
        f"hash {report.head_hash}."
    )


@audit_app.command("show")
@guarded
def audit_show_command(
    object_id: Annotated[
        str | None, typer.Option("--object", help="Only entries about this object id.")
    ] = None,
    actor_name: Annotated[
        str | None, typer.Option("--actor", help="Only entries by this user.")
    ] = None,
    action: Annotated[
        str | None, typer.Option("--action", help="Only entries of this action.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many entries.")] = 50,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Show audit entries, newest first (auditors and admins)."""
    with acting(store, db, as_user) as (session, actor):
        found = show_audit(
            session, actor, object_id=object_id, actor_name=actor_name, action=action, limit=limit
        )
    for e in found:
        out.print(
            f"[bold]{e.seq}[/] {e.at:%Y-%m-%d %H:%M:%S}Z {e.actor} {e.action} "
            f"{escape(e.object_type)} {escape(e.object_id)} {escape(e.detail)}"
        )
