"""Phone normalisation once per distinct value, joined back in SQL."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from boundline.contract import normalise_counterpart
from boundline.ingest._sql import ident


def build_phone_map(
    con: duckdb.DuckDBPyConnection, staged: str, columns: list[str], region: str, name: str
) -> str:
    """Create table ``name`` mapping every distinct value of ``columns`` to its normal form.

    Python runs once per distinct value (counterparts repeat heavily), never per row.
    """
    union = " UNION ".join(
        f"SELECT {ident(c)} AS v FROM {staged} WHERE {ident(c)} IS NOT NULL" for c in columns
    )
    distinct = [r[0] for r in con.execute(f"SELECT DISTINCT v FROM ({union})").fetchall()]
    mapping = pa.table(
        {
            "v": pa.array(distinct, pa.string()),
            "n": pa.array([normalise_counterpart(v, region) for v in distinct], pa.string()),
        }
    )
    con.register("__phone_map_arrow", mapping)
    con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM __phone_map_arrow")
    con.unregister("__phone_map_arrow")
    return name
