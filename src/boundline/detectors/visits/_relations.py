"""Stays → visits: attribution to officers, places, explanations (ibis joins only).

Definitions (``outputs.md``, ``docs/detectors.md``):

* **attribution**: a stay ``[started_at, finished_at)`` belongs to every officer with a
  ``vehicle_use`` row of that vehicle overlapping it; ``use_overlap_s`` is the overlap.
  It is **on shift** if it overlaps one of that officer's ``shifts`` (``shift_overlap_s``).
* **place match** (:mod:`._near`): the stay's centre lies within ``radius_m`` (haversine) of a
  ``places`` row valid on the stay's (UTC) days: ``valid_from`` on or before the day the
  stay finished, ``valid_to`` on or after the day it started (empty = open).
* **explained**: the officer was tasked (``incident_officers``; an empty ``end`` runs
  until the incident closed, and while it is open the tasking is open) to an incident
  whose location lies within ``radius_m`` of the stay centre, in an interval
  overlapping the stay. ``explained_by`` is the nearest such incident (ties: smallest id).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from boundline.detectors._buckets import overlap_predicates, with_buckets
from boundline.detectors._localtime import epoch_s
from boundline.detectors.resolve import _until
from boundline.detectors.visits._geo import (
    cell_size,
    haversine_m,
    with_cell,
    with_neighbour_cells,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.engine import Engine

#: A stay's centre within this many metres of a place (or of a tasked incident) is near it.
RADIUS_M = 150.0


def _overlap_s(a_start: Any, a_end: Any, b_start: Any, b_end: Any) -> Any:
    import ibis

    return epoch_s(ibis.least(a_end, b_end)) - epoch_s(ibis.greatest(a_start, b_start))


def attributed(engine: Engine, stays: ir.Table, as_of: datetime | None = None) -> ir.Table:
    """One row per (stay, officer using the vehicle), with ``on_shift`` and overlaps.

    Columns: the stay's columns, officer_id, use_overlap_s, shift_overlap_s, on_shift.
    Both interval joins carry the UTC day in their equi-key (:mod:`.._buckets`), so a
    stay meets only that day's crewing rows and shifts, not the vehicle's whole year.
    """
    vu = engine.table("vehicle_use")
    if as_of is not None:
        vu = vu.filter(vu.start < as_of)
    s = with_buckets(stays, "started_at", "finished_at", "_sb")
    v = with_buckets(vu, "start", "end", "_vb")
    j = s.join(
        v,
        [
            s.vehicle_id == v.vehicle_id,
            *overlap_predicates(s, "_sb", "started_at", "finished_at", v, "_vb", "start", "end"),
        ],
    )
    j = j.select(
        *[s[c] for c in stays.columns],
        officer_id=v.officer_id,
        _ov=_overlap_s(v.start, v.end, s.started_at, s.finished_at),
    )
    att = j.group_by(*stays.columns, "officer_id").aggregate(use_overlap_s=j._ov.sum())
    a = with_buckets(
        att.select("stay_id", "officer_id", "started_at", "finished_at"),
        "started_at",
        "finished_at",
        "_ab",
    )
    sh = with_buckets(engine.table("shifts"), "start", "end", "_hb")
    hit = a.join(
        sh,
        [
            a.officer_id == sh.officer_id,
            *overlap_predicates(a, "_ab", "started_at", "finished_at", sh, "_hb", "start", "end"),
        ],
    )
    hit = hit.select(
        _h_s=a.stay_id,
        _h_o=a.officer_id,
        _ov=_overlap_s(sh.start, sh.end, a.started_at, a.finished_at),
    )
    per = hit.group_by("_h_s", "_h_o").aggregate(shift_overlap_s=hit._ov.sum())
    out = att.join(per, [att.stay_id == per._h_s, att.officer_id == per._h_o], how="left")
    out = out.mutate(shift_overlap_s=out.shift_overlap_s.fill_null(0.0)).drop("_h_s", "_h_o")
    return out.mutate(on_shift=out.shift_overlap_s > 0)


def max_abs_lat(*tables: ir.Table) -> float:
    """The largest ``|lat|`` in the tables (0 when they are empty)."""
    best = 0.0
    for t in tables:
        value = t.aggregate(m=t.lat.abs().max()).to_pyarrow().column("m")[0].as_py()
        best = max(best, float(value or 0.0))
    return best


def explanations(
    engine: Engine,
    att: ir.Table,
    as_of: datetime | None = None,
    radius_m: float = RADIUS_M,
    max_lat: float | None = None,
) -> ir.Table:
    """Per (stay, officer) explained by a tasking: ``explained_by`` (the nearest incident).

    Joined on the officer and the grid cell (the incident's 3 x 3 neighbourhood against
    the stay's cell, as in :func:`._near.visits_near`), so only taskings near the stay are
    candidates; then interval overlap, then haversine to the incident's location.
    Incidents without a location explain nothing. ``max_lat`` sizes the cells (the
    stays' largest ``|lat|``; measured when not given).
    """
    import ibis

    io = engine.table("incident_officers")
    inc = engine.table("incidents")
    if as_of is not None:
        io = io.filter(io.start < as_of)
    inc = inc.filter(inc.lat.notnull(), inc.lon.notnull())
    tk = io.join(inc, io.incident_id == inc.incident_id).select(
        _t_o=io.officer_id,
        explained_by=io.incident_id,
        _t_start=io.start,
        _t_until=_until(io.end, as_of).fill_null(_until(inc.closed, as_of)),
        _i_lat=inc.lat,
        _i_lon=inc.lon,
    )
    a = att.select("stay_id", "officer_id", "started_at", "finished_at", "lat", "lon")
    d_lat, d_lon = cell_size(radius_m, max_abs_lat(a) if max_lat is None else max_lat)
    a = with_cell(a, d_lat, d_lon)
    tk = with_neighbour_cells(with_cell(tk, d_lat, d_lon, "_i_lat", "_i_lon"))
    j = a.join(
        tk,
        [
            a.officer_id == tk._t_o,
            a._cy == tk._cy,
            a._cx == tk._cx,
            tk._t_start < a.finished_at,
            tk._t_until.isnull() | (tk._t_until > a.started_at),
        ],
    )
    j = j.mutate(_d=haversine_m(j.lat, j.lon, j._i_lat, j._i_lon))
    j = j.filter(j._d <= radius_m)
    w = ibis.window(group_by=[j.stay_id, j.officer_id], order_by=[j._d, j.explained_by])
    ranked = j.mutate(_r=ibis.row_number().over(w))
    return ranked.filter(ranked._r == 0).select(
        _e_s=ranked.stay_id, _e_o=ranked.officer_id, explained_by=ranked.explained_by
    )


def nearest_place(vp: ir.Table, kinds: tuple[str, ...] | None = None) -> ir.Table:
    """One row per (stay, officer, person): the visit, at the nearest place of ``kinds``.

    Each stay counts once per (officer, person) even when it is near two of the
    person's places; ``place_kind`` etc. are those of the nearest (ties: kind, then
    coordinates). ``kinds=None`` keeps every kind (``home``, ``work``, ``other``).
    """
    import ibis

    v = vp if kinds is None else vp.filter(vp.place_kind.isin(list(kinds)))
    w = ibis.window(
        group_by=[v.stay_id, v.officer_id, v.person_id],
        order_by=[v.distance_m, v.place_kind, v.place_lat, v.place_lon],
    )
    ranked = v.mutate(_r=ibis.row_number().over(w))
    return ranked.filter(ranked._r == 0).drop("_r")
