"""The evidence figures for one (officer, person), as ``outputs.md`` defines them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from boundline.contract import DEFAULT_TIMEZONE
from boundline.detectors import DetectionContext
from boundline.detectors._common import days_between, is_night
from boundline.detectors.resolve import pair_closure
from boundline.errors import UserInputError
from boundline.evidence._visits import visits

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.engine import Engine

#: A silence is a gap of at least this many days between consecutive contacts.
SILENCE_DAYS = 14.0


def iso_z(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with ``Z`` (whole seconds unless the value has a fraction)."""
    if value is None:
        return None
    utc = value.astimezone(UTC)
    spec = "seconds" if utc.microsecond == 0 else "microseconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def _start_of(day: date, tz: str) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def period_bounds(
    date_from: date | datetime | None, date_to: date | datetime | None, tz: str = DEFAULT_TIMEZONE
) -> tuple[datetime | None, datetime | None]:
    """The half-open UTC bounds ``[lo, hi)`` of a requested period.

    A ``datetime`` (timezone-aware) is used as it is. A ``date`` means whole local
    days in the force's zone: ``date_from`` from the start of that day, ``date_to``
    up to the end of that day (both days included).
    """
    lo = hi = None
    for value in (date_from, date_to):
        if isinstance(value, datetime) and value.tzinfo is None:
            raise UserInputError(f"{value}: a period bound needs a time zone (or give a date).")
    if isinstance(date_from, datetime):
        lo = date_from.astimezone(UTC)
    elif isinstance(date_from, date):
        lo = _start_of(date_from, tz)
    if isinstance(date_to, datetime):
        hi = date_to.astimezone(UTC)
    elif isinstance(date_to, date):
        hi = _start_of(date_to + timedelta(days=1), tz)
    if lo is not None and hi is not None and hi <= lo:
        raise UserInputError("The period is empty: --to must be on or after --from.")
    return lo, hi


def _in_period(t: ir.Table, lo: datetime | None, hi: datetime | None) -> ir.Table:
    if lo is not None:
        t = t.filter(t.time >= lo)
    if hi is not None:
        t = t.filter(t.time < hi)
    return t


def _require(engine: Engine, table: str, column: str, value: str, what: str) -> None:
    t = engine.table(table)
    if int(t.filter(t[column] == value).count().to_pyarrow().as_py()) == 0:
        raise UserInputError(
            f"No {what} {value!r} in the store's accepted `{table}` rows; check the id "
            f"(ids are compared exactly)."
        )


def _rows(t: ir.Table) -> list[dict[str, Any]]:
    return list(t.to_pyarrow().to_pylist())


def _met_on_duty(ctx: DetectionContext, officer_id: str, person_id: str) -> list[dict[str, Any]]:
    t = ctx.taskings
    t = t.filter(t.officer_id == officer_id, t.person_id == person_id)
    items = t.select("incident_id", "person_role", "officer_role", "opened", "closed").distinct()
    items = items.order_by("opened", "incident_id", "person_role", "officer_role")
    return [
        {
            "incident_id": r["incident_id"],
            "person_role": r["person_role"],
            "officer_role": r["officer_role"],
            "opened": iso_z(r["opened"]),
            "closed": iso_z(r["closed"]),
        }
        for r in _rows(items)
    ]


def _comms(c: ir.Table) -> dict[str, Any]:
    import ibis

    def n(cond: Any) -> Any:
        return ibis.ifelse(cond, 1, 0).sum().fill_null(0)

    agg = c.aggregate(
        total=c.count(),
        out=n(c.direction == "out"),
        in_=n(c.direction == "in"),
        calls=n(c.channel == "call"),
        messages=n(c.channel != "call"),
        first=c.time.min(),
        last=c.time.max(),
        on_shift=n(c.on_shift),
        night=n(is_night(c)),
        after_closure=n(c.after_closure),
    )
    r = _rows(agg)[0]
    return {
        "total": int(r["total"]),
        "out": int(r["out"]),
        "in": int(r["in_"]),
        "calls": int(r["calls"]),
        "messages": int(r["messages"]),
        "first": iso_z(r["first"]),
        "last": iso_z(r["last"]),
        "on_shift": int(r["on_shift"]),
        "off_shift": int(r["total"]) - int(r["on_shift"]),
        "night": int(r["night"]),
        "after_closure": int(r["after_closure"]),
    }


