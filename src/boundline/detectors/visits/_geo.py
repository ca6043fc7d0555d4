"""Distances and grid cells in ibis: the spatial join without a cross join.

A point's cell is ``(floor(lat / d_lat), floor(lon / d_lon))``. With cells at least
``radius_m`` wide in both directions, two points within ``radius_m`` of each other
lie in the same cell or in neighbouring ones, so joining each point against the
3 x 3 neighbourhood of the other side's cells (an equi-join on the cell) finds every
candidate pair; the exact haversine distance then decides. Floors, joins and
arithmetic run in every ibis engine (DuckDB, Spark). Longitudes are not wrapped at
the antimeridian.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from boundline.detectors.stays import EARTH_RADIUS_M

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: Metres per degree of latitude (and of longitude at the equator) on the haversine sphere.
METRES_PER_DEGREE = 2 * math.pi * EARTH_RADIUS_M / 360.0
#: Cells are this much wider than the radius, against rounding.
_SAFETY = 1.01
#: Latitude margin (degrees) added to the data's largest |lat| when sizing longitude cells.
_LAT_MARGIN = 0.01


def haversine_m(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance in metres between two ibis coordinate expressions."""
    dphi = (lat2 - lat1).radians() / 2
    dlam = (lon2 - lon1).radians() / 2
    a = dphi.sin() ** 2 + lat1.radians().cos() * lat2.radians().cos() * dlam.sin() ** 2
    return 2 * EARTH_RADIUS_M * a.sqrt().clip(upper=1.0).asin()


def cell_size(radius_m: float, max_abs_lat: float) -> tuple[float, float]:
    """``(d_lat, d_lon)`` in degrees: cells at least ``radius_m`` wide up to ``max_abs_lat``.

    A degree of longitude shrinks with ``cos(latitude)``, so the longitude step is
    sized for the data's largest ``|lat|`` (plus a margin): cells are wider than
    needed nearer the equator, which costs only a few more candidates.
    """
    if not (math.isfinite(radius_m) and radius_m > 0):
        raise ValueError(f"radius_m must be > 0, not {radius_m!r}")
    d_lat = radius_m * _SAFETY / METRES_PER_DEGREE
    lat = min(abs(max_abs_lat) + _LAT_MARGIN, 89.0)
    d_lon = min(d_lat / math.cos(math.radians(lat)), 360.0)
    return d_lat, d_lon


def with_cell(
    t: ir.Table, d_lat: float, d_lon: float, lat: str = "lat", lon: str = "lon"
) -> ir.Table:
    """Add the int64 cell columns ``_cy`` (latitude) and ``_cx`` (longitude)."""
    return t.mutate(
        _cy=(t[lat] / d_lat).floor().cast("int64"),
        _cx=(t[lon] / d_lon).floor().cast("int64"),
    )


def with_neighbour_cells(t: ir.Table) -> ir.Table:
    """Each row of a celled table nine times, once for each cell of its 3 x 3 neighbourhood."""
    import ibis

    steps = [-1, 0, 1]
    offsets = ibis.memtable(
        {"_dy": [dy for dy in steps for _ in steps], "_dx": [dx for _ in steps for dx in steps]}
    )
    j = t.cross_join(offsets)
    return j.mutate(_cy=j._cy + j._dy, _cx=j._cx + j._dx).drop("_dy", "_dx")
