"""The store: a folder of typed Parquet files any engine can read, plus a manifest."""

from boundline.store._manifest import (
    Manifest,
    SourceRecord,
    fsync_file,
    publish_manifest,
    read_manifest,
)
from boundline.store._rejects import Reject, list_rejects
from boundline.store._store import DEFAULT_STORE, Store, open_store

__all__ = [
    "DEFAULT_STORE",
    "Manifest",
    "Reject",
    "SourceRecord",
    "Store",
    "fsync_file",
    "list_rejects",
    "open_store",
    "publish_manifest",
    "read_manifest",
]
