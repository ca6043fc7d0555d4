"""Planting the cases and look-alikes into the vehicle sessions, before they are timed."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from boundline.synth._clock import DAY, MINUTE
from boundline.synth._fleet import distance
from boundline.synth._incidents import CAT, OTHER, REPORTER, VICTIM, WITNESS
from boundline.synth._names import (
    LAT0,
    LAT1,
    LON0,
    LON1,
    M_PER_DEG_LAT,
    M_PER_DEG_LON,
    STATION_POINTS,
)
from boundline.synth._people import People, PersonSpec, add_planted
from boundline.synth._world import ATTEND, LATE, NEIGHBOURHOOD, NONE, PATROL, RESPONSE, World

Forced = dict[tuple[int, int], tuple[int, list[tuple[int, int]]]]


@dataclass
class Planted:
    """One planted case or look-alike: who, with whom, and what was planted where."""

    id: str
    kind: str
    officer: int
    persons: list[int]
    is_case: bool
    attend_slots: list[tuple[int, int]] = field(default_factory=list)
    visit_slots: list[tuple[int, int]] = field(default_factory=list)
    times: dict[str, int] = field(default_factory=dict)


@dataclass
class Plan:
    """Everything planted, and the places ordinary stops must keep away from."""

    items: list[Planted] = field(default_factory=list)
    forced: Forced = field(default_factory=dict)
    protected: list[tuple[float, float]] = field(default_factory=list)


class Planter:
    """Chooses officers, places and vehicle stops for the planted cases and look-alikes."""

    def __init__(self, world: World, rng: np.random.Generator, people: People) -> None:
        self.world = world
        self.rng = rng
        self.people = people
        self.plan = Plan()
        self.used: set[int] = set()
        p = world.params
        self.t0, self.t1 = p.start_utc, p.end_utc
        self.span = self.t1 - self.t0

    # places and people
    def point(self) -> tuple[float, float]:
        """A place in town away from the stations and from other planted places."""
        stations = [*STATION_POINTS, *self.plan.protected]
        while True:
            lat = float(self.rng.uniform(LAT0 + 0.01, LAT1 - 0.01))
            lon = float(self.rng.uniform(LON0 + 0.015, LON1 - 0.015))
            d = [
                distance(np.float64(lat), np.float64(lon), np.float64(a), np.float64(b))
                for a, b in stations
            ]
            if min(float(x) for x in d) > 900.0:
                return lat, lon

    def near(self, place: tuple[float, float], radius: float = 25.0) -> tuple[float, float]:
        """A point within ``radius`` metres of a place."""
        r = radius * float(np.sqrt(self.rng.random()))
        a = float(self.rng.random()) * 2 * np.pi
        return (place[0] + r * np.cos(a) / M_PER_DEG_LAT, place[1] + r * np.sin(a) / M_PER_DEG_LON)

    def person(self, spec: PersonSpec) -> int:
        """Add a planted person and protect their places."""
        self.plan.protected.append(spec.home)
        if spec.work is not None:
            self.plan.protected.append(spec.work)
        return add_planted(self.people, self.rng, self.world.handles, spec)

    # officers and sessions
    def officer(self, unit: str, roster: int | None = None, role: str | None = None) -> int:
        """An unused officer of a unit (with a vehicle if ``roster`` is given)."""
        w = self.world
        pool = [i for i, u in enumerate(w.officer_unit) if u == unit and i not in self.used]
        if roster is not None:
            pool = [
                i for i in pool if w.officer_roster[i] == roster and w.officer_vehicle[i] != NONE
            ]
        if role is not None:
            pool = [i for i in pool if w.officer_roles[i] == role] or pool
        o = int(pool[int(self.rng.integers(0, len(pool)))])
        # keep the crewmate out of other plants too
        self.used.update(
            np.flatnonzero(w.officer_vehicle == w.officer_vehicle[o]).tolist()
            if w.officer_vehicle[o] != NONE
            else [o]
        )
        return o

    def sessions(self, officer: int, lo: int, hi: int, kind: int | None = None) -> list[int]:
        """The officer's vehicle sessions starting in ``[lo, hi)``."""
        w = self.world
        s = w.crew_session[w.crew_officer == officer]
        s = s[(w.ses_start[s] >= lo) & (w.ses_start[s] < hi)]
        if kind is not None:
            s = s[w.ses_kind[s] == kind]
        return sorted(int(x) for x in s)

    def stop(
        self,
        session: int,
        kind: int,
        minutes: tuple[int, int],
        place: tuple[float, float],
        slot: int | None = None,
    ) -> tuple[int, int]:
        """Plant a stop at a place in a session's first slots."""
        w = self.world
        j = int(self.rng.integers(1, 3)) if slot is None else slot
        w.stop_kind[session, j] = kind
        w.stop_dur[session, j] = int(self.rng.integers(minutes[0] * MINUTE, minutes[1] * MINUTE))
        lat, lon = place if kind == ATTEND else self.near(place)
        w.stop_lat[session, j], w.stop_lon[session, j] = round(lat, 6), round(lon, 6)
        w.stop_planted[session, j] = True
        return session, j

    def pick(self, items: list[int], k: int) -> list[int]:
        """Up to ``k`` of ``items``, spread at random, in order."""
        if len(items) <= k:
            return items
        return sorted(int(x) for x in self.rng.choice(items, k, replace=False))

    def frac(self, f: float) -> int:
        """The instant a fraction ``f`` into the period."""
        return self.t0 + int(self.span * f)


