"""The fleet's stays, computed once by the numba kernel and handed back to the engine."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from boundline.detectors.stays import StayParams, stays_frame

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.engine import Engine

#: The columns of the stays table in the engine.
STAYS_SCHEMA = {
    "stay_id": "int64",
    "vehicle_id": "string",
    "started_at": "timestamp('UTC', 6)",
    "finished_at": "timestamp('UTC', 6)",
    "lat": "float64",
    "lon": "float64",
    "n_pings": "int64",
}


def stays_table(
    engine: Engine, as_of: datetime | None = None, params: StayParams | None = None
) -> ir.Table:
    """Every vehicle's stays (``avl`` pings before ``as_of``) as a table in the engine.

    The stay kernel (``stays_frame``, AVL defaults unless ``params``) runs through
    ``Engine.map_groups``: on DuckDB once over every vehicle's sorted pings handed over
    as Arrow, on Spark per vehicle on the executors (``applyInPandas``). The stays stay
    in the engine, so every later join runs there.
    Columns: ``stay_id`` (0, 1, … in vehicle and time order), vehicle_id,
    started_at, finished_at (``[started_at, finished_at)``), lat, lon (the centre)
    and n_pings.
    """
    import functools

    import ibis

    avl = engine.table("avl")
    if as_of is not None:
        avl = avl.filter(avl.time < as_of)
    pings = avl.select("vehicle_id", "time", "lat", "lon")
    kernel_schema = {k: v for k, v in STAYS_SCHEMA.items() if k != "stay_id"}
    stays = engine.map_groups(
        pings,
        by="vehicle_id",
        order_by=["time"],
        func=functools.partial(stays_frame, params=params),
        schema=kernel_schema,
    )
    numbered = stays.mutate(
        stay_id=(ibis.row_number().over(order_by=[stays.vehicle_id, stays.started_at])).cast(
            "int64"
        )
    )
    return engine.cache(numbered.select(*STAYS_SCHEMA))
