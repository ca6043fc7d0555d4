"""Incidents, the people in them and the officers tasked to them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from boundline.synth._clock import DAY, HOUR, MINUTE
from boundline.synth._names import LAT0, LAT1, LON0, LON1, M_PER_DEG_LAT, addresses
from boundline.synth._people import People, add_people
from boundline.synth._world import ATTEND, F64, I64, NONE, World, empty_f64, empty_i64

#: (category, is a crime, happens at the victim's home)
CATEGORIES = (
    ("burglary", True, True, 10),
    ("theft from shop", True, False, 9),
    ("theft from vehicle", True, False, 6),
    ("criminal damage", True, True, 7),
    ("assault", True, False, 9),
    ("domestic abuse", True, True, 9),
    ("harassment", True, True, 5),
    ("antisocial behaviour", False, False, 12),
    ("concern for welfare", False, True, 10),
    ("road traffic collision", False, False, 6),
    ("missing person", False, True, 4),
    ("sudden death", False, True, 1),
)
CAT = {c[0]: i for i, c in enumerate(CATEGORIES)}
IS_CRIME = np.array([c[1] for c in CATEGORIES])
AT_HOME = np.array([c[2] for c in CATEGORIES])
WEIGHTS = np.array([c[3] for c in CATEGORIES], dtype=np.float64)
ROLES_P = ("victim", "witness", "reporter", "suspect", "other")
VICTIM, WITNESS, REPORTER, SUSPECT, OTHER = range(5)
ROLES_O = ("attending", "oic", "flo", "witness_care", "other")
ATTENDING, OIC, FLO, WITNESS_CARE = range(4)


@dataclass
class Incidents:
    """Incidents and their links to people and officers."""

    opened: I64 = field(default_factory=empty_i64)
    closed: I64 = field(default_factory=empty_i64)  # NONE = open
    category: I64 = field(default_factory=empty_i64)
    lat: F64 = field(default_factory=empty_f64)  # NaN = not recorded
    lon: F64 = field(default_factory=empty_f64)
    address: list[str | None] = field(default_factory=list)
    ip_inc: I64 = field(default_factory=empty_i64)
    ip_person: I64 = field(default_factory=empty_i64)
    ip_role: I64 = field(default_factory=empty_i64)
    io_inc: I64 = field(default_factory=empty_i64)
    io_officer: I64 = field(default_factory=empty_i64)
    io_role: I64 = field(default_factory=empty_i64)
    io_start: I64 = field(default_factory=empty_i64)
    io_end: I64 = field(default_factory=empty_i64)  # NONE = until closed
    slot_of: dict[tuple[int, int], int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.opened)

    def add(
        self, opened: I64, closed: I64, category: I64, lat: F64, lon: F64, address: list[str | None]
    ) -> I64:
        """Append incidents; return their indexes."""
        first = len(self)
        self.opened = np.concatenate([self.opened, opened])
        self.closed = np.concatenate([self.closed, closed])
        self.category = np.concatenate([self.category, category])
        self.lat = np.concatenate([self.lat, lat])
        self.lon = np.concatenate([self.lon, lon])
        self.address += address
        return np.arange(first, len(self), dtype=np.int64)

    def link_people(self, inc: I64, person: I64, role: I64) -> None:
        """Append incident_people rows."""
        self.ip_inc = np.concatenate([self.ip_inc, inc])
        self.ip_person = np.concatenate([self.ip_person, person])
        self.ip_role = np.concatenate([self.ip_role, role])

    def task(self, inc: I64, officer: I64, role: I64, start: I64, end: I64) -> None:
        """Append incident_officers rows."""
        self.io_inc = np.concatenate([self.io_inc, inc])
        self.io_officer = np.concatenate([self.io_officer, officer])
        self.io_role = np.concatenate([self.io_role, role])
        self.io_start = np.concatenate([self.io_start, start])
        self.io_end = np.concatenate([self.io_end, end])


def closure(rng: np.random.Generator, opened: I64, category: I64, period_end: int) -> I64:
    """When incidents close: hours to days for non-crimes, weeks for crimes; some stay open."""
    n = len(opened)
    crime = IS_CRIME[category]
    days = np.exp(rng.normal(np.log(25.0), 0.9, n))
    hours = rng.uniform(2, 72, n)
    closed = opened + np.where(crime, days * DAY, hours * HOUR).astype(np.int64)
    never = crime & (rng.random(n) < 0.12)
    return np.where(never | (closed >= period_end), NONE, closed)


def from_sessions(
    world: World,
    rng: np.random.Generator,
    people: People,
    inc: Incidents,
    forced: dict[tuple[int, int], tuple[int, list[tuple[int, int]]]],
) -> None:
    """One incident per kept attendance stop; the crew are tasked as attending.

    ``forced`` maps a (session, slot) to its category and its (person, role) list, for
    planted incidents; the others get newly drawn people.
    """
    s_idx, j_idx = np.nonzero((world.stop_kind == ATTEND) & world.stop_keep)
    order = np.argsort(world.stop_arrive[s_idx, j_idx], kind="stable")
    s_idx, j_idx = s_idx[order], j_idx[order]
    n = len(s_idx)
    arrive = world.stop_arrive[s_idx, j_idx]
    depart = arrive + world.stop_dur[s_idx, j_idx]
    opened = arrive - rng.integers(5 * MINUTE, 25 * MINUTE, n)
    category = rng.choice(len(CATEGORIES), n, p=WEIGHTS / WEIGHTS.sum()).astype(np.int64)
    lat = world.stop_lat[s_idx, j_idx].copy()
    lon = world.stop_lon[s_idx, j_idx].copy()
    keys = list(zip(s_idx.tolist(), j_idx.tolist(), strict=True))
    planted = np.array([k in forced for k in keys], dtype=np.bool_)
    for i in np.flatnonzero(planted).tolist():
        category[i] = forced[keys[i]][0]
    addr: list[str | None] = list(addresses(rng, n))
    idx = inc.add(
        opened,
        closure(rng, opened, category, world.params.end_utc),
        category,
        np.round(lat, 6),
        np.round(lon, 6),
        addr,
    )
    inc.slot_of.update({k: int(i) for k, i in zip(keys, idx.tolist(), strict=True)})
    # the crew attend
    cs = np.searchsorted(world.crew_session, s_idx, side="left")
    ce = np.searchsorted(world.crew_session, s_idx, side="right")
    count = ce - cs
    rep = np.repeat(np.arange(n), count)
    crew_row = cs[rep] + np.arange(len(rep)) - np.repeat(np.cumsum(count) - count, count)
    officer = world.crew_officer[crew_row]
    start = opened[rep] + rng.integers(MINUTE, 4 * MINUTE, len(rep))
    end = depart[rep] + rng.integers(MINUTE, 10 * MINUTE, len(rep))
    inc.task(idx[rep], officer, np.full(len(rep), ATTENDING), start, end)
    # planted people
    for i in np.flatnonzero(planted).tolist():
        pairs = forced[keys[i]][1]
        inc.link_people(
            np.full(len(pairs), idx[i]),
            np.array([p for p, _ in pairs]),
            np.array([r for _, r in pairs]),
        )
    _draw_people(rng, world, people, inc, idx[~planted])


def _draw_people(
    rng: np.random.Generator, world: World, people: People, inc: Incidents, idx: I64
) -> None:
    """Victims (at home for residential categories), reporters, witnesses and suspects."""
    n = len(idx)
    cat = inc.category[idx]
    home = AT_HOME[cat]
    jit = rng.uniform(-12, 12, (n, 2)) / M_PER_DEG_LAT
    hlat = np.where(home, inc.lat[idx] + jit[:, 0], rng.uniform(LAT0, LAT1, n))
    hlon = np.where(home, inc.lon[idx] + jit[:, 1], rng.uniform(LON0, LON1, n))
    victims = add_people(people, rng, world.handles, n, hlat, hlon)
    # residential incidents take the victim's address
    for k in np.flatnonzero(home).tolist():
        inc.address[int(idx[k])] = people.home_addr[int(victims[k])]
    inc.link_people(idx, victims, np.full(n, VICTIM))
    self_report = rng.random(n) < 0.6
    inc.link_people(
        idx[self_report], victims[self_report], np.full(int(self_report.sum()), REPORTER)
    )
    other = ~self_report
    reporters = add_people(people, rng, world.handles, int(other.sum()))
    inc.link_people(idx[other], reporters, np.full(len(reporters), REPORTER))
    n_wit = rng.poisson(0.5, n)
    wit_inc = np.repeat(idx, n_wit)
    witnesses = add_people(people, rng, world.handles, len(wit_inc))
    inc.link_people(wit_inc, witnesses, np.full(len(wit_inc), WITNESS))
    sus = IS_CRIME[cat] & (rng.random(n) < 0.3)
    suspects = add_people(people, rng, world.handles, int(sus.sum()))
    inc.link_people(idx[sus], suspects, np.full(len(suspects), SUSPECT))


def officers_in(world: World, unit: str) -> I64:
    """Indexes of the officers of one unit."""
    return np.array([i for i, u in enumerate(world.officer_unit) if u == unit], dtype=np.int64)


def assign_oics(world: World, rng: np.random.Generator, inc: Incidents, exclude: set[int]) -> None:
    """Crimes get an officer in charge: a detective, or the attending officer for volume crime."""
    crimes = np.flatnonzero(IS_CRIME[inc.category])
    crimes = crimes[~np.isin(crimes, np.array(sorted(exclude), dtype=np.int64))]
    cid = officers_in(world, "cid")
    first_att = np.full(len(inc), NONE, dtype=np.int64)
    att = np.flatnonzero(inc.io_role == ATTENDING)
    first_att[inc.io_inc[att][::-1]] = inc.io_officer[att][::-1]
    own = (rng.random(len(crimes)) < 0.4) & (first_att[crimes] != NONE)
    oic = np.where(own, first_att[crimes], cid[rng.integers(0, len(cid), len(crimes))])
    start = inc.opened[crimes] + rng.integers(2 * HOUR, 48 * HOUR, len(crimes))
    ok = (inc.closed[crimes] == NONE) | (start < inc.closed[crimes])
    ok &= start < world.params.end_utc
    inc.task(
        crimes[ok], oic[ok], np.full(int(ok.sum()), OIC), start[ok], np.full(int(ok.sum()), NONE)
    )


def assign_witness_care(world: World, rng: np.random.Generator, inc: Incidents) -> None:
    """Some crimes with witnesses go to court: witness care is tasked for a few weeks."""
    staff = officers_in(world, "witness_care")
    wit = np.unique(inc.ip_inc[inc.ip_role == WITNESS])
    wit = wit[IS_CRIME[inc.category[wit]] & (rng.random(len(wit)) < 0.25)]
    start = inc.opened[wit] + rng.integers(10, 30, len(wit)) * DAY
    end = start + rng.integers(20, 60, len(wit)) * DAY
    ok = start < world.params.end_utc
    wit, start, end = wit[ok], start[ok], end[ok]
    inc.task(
        wit,
        staff[rng.integers(0, len(staff), len(wit))],
        np.full(len(wit), WITNESS_CARE),
        start,
        end,
    )
