"""The shared relations every detector starts from, built once per :class:`DetectionContext`.

Resolution rules (``docs/detectors.md``):

* **device → officer**: a ``comms`` row belongs to the officer whose ``devices``
  assignment ``[assigned_from, assigned_to)`` (open end = still assigned) contains
  the row's time. A row on a device nobody held then belongs to no one and is left
  out; a device held by two officers at once gives the row to both.
* **colleague**: a counterpart equal to any works device's ``msisdn`` is a colleague
  (``is_colleague``) and never a member of the public.
* **counterpart → person**: the normalised counterpart equals a normalised
  ``person_contacts`` value. A counterpart shared by several people matches all of
  them, so a contact is one row per (record, officer, person); each record counts
  once per (officer, person).
* **met on duty**: the officer was tasked (``incident_officers``) to an incident in
  which the person had a role (``incident_people``), or looked the person up
  (``record_access``).

Everything here is an ibis expression made of joins, windows and arithmetic only
(no ``asof_join``, no ``bucket``, no engine time-zone functions), so it runs on
DuckDB and on Spark alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from boundline.detectors._buckets import bucket_of, mark_within, merged_intervals, with_buckets
from boundline.detectors._localtime import with_local_time

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.engine import Engine


def _until(col: Any, as_of: datetime | None) -> Any:
    """An optional end: unknown (null) if it lies after ``as_of``."""
    import ibis

    if as_of is None:
        return col
    return ibis.ifelse(col.notnull() & (col <= as_of), col, ibis.null(col.type()))


def flag(left: ir.Table, hits: ir.Table, keys: list[str], name: str) -> ir.Table:
    """Add boolean column ``name``: whether the row's ``keys`` appear in ``hits``."""
    import ibis

    marked = hits.select(*keys).distinct().mutate(**{f"_{name}": ibis.literal(True)})
    renamed = marked.rename({f"_k_{k}": k for k in keys})
    joined = left.join(renamed, [left[k] == renamed[f"_k_{k}"] for k in keys], how="left")
    flag = joined[f"_{name}"].fill_null(False)
    return joined.mutate(**{name: flag}).drop(f"_{name}", *(f"_k_{k}" for k in keys))


def _disjoint_assignments(dev: ir.Table) -> ir.Table:
    """``devices`` with each (device, officer)'s assignments cut to disjoint intervals.

    Same union per (device, officer), so a record still matches the officers it
    matched before, but at most once each: joining records to these needs no
    DISTINCT over the wide rows (``record_id`` is the key of ``comms``). In order of
    ``assigned_from``, an assignment keeps only its part after the latest end of the
    earlier ones, and is dropped if an earlier one covers it (or is open-ended).
    """
    import ibis

    w = ibis.window(
        group_by=[dev.device_id, dev.officer_id],
        order_by=[dev.assigned_from, dev.assigned_to],
        rows=(None, -1),
    )
    d = dev.select("device_id", "officer_id", "assigned_from", "assigned_to")
    d = d.mutate(
        _prev_end=d.assigned_to.max().over(w),
        _prev_open=d.assigned_to.isnull().cast("int64").max().over(w).fill_null(0),
    )
    later = d._prev_end.notnull() & (d._prev_end > d.assigned_from)
    d = d.mutate(assigned_from=ibis.ifelse(later, d._prev_end, d.assigned_from))
    covered = (d._prev_open == 1) | (d.assigned_to.notnull() & (d.assigned_from >= d.assigned_to))
    return d.filter(~covered).drop("_prev_end", "_prev_open")


def officer_comms(engine: Engine, offsets: ir.Table, as_of: datetime | None) -> ir.Table:
    """Every comms row resolved to the officer holding the device at its time.

    Columns: record_id, officer_id, device_id, time, direction, channel, counterpart,
    duration_s, is_colleague, local_day, local_minute, local_weekday, on_shift.
    """
    comms = engine.table("comms")
    if as_of is not None:
        comms = comms.filter(comms.time < as_of)
    dev = engine.table("devices")
    d = _disjoint_assignments(dev)
    held = comms.join(
        d,
        [
            comms.device_id == d.device_id,
            comms.time >= d.assigned_from,
            d.assigned_to.isnull() | (comms.time < d.assigned_to),
        ],
    ).select(
        comms.record_id,
        d.officer_id,
        comms.device_id,
        comms.time,
        comms.direction,
        comms.channel,
        comms.counterpart,
        comms.duration_s,
    )
    held = held.mutate(is_colleague=held.counterpart.isin(dev.msisdn))
    held = with_local_time(held, offsets)
    # An officer's shifts merged (a point lies in at most one), then cut into the UTC
    # days they touch: a record meets only its own day's shift of its officer, not a
    # year of them (see ``_buckets``), and the left join keeps one row per record.
    merged = merged_intervals(engine.table("shifts"), ["officer_id"], "start", "end")
    sh = with_buckets(merged, "start", "end", "_s_day")
    sh = sh.select(_s_o=sh.officer_id, _s_day=sh._s_day, _w_start=sh.start, _w_end=sh.end)
    held = held.mutate(_day=bucket_of(held.time))
    marked = mark_within(held, "time", sh, {"officer_id": "_s_o", "_day": "_s_day"}, "on_shift")
    return marked.drop("_day")


