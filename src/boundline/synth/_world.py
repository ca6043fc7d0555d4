"""The in-memory state of one synthetic force while it is being generated."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from boundline.synth._clock import Clock
from boundline.synth._config import Params

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]
NONE = -1  # an empty (open) timestamp or a missing index

# Roster kinds (shift patterns) and shift kinds.
RESPONSE, NEIGHBOURHOOD, DAYWORK = 0, 1, 2
SHIFT_KINDS = ("early", "late", "night", "day")
EARLY, LATE, NIGHT, DAY_SHIFT = 0, 1, 2, 3

# Stop kinds in a vehicle session.
PATROL, ATTEND = 0, 1


def empty_i64() -> I64:
    """An empty int64 array."""
    return np.zeros(0, dtype=np.int64)


def empty_f64() -> F64:
    """An empty float64 array."""
    return np.zeros(0, dtype=np.float64)


@dataclass
class World:
    """Everything generated so far, as column arrays indexed by position."""

    params: Params
    clock: Clock
    # officers
    officer_ids: list[str] = field(default_factory=list)
    officer_names: list[str] = field(default_factory=list)
    officer_roles: list[str] = field(default_factory=list)
    officer_team: list[str] = field(default_factory=list)
    officer_station: I64 = field(default_factory=empty_i64)
    officer_roster: I64 = field(default_factory=empty_i64)
    officer_offset: I64 = field(default_factory=empty_i64)
    officer_vehicle: I64 = field(default_factory=empty_i64)
    officer_start: I64 = field(default_factory=empty_i64)
    officer_unit: list[str] = field(default_factory=list)  # response/neighbourhood/cid/...
    officer_partner_handle: I64 = field(default_factory=empty_i64)  # handle identity or NONE
    n_vehicles: int = 0
    # devices and assignments (one row per assignment)
    n_devices: int = 0
    asg_device: I64 = field(default_factory=empty_i64)
    asg_officer: I64 = field(default_factory=empty_i64)
    asg_from: I64 = field(default_factory=empty_i64)
    asg_to: I64 = field(default_factory=empty_i64)
    # shifts, sorted by (officer, start)
    sh_officer: I64 = field(default_factory=empty_i64)
    sh_start: I64 = field(default_factory=empty_i64)
    sh_end: I64 = field(default_factory=empty_i64)
    sh_kind: I64 = field(default_factory=empty_i64)
    # vehicle sessions (one per crewed vehicle shift) and crews (vehicle_use rows)
    ses_vehicle: I64 = field(default_factory=empty_i64)
    ses_start: I64 = field(default_factory=empty_i64)
    ses_end: I64 = field(default_factory=empty_i64)
    ses_kind: I64 = field(default_factory=empty_i64)
    ses_centre: F64 = field(default_factory=lambda: np.zeros((0, 2)))
    ses_station: I64 = field(default_factory=empty_i64)
    crew_session: I64 = field(default_factory=empty_i64)
    crew_officer: I64 = field(default_factory=empty_i64)
    # stops: 2-D [session, slot]
    stop_kind: I64 = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    stop_dur: I64 = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    leg_dur: I64 = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    stop_lat: F64 = field(default_factory=lambda: np.zeros((0, 0)))
    stop_lon: F64 = field(default_factory=lambda: np.zeros((0, 0)))
    stop_planted: B = field(default_factory=lambda: np.zeros((0, 0), dtype=np.bool_))
    stop_arrive: I64 = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    stop_keep: B = field(default_factory=lambda: np.zeros((0, 0), dtype=np.bool_))
    # handles (texts of messaging handles, indexed by identity - HANDLE_BASE)
    handles: list[str] = field(default_factory=list)

    @property
    def n_officers(self) -> int:
        """Number of officers."""
        return len(self.officer_ids)

    def holder_device(self, officer: I64, t: I64) -> I64:
        """The device each officer held at each time, or NONE."""
        big = np.int64(1) << 33
        keys = self.asg_officer * big + self.asg_from
        order = np.argsort(keys, kind="stable")
        skeys = keys[order]
        pos = np.searchsorted(skeys, officer * big + t, side="right") - 1
        ok = pos >= 0
        pos = np.where(ok, pos, 0)
        row = order[pos]
        ok &= self.asg_officer[row] == officer
        to = self.asg_to[row]
        ok &= (to == NONE) | (t < to)
        return np.where(ok, self.asg_device[row], NONE)

    def shift_range(self, officer: I64, lo: int, hi: int) -> tuple[I64, I64]:
        """Index range ``[first, last)`` of each officer's shifts starting in ``[lo, hi)``."""
        big = np.int64(1) << 33
        keys = self.sh_officer * big + self.sh_start
        first = np.searchsorted(keys, officer * big + lo, side="left")
        last = np.searchsorted(keys, officer * big + hi, side="left")
        return first.astype(np.int64), last.astype(np.int64)

    def on_shift(self, officer: I64, t: I64) -> B:
        """Whether each time lies in one of the officer's shifts ``[start, end)``."""
        big = np.int64(1) << 33
        keys = self.sh_officer * big + self.sh_start
        pos = np.searchsorted(keys, officer * big + t, side="right") - 1
        ok = pos >= 0
        pos = np.where(ok, pos, 0)
        ok &= self.sh_officer[pos] == officer
        ok &= t < self.sh_end[pos]
        # shifts never overlap for one officer, so the latest start is the only candidate
        return ok
