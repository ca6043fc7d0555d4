"""Content-addressed exhibit files: ``<store>/exhibits/<sha256>``, written atomically."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

EXHIBITS_DIR = "exhibits"
_CHUNK = 1 << 20


def sha256_file(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _publish(tmp: Path, folder: Path, sha: str) -> str:
    """Move a fully written temporary file to its content address (or drop a duplicate)."""
    target = folder / sha
    if target.exists():
        tmp.unlink()
    else:
        os.replace(tmp, target)
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return f"{EXHIBITS_DIR}/{sha}"


def store_file(store: Path, source: Path) -> tuple[str, int, str]:
    """Copy ``source`` into the store by content; (sha256, size, store-relative path)."""
    folder = store / EXHIBITS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, name = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        return sha, size, _publish(tmp, folder, sha)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def store_bytes(store: Path, data: bytes) -> tuple[str, int, str]:
    """Store ``data`` by content; (sha256, size, store-relative path)."""
    folder = store / EXHIBITS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        sha = hashlib.sha256(data).hexdigest()
        return sha, len(data), _publish(tmp, folder, sha)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class TooLargeError(ValueError):
    """More bytes arrived than the limit allows (the partial file is already removed)."""


def spool(store: Path, stream: BinaryIO, limit: int) -> tuple[Path, str, int]:
    """Copy ``stream`` to a temporary file beside the content store, hashing as it goes.

    Returns (temporary path, sha256, size); the caller publishes it with
    :func:`publish` or removes it. Past ``limit`` bytes the partial file is removed
    and :class:`TooLargeError` raised: nothing half-written stays.
    """
    folder = store / EXHIBITS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, name = tempfile.mkstemp(dir=folder, prefix=".incoming-")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLargeError(f"more than {limit} bytes")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, digest.hexdigest(), size


def publish(store: Path, tmp: Path, sha: str) -> str:
    """Move a spooled file to its content address; the store-relative location."""
    return _publish(tmp, store / EXHIBITS_DIR, sha)
