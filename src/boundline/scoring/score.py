"""Scoring: detector findings → one ranked, explained alert per (officer, counterpart) pair.

The score is additive and explainable (``docs/scoring.md``)::

    contribution[code] = weights[code] × strength[code]        (each detector that fired)
    score = clip(Σ contributions + vulnerability − legitimate, 0, 100)

where *vulnerability* is ``adjustments.vulnerability_bonus`` when the person is
flagged vulnerable and *legitimate* is ``adjustments.legitimate_reduction`` times
the share of the pair's contacts that fell inside a legitimate tasking. Pairs are
ranked by score (ties: officer_id, person_id, counterpart), rank 1 first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from boundline.scoring.model import Alert, PairFacts, PairKey
from boundline.scoring.settings import Settings
from boundline.scoring.summary import summarise

#: A detector's findings: a pyarrow table, a pandas frame, or a list of dicts.
FindingRows = Any


def finding_rows(table: FindingRows) -> list[dict[str, Any]]:
    """A detector's findings (pyarrow table, pandas frame or list of dicts) as dicts."""
    if isinstance(table, list):
        return table
    import pyarrow as pa

    if not isinstance(table, pa.Table):
        table = pa.Table.from_pandas(table, preserve_index=False)
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value)
    return text or None


def group_findings(
    findings: Mapping[str, FindingRows],
) -> dict[tuple[str, str | None, str | None], dict[str, dict[str, Any]]]:
    """Findings by pair: (officer, person, None), or (officer, None, counterpart) → code → row.

    A finding without a person is keyed by its counterpart; one with neither is dropped.
    """
    groups: dict[tuple[str, str | None, str | None], dict[str, dict[str, Any]]] = {}
    for code, table in findings.items():
        for row in finding_rows(table):
            officer, person = _text(row.get("officer_id")), _text(row.get("person_id"))
            counterpart = _text(row.get("counterpart"))
            if officer is None or (person is None and counterpart is None):
                continue
            key = (officer, person, None) if person else (officer, None, counterpart)
            groups.setdefault(key, {})[code] = row
    return groups


def strength_of(row: Mapping[str, Any]) -> float:
    """A finding's strength clipped to [0, 1] (0 when missing)."""
    value = row.get("strength")
    if value is None:
        return 0.0
    s = float(value)
    return 0.0 if math.isnan(s) else min(max(s, 0.0), 1.0)


def figures_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """A finding's own figures: everything but the common columns."""
    common = {"officer_id", "counterpart", "person_id", "code", "strength"}
    return {k: v for k, v in row.items() if k not in common}


def score_pair(
    by_code: Mapping[str, Mapping[str, Any]],
    facts: PairFacts,
    settings: Settings,
) -> tuple[float, dict[str, float], dict[str, float], list[str]]:
    """Score one pair: (score, contributions, adjustments, codes strongest first)."""
    contributions = {
        code: round(settings.weight(code) * strength_of(row), 2) for code, row in by_code.items()
    }
    order = sorted(contributions, key=lambda c: (-contributions[c], c))
    adj = settings.adjustments
    bonus = adj.vulnerability_bonus if facts.vulnerable else 0.0
    reduction = round(adj.legitimate_reduction * facts.legitimate_share, 2)
    raw = sum(contributions.values()) + bonus - reduction
    value = round(min(max(raw, 0.0), 100.0), settings.score_decimals)
    adjustments = {"vulnerability": bonus, "legitimate_tasking": -reduction}
    return value, contributions, adjustments, order


def score(
    findings: Mapping[str, FindingRows],
    settings: Settings,
    facts: Mapping[tuple[str, str], PairFacts] | None = None,
    names: Mapping[str, str] | None = None,
) -> list[Alert]:
    """Alerts from every detector's findings (``{code: rows}``), best first.

    ``facts`` maps (officer_id, person_id) to what the store says about the pair
    (vulnerability, legitimate tasking, contact totals); ``names`` maps codes to
    detector names for the summary of detectors it has no words for.
    """
    known = facts or {}
    unranked: list[tuple[tuple[Any, ...], Alert]] = []
    for (officer, person, counterpart), by_code in group_findings(findings).items():
        f = known.get((officer, person), PairFacts()) if person else PairFacts()
        value, contributions, adjustments, order = score_pair(by_code, f, settings)
        shown = counterpart or next(
            (c for c in (_text(by_code[k].get("counterpart")) for k in order) if c), f.counterpart
        )
        figures = {code: figures_of(by_code[code]) for code in order}
        alert = Alert(
            rank=0,
            officer_id=officer,
            person_id=person,
            counterpart=shown,
            score=value,
            severity=settings.severity(value),
            detectors=tuple(order),
            summary=summarise(figures, f, order, names),
            contributions={c: contributions[c] for c in order},
            adjustments=adjustments,
            figures=figures,
        )
        unranked.append(((-value, officer, person or "", shown or ""), alert))
    unranked.sort(key=lambda item: item[0])
    return [_ranked(a, i + 1) for i, (_, a) in enumerate(unranked)]


def _ranked(alert: Alert, rank: int) -> Alert:
    from dataclasses import replace

    return replace(alert, rank=rank)


def by_pair(alerts: list[Alert]) -> dict[PairKey, Alert]:
    """Alerts keyed by (officer_id, person_id, counterpart)."""
    return {a.key: a for a in alerts}
