"""Signed checkpoints: proof that the audit log still extends a head signed earlier.

The hash chain shows edits to the log, but not a rewrite by someone with the
database's own rights who rehashes every entry (or deletes the last entries and
moves ``audit_head`` back). A checkpoint is the head (``seq``, ``hash``), the time
and the signing key's fingerprint, signed with Ed25519 by a key kept away from the
database. :func:`verify_against` later proves, with the public key only, that the
log is intact, reaches at least ``seq``, and still has that hash at ``seq``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.orm import Session

from boundline.audit._base import utcnow
from boundline.audit._chain import instant
from boundline.audit._schema import AuditEntry
from boundline.audit._verify import ChainReport, verify_chain
from boundline.errors import BrokenChainError, UserInputError

#: The ``format`` marker of a checkpoint document.
CHECKPOINT_FORMAT = "boundline.checkpoint/1"
#: Every field of the document and its JSON type.
_FIELDS = dict(format=str, seq=int, hash=str, at=str, entries=int, key=str, signature=str)


def _pem(path: Path, what: str) -> bytes:
    """The bytes of a key file, or a UserInputError naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserInputError(f"{path}: cannot read the {what} ({exc.strerror}).") from None


def _private(data: bytes) -> Ed25519PrivateKey | None:
    """The Ed25519 private key in PEM ``data``, or None."""
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        return None
    return key if isinstance(key, Ed25519PrivateKey) else None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in a PEM file (as :func:`generate_key` writes)."""
    key = _private(_pem(path, "private key"))
    if key is None:
        raise UserInputError(f"{path}: not an unencrypted PEM Ed25519 private key.")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """The Ed25519 public key in a PEM file: a ``.pub`` file, or derived from the private key."""
    data = _pem(path, "public key")
    try:
        key: object = serialization.load_pem_public_key(data)
    except (ValueError, UnsupportedAlgorithm):
        key = _private(data)
        key = key.public_key() if key is not None else None
    if not isinstance(key, Ed25519PublicKey):
        raise UserInputError(f"{path}: not a PEM Ed25519 public key (nor a private key).")
    return key


def key_fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 (hex) of the raw public key: names the key in a checkpoint."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def _create(path: Path, data: bytes, mode: int) -> None:
    """Write a new file with ``mode``; never overwrite one."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as exc:
        raise UserInputError(f"{path}: cannot create the file ({exc.strerror}).") from None
    with os.fdopen(fd, "wb") as file:
        os.fchmod(file.fileno(), mode)
        file.write(data)


def generate_key(path: Path) -> Ed25519PublicKey:
    """Write a new private key to ``path`` (PEM, PKCS8, mode 0600) and ``<path>.pub``."""
    pub = path.with_name(path.name + ".pub")
    for existing in (path, pub):
        if existing.exists():
            raise UserInputError(f"{existing}: already exists; a key is never overwritten.")
    key, pem = Ed25519PrivateKey.generate(), serialization.Encoding.PEM
    pkcs8, none = serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    _create(path, key.private_bytes(pem, pkcs8, none), 0o600)
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    _create(pub, key.public_key().public_bytes(pem, spki), 0o644)
    return key.public_key()


def _canonical(body: dict[str, Any]) -> bytes:
    """Canonical JSON (sorted keys, no spaces) of a document, as signed."""
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class Checkpoint:
    """A signed head of the audit log: entries up to ``seq`` ended with ``hash`` at ``at``."""

    seq: int
    hash: str
    at: datetime
    entries: int
    key: str  # the signing key's fingerprint
    signature: str = ""  # hex Ed25519 signature over the canonical :meth:`body`

    @property
    def label(self) -> str:
        """``checkpoint of <time> (entry <seq>)``, to name it in messages."""
        return f"checkpoint of {instant(self.at)} (entry {self.seq})"

    def body(self) -> dict[str, Any]:
        """Every field but the signature, with the format marker (what is signed)."""
        fields = asdict(self)
        del fields["signature"]
        return {**fields, "at": instant(self.at), "format": CHECKPOINT_FORMAT}

    def to_json(self) -> str:
        """The checkpoint document (sorted keys), signature included."""
        return json.dumps({**self.body(), "signature": self.signature}, sort_keys=True, indent=2)

    def signature_holds(self, public_key: Ed25519PublicKey) -> bool:
        """Whether the signature verifies over the canonical body with ``public_key``."""
        try:
            public_key.verify(bytes.fromhex(self.signature), _canonical(self.body()))
        except (InvalidSignature, ValueError):
            return False
        return True


