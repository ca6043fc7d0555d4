"""The store manifest: the one file that says what a reader may see.

Every other file in the store is invisible until the manifest names it, and the
manifest is replaced atomically (write aside, fsync, ``os.replace``), so a reader
never sees half an ingest and a crash mid-ingest leaves the store as it was.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from boundline.errors import StoreError

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class SourceRecord:
    """One source file taken into the store, with its fingerprint and counts."""

    ingest_id: str
    table: str
    name: str
    path: str
    sha256: str
    size: int
    read: int
    accepted: int
    set_aside: int
    duplicates: int
    contract_version: int
    ingested_at: str


@dataclass
class Manifest:
    """What the store holds: data files per table, reject files and their sources."""

    version: int = 0
    tables: dict[str, list[str]] = field(default_factory=dict)
    rejects: list[str] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    format: int = FORMAT_VERSION

    def known_hashes(self) -> set[str]:
        """SHA-256 of every source file already ingested."""
        return {s.sha256 for s in self.sources}

    def referenced(self) -> set[str]:
        """Every store-relative path the manifest makes visible."""
        paths = {p for files in self.tables.values() for p in files}
        return paths | set(self.rejects)

    def to_json(self) -> str:
        """Serialise deterministically."""
        body: dict[str, Any] = {
            "format": self.format,
            "version": self.version,
            "tables": {k: sorted(v) for k, v in sorted(self.tables.items())},
            "rejects": sorted(self.rejects),
            "sources": [asdict(s) for s in self.sources],
        }
        return json.dumps(body, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str, where: Path) -> Manifest:
        """Parse a manifest; a StoreError names the file if it is not one."""
        try:
            body = json.loads(text)
            if body.get("format") != FORMAT_VERSION:
                raise StoreError(
                    f"{where}: store format {body.get('format')!r} is not the format this "
                    f"version of Boundline writes ({FORMAT_VERSION})."
                )
            return cls(
                version=int(body["version"]),
                tables={k: list(v) for k, v in body["tables"].items()},
                rejects=list(body["rejects"]),
                sources=[SourceRecord(**s) for s in body["sources"]],
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{where}: the store manifest is not valid ({exc}).") from exc


def read_manifest(root: Path) -> Manifest:
    """Read the manifest of the store at ``root`` (an empty one if there is none yet)."""
    path = root / MANIFEST_NAME
    if not path.exists():
        return Manifest()
    return Manifest.from_json(path.read_text(encoding="utf-8"), path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a written file to disk before the manifest may name it."""
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def publish_manifest(root: Path, manifest: Manifest) -> None:
    """Atomically replace the manifest: the single commit point of an ingest."""
    tmp = root / f".{MANIFEST_NAME}.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(manifest.to_json())
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / MANIFEST_NAME)
    _fsync_dir(root)
