"""Phone normalisation once per distinct value, joined back in SQL.

Most numbers a force holds are UK numbers in one of a few written forms
(``07700 900123``, ``+44 7700 900123``, ``0044 7700 900123``). Those are
normalised in SQL by a *fast path* that gives exactly what :mod:`phonenumbers`
gives for them (a test checks that on random numbers): strip spaces, brackets,
dashes, dots and slashes; then ``+44``/``0044``/(region GB) ``0`` followed by a
10-digit national number starting 1-9 is ``+44`` and those ten digits. Every other
value goes through :func:`boundline.contract.normalise_counterpart` in Python,
once per distinct value.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from boundline.contract import normalise_counterpart
from boundline.ingest._sql import ident

_STRIP = r"[\s().\-/]"


def fast_path_sql(value: str, region: str) -> str:
    """SQL giving the E.164 form of ``value`` for the UK shapes, else NULL."""
    stripped = f"regexp_replace({value}, '{_STRIP}', '', 'g')"
    prefixes = r"\+44|0044|0" if region.upper() == "GB" else r"\+44|0044"
    pattern = rf"(?:{prefixes})([1-9]\d{{9}})"
    return (
        f"CASE WHEN regexp_full_match({stripped}, '{pattern}') "
        f"THEN '+44' || right({stripped}, 10) END"
    )


def build_phone_map(
    con: duckdb.DuckDBPyConnection, staged: str, columns: list[str], region: str, name: str
) -> str:
    """Create table ``name`` mapping every distinct value of ``columns`` to its normal form."""
    union = " UNION ".join(
        f"SELECT {ident(c)} AS v FROM {staged} WHERE {ident(c)} IS NOT NULL" for c in columns
    )
    con.execute(
        f"CREATE OR REPLACE TABLE {name} AS "
        f"SELECT v, {fast_path_sql('v', region)} AS n FROM (SELECT DISTINCT v FROM ({union}))"
    )
    slow = [r[0] for r in con.execute(f"SELECT v FROM {name} WHERE n IS NULL").fetchall()]
    if slow:
        mapping = pa.table(
            {
                "v": pa.array(slow, pa.string()),
                "n": pa.array([normalise_counterpart(v, region) for v in slow], pa.string()),
            }
        )
        con.register("__phone_map_arrow", mapping)
        con.execute(f"UPDATE {name} SET n = m.n FROM __phone_map_arrow m WHERE {name}.v = m.v")
        con.unregister("__phone_map_arrow")
    return name
