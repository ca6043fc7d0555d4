"""The store folder: typed Parquet per contract table, rejects, and the manifest.

Layout::

    STORE/
      manifest.json                       the commit point (see _manifest.py)
      data/<table>/<ingest>.parquet       accepted rows, typed
      data/comms/month=YYYY-MM/<ingest>-N.parquet   (comms and avl by month)
      rejects/<ingest>.parquet            set-aside rows with file, line, column, rule, raw
      staging/                            work space of a running ingest; never read
      .lock                               held while an ingest runs

Only files the manifest names are part of the store. Anything else under
``data/`` or ``rejects/`` is debris of an interrupted ingest and is removed by
the next one.
"""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from boundline.errors import StoreError
from boundline.store._manifest import Manifest, read_manifest

DEFAULT_STORE = Path("boundline-store")


@dataclass(frozen=True)
class Store:
    """A store folder. Cheap to create; reads the manifest on demand."""

    root: Path

    @property
    def data_dir(self) -> Path:
        """Where accepted rows live."""
        return self.root / "data"

    @property
    def rejects_dir(self) -> Path:
        """Where set-aside rows live."""
        return self.root / "rejects"

    @property
    def staging_dir(self) -> Path:
        """Work space of a running ingest."""
        return self.root / "staging"

    def exists(self) -> bool:
        """Whether an ingest has ever been committed here."""
        return (self.root / "manifest.json").exists()

    def manifest(self) -> Manifest:
        """The manifest as committed now."""
        return read_manifest(self.root)

    def require(self) -> Manifest:
        """The manifest, or a StoreError saying there is no store here yet."""
        if not self.exists():
            raise StoreError(
                f"{self.root}: no Boundline store here yet. Run `boundline ingest SOURCE_DIR "
                f"--store {self.root}` first."
            )
        return self.manifest()

    def files(self, table: str) -> list[Path]:
        """Absolute paths of the visible Parquet files of ``table``."""
        return [self.root / p for p in self.manifest().tables.get(table, [])]

    def reject_files(self) -> list[Path]:
        """Absolute paths of the visible reject files."""
        return [self.root / p for p in self.manifest().rejects]

    @contextmanager
    def locked(self) -> Iterator[Manifest]:
        """Hold the store's write lock; yield the manifest as it is under the lock."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("a+") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise StoreError(
                    f"{self.root}: another ingest is writing to this store; wait for it to end."
                ) from exc
            try:
                manifest = self.manifest()
                self.collect_garbage(manifest)
                yield manifest
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def collect_garbage(self, manifest: Manifest) -> list[Path]:
        """Remove debris an interrupted ingest left behind; return what was removed."""
        removed: list[Path] = []
        if self.staging_dir.exists():
            shutil.rmtree(self.staging_dir)
            removed.append(self.staging_dir)
        keep = manifest.referenced()
        for folder in (self.data_dir, self.rejects_dir):
            if not folder.exists():
                continue
            for path in sorted(folder.rglob("*.parquet")):
                if path.relative_to(self.root).as_posix() not in keep:
                    path.unlink()
                    removed.append(path)
        return removed


def open_store(root: Path | str = DEFAULT_STORE) -> Store:
    """Open (not create) the store folder at ``root``."""
    path = Path(root)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: the store must be a folder, and this is a file.")
    return Store(path)
