"""Visits: stays of police vehicles near the places of people met on duty.

The pipeline, all in the engine except the stay kernel:

1. :func:`stays_table` — the fleet's stays (the numba kernel of
   :mod:`boundline.detectors.stays`, AVL defaults), registered back in the engine.
2. :func:`attributed` — each stay belongs to every officer using the vehicle then
   (``vehicle_use``), with ``on_shift`` (it overlaps one of their shifts).
3. :func:`place_matches` — stays within ``RADIUS_M`` (150 m) of a person's ``places``,
   by a floor-based lat/lon grid join then exact haversine (no cross join).
4. :func:`explanations` — the officer was tasked, in an overlapping interval, to an
   incident within ``RADIUS_M`` of the stay.
5. :func:`visit_places` joins them (one row per stay, officer, person and place);
   :func:`nearest_place` keeps the nearest place so each stay counts once.

The :class:`~boundline.detectors.DetectionContext` caches ``stays`` and
``visit_places``. See ``docs/detectors.md`` ("Visits and look-ups").
"""

from boundline.detectors.visits._findings import (
    HOME_AND_WORK,
    MAX_PLACE_OFFICERS,
    PLACE_KEYS,
    VisitParams,
    first_met,
    met_visits,
    place_officers,
    visit_figures,
)
from boundline.detectors.visits._geo import (
    METRES_PER_DEGREE,
    cell_size,
    haversine_m,
    with_cell,
    with_neighbour_cells,
)
from boundline.detectors.visits._relations import (
    RADIUS_M,
    attributed,
    explanations,
    max_abs_lat,
    nearest_place,
    place_matches,
    visit_places,
)
from boundline.detectors.visits._stays import STAYS_SCHEMA, stays_table

__all__ = [
    "HOME_AND_WORK",
    "VisitParams",
    "MAX_PLACE_OFFICERS",
    "METRES_PER_DEGREE",
    "PLACE_KEYS",
    "RADIUS_M",
    "STAYS_SCHEMA",
    "attributed",
    "cell_size",
    "explanations",
    "first_met",
    "haversine_m",
    "max_abs_lat",
    "met_visits",
    "nearest_place",
    "place_matches",
    "place_officers",
    "stays_table",
    "visit_figures",
    "visit_places",
    "with_cell",
    "with_neighbour_cells",
]
