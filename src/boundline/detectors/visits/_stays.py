"""The fleet's stays, computed once by the numba kernel and handed back to the engine."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import uuid4

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

    The engine sorts the pings by (vehicle, time) and hands them over as Arrow; the
    stay kernel (``stays_frame``, AVL defaults unless ``params``) finds the stays,
    and they go back into the engine (``Engine.register``: a temporary table on
    DuckDB, a temporary view on Spark), so every later join runs in the engine.
    Columns: ``stay_id`` (0, 1, … in vehicle and time order), vehicle_id,
    started_at, finished_at (``[started_at, finished_at)``), lat, lon (the centre)
    and n_pings.
    """
    import numpy as np
    import pyarrow as pa

    avl = engine.table("avl")
    if as_of is not None:
        avl = avl.filter(avl.time < as_of)
    pings = avl.select("vehicle_id", "time", "lat", "lon").order_by("vehicle_id", "time")
    frame = stays_frame(pings.to_pyarrow(), params)
    ts = pa.timestamp("us", tz="UTC")
    arrow = pa.table(
        {
            "stay_id": pa.array(np.arange(len(frame), dtype=np.int64)),
            "vehicle_id": pa.Array.from_pandas(frame["vehicle_id"], type=pa.string()),
            "started_at": pa.Array.from_pandas(frame["started_at"]).cast(ts, safe=False),
            "finished_at": pa.Array.from_pandas(frame["finished_at"]).cast(ts, safe=False),
            "lat": pa.array(frame["lat"].to_numpy(dtype=np.float64)),
            "lon": pa.array(frame["lon"].to_numpy(dtype=np.float64)),
            "n_pings": pa.array(frame["n_pings"].to_numpy(dtype=np.int64)),
        }
    )
    return engine.register(f"boundline_stays_{uuid4().hex}", arrow)
