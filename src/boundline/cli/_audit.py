"""``boundline audit``: verify the hash chain; show and export entries; sign checkpoints."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from boundline.audit import (
    CheckpointCheck,
    generate_key,
    key_fingerprint,
    load_private_key,
    load_public_key,
    read_checkpoint,
)
from boundline.cases import show_audit
from boundline.cases.audit_access import (
    AuditCheck,
    AuditFilters,
    Signed,
    sign_checkpoint,
    verify_everything,
)
from boundline.cases.audit_export import EXPORT_FORMATS, audit_filters, export_audit, export_format
from boundline.cli._casestore import AsOption, DbOption, acting
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, err, guarded, out
from boundline.cli._files import require_folder, write_output
from boundline.cli._output import JsonOption, audit_entry_json, print_json
from boundline.errors import UserInputError

audit_app = typer.Typer(
    name="audit", no_args_is_help=True, help="The tamper-evident audit log of the case store."
)


@audit_app.command("verify")
@guarded
def audit_verify_command(
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
    checkpoint: Annotated[
        Path | None,
        typer.Option(
            "--checkpoint", help="Also prove the log still extends this signed checkpoint."
        ),
    ] = None,
    public_key: Annotated[
        Path | None,
        typer.Option(
            "--public-key", help="The key that signed --checkpoint (.pub, or the private key)."
        ),
    ] = None,
) -> None:
    """Check the whole audit log's hash chain (auditors and admins).

    Exit 1 at the first edited, deleted, inserted or reordered entry, or when the log
    no longer extends --checkpoint; 0 when intact.
    """
    signed = _signed_checkpoint(checkpoint, public_key)
    with acting(store, db, as_user) as (session, actor):
        check = verify_everything(session, actor, signed)
    if check.broken is not None:
        headline, problem = check.broken
        err.print(f"[bold red]{escape(headline)}:[/] {escape(problem)}")
        raise typer.Exit(1)
    out.print(check.summary)
    _report_rows(check)
    _report_checkpoint(check.checkpoint)


def _report_rows(check: AuditCheck) -> None:
    """Print what the replay of the log found in the tables; exit 1 when anything differs."""
    if not check.rows:
        out.print(check.rows_summary)
        return
    for d in check.rows:
        err.print(f"[bold red]{d.kind}:[/] {escape(d.problem)}")
    err.print(f"[bold red]{escape(check.rows_summary)}[/]")
    raise typer.Exit(1)


def _signed_checkpoint(checkpoint: Path | None, public_key: Path | None) -> Signed | None:
    """The checkpoint and its key, read before any work, if ``--checkpoint`` was given."""
    if checkpoint is None and public_key is None:
        return None
    if checkpoint is None or public_key is None:
        raise UserInputError("Give --checkpoint FILE and --public-key FILE together.")
    return read_checkpoint(checkpoint), load_public_key(public_key)


def _report_checkpoint(held: CheckpointCheck | None) -> None:
    """Print the checkpoint check; exit 1 (as a broken chain) when the log does not extend it."""
    if held is None:
        return
    if held.problem is not None:
        err.print(f"[bold red]{held.checkpoint.label}:[/] {escape(held.problem)}")
        raise typer.Exit(1)
    out.print(f"{held.checkpoint.label}: the log still extends it (now to entry {held.head_seq}).")


ObjectOption = Annotated[
    str | None,
    typer.Option("--object", help="Only entries about this object id (or its pseudonym)."),
]
ActorOption = Annotated[str | None, typer.Option("--actor", help="Only entries by this user.")]
ActionOption = Annotated[
    str | None,
    typer.Option(
        "--action", help="Only entries of this action, as the log names it (e.g. case.transition)."
    ),
]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Only entries at or after this ISO date or date-time (UTC unless it has an offset).",
        show_default=False,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        help="Only entries before this ISO date-time; a date alone includes that whole day (UTC).",
        show_default=False,
    ),
]


def _filters(
    object_id: str | None,
    actor_name: str | None,
    action: str | None,
    since: str | None,
    until: str | None,
) -> AuditFilters:
    """The filters of ``audit show`` and ``audit export``; bad dates are refused before any work.

    The action is checked by the service, after the permission (as it always was).
    """
    when = audit_filters(since=since, until=until)
    return AuditFilters(actor_name, action, object_id, when.since, when.until)


@audit_app.command("show")
@guarded
def audit_show_command(
    object_id: ObjectOption = None,
    actor_name: ActorOption = None,
    action: ActionOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many entries.")] = 50,
    as_json: JsonOption = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Show audit entries, newest first (auditors and admins)."""
    f = _filters(object_id, actor_name, action, since, until)
    with acting(store, db, as_user) as (session, actor):
        found = show_audit(
            session,
            actor,
            object_id=f.object_id,
            actor_name=f.actor,
            action=f.action,
            since=f.since,
            until=f.until,
            limit=limit,
        )
    if as_json:
        print_json([audit_entry_json(e) for e in found])
        return
    for e in found:
        out.print(
            f"[bold]{e.seq}[/] {e.at:%Y-%m-%d %H:%M:%S}Z {e.actor} {e.action} "
            f"{escape(e.object_type)} {escape(e.object_id)} {escape(e.detail)}"
        )


