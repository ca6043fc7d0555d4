"""The declared parameters of stay detection, with the AVL defaults and a trackintel preset."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

DuplicatePolicy = Literal["time", "exact", "keep"]
CentrePolicy = Literal["pings", "distinct"]

_NS_PER_MINUTE = 60_000_000_000


@dataclass(frozen=True, slots=True)
class StayParams:
    """How a vehicle's pings become stays; every field is a declared, documented choice.

    The algorithm is trackintel's ``generate_staypoints(method='sliding')`` (Li et al. 2008):
    a stay is anchored on its first ping; it lasts while later pings are closer than
    ``dist_threshold_m`` to that anchor, and ends at the first ping at or beyond it.

    Attributes:
        dist_threshold_m: Haversine distance in metres (earth radius 6,371,000 m, as
            trackintel) from the anchor ping at which the vehicle has left. Default 100 m:
            well above parked AVL jitter (typically 5-30 m), well below a street block.
        time_threshold_min: Minimum duration in minutes, from the anchor ping to the
            first ping that left (or to the last ping, see ``include_last``). Default 10.
            Stops shorter than this (traffic lights, drive-bys, queues) are never stays.
        gap_threshold_min: If two consecutive pings are more than this many minutes
            apart, the stay being built is abandoned and a new anchor starts after the
            gap (trackintel's semantics). ``None`` (the AVL default) disables this:
            AVL units go quiet while the ignition is off, so a long silence at one spot
            *is* a stay, not missing data. trackintel's own default is 15 minutes,
            which would throw away every ignition-off stay.
        min_pings: Minimum number of member pings (the anchor and the pings within
            the distance; the ping that left is not a member). Default 2: a lone ping
            followed by a long silence and then a ping far away is a data hole while
            moving, not a stay; a real ignition-off stay has the ping before the
            silence and the one after it at the same spot. trackintel behaves as 1.
        include_last: Whether the pings left open at the end of the track form a stay
            (if long enough), finishing at the last ping. Default ``True``: a vehicle
            still parked when the extract ends was there. trackintel's default is
            ``False``.
        duplicates: Which pings are dropped before detection. ``"time"`` (default)
            keeps the first ping, in input order, of each timestamp of a vehicle:
            AVL feeds re-send pings, and two positions at one instant cannot both be
            true. ``"exact"`` drops only pings equal in time, latitude and longitude to
            an earlier one (trackintel's ``exclude_duplicate_pfs=True`` on pings with
            no other columns). ``"keep"`` drops nothing.
        centre: Which member pings the stay's centre averages (latitude: arithmetic
            mean; longitude: circular mean, as trackintel). ``"pings"`` (default):
            every member ping, so where the vehicle sat longest weighs most.
            ``"distinct"``: each distinct position once, which is what trackintel
            does (it takes the centroid of the union of the member points).
    """

    dist_threshold_m: float = 100.0
    time_threshold_min: float = 10.0
    gap_threshold_min: float | None = None
    min_pings: int = 2
    include_last: bool = True
    duplicates: DuplicatePolicy = "time"
    centre: CentrePolicy = "pings"

    def __post_init__(self) -> None:
        if not (math.isfinite(self.dist_threshold_m) and self.dist_threshold_m > 0):
            raise ValueError(f"dist_threshold_m must be > 0, not {self.dist_threshold_m!r}")
        if not (math.isfinite(self.time_threshold_min) and self.time_threshold_min >= 0):
            raise ValueError(f"time_threshold_min must be >= 0, not {self.time_threshold_min!r}")
        gap = self.gap_threshold_min
        if gap is not None and not (gap >= 0 and not math.isnan(gap)):
            raise ValueError(f"gap_threshold_min must be >= 0 or None, not {gap!r}")
        if self.min_pings < 1:
            raise ValueError(f"min_pings must be >= 1, not {self.min_pings!r}")
        if self.duplicates not in ("time", "exact", "keep"):
            raise ValueError(
                f"duplicates must be 'time', 'exact' or 'keep', not {self.duplicates!r}"
            )
        if self.centre not in ("pings", "distinct"):
            raise ValueError(f"centre must be 'pings' or 'distinct', not {self.centre!r}")

    @classmethod
    def trackintel(
        cls,
        dist_threshold: float = 100.0,
        time_threshold: float = 5.0,
        gap_threshold: float = 15.0,
        include_last: bool = False,
        exclude_duplicate_pfs: bool = True,
    ) -> StayParams:
        """Parameters that reproduce trackintel 1.4's ``generate_staypoints(method='sliding')``.

        The arguments have trackintel's names, units and defaults (metres, minutes).
        """
        return cls(
            dist_threshold_m=float(dist_threshold),
            time_threshold_min=float(time_threshold),
            gap_threshold_min=float(gap_threshold),
            min_pings=1,
            include_last=include_last,
            duplicates="exact" if exclude_duplicate_pfs else "keep",
            centre="distinct",
        )

    @property
    def time_threshold_ns(self) -> int:
        """The time threshold in nanoseconds."""
        return round(self.time_threshold_min * _NS_PER_MINUTE)

    @property
    def gap_threshold_ns(self) -> int:
        """The gap threshold in nanoseconds; -1 when gaps never split a stay."""
        gap = self.gap_threshold_min
        if gap is None or math.isinf(gap) or gap * _NS_PER_MINUTE >= 2**63 - 1:
            return -1
        return round(gap * _NS_PER_MINUTE)
