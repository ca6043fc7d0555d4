"""Alerts and the facts about a pair that scoring uses, and how alerts are written.

``alerts.csv`` has exactly the columns of ``shared/spec/outputs.md``
(:data:`ALERT_COLUMNS`, in that order); ``alerts.json`` holds the same rows as a
list, each with extra fields (``contributions``, ``adjustments``, ``figures``).
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

#: The columns of ``alerts.csv`` (outputs.md), in order.
ALERT_COLUMNS = (
    "rank",
    "officer_id",
    "person_id",
    "counterpart",
    "score",
    "severity",
    "detectors",
    "summary",
)

#: A pair: (officer_id, person_id or None, counterpart or None).
PairKey = tuple[str, str | None, str | None]


@dataclass(frozen=True)
class MetThrough:
    """One incident through which the officer met the person on duty."""

    incident_id: str
    category: str | None
    person_role: str | None
    officer_role: str | None
    closed: datetime | None


@dataclass(frozen=True)
class PairFacts:
    """What the store says about a pair beyond the findings (see :mod:`.facts`).

    ``contacts`` are all contacts of the pair (public contacts, as the detectors
    see them) with ``first``/``last`` and ``off_shift``; ``legitimate`` of them fell
    inside a legitimate tasking (``legitimate_roles`` lists which roles).
    """

    vulnerable: bool = False
    vulnerability: str | None = None
    contacts: int = 0
    off_shift: int = 0
    first: datetime | None = None
    last: datetime | None = None
    legitimate: int = 0
    legitimate_roles: tuple[str, ...] = ()
    met: tuple[MetThrough, ...] = ()
    counterpart: str | None = None

    @property
    def legitimate_share(self) -> float:
        """Share of the pair's contacts that fell inside a legitimate tasking."""
        return self.legitimate / self.contacts if self.contacts else 0.0


@dataclass(frozen=True)
class Alert:
    """One ranked (officer, counterpart) pair, with how its score was made."""

    rank: int
    officer_id: str
    person_id: str | None
    counterpart: str | None
    score: float
    severity: str
    detectors: tuple[str, ...]
    summary: str
    contributions: dict[str, float] = field(default_factory=dict, hash=False)
    adjustments: dict[str, float] = field(default_factory=dict, hash=False)
    figures: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False)

    @property
    def key(self) -> PairKey:
        """The pair this alert is about."""
        return (self.officer_id, self.person_id, self.counterpart)

    def row(self) -> dict[str, Any]:
        """The outputs.md columns, as written to ``alerts.csv``."""
        return {
            "rank": self.rank,
            "officer_id": self.officer_id,
            "person_id": self.person_id or "",
            "counterpart": self.counterpart or "",
            "score": self.score,
            "severity": self.severity,
            "detectors": ";".join(self.detectors),
            "summary": self.summary,
        }

    def as_json(self) -> dict[str, Any]:
        """The row plus ``contributions``, ``adjustments`` and ``figures``."""
        row = self.row()
        row["person_id"] = self.person_id
        row["counterpart"] = self.counterpart
        row["contributions"] = self.contributions
        row["adjustments"] = self.adjustments
        row["figures"] = {code: jsonable(f) for code, f in self.figures.items()}
        return row


def iso(value: datetime) -> str:
    """A timestamp as ISO 8601 UTC with ``Z``, to the second."""
    from datetime import UTC

    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def jsonable(value: Any) -> Any:
    """Figures as JSON values: ISO timestamps, no NaN, numpy scalars as Python."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item") and callable(value.item):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_alerts(alerts: list[Alert], folder: Path) -> tuple[Path, Path]:
    """Write ``alerts.csv`` and ``alerts.json`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, json_path = folder / "alerts.csv", folder / "alerts.json"
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ALERT_COLUMNS))
        writer.writeheader()
        for a in alerts:
            writer.writerow(a.row())
    text = json.dumps([a.as_json() for a in alerts], indent=2, ensure_ascii=False)
    json_path.write_text(text + "\n", encoding="utf-8")
    return csv_path, json_path
