"""Stays: where each vehicle stayed, from its AVL pings (trackintel's sliding algorithm).

A stay is anchored on a ping and lasts while the following pings stay within
``dist_threshold_m`` of it; it counts if it lasted ``time_threshold_min`` or more.
The per-vehicle kernel (:func:`detect_stays`) is compiled with numba and runs over one
vehicle's time-sorted numpy arrays; :func:`stays_frame` runs it over a fleet and
:func:`stays_for_vehicle` is the per-group function for grouped engines such as Spark.
See ``docs/stays.md`` for the parameters, the differences from trackintel and figures.
"""

from __future__ import annotations

from boundline.detectors.stays._detect import Stays, detect_stays
from boundline.detectors.stays._frame import (
    PING_COLUMNS,
    STAY_COLUMNS,
    stays_for_vehicle,
    stays_frame,
)
from boundline.detectors.stays._kernel import EARTH_RADIUS_M
from boundline.detectors.stays._params import StayParams

__all__ = [
    "EARTH_RADIUS_M",
    "PING_COLUMNS",
    "STAY_COLUMNS",
    "StayParams",
    "Stays",
    "detect_stays",
    "stays_for_vehicle",
    "stays_frame",
]
