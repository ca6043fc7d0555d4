"""What an ingest did, per table: the figures the closing summary and ``--json`` show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class TableReport:
    """Counts for one table's file. ``accepted + set_aside == read``, always."""

    table: str
    file: str
    read: int = 0
    accepted: int = 0
    set_aside: int = 0
    duplicates: int = 0
    set_aside_by_rule: dict[str, int] = field(default_factory=dict)
    already_ingested: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict[str, int]:
        """The four counts of the ``--json`` summary."""
        return {
            "read": self.read,
            "accepted": self.accepted,
            "set_aside": self.set_aside,
            "duplicates": self.duplicates,
        }


@dataclass
class IngestReport:
    """The outcome of one ``ingest`` call."""

    ingest_id: str
    store: str
    tables: dict[str, TableReport] = field(default_factory=dict)
    committed: bool = False
    seconds: float = 0.0

    def as_json(self) -> dict[str, object]:
        """The ``--json`` summary: ``{"tables": {table: {read, accepted, set_aside, ...}}}``."""
        return {"tables": {name: t.as_dict() for name, t in self.tables.items()}}


class IngestObserver(Protocol):
    """Receives progress from a running ingest (the CLI draws progress bars with it)."""

    def table_started(self, table: str, file: str, steps: int) -> None:
        """A table's file is about to be read; ``steps`` steps will follow."""

    def step(self, table: str, what: str) -> None:
        """One step of the table is done."""

    def table_done(self, report: TableReport) -> None:
        """The table is done (its files are written but not yet visible)."""

    def committing(self) -> None:
        """Every table is done; the manifest is about to be replaced."""


class SilentObserver:
    """An observer that ignores everything."""

    def table_started(self, table: str, file: str, steps: int) -> None:
        """Ignore."""

    def step(self, table: str, what: str) -> None:
        """Ignore."""

    def table_done(self, report: TableReport) -> None:
        """Ignore."""

    def committing(self) -> None:
        """Ignore."""