def read_checkpoint(path: Path) -> Checkpoint:
    """Read a checkpoint document; a UserInputError naming the file if it is not one."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserInputError(f"{path}: cannot read the checkpoint ({exc.strerror}).") from None
    except ValueError as exc:  # JSON and UTF-8 errors
        raise UserInputError(f"{path}: not a checkpoint (not JSON: {exc}).") from None
    if not isinstance(doc, dict) or set(doc) != set(_FIELDS):
        raise UserInputError(f"{path}: not a checkpoint (fields {sorted(_FIELDS)} expected).")
    if doc.pop("format") != CHECKPOINT_FORMAT:
        raise UserInputError(f"{path}: not a {CHECKPOINT_FORMAT} checkpoint.")
    wrong = [k for k, v in doc.items() if type(v) is not _FIELDS[k]]
    if wrong:
        raise UserInputError(f"{path}: not a checkpoint (wrong type of {', '.join(wrong)}).")
    try:
        at = datetime.strptime(doc.pop("at"), "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        raise UserInputError(f"{path}: the checkpoint's time is unreadable.") from None
    return Checkpoint(at=at, **doc)


def make_checkpoint(session: Session, key_path: Path) -> Checkpoint:
    """Sign the current head of the log; a BrokenChainError if the chain does not hold."""
    key = load_private_key(key_path)
    report = verify_chain(session)
    if report.broken is not None:
        b = report.broken
        raise BrokenChainError(
            f"Not signed: the audit log is broken at entry {b.seq} ({b.kind}): {b.problem}."
        )
    if report.head_seq == 0:
        raise UserInputError("Not signed: the audit log is empty.")
    fingerprint = key_fingerprint(key.public_key())
    unsigned = Checkpoint(report.head_seq, report.head_hash, utcnow(), report.entries, fingerprint)
    signature = key.sign(_canonical(unsigned.body())).hex()
    return replace(unsigned, signature=signature)


@dataclass(frozen=True)
class CheckpointCheck:
    """The outcome of :func:`verify_against`: ``problem`` is None when the log extends it."""

    checkpoint: Checkpoint
    head_seq: int
    problem: str | None

    @property
    def holds(self) -> bool:
        """Whether the log still extends the checkpoint."""
        return self.problem is None


def _problem(session: Session, cp: Checkpoint, key: Ed25519PublicKey, chain: ChainReport) -> str:
    """Why the log does not extend ``cp`` (empty when it does)."""
    if not cp.signature_holds(key):
        named = "" if cp.key == key_fingerprint(key) else f" (it names key {cp.key[:16]}…)"
        return (
            "the checkpoint's signature does not verify with this key: it was altered or "
            f"signed by another key{named}"
        )
    if chain.broken is not None:
        return f"the audit log is broken at entry {chain.broken.seq}: {chain.broken.problem}"
    if chain.head_seq < cp.seq:
        return (
            f"the log was truncated: it ends at entry {chain.head_seq} but the checkpoint of "
            f"{instant(cp.at)} covered entries up to {cp.seq}"
        )
    entry = session.get(AuditEntry, cp.seq)
    if entry is None or entry.hash != cp.hash:
        return (
            f"entry {cp.seq} no longer has the hash the checkpoint signed: "
            "the log was rewritten and rehashed"
        )
    return ""


def verify_against(
    session: Session,
    checkpoint: Checkpoint,
    public_key: Ed25519PublicKey,
    *,
    chain: ChainReport | None = None,
) -> CheckpointCheck:
    """Check the signature, then that the current log still extends the checkpoint.

    ``chain`` is a :func:`verify_chain` report of this session's log, if one was
    just made (it is walked again otherwise).
    """
    if chain is None:
        chain = verify_chain(session)
    problem = _problem(session, checkpoint, public_key, chain)
    return CheckpointCheck(checkpoint, chain.head_seq, problem or None)
