"""The quality check on a synthetic force: planted cases near the top, look-alikes not.

Given the alerts and the synthetic force's ``scenarios.json``, every planted case
must rank within the top ``2 × (number of planted cases)`` and no planted
legitimate look-alike may rank there. A case is matched by its officer and person
(a serial case, with ``people``: its officer and any of its people, best rank);
a look-alike by its officer and person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from boundline.scoring.model import Alert


@dataclass(frozen=True)
class QualityItem:
    """One planted case or look-alike and where it ranked (``None``: not in the alerts)."""

    id: str
    kind: str
    planted: bool
    officer_id: str
    person_id: str | None
    rank: int | None
    score: float | None
    severity: str | None
    ok: bool


@dataclass(frozen=True)
class QualityReport:
    """The check: the cut-off rank, each item, and whether it passes."""

    top: int
    items: tuple[QualityItem, ...]

    @property
    def passed(self) -> bool:
        """Every planted case within the top, no look-alike there."""
        return all(i.ok for i in self.items)


def _people(item: Mapping[str, Any]) -> list[str]:
    if item.get("people"):
        return [str(p["person_id"]) for p in item["people"]]
    return [str(item["person_id"])] if item.get("person_id") else []


def _best(alerts: Sequence[Alert], officer: str, people: list[str]) -> Alert | None:
    hits = [a for a in alerts if a.officer_id == officer and a.person_id in people]
    return min(hits, key=lambda a: a.rank, default=None)


def quality_check(alerts: Sequence[Alert], scenarios: Mapping[str, Any]) -> QualityReport:
    """Check ``alerts`` against the planted cases and look-alikes of ``scenarios``."""
    cases = list(scenarios.get("cases", []))
    top = 2 * len(cases)
    items = []
    for planted, group in ((True, cases), (False, list(scenarios.get("lookalikes", [])))):
        for item in group:
            people = _people(item)
            best = _best(alerts, str(item["officer_id"]), people)
            rank = best.rank if best else None
            within = rank is not None and rank <= top
            items.append(
                QualityItem(
                    id=str(item.get("id", item.get("kind", "?"))),
                    kind=str(item.get("kind", "")),
                    planted=planted,
                    officer_id=str(item["officer_id"]),
                    person_id=best.person_id if best else (people[0] if len(people) == 1 else None),
                    rank=rank,
                    score=best.score if best else None,
                    severity=best.severity if best else None,
                    ok=within if planted else not within,
                )
            )
    return QualityReport(top=top, items=tuple(items))
