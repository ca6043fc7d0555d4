"""The evidence ``visits`` object for one (officer, person), as ``outputs.md`` defines it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from boundline.detectors.visits import nearest_place, visit_places

if TYPE_CHECKING:
    from boundline.detectors import DetectionContext


def _iso_z(value: datetime | None) -> str | None:
    from boundline.evidence._figures import iso_z

    return iso_z(value)


def visits(
    ctx: DetectionContext,
    officer_id: str,
    person_id: str,
    lo: datetime | None = None,
    hi: datetime | None = None,
) -> dict[str, Any]:
    """``{"total", "on_shift", "explained", "unexplained", "items": [...]}``.

    A visit is a stay of a vehicle the officer was using whose centre lies within
    150 m of one of the person's places (any kind, valid then); each stay counts once
    (``place_kind`` of the nearest place). A stay is in the period when it started
    in ``[lo, hi)``. Items are ordered by start, then vehicle; ``explained_by`` is
    the incident whose tasking explains the visit (the nearest), else null.
    """
    import ibis

    pair = ibis.memtable({"officer_id": [officer_id], "person_id": [person_id]})
    vp = visit_places(ctx.engine, ctx.stays, ctx.as_of, pairs=pair)  # one pair: not cached
    v = nearest_place(vp)
    if lo is not None:
        v = v.filter(v.started_at >= lo)
    if hi is not None:
        v = v.filter(v.started_at < hi)
    v = v.select(
        "started_at", "finished_at", "place_kind", "vehicle_id", "explained_by", "on_shift"
    )
    rows = v.order_by("started_at", "vehicle_id", "finished_at").to_pyarrow().to_pylist()
    items = [
        {
            "start": _iso_z(r["started_at"]),
            "end": _iso_z(r["finished_at"]),
            "place_kind": r["place_kind"],
            "vehicle_id": r["vehicle_id"],
            "explained_by": r["explained_by"],
        }
        for r in rows
    ]
    explained = sum(r["explained_by"] is not None for r in rows)
    return {
        "total": len(rows),
        "on_shift": sum(bool(r["on_shift"]) for r in rows),
        "explained": explained,
        "unexplained": len(rows) - explained,
        "items": items,
    }
