"""Exhibits that arrive as a stream (an upload) and leave as a file (a download).

An upload is spooled beside the content store while it is hashed, refused past a
size limit (the partial file removed), checked for duplicates in the case, then
moved to its content address ``<store>/exhibits/<sha256>``: the stored name never
comes from the uploaded name, which is kept (cleaned) only as the exhibit's label.
A download is the custody event ``exported``, audited, and only of content that
still has its registered SHA-256.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from sqlalchemy.orm import Session

from boundline.cases._content import TooLargeError, publish, sha256_file, spool
from boundline.cases.exhibits import (
    _admit,
    _duplicate,
    _register,
    _visible_exhibit,
    add_custody,
    exhibit_path,
)
from boundline.cases.models import Exhibit
from boundline.cases.roles import Actor, Permission, require
from boundline.errors import UserInputError

__all__ = ["clean_name", "export_exhibit", "receive_exhibit"]

_UNSAFE = re.compile(r"[^\w .,()+-]")


def clean_name(uploaded: str) -> str:
    r"""A label from an uploaded file name: its last part, printable, at most 120 characters.

    ``../../etc/passwd`` is ``passwd``; ``C:\x\y.pdf`` is ``y.pdf``; control and
    markup characters become ``_``. An empty result is ``upload``.
    """
    last = PureWindowsPath(PurePosixPath(uploaded).name).name
    text = unicodedata.normalize("NFKC", last)
    text = _UNSAFE.sub("_", text).strip(" .")
    return text[:120] or "upload"


def receive_exhibit(
    session: Session,
    actor: Actor,
    store: Path,
    reference: str,
    stream: BinaryIO,
    uploaded_name: str,
    *,
    limit: int,
    origin: str = "other",
    purpose: str = "misconduct",
    note: str = "",
    allow_duplicate: str | None = None,
) -> Exhibit:
    """Register an uploaded file as an exhibit of case ``reference`` (streamed, hashed, limited)."""
    case = _admit(session, actor, reference, origin, purpose)
    name = clean_name(uploaded_name)
    try:
        tmp, sha, size = spool(store, stream, limit)
    except TooLargeError:
        raise UserInputError(
            f"{name} is larger than the upload limit of {limit:,} bytes: it was not kept."
        ) from None
    try:
        if size == 0:
            raise UserInputError(f"{name} is empty: there is nothing to keep as an exhibit.")
        duplicate = _duplicate(session, case, name, sha, allow_duplicate)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if duplicate:
        note = f"{note} (same content as {duplicate['duplicate_of']}: {allow_duplicate})".strip()
    location = publish(store, tmp, sha)
    return _register(
        session, actor, case, name, (sha, size, location), False, origin, purpose, note, duplicate
    )


def export_exhibit(
    session: Session, actor: Actor, store: Path, reference: str, note: str = ""
) -> tuple[Exhibit, Path]:
    """An exhibit's file for a download: custody event ``exported``, audited.

    Refused (a UserInputError) when the content is missing or no longer has its
    registered SHA-256: a changed exhibit is never handed out as the exhibit.
    """
    require(actor, Permission.EXHIBIT_CUSTODY)
    exhibit = _visible_exhibit(session, actor, reference)
    path = exhibit_path(store, exhibit)
    if not path.is_file():
        raise UserInputError(f"Exhibit {exhibit.reference}: its content is missing from the store.")
    actual, _ = sha256_file(path)
    if actual != exhibit.sha256:
        raise UserInputError(
            f"Exhibit {exhibit.reference} no longer has its registered SHA-256 "
            f"({exhibit.sha256}); it was not exported. Verify the exhibits."
        )
    add_custody(session, actor, exhibit.reference, "exported", note or "downloaded")
    return exhibit, path
