"""Rosters: early, late, night and day shifts in local time, converted to UTC."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from boundline.synth._world import (
    DAY_SHIFT,
    DAYWORK,
    EARLY,
    LATE,
    NEIGHBOURHOOD,
    NIGHT,
    RESPONSE,
    World,
)

REST = -1
#: (start minute, end day offset, end minute) of each shift kind, local time.
TIMES = {
    EARLY: (7 * 60, 0, 15 * 60),
    LATE: (15 * 60, 0, 23 * 60),
    NIGHT: (22 * 60, 1, 7 * 60),
    DAY_SHIFT: (8 * 60, 0, 16 * 60),
}
RESPONSE_CYCLE = np.array([EARLY, EARLY, LATE, LATE, NIGHT, NIGHT, REST, REST, REST, REST])
NEIGHBOURHOOD_CYCLE = np.array([EARLY, EARLY, EARLY, LATE, LATE, LATE, REST, REST])
LEAVE = 0.07


def build_shifts(world: World, rng: np.random.Generator) -> None:
    """Roster every officer over the period, with some leave, sorted by officer and start."""
    p = world.params
    n = world.n_officers
    days = np.arange(p.days, dtype=np.int64)
    kind = np.full((n, p.days), REST, dtype=np.int64)
    for roster, cycle in ((RESPONSE, RESPONSE_CYCLE), (NEIGHBOURHOOD, NEIGHBOURHOOD_CYCLE)):
        rows = np.flatnonzero(world.officer_roster == roster)
        phase = (days[None, :] + world.officer_offset[rows, None]) % len(cycle)
        kind[rows] = cycle[phase]
    weekday = np.array([(p.start_day + timedelta(days=int(d))).weekday() for d in days])
    rows = np.flatnonzero(world.officer_roster == DAYWORK)
    kind[np.ix_(rows, np.flatnonzero(weekday < 5))] = DAY_SHIFT
    leave = rng.random(kind.shape) < LEAVE
    kind[leave] = REST
    officer, day = np.nonzero(kind != REST)
    k = kind[officer, day]
    start_min = np.zeros(len(k), dtype=np.int64)
    end_day = day.astype(np.int64).copy()
    end_min = np.zeros(len(k), dtype=np.int64)
    for code, (s, dd, e) in TIMES.items():
        m = k == code
        start_min[m] = s
        end_day[m] += dd
        end_min[m] = e
    start = world.clock.utc(day.astype(np.int64), start_min)
    end = world.clock.utc(end_day, end_min)
    order = np.lexsort((start, officer))
    world.sh_officer = officer[order].astype(np.int64)
    world.sh_start = start[order]
    world.sh_end = end[order]
    world.sh_kind = k[order]
