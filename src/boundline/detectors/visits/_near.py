"""Visits keyed on the officer: the joins that keep a force-year from exploding.

Matching every stay against every place near it costs stays x places-per-circle
rows: in a dense town, a station yard is within 150 m of hundreds of homes, and a
force-year has millions of stays. The detectors only look at visits to people the
officer met on duty, so :func:`visits_near` joins on the officer as well as on the
grid cell when given those pairs: each stay meets only the places of people its own
officers met. :func:`place_officer_counts` counts, for the few places that such
visits reach, the distinct officers with unexplained stays near them (busy places),
from (place, officer) pairs rather than from wide visit rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from boundline.detectors.visits._geo import (
    cell_size,
    haversine_m,
    with_cell,
    with_neighbour_cells,
)
from boundline.detectors.visits._relations import RADIUS_M, attributed, explanations, max_abs_lat

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.engine import Engine

#: The columns of a visit row, in order (``visit_places``).
VISIT_COLUMNS = (
    "stay_id",
    "vehicle_id",
    "started_at",
    "finished_at",
    "lat",
    "lon",
    "n_pings",
    "officer_id",
    "use_overlap_s",
    "shift_overlap_s",
    "on_shift",
    "person_id",
    "place_kind",
    "place_lat",
    "place_lon",
    "distance_m",
    "explained_by",
    "explained",
)


def explained_stays(
    engine: Engine,
    stays: ir.Table,
    as_of: datetime | None = None,
    radius_m: float = RADIUS_M,
    max_lat: float = 0.0,
) -> ir.Table:
    """Every (stay, officer using the vehicle) with ``on_shift``, ``explained_by``, ``explained``.

    :func:`attributed` then :func:`explanations`; no place is involved yet.
    """
    att = attributed(engine, stays, as_of)
    ex = explanations(engine, att, as_of, radius_m, max_lat)
    j = att.join(ex, [att.stay_id == ex._e_s, att.officer_id == ex._e_o], how="left")
    j = j.drop("_e_s", "_e_o")
    return j.mutate(explained=j.explained_by.notnull())


def _places(places: ir.Table, d_lat: float, d_lon: float) -> ir.Table:
    pl = places.filter(places.lat.notnull(), places.lon.notnull())
    pl = pl.select(
        "person_id",
        "valid_from",
        "valid_to",
        place_kind=pl.kind,
        place_lat=pl.lat,
        place_lon=pl.lon,
    )
    return with_cell(pl, d_lat, d_lon, "place_lat", "place_lon")


def _stay_cells(xs: ir.Table, d_lat: float, d_lon: float) -> ir.Table:
    s = xs.select("stay_id", "officer_id", "started_at", "finished_at", "lat", "lon")
    return with_neighbour_cells(with_cell(s, d_lat, d_lon))


def _near(s: ir.Table, p: ir.Table, keys: list[object], radius_m: float) -> ir.Table:
    """Join celled stays and places on ``keys``; keep those valid then and within reach."""
    j = s.join(p, keys)
    valid = (p.valid_from.isnull() | (p.valid_from <= s.finished_at.date())) & (
        p.valid_to.isnull() | (p.valid_to >= s.started_at.date())
    )
    j = j.filter(valid)
    j = j.mutate(distance_m=haversine_m(j.lat, j.lon, j.place_lat, j.place_lon))
    return j.filter(j.distance_m <= radius_m)


def visits_near(
    xs: ir.Table,
    places: ir.Table,
    radius_m: float = RADIUS_M,
    max_lat: float = 0.0,
    pairs: ir.Table | None = None,
) -> ir.Table:
    """Visit rows (:data:`VISIT_COLUMNS`): explained stays ``xs`` near ``places``.

    With ``pairs`` (``officer_id``, ``person_id``), only the places of the people each
    officer is paired with, joined on (officer, cell); without, every place (cell only).
    """
    d_lat, d_lon = cell_size(radius_m, max_lat)
    s = _stay_cells(xs, d_lat, d_lon)
    p = _places(places, d_lat, d_lon)
    keys: list[object] = [s._cy == p._cy, s._cx == p._cx]
    if pairs is not None:
        pp = pairs.select(_q_o=pairs.officer_id, _q_p=pairs.person_id).distinct()
        p = p.join(pp, p.person_id == pp._q_p).drop("_q_p")
        keys = [s.officer_id == p._q_o, s._cy == p._cy, s._cx == p._cx]
    j = _near(s, p, keys, radius_m)
    hits = j.select(
        _v_s=j.stay_id,
        _v_o=j.officer_id,
        person_id=j.person_id,
        place_kind=j.place_kind,
        place_lat=j.place_lat,
        place_lon=j.place_lon,
        distance_m=j.distance_m,
    ).distinct()
    v = xs.join(hits, [xs.stay_id == hits._v_s, xs.officer_id == hits._v_o])
    return v.select(*VISIT_COLUMNS)


#: Busy-place counts are exact up to this many officers; above it, a lower bound above it.
BUSY_CAP = 20
#: Metres kept in hand when a square must lie wholly within the radius of a place.
_INSIDE_MARGIN_M = 1.0
#: The columns that identify one place.
PLACE_KEYS = ["person_id", "place_kind", "place_lat", "place_lon"]


def _squares(t: ir.Table, h_lat: float, h_lon: float, lat: str, lon: str) -> ir.Table:
    return t.mutate(
        _qy=(t[lat] / h_lat).floor().cast("int64"), _qx=(t[lon] / h_lon).floor().cast("int64")
    )


def _surely_busy(
    u: ir.Table, places: ir.Table, w: ir.Table, radius_m: float, d_lat: float, d_lon: float
) -> ir.Table:
    """Wanted places with more than :data:`BUSY_CAP` officers, by a cheap lower bound.

    Squares half a cell wide; for a place, the squares wholly within ``radius_m`` (all
    four corners within it, less a metre) each certify every officer with an
    unexplained stay inside them, so the most officers in one such square is a lower
    bound of the place's count. Only places with a row valid at all times (no
    ``valid_from``, no ``valid_to``) are bounded so: for them every stay counts.
    Columns: the place keys and ``place_officers`` (the bound, above the cap).
    """
    import ibis

    h_lat, h_lon = d_lat / 2, d_lon / 2
    sq = _squares(u, h_lat, h_lon, "lat", "lon")
    per_sq = sq.group_by("_qy", "_qx").aggregate(_n=sq.officer_id.nunique())
    open_rows = places.filter(places.valid_from.isnull(), places.valid_to.isnull())
    open_rows = open_rows.select(
        _o_p=open_rows.person_id,
        _o_k=open_rows.kind,
        _o_lat=open_rows.lat,
        _o_lon=open_rows.lon,
    )
    w = w.semi_join(
        open_rows,
        [
            w.person_id == open_rows._o_p,
            w.place_kind == open_rows._o_k,
            w.place_lat == open_rows._o_lat,
            w.place_lon == open_rows._o_lon,
        ],
    )
    steps = range(-2, 3)  # squares beyond two steps are never wholly within the radius
    offsets = ibis.memtable(
        {"_dy": [dy for dy in steps for _ in steps], "_dx": [dx for _ in steps for dx in steps]}
    )
    c = _squares(w, h_lat, h_lon, "place_lat", "place_lon").cross_join(offsets)
    c = c.mutate(_qy=c._qy + c._dy, _qx=c._qx + c._dx)
    reach = radius_m - _INSIDE_MARGIN_M
    lat0, lon0 = c._qy.cast("float64") * h_lat, c._qx.cast("float64") * h_lon
    inside = None
    for lat in (lat0, lat0 + h_lat):
        for lon in (lon0, lon0 + h_lon):
            near = haversine_m(c.place_lat, c.place_lon, lat, lon) <= reach
            inside = near if inside is None else inside & near
    c = c.filter(inside).select(*PLACE_KEYS, "_qy", "_qx")
    j = c.join(per_sq, ["_qy", "_qx"])
    bound = j.group_by(*PLACE_KEYS).aggregate(place_officers=j._n.max())
    return bound.filter(bound.place_officers > BUSY_CAP)


def place_officer_counts(
    xs: ir.Table,
    places: ir.Table,
    wanted: ir.Table,
    radius_m: float = RADIUS_M,
    max_lat: float = 0.0,
) -> ir.Table:
    """Per place of ``wanted`` (its place keys): distinct officers with unexplained stays near.

    Columns: person_id, place_kind, place_lat, place_lon, place_officers. Over every
    stay in ``xs`` (every officer, met or not); places with none are absent. Exact up
    to :data:`BUSY_CAP`; a place shown to have more by :func:`_surely_busy` carries
    that lower bound instead (so ``place_officers <= m`` is exact for ``m <= BUSY_CAP``)
    and is not counted pair by pair: in a dense town that is most places, each with
    thousands of stays around it.
    """
    d_lat, d_lon = cell_size(radius_m, max_lat)
    u = xs.filter(~xs.explained).select(
        "stay_id", "officer_id", "started_at", "finished_at", "lat", "lon"
    )
    w = wanted.select(*PLACE_KEYS).distinct()
    sure = _surely_busy(u, places, w, radius_m, d_lat, d_lon)
    rest = w.anti_join(sure, PLACE_KEYS)
    s = _stay_cells(u, d_lat, d_lon)
    p = _places(places, d_lat, d_lon)
    r = rest.rename({f"_w_{k}": k for k in PLACE_KEYS})
    p = p.semi_join(r, [p[k] == r[f"_w_{k}"] for k in PLACE_KEYS])
    j = _near(s, p, [s._cy == p._cy, s._cx == p._cx], radius_m)
    pairs = j.select(*PLACE_KEYS, "officer_id").distinct()
    exact = pairs.group_by(*PLACE_KEYS).aggregate(place_officers=pairs.count())
    return exact.union(sure)


def visit_places(
    engine: Engine,
    stays: ir.Table,
    as_of: datetime | None = None,
    radius_m: float = RADIUS_M,
    pairs: ir.Table | None = None,
) -> ir.Table:
    """One row per (stay, officer, person, place) within ``radius_m``: the raw visits.

    Columns: :data:`VISIT_COLUMNS` (``explained_by`` null if none). With ``pairs``
    (``officer_id``, ``person_id``: one pair for an evidence pack), only those pairs'
    visits, and only the stays of vehicles their officers used are examined.
    """
    if pairs is not None:
        vu = engine.table("vehicle_use")
        vu = vu.semi_join(pairs, vu.officer_id == pairs.officer_id)
        stays = stays.semi_join(vu, stays.vehicle_id == vu.vehicle_id)
    lat = max_abs_lat(stays)
    xs = explained_stays(engine, stays, as_of, radius_m, lat)
    return visits_near(xs, engine.table("places"), radius_m, lat, pairs)
