"""``boundline audit``: check the hash chain of the audit log; show entries; sign checkpoints."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from rich.markup import escape
from sqlalchemy.orm import Session

from boundline.audit import (
    ChainReport,
    Checkpoint,
    CheckpointCheck,
    RowDifference,
    generate_key,
    key_fingerprint,
    load_private_key,
    load_public_key,
    read_checkpoint,
    verify_against,
)
from boundline.cases import show_audit, verify_audit
from boundline.cases.audit_access import sign_checkpoint
from boundline.cases.integrity import PROVEN, verify_rows
from boundline.cli._casestore import AsOption, DbOption, acting
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, err, guarded, out
from boundline.cli._files import require_folder
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
        report = verify_audit(session, actor)
        held = _check_checkpoint(session, signed, report)
        rows = verify_rows(session, actor) if report.broken is None else []
    if report.broken is not None:
        b = report.broken
        err.print(f"[bold red]audit log broken at entry {b.seq} ({b.kind}):[/] {escape(b.problem)}")
        raise typer.Exit(1)
    out.print(
        f"Audit log intact: {report.entries} entries; head entry {report.head_seq}, "
        f"hash {report.head_hash}."
    )
    _report_rows(rows)
    _report_checkpoint(held)


def _report_rows(rows: list[RowDifference]) -> None:
    """Print what the replay of the log found in the tables; exit 1 when anything differs."""
    if not rows:
        out.print(f"Every row of the {len(PROVEN)} proven tables is what the log says it is.")
        return
    for d in rows:
        err.print(f"[bold red]{d.kind}:[/] {escape(d.problem)}")
    err.print(f"[bold red]{len(rows)} row(s) differ from the audit log.[/]")
    raise typer.Exit(1)


Signed = tuple[Checkpoint, Ed25519PublicKey]


def _signed_checkpoint(checkpoint: Path | None, public_key: Path | None) -> Signed | None:
    """The checkpoint and its key, read before any work, if ``--checkpoint`` was given."""
    if checkpoint is None and public_key is None:
        return None
    if checkpoint is None or public_key is None:
        raise UserInputError("Give --checkpoint FILE and --public-key FILE together.")
    return read_checkpoint(checkpoint), load_public_key(public_key)


def _check_checkpoint(
    session: Session, signed: Signed | None, report: ChainReport
) -> CheckpointCheck | None:
    """Whether the log (as ``report`` walked it) still extends the checkpoint, if one was given."""
    return None if signed is None else verify_against(session, *signed, chain=report)


def _report_checkpoint(held: CheckpointCheck | None) -> None:
    """Print the checkpoint check; exit 1 (as a broken chain) when the log does not extend it."""
    if held is None:
        return
    if held.problem is not None:
        err.print(f"[bold red]{held.checkpoint.label}:[/] {escape(held.problem)}")
        raise typer.Exit(1)
    out.print(f"{held.checkpoint.label}: the log still extends it (now to entry {held.head_seq}).")


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
        str | None,
        typer.Option(
            "--action",
            help="Only entries of this action, as the log names it (e.g. case.transition).",
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many entries.")] = 50,
    as_json: JsonOption = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Show audit entries, newest first (auditors and admins)."""
    with acting(store, db, as_user) as (session, actor):
        found = show_audit(
            session, actor, object_id=object_id, actor_name=actor_name, action=action, limit=limit
        )
    if as_json:
        print_json([audit_entry_json(e) for e in found])
        return
    for e in found:
        out.print(
            f"[bold]{e.seq}[/] {e.at:%Y-%m-%d %H:%M:%S}Z {e.actor} {e.action} "
            f"{escape(e.object_type)} {escape(e.object_id)} {escape(e.detail)}"
        )


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