@audit_app.command("export")
@guarded
def audit_export_command(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help=f"{' or '.join(EXPORT_FORMATS)}: JSON lines, or CSV no spreadsheet would run.",
            show_default=False,
        ),
    ],
    out_file: Annotated[
        Path,
        typer.Option("--out", help="The file to write (whole, or not at all).", show_default=False),
    ],
    object_id: ObjectOption = None,
    actor_name: ActorOption = None,
    action: ActionOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Export the whole filtered audit log, newest first, to a file (auditors and admins).

    Identities are masked as ``audit show`` masks them; the export is itself audited.
    """
    fmt = export_format(fmt)
    require_folder(out_file)
    f = _filters(object_id, actor_name, action, since, until)
    with acting(store, db, as_user) as (session, actor):
        text = export_audit(session, actor, f, fmt)
        write_output(out_file, text)  # a failed write rolls the audited export back
    out.print(f"The filtered audit log ({fmt}, newest first) is in {out_file}.")


@audit_app.command("keygen")
@guarded
def audit_keygen_command(
    keyfile: Annotated[Path, typer.Argument(help="Where to write the new private key.")],
) -> None:
    """Make a signing key for checkpoints: KEYFILE (private, mode 0600) and KEYFILE.pub."""
    require_folder(keyfile, "KEYFILE")
    public = generate_key(keyfile)
    out.print(
        f"Private key: {keyfile} (mode 0600); public key: {keyfile}.pub\n"
        f"Fingerprint: {key_fingerprint(public)}\n"
        "Keep the private key OFF the database server, e.g. with the force's information "
        "security officer or in a key vault: whoever holds it and the database's rights "
        "could rewrite the log and sign a checkpoint that matches. "
        "The public key may be copied anywhere."
    )


@audit_app.command("checkpoint")
@guarded
def audit_checkpoint_command(
    key: Annotated[Path, typer.Option("--key", help="The private key (from audit keygen).")],
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Where to write it (default checkpoint-<seq>-<UTC time>.json here).",
            show_default=False,
        ),
    ] = None,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Sign the audit log's current head into a checkpoint file (auditors and admins)."""
    load_private_key(key)  # a missing or unreadable key is an error before logging in
    if out_file is not None:
        require_folder(out_file)
    if out_file is not None and out_file.exists():
        raise UserInputError(f"{out_file}: already exists; a checkpoint is never overwritten.")
    with acting(store, db, as_user) as (session, actor):
        cp = sign_checkpoint(session, actor, key)
        path = out_file or Path(f"checkpoint-{cp.seq}-{cp.at:%Y%m%dT%H%M%SZ}.json")
        _write_new(path, cp.to_json() + "\n")
    out.print(f"Checkpoint of entry {cp.seq}, hash {cp.hash}, signed: {path}")


def _write_new(path: Path, text: str) -> None:
    """Write a new file (never overwrite one); a UserInputError naming it if that fails."""
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except OSError as exc:
        raise UserInputError(f"{path}: cannot write the checkpoint ({exc.strerror}).") from None
