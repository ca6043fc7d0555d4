"""Visits: stays of police vehicles near the places of people met on duty.

The pipeline, all in the engine except the stay kernel:

1. :func:`stays_table` — the fleet's stays (the numba kernel of
   :mod:`boundline.detectors.stays`, AVL defaults), registered back in the engine.
2. :func:`attributed` — each stay belongs to every officer using the vehicle then
   (``vehicle_use``), with ``on_shift`` (it overlaps one of their shifts). Both
   interval joins carry the UTC day in their key (``detectors._buckets``).
3. :func:`explanations` — the officer was tasked, in an overlapping interval, to an
   incident within ``RADIUS_M`` of the stay (joined on officer and grid cell);
   :func:`explained_stays` puts 2 and 3 together, one row per (stay, officer).
4. :func:`visits_near` — those stays within ``RADIUS_M`` (150 m) of a person's
   ``places``, by a floor-based lat/lon grid join then exact haversine (no cross
   join); given (officer, person) pairs, joined on the officer too, so a stay meets
   only the places of people its officers met. :func:`visit_places` composes 1-4
   (one row per stay, officer, person and place); :func:`nearest_place` keeps the
   nearest place so each stay counts once.
5. :func:`place_officer_counts` — busy places: distinct officers with unexplained
   stays near each place that a met visit reaches.

The :class:`~boundline.detectors.DetectionContext` caches ``stays``,
``explained_stays``, ``met_visit_places`` (pairs met on duty) and ``place_officers``;
its ``visit_places`` (every person's places) is for inspection and is not cached. See
``docs/detectors.md`` ("Visits and look-ups").
"""

from boundline.detectors.visits._findings import (
    HOME_AND_WORK,
    MAX_PLACE_OFFICERS,
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
from boundline.detectors.visits._near import (
    PLACE_KEYS,
    VISIT_COLUMNS,
    explained_stays,
    place_officer_counts,
    visit_places,
    visits_near,
)
from boundline.detectors.visits._relations import (
    RADIUS_M,
    attributed,
    explanations,
    max_abs_lat,
    nearest_place,
)
from boundline.detectors.visits._stays import STAYS_SCHEMA, stays_table

__all__ = [
    "HOME_AND_WORK",
    "VISIT_COLUMNS",
    "VisitParams",
    "MAX_PLACE_OFFICERS",
    "METRES_PER_DEGREE",
    "PLACE_KEYS",
    "RADIUS_M",
    "STAYS_SCHEMA",
    "attributed",
    "cell_size",
    "explained_stays",
    "explanations",
    "first_met",
    "haversine_m",
    "max_abs_lat",
    "met_visits",
    "nearest_place",
    "place_officer_counts",
    "place_officers",
    "stays_table",
    "visit_figures",
    "visit_places",
    "visits_near",
    "with_cell",
    "with_neighbour_cells",
]
