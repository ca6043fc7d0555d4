"""Ingest: a force's exports into the store, checked row by row against the contract."""

from boundline.ingest._profile import Profile, TableMapping, load_profile
from boundline.ingest._report import IngestObserver, IngestReport, SilentObserver, TableReport
from boundline.ingest._run import ingest

__all__ = [
    "IngestObserver",
    "IngestReport",
    "Profile",
    "SilentObserver",
    "TableMapping",
    "TableReport",
    "ingest",
    "load_profile",
]