def plant_all(world: World, rng: np.random.Generator, people: People) -> Plan:
    """Plant cases (a), (b), (c) and the four kinds of look-alike."""
    pl = Planter(world, rng, people)
    scale = max(world.params.days / 121.0, 0.25)
    _case_a(pl, scale)
    _case_b(pl, scale)
    _case_c(pl)
    _repeat_callouts(pl)
    _parade(pl)
    return pl.plan


def _case_a(pl: Planter, scale: float) -> None:
    o = pl.officer("neighbourhood", NEIGHBOURHOOD, "PCSO")
    home = pl.point()
    p = pl.person(PersonSpec(female=True, home=home, vulnerability="severe anxiety", handle=True))
    first = pl.sessions(o, pl.frac(0.03), pl.frac(0.2)) or pl.sessions(o, pl.t0, pl.t1)
    s = first[0]
    att = pl.stop(s, ATTEND, (35, 60), home, slot=1)
    pl.plan.forced[att] = (CAT["burglary"], [(p, VICTIM), (p, REPORTER)])
    start = int(pl.world.ses_start[s]) + int(pl.rng.integers(2, 6)) * DAY
    late = pl.sessions(o, start + 3 * DAY, pl.t1, LATE)
    k = max(3, int(pl.rng.integers(6, 15) * scale))
    visits = [pl.stop(x, PATROL, (15, 60), home) for x in pl.pick(late, k)]
    item = Planted("case_a", "intense_victim_contact", o, [p], True, [att], visits)
    item.times["contact_start"] = start
    pl.plan.items.append(item)