def _silences(c: ir.Table) -> list[dict[str, Any]]:
    import ibis

    w = ibis.window(order_by=[c.time, c.record_id])
    g = c.select(c.record_id, c.time, prev=c.time.lag().over(w))
    g = g.filter(g.prev.notnull(), days_between(g.prev, g.time) >= SILENCE_DAYS)
    out = []
    for r in _rows(g.order_by("time")):
        days = (r["time"] - r["prev"]).total_seconds() / 86_400
        if days >= SILENCE_DAYS:
            out.append({"from": iso_z(r["prev"]), "to": iso_z(r["time"]), "days": round(days, 2)})
    return out


def _record_access(
    ctx: DetectionContext,
    officer_id: str,
    person_id: str,
    lo: datetime | None,
    hi: datetime | None,
) -> dict[str, int]:
    import ibis

    ra = ctx.table("record_access")
    ra = _in_period(ra.filter(ra.officer_id == officer_id, ra.person_id == person_id), lo, hi)
    io = ctx.table("incident_officers")
    tasked = io.filter(io.officer_id == officer_id).select(_i=io.incident_id).distinct()
    ra = ra.join(tasked, ra.incident_id == tasked._i, how="left")
    cl = pair_closure(ctx.taskings)
    cl = cl.filter(cl.officer_id == officer_id, cl.person_id == person_id).select(
        _lc=cl.last_closed
    )
    last_closed = _rows(cl)
    closed_at = last_closed[0]["_lc"] if last_closed else None
    without_task = ra.incident_id.isnull() | ra._i.isnull()
    # never after closure without a closure (no incident met through, or one still open)
    after = ra.time.isnull() if closed_at is None else ra.time >= closed_at
    r = _rows(
        ra.aggregate(
            total=ra.count(),
            without_task=ibis.ifelse(without_task, 1, 0).sum().fill_null(0),
            after_closure=ibis.ifelse(after, 1, 0).sum().fill_null(0),
        )
    )[0]
    return {k: int(r[k]) for k in ("total", "without_task", "after_closure")}


def evidence(
    engine: Engine,
    officer_id: str,
    person_id: str,
    date_from: date | datetime | None = None,
    date_to: date | datetime | None = None,
    tz: str = DEFAULT_TIMEZONE,
) -> dict[str, Any]:
    """The ``outputs.md`` evidence object for one officer and one person.

    ``met_on_duty``, ``comms``, ``silences``, ``visits`` and ``record_access``. The
    period (see :func:`period_bounds`) limits contacts, visits (by their start) and
    look-ups; ``met_on_duty`` and the closures that define ``after_closure`` are
    taken over the whole store. Unknown ids raise :class:`UserInputError`.
    """
    _require(engine, "officers", "officer_id", officer_id, "officer")
    _require(engine, "people", "person_id", person_id, "person")
    lo, hi = period_bounds(date_from, date_to, tz)
    ctx = DetectionContext(engine, tz)
    c = ctx.contacts
    c = _in_period(c.filter(c.officer_id == officer_id, c.person_id == person_id), lo, hi)
    comms = engine.table("comms")
    span = _rows(comms.aggregate(lo=comms.time.min(), hi=comms.time.max()))[0]
    return {
        "officer_id": officer_id,
        "person_id": person_id,
        "period": {
            "from": iso_z(lo if lo is not None else span["lo"]),
            "to": iso_z(hi if hi is not None else span["hi"]),
        },
        "met_on_duty": _met_on_duty(ctx, officer_id, person_id),
        "comms": _comms(c),
        "silences": _silences(c),
        "visits": visits(ctx, officer_id, person_id, lo, hi),
        "record_access": _record_access(ctx, officer_id, person_id, lo, hi),
    }
