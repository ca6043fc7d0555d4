"""``--json``: the list and show commands' output as one JSON document.

A list command prints a JSON array, a show command a JSON object, with the keys
below (stable: new keys may be added, none renamed). Instants are ISO 8601 with
their offset (UTC), days ISO 8601 dates. Each document is built from exactly what
the service function gave the text output, after the same permission check, audit
entry and pseudonymisation: nothing is looked up a second way here.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated, Any, Protocol

import typer

from boundline.cases import CaseRow, CaseStatus, CustodyEvent, Exhibit, QueueRow, User
from boundline.cases.triage import DecisionView
from boundline.cli._due import due_json

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document (ISO 8601 dates) instead of text.")
]


def iso(value: date | None) -> str | None:
    """A date or an instant as ISO 8601 (None stays None)."""
    return None if value is None else value.isoformat()


def _default(value: object) -> object:
    """Anything ``json`` cannot write by itself: dates as ISO 8601, else a TypeError."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def print_json(document: object) -> None:
    """Print ``document`` as indented JSON on standard output (no colour, no wrapping)."""
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False, default=_default))


def detectors(text: str) -> list[str]:
    """The ``;``-separated detector codes as a list."""
    return [d for d in text.split(";") if d]


def queue_row_json(r: QueueRow) -> dict[str, Any]:
    """A triage item as the acting user may see it (``triage list``)."""
    return {
        "id": r.id,
        "officer": r.officer,
        "person": r.person,
        "score": r.score,
        "severity": r.severity,
        "detectors": detectors(r.detectors),
        "summary": r.summary,
        "status": r.status,
        "case": r.case,
        "earlier": r.earlier,
        "loaded_at": iso(r.loaded_at),
    }


def decision_json(d: DecisionView) -> dict[str, Any]:
    """One decision about a triage item (``triage history``)."""
    return {
        "at": iso(d.at),
        "decision": d.decision,
        "actor": d.actor,
        "score": d.score,
        "detectors": detectors(d.detectors),
        "reason": d.reason,
    }


def user_json(u: User) -> dict[str, Any]:
    """A user (``users list``): never the password hash, only whether there is one."""
    return {
        "username": u.username,
        "name": u.display_name,
        "role": u.role,
        "password": u.password_hash is not None,
        "added_at": iso(u.created_at),
        "added_by": u.created_by,
    }


def exhibit_json(ex: Exhibit) -> dict[str, Any]:
    """An exhibit of the evidence register (``exhibits list``)."""
    return {
        "reference": ex.reference,
        "number": ex.number,
        "name": ex.name,
        "sha256": ex.sha256,
        "size": ex.size,
        "origin": ex.origin,
        "purpose": ex.purpose,
        "producer": ex.producer,
        "added_at": iso(ex.added_at),
        "by_reference": ex.by_reference,
        "location": ex.location,
    }


def custody_json(link: CustodyEvent) -> dict[str, Any]:
    """One link of an exhibit's chain of custody (``exhibits custody``)."""
    return {"at": iso(link.at), "event": link.event, "actor": link.actor, "note": link.note}


class AuditRow(Protocol):
    """An audit-log entry as ``show_audit`` gives it (the fields the JSON shows)."""

    @property
    def seq(self) -> int:
        """Its place in the log."""

    @property
    def at(self) -> datetime:
        """When it was recorded (UTC)."""

    @property
    def actor(self) -> str:
        """Who."""

    @property
    def action(self) -> str:
        """What, as the log names it."""

    @property
    def object_type(self) -> str:
        """The kind of thing it was about."""

    @property
    def object_id(self) -> str:
        """Which one (as the acting user may see it)."""

    @property
    def detail(self) -> str:
        """Its detail, as canonical JSON text."""

    @property
    def prev_hash(self) -> str:
        """The hash of the entry before."""

    @property
    def hash(self) -> str:
        """Its own hash in the chain."""


def audit_entry_json(e: AuditRow) -> dict[str, Any]:
    """An audit-log entry (``audit show``); ``detail`` is the recorded JSON, decoded."""
    return {
        "seq": e.seq,
        "at": iso(e.at),
        "actor": e.actor,
        "action": e.action,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "detail": json.loads(e.detail) if e.detail else {},
        "prev_hash": e.prev_hash,
        "hash": e.hash,
    }


def case_row_json(r: CaseRow) -> dict[str, Any]:
    """A line of ``case list``: the case and the stage on each track."""
    return {
        "reference": r.reference,
        "title": r.title,
        "origin": r.origin,
        "opened": r.opened,
        "misconduct": r.misconduct,
        "criminal": r.criminal,
    }


def case_status_json(s: CaseStatus, role: str, on: date) -> dict[str, Any]:
    """One case as ``case show --json`` prints it: the one place its document is built.

    ``role`` is the acting user's (what ``allowed`` is for), ``on`` the day the due
    items are counted from. Each subject carries their own process (stage by track,
    the steps allowed next, what is due); each step names the subject it was for.
    """
    c = s.case
    labels = s.labels
    return {
        "reference": c.reference,
        "title": s.title,
        "origin": c.origin,
        "purpose": c.purpose,
        "opened_at": iso(c.opened_at),
        "opened_by": c.opened_by,
        "on": iso(on),
        "role": role,
        "subjects": [
            {
                "id": subject.id,
                "label": subject.label,
                "kind": subject.kind,
                "stages": None if subject.state is None else dict(subject.state.stages),
                "allowed": list(subject.allowed),
                "due": [due_json(item, on) for item in subject.due],
            }
            for subject in s.subjects
        ],
        "allegations": [
            {
                "id": a.id,
                "subject": labels.get(a.subject_id),
                "text": a.text,
                "standards": list(a.standards),
                "finding": a.finding,
                "found_on": iso(a.found_on),
            }
            for a in s.allegations
        ],
        "steps": [
            {
                "seq": t.seq,
                "subject": labels.get(t.subject_id),
                "step": t.step,
                "track": t.track,
                "from_stage": t.from_stage or None,
                "to_stage": t.to_stage,
                "actor": t.actor,
                "role": t.role,
                "at": iso(t.at),
                "effective_on": iso(t.effective_on),
                "reason": t.reason,
                "fields": dict(t.fields),
            }
            for t in s.steps
        ],
    }
