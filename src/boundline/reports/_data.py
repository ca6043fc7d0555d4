"""The rows a report shows besides the evidence figures: contacts, look-ups, places.

Everything is read through the same resolution as the detectors and the evidence
(:class:`~boundline.detectors.DetectionContext`), over accepted rows only, so the
charts and lists add up to the evidence figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from boundline.evidence import iso_z
from boundline.evidence._figures import _comms, _silences

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors import DetectionContext


@dataclass(frozen=True)
class Contact:
    """One resolved contact: UTC time, local day/minute/weekday, direction, channel, flags.

    ``night`` and ``after_closure`` are the evidence's definitions (``outputs.md``), so
    a list of contacts filtered by them adds up to the evidence's counts.
    """

    time: datetime
    local_day: int
    local_minute: int
    local_weekday: int
    direction: str
    channel: str
    on_shift: bool
    night: bool = False
    after_closure: bool = False


@dataclass(frozen=True)
class Lookup:
    """One record look-up of the person by the officer."""

    time: str
    system: str
    incident_id: str | None
    with_task: bool
    after_closure: bool


@dataclass(frozen=True)
class Place:
    """One of the person's places (``places``): kind, position, address, validity."""

    kind: str
    lat: float
    lon: float
    address: str | None
    valid_from: str | None
    valid_to: str | None


def _rows(t: ir.Table) -> list[dict[str, Any]]:
    return list(t.to_pyarrow().to_pylist())


def in_period(t: ir.Table, lo: datetime | None, hi: datetime | None) -> ir.Table:
    """Rows whose ``time`` lies in ``[lo, hi)`` (an open side when ``None``)."""
    if lo is not None:
        t = t.filter(t.time >= lo)
    if hi is not None:
        t = t.filter(t.time < hi)
    return t


def person_contacts(
    ctx: DetectionContext, officer_id: str, person_id: str, lo: datetime | None, hi: datetime | None
) -> ir.Table:
    """The resolved contacts of the officer with the person (as the evidence counts them)."""
    c = ctx.contacts
    return in_period(c.filter(c.officer_id == officer_id, c.person_id == person_id), lo, hi)


def counterpart_contacts(
    ctx: DetectionContext,
    officer_id: str,
    counterpart: str,
    lo: datetime | None,
    hi: datetime | None,
) -> ir.Table:
    """The officer's comms with one normalised counterpart, one row per record.

    ``after_closure`` is false throughout: a counterpart that is no known person was
    met through no incident (``outputs.md``: 0 when there is no such incident).
    """
    import ibis

    c = ctx.comms
    c = in_period(c.filter(c.officer_id == officer_id, c.counterpart == counterpart), lo, hi)
    return c.mutate(after_closure=ibis.literal(False))


def comms_figures(contacts: ir.Table) -> dict[str, Any]:
    """The ``comms`` object of the evidence JSON, over any table of contacts."""
    return _comms(contacts)


def silences(contacts: ir.Table) -> list[dict[str, Any]]:
    """The ``silences`` list of the evidence JSON, over any table of contacts."""
    return _silences(contacts)


def contact_rows(contacts: ir.Table) -> list[Contact]:
    """The contacts as small values, oldest first (one per record)."""
    from boundline.detectors._common import is_night

    cols = ["record_id", "time", "local_day", "local_minute", "local_weekday"]
    t = contacts.select(
        *cols, "direction", "channel", "on_shift", "after_closure", night=is_night(contacts)
    ).distinct()
    return [
        Contact(
            time=r["time"],
            local_day=int(r["local_day"]),
            local_minute=int(r["local_minute"]),
            local_weekday=int(r["local_weekday"]),
            direction=str(r["direction"]),
            channel=str(r["channel"]),
            on_shift=bool(r["on_shift"]),
            night=bool(r["night"]),
            after_closure=bool(r["after_closure"]),
        )
        for r in _rows(t.order_by("time", "record_id"))
    ]


def lookups(
    ctx: DetectionContext, officer_id: str, person_id: str, lo: datetime | None, hi: datetime | None
) -> list[Lookup]:
    """The officer's look-ups of the person, oldest first, with task and closure marks.

    A look-up is *with task* when it names an incident the officer was tasked to
    (``record_access.without_task`` counts the others) and *after closure* at or
    after the closure of every incident they met through (as the evidence counts).
    """
    from boundline.detectors.resolve import pair_closure

    ra = ctx.table("record_access")
    ra = in_period(ra.filter(ra.officer_id == officer_id, ra.person_id == person_id), lo, hi)
    io = ctx.table("incident_officers")
    tasked = {r["incident_id"] for r in _rows(io.filter(io.officer_id == officer_id))}
    cl = pair_closure(ctx.taskings)
    cl = cl.filter(cl.officer_id == officer_id, cl.person_id == person_id)
    closed = [r["last_closed"] for r in _rows(cl) if r["last_closed"] is not None]
    out = []
    for r in _rows(ra.order_by("time", "access_id")):
        iid = r["incident_id"]
        out.append(
            Lookup(
                time=iso_z(r["time"]) or "",
                system=str(r["system"]),
                incident_id=iid,
                with_task=iid is not None and iid in tasked,
                after_closure=bool(closed) and r["time"] >= closed[0],
            )
        )
    return out


def places(ctx: DetectionContext, person_id: str) -> list[Place]:
    """The person's places (every accepted row, whatever its validity)."""
    p = ctx.table("places")
    p = p.filter(p.person_id == person_id).distinct()
    return [
        Place(
            kind=str(r["kind"]),
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            address=r["address"],
            valid_from=r["valid_from"].isoformat() if r["valid_from"] else None,
            valid_to=r["valid_to"].isoformat() if r["valid_to"] else None,
        )
        for r in _rows(p.order_by("kind", "valid_from", "lat", "lon"))
    ]


def people_with(ctx: DetectionContext, counterpart: str) -> list[str]:
    """The people whose normalised ``person_contacts`` value is ``counterpart``."""
    pc = ctx.table("person_contacts")
    hits = pc.filter(pc.value == counterpart).select("person_id").distinct()
    return sorted(str(r["person_id"]) for r in _rows(hits))