def _case_b(pl: Planter, scale: float) -> None:
    o = pl.officer("neighbourhood", NEIGHBOURHOOD, "PC")
    shop = pl.point()
    p = pl.person(
        PersonSpec(
            female=True,
            home=pl.point(),
            work=shop,
            vulnerability="disclosed domestic abuse by ex-partner",
        )
    )
    first = pl.sessions(o, pl.frac(0.02), pl.frac(0.15)) or pl.sessions(o, pl.t0, pl.t1)
    s = first[0]
    att = pl.stop(s, ATTEND, (25, 50), shop, slot=1)
    pl.plan.forced[att] = (CAT["theft from shop"], [(p, REPORTER), (p, WITNESS)])
    start = int(pl.world.ses_start[s]) + int(pl.rng.integers(3, 10)) * DAY
    disclosed = start + int(pl.span * pl.rng.uniform(0.18, 0.3))
    resumed = disclosed + int(pl.rng.integers(21, 36)) * DAY + int(pl.rng.integers(0, DAY))
    cands = [
        x
        for x in pl.sessions(o, start - 2 * DAY, pl.t1)
        if not disclosed - DAY <= pl.world.ses_start[x] < resumed
    ]
    k = max(3, int(pl.rng.integers(8, 17) * scale))
    visits = [pl.stop(x, PATROL, (12, 30), shop) for x in pl.pick(cands, k)]
    item = Planted("case_b", "workplace_fixation", o, [p], True, [att], visits)
    item.times.update(contact_start=start, disclosed=disclosed, resumed=resumed)
    pl.plan.items.append(item)


def _case_c(pl: Planter) -> None:
    o = pl.officer("response", RESPONSE, "PC")
    cands = pl.sessions(o, pl.frac(0.02), pl.frac(0.5))
    n = int(pl.rng.integers(8, 16))
    chosen = pl.pick(cands, n)
    cats = (
        "assault",
        "harassment",
        "theft from vehicle",
        "criminal damage",
        "burglary",
        "antisocial behaviour",
    )
    persons: list[int] = []
    attends: list[tuple[int, int]] = []
    for s in chosen:
        cat = cats[int(pl.rng.integers(0, len(cats)))]
        home = pl.point()
        p = pl.person(PersonSpec(female=True, home=home))
        at_home = cat in ("harassment", "criminal damage", "burglary")
        place = home if at_home else pl.point()
        if not at_home:
            pl.plan.protected.append(place)
        att = pl.stop(s, ATTEND, (20, 45), place, slot=1)
        role = VICTIM if pl.rng.random() < 0.7 else WITNESS
        pl.plan.forced[att] = (CAT[cat], [(p, role)])
        persons.append(p)
        attends.append(att)
    pl.plan.items.append(
        Planted("case_c", "serial_post_closure_contact", o, persons, True, attends)
    )


def _repeat_callouts(pl: Planter) -> None:
    o = pl.officer("response", RESPONSE, "PC")
    home = pl.point()
    p = pl.person(
        PersonSpec(
            female=bool(pl.rng.random() < 0.5),
            home=home,
            vulnerability="mental health",
            landline=True,
        )
    )
    k = int(pl.rng.integers(6, 13))
    cands = pl.sessions(o, pl.frac(0.02), pl.frac(0.97))
    cats = ("domestic abuse", "concern for welfare", "antisocial behaviour")
    attends = []
    for s in pl.pick(cands, k):
        att = pl.stop(s, ATTEND, (20, 50), home, slot=1)
        cat = cats[int(pl.rng.integers(0, len(cats)))]
        pl.plan.forced[att] = (CAT[cat], [(p, VICTIM), (p, REPORTER)])
        attends.append(att)
    pl.plan.items.append(
        Planted("lookalike_repeat", "repeat_callouts_explained", o, [p], False, attends)
    )


def _parade(pl: Planter) -> None:
    o = pl.officer("neighbourhood", NEIGHBOURHOOD, "PCSO")
    parade = pl.point()
    p = pl.person(PersonSpec(female=bool(pl.rng.random() < 0.5), home=pl.point(), work=parade))
    visits = []
    for week in range(pl.span // (7 * DAY)):
        lo = pl.t0 + week * 7 * DAY
        ss = pl.sessions(o, lo, lo + 7 * DAY)
        if ss:
            visits.append(pl.stop(ss[int(pl.rng.integers(0, len(ss)))], PATROL, (15, 40), parade))
    pl.plan.items.append(
        Planted("lookalike_parade", "patrol_parade_stops", o, [p], False, [], visits)
    )


__all__ = ["OTHER", "Plan", "Planted", "Planter", "plant_all"]
