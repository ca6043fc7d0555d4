"""Loading ``alerts.json`` (written by ``boundline detect``) into the triage queue.

Each alert becomes an item ``needs_review`` for its (officer, person or counterpart)
pair. A pair already in the queue keeps its item and history:

* still ``needs_review``: its figures are brought up to date;
* ``dismissed``: if the new alert is *stronger* than the figures it was dismissed
  on (a higher score, or more detectors) it comes back to ``needs_review`` (a
  ``reopened`` decision, with the earlier decision kept); otherwise it stays
  dismissed and the load says so;
* ``confirmed``: it stays with its case.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from boundline.audit import record, utcnow
from boundline.cases.models import TriageDecision, TriageItem
from boundline.cases.roles import Actor, Permission, require
from boundline.errors import UserInputError

_REQUIRED = ("officer_id", "score", "severity", "detectors")


@dataclass
class LoadSummary:
    """What a load did, item ids per outcome."""

    new: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    reopened: list[int] = field(default_factory=list)
    stayed_dismissed: list[int] = field(default_factory=list)
    confirmed: list[int] = field(default_factory=list)


def pair_key(officer_id: str, person_id: str | None, counterpart: str | None) -> str:
    """The queue's key of a pair: the officer and the person (else the counterpart)."""
    return f"{officer_id}|person:{person_id}" if person_id else f"{officer_id}|number:{counterpart}"


def detector_list(detectors: str | None) -> list[str]:
    """Detector codes from the ``;``-separated form."""
    return [d for d in (detectors or "").split(";") if d]


def stronger(score: float, detectors: str, item: TriageItem) -> bool:
    """Whether new figures beat those the item was last decided on."""
    before = item.decided_score if item.decided_score is not None else item.score
    before_detectors = item.decided_detectors if item.decided_detectors is not None else ""
    return score > before or len(detector_list(detectors)) > len(detector_list(before_detectors))


def read_alerts(path: Path) -> list[dict[str, Any]]:
    """The alerts of an ``alerts.json``; a UserInputError naming what is wrong."""
    try:
        alerts = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserInputError(f"{path}: no such alerts file (run `boundline detect`).") from None
    except (OSError, ValueError) as exc:
        raise UserInputError(f"{path}: not a readable alerts.json ({exc}).") from None
    if not isinstance(alerts, list):
        raise UserInputError(f"{path}: alerts.json must hold a list of alerts.")
    for n, alert in enumerate(alerts, 1):
        missing = [k for k in _REQUIRED if not isinstance(alert, dict) or k not in alert]
        if missing:
            raise UserInputError(f"{path}: alert {n} lacks {', '.join(missing)}.")
        if isinstance(alert["detectors"], list):
            alert["detectors"] = ";".join(alert["detectors"])
    return alerts


def _refresh(item: TriageItem, alert: dict[str, Any], source: str) -> None:
    item.score = float(alert["score"])
    item.severity = str(alert["severity"])
    item.detectors = str(alert["detectors"])
    item.summary = str(alert.get("summary") or "")
    item.alert_json = json.dumps(alert, sort_keys=True, ensure_ascii=False)
    item.loaded_at = utcnow()
    item.source = source


def _one(
    session: Session, actor: Actor, alert: dict[str, Any], source: str, summary: LoadSummary
) -> None:
    officer, person = str(alert["officer_id"]), alert.get("person_id") or None
    counterpart = alert.get("counterpart") or None
    key = pair_key(officer, person, counterpart)
    item = session.scalar(select(TriageItem).where(TriageItem.pair_key == key))
    if item is None:
        item = TriageItem(
            pair_key=key,
            officer_id=officer,
            person_id=person,
            counterpart=counterpart,
            status="needs_review",
        )
        _refresh(item, alert, source)
        session.add(item)
        session.flush()
        summary.new.append(item.id)
        record(
            session,
            actor.username,
            "triage.queue",
            "triage_item",
            str(item.id),
            {"score": item.score, "detectors": item.detectors},
        )
    elif item.status == "needs_review":
        _refresh(item, alert, source)
        summary.updated.append(item.id)
    elif item.status == "confirmed":
        summary.confirmed.append(item.id)
    elif stronger(float(alert["score"]), str(alert["detectors"]), item):
        _refresh(item, alert, source)
        item.status = "needs_review"
        why = (
            f"fired again stronger: score {item.score:g} ({item.detectors}) against "
            f"{item.decided_score:g} ({item.decided_detectors}) when dismissed"
        )
        session.add(
            TriageDecision(
                item_id=item.id,
                decision="reopened",
                reason=why,
                actor=actor.username,
                at=utcnow(),
                score=item.score,
                detectors=item.detectors,
            )
        )
        summary.reopened.append(item.id)
        record(
            session, actor.username, "triage.reopen", "triage_item", str(item.id), {"reason": why}
        )
    else:
        summary.stayed_dismissed.append(item.id)


def load_alerts(session: Session, actor: Actor, path: Path) -> LoadSummary:
    """Put every alert of ``path`` in the queue (see the module docstring)."""
    require(actor, Permission.TRIAGE_LOAD)
    alerts = read_alerts(path)
    summary = LoadSummary()
    for alert in alerts:
        _one(session, actor, alert, str(path), summary)
    session.flush()
    record(
        session,
        actor.username,
        "triage.load",
        "file",
        str(path),
        {
            "alerts": len(alerts),
            "new": len(summary.new),
            "reopened": summary.reopened,
            "stayed_dismissed": summary.stayed_dismissed,
        },
    )
    return summary