def taskings(engine: Engine, as_of: datetime | None) -> ir.Table:
    """Met on duty through a tasking: one row per tasking × role of the person in it.

    Columns: officer_id, person_id, incident_id, officer_role, person_role,
    task_start, task_end (as recorded; null = until the incident closed),
    task_until (``task_end``, else the incident's ``closed``; null = still open),
    opened, closed (null = open). With ``as_of``, later taskings and incidents are
    left out and later ends and closures are unknown (null).
    """
    import ibis

    io = engine.table("incident_officers")
    ip = engine.table("incident_people")
    inc = engine.table("incidents")
    if as_of is not None:
        io = io.filter(io.start < as_of)
        inc = inc.filter(inc.opened < as_of)
    closed = _until(inc.closed, as_of)
    end = _until(io.end, as_of)
    joined = io.join(ip, io.incident_id == ip.incident_id).join(
        inc, io.incident_id == inc.incident_id
    )
    out = joined.select(
        officer_id=io.officer_id,
        person_id=ip.person_id,
        incident_id=io.incident_id,
        officer_role=io.role,
        person_role=ip.role,
        task_start=io.start,
        task_end=end,
        opened=inc.opened,
        closed=closed,
        _recorded_end=io.end,
    )
    # A tasking with no recorded end runs until the incident closes; one whose recorded
    # end is after as_of is still running as of then (not ended at an earlier closure).
    until = ibis.ifelse(out._recorded_end.isnull(), out.closed, out.task_end)
    return out.mutate(task_until=until).drop("_recorded_end").distinct()


def lookups(engine: Engine, as_of: datetime | None) -> ir.Table:
    """Record look-ups (``record_access`` rows), up to ``as_of``."""
    ra = engine.table("record_access")
    return ra if as_of is None else ra.filter(ra.time < as_of)


def met_pairs(tasked: ir.Table, looked: ir.Table) -> ir.Table:
    """(officer_id, person_id) met on duty, with ``via_tasking``/``via_lookup`` flags."""
    import ibis

    t = tasked.select("officer_id", "person_id").distinct().mutate(t=1, lk=0)
    lk = looked.select("officer_id", "person_id").distinct().mutate(t=0, lk=1)
    both = t.union(lk)
    agg = both.group_by("officer_id", "person_id").aggregate(
        via_tasking=both.t.max() == 1, via_lookup=both.lk.max() == 1
    )
    return agg.mutate(via_tasking=agg.via_tasking.fill_null(ibis.literal(False)))


def pair_closure(tasked: ir.Table) -> ir.Table:
    """Per (officer, person): ``last_closed`` when every incident they met through is closed.

    Also ``last_task_until`` (latest end of a tasking; null if none has ended) and
    ``task_open`` (some tasking is still open).
    """
    g = tasked.group_by("officer_id", "person_id").aggregate(
        n_open=tasked.closed.isnull().cast("int64").sum(),
        max_closed=tasked.closed.max(),
        task_open=tasked.task_until.isnull().any(),
        last_task_until=tasked.task_until.max(),
    )
    import ibis

    all_closed = ibis.ifelse(g.n_open == 0, g.max_closed, ibis.null("timestamp('UTC', 6)"))
    return g.mutate(last_closed=all_closed).drop("n_open", "max_closed")


def person_contacts(engine: Engine) -> ir.Table:
    """Distinct (person_id, value) pairs: a duplicate contact row never doubles a count."""
    pc = engine.table("person_contacts")
    return pc.select(pc.person_id, pc.value).distinct()


def contacts(
    comms: ir.Table, people_contacts: ir.Table, tasked: ir.Table, pairs: ir.Table
) -> ir.Table:
    """Officer comms resolved to people, with tasking and closure context.

    One row per (record, officer, matching person); rows whose counterpart matches
    no person have ``person_id`` null. Adds ``met_on_duty`` (the pair was met on
    duty), ``during_tasking`` (the time lies in one of the officer's tasking
    intervals ``[task_start, task_until)`` for an incident the person is in),
    ``after_closure`` (at or after the ``closed`` time of every incident through which
    the officer met the person, all of them closed) and ``last_closed``.
    """
    pc = people_contacts
    j = comms.join(pc, comms.counterpart == pc.value, how="left").drop("value")
    # The pair's tasking intervals merged: a record lies in at most one, so the left
    # join keeps one row per record (no self join of the resolved comms).
    spans = merged_intervals(tasked, ["officer_id", "person_id"], "task_start", "task_until")
    spans = spans.select(
        _t_o=spans.officer_id,
        _t_p=spans.person_id,
        _w_start=spans.task_start,
        _w_end=spans.task_until,
    )
    on = {"officer_id": "_t_o", "person_id": "_t_p"}
    j = mark_within(j, "time", spans, on, "during_tasking")
    met = pairs.select(
        _m_o=pairs.officer_id, _m_p=pairs.person_id, met_on_duty=pairs.officer_id.notnull()
    )
    j = j.join(met, [j.officer_id == met._m_o, j.person_id == met._m_p], how="left")
    j = j.mutate(met_on_duty=j.met_on_duty.fill_null(False)).drop("_m_o", "_m_p")
    closure = pair_closure(tasked).rename(_c_o="officer_id", _c_p="person_id")
    j = j.join(closure, [j.officer_id == closure._c_o, j.person_id == closure._c_p], how="left")
    after = j.last_closed.notnull() & (j.time >= j.last_closed)
    return j.mutate(after_closure=after.fill_null(False)).drop("_c_o", "_c_p")
