"""The planted cases' and look-alikes' incidents, contacts and record look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from boundline.synth._clock import DAY, HOUR
from boundline.synth._comms import (
    APP,
    CALL,
    Rows,
    concat,
    local_times,
    make_rows,
    on_shift_times,
)
from boundline.synth._incidents import (
    CAT,
    FLO,
    OIC,
    OTHER,
    REPORTER,
    VICTIM,
    Incidents,
    officers_in,
)
from boundline.synth._people import People, PersonSpec, add_planted
from boundline.synth._plan import Plan, Planted, Planter
from boundline.synth._world import I64, NONE, World, empty_i64

SYSTEMS = ("RMS", "PNC", "PND", "STORM")


@dataclass
class Access:
    """record_access rows."""

    officer: I64 = field(default_factory=empty_i64)
    time: I64 = field(default_factory=empty_i64)
    system: I64 = field(default_factory=empty_i64)
    person: I64 = field(default_factory=empty_i64)
    incident: I64 = field(default_factory=empty_i64)  # NONE = not recorded
    tag: I64 = field(default_factory=empty_i64)

    def add(
        self,
        rng: np.random.Generator,
        officer: I64,
        time: I64,
        person: I64,
        incident: I64,
        tag: int = 0,
    ) -> None:
        """Append look-ups."""
        self.officer = np.concatenate([self.officer, officer])
        self.time = np.concatenate([self.time, time])
        self.system = np.concatenate([self.system, rng.integers(0, len(SYSTEMS), len(time))])
        self.person = np.concatenate([self.person, person])
        self.incident = np.concatenate([self.incident, incident])
        self.tag = np.concatenate([self.tag, np.full(len(time), tag, dtype=np.int64)])


def _one(x: int) -> I64:
    return np.array([x], dtype=np.int64)


def desk_lookalikes(
    world: World, rng: np.random.Generator, people: People, inc: Incidents, plan: Plan
) -> None:
    """Incidents reported by phone for the FLO, officer-in-charge and parade look-alikes."""
    pl = Planter(world, rng, people)
    pl.plan = plan
    t0, t1 = world.params.start_utc, world.params.end_utc
    span = t1 - t0
    flo = officers_in(world, "flo")[0]
    home = pl.point()
    deceased = add_planted(people, rng, world.handles, PersonSpec(female=False, home=home))
    relative = add_planted(
        people,
        rng,
        world.handles,
        PersonSpec(female=True, home=home, vulnerability="recently bereaved"),
    )
    opened = t0 + int(span * rng.uniform(0.05, 0.15))
    closed = opened + int(span * rng.uniform(0.55, 0.75))
    i = int(
        inc.add(
            _one(opened),
            _one(closed),
            _one(CAT["sudden death"]),
            np.array([home[0]]),
            np.array([home[1]]),
            [people.home_addr[deceased]],
        )[0]
    )
    inc.link_people(_one(i).repeat(2), np.array([deceased, relative]), np.array([VICTIM, OTHER]))
    inc.task(_one(i), _one(flo), _one(FLO), _one(opened + DAY), _one(NONE))
    item = Planted("lookalike_flo", "flo_bereaved_relative", int(flo), [relative], False)
    item.times.update(task_start=opened + DAY, task_end=closed)
    plan.items.append(item)
    cid = officers_in(world, "cid")
    for n, o in enumerate(rng.choice(cid, 2, replace=False).tolist()):
        victim = add_planted(
            people, rng, world.handles, PersonSpec(female=True, home=pl.point(), vulnerability=None)
        )
        opened = t0 + int(span * rng.uniform(0.03, 0.2))
        cat = CAT["domestic abuse"] if n == 0 else CAT["assault"]
        i = int(
            inc.add(
                _one(opened), _one(NONE), _one(cat), np.array([np.nan]), np.array([np.nan]), [None]
            )[0]
        )
        inc.link_people(_one(i), _one(victim), _one(VICTIM))
        inc.task(_one(i), _one(o), _one(OIC), _one(opened + 6 * HOUR), _one(NONE))
        item = Planted(f"lookalike_oic_{n + 1}", "oic_open_case", int(o), [victim], False)
        item.times.update(task_start=opened + 6 * HOUR, task_end=t1)
        plan.items.append(item)
    parade = next(x for x in plan.items if x.kind == "patrol_parade_stops")
    opened = t0 + int(span * 0.01)
    i = int(
        inc.add(
            _one(opened),
            _one(opened + 3 * DAY),
            _one(CAT["theft from shop"]),
            np.array([np.nan]),
            np.array([np.nan]),
            [None],
        )[0]
    )
    inc.link_people(_one(i), _one(parade.persons[0]), _one(REPORTER))
    inc.task(_one(i), _one(int(rng.choice(cid))), _one(OIC), _one(opened + HOUR), _one(NONE))


def fix_case_incidents(
    world: World, rng: np.random.Generator, inc: Incidents, plan: Plan
) -> set[int]:
    """Close case (c)'s incidents early; return planted incidents that need a detective OIC."""
    keep_from_officer: set[int] = set()
    for item in plan.items:
        for slot in item.attend_slots:
            i = inc.slot_of[slot]
            if item.is_case:
                keep_from_officer.add(i)
            if item.id == "case_c":
                inc.closed[i] = (
                    inc.opened[i] + int(rng.integers(2, 15)) * DAY + int(rng.integers(0, DAY))
                )
            if item.id == "case_a":
                inc.closed[i] = inc.opened[i] + int(
                    world.params.days * DAY * rng.uniform(0.25, 0.45)
                )
    return keep_from_officer


def planted_contact(
    world: World,
    rng: np.random.Generator,
    people: People,
    inc: Incidents,
    plan: Plan,
    access: Access,
) -> Rows:
    """The planted cases' and look-alikes' comms and look-ups."""
    t1 = world.params.end_utc
    parts: list[Rows] = []
    for item in plan.items:
        o = item.officer
        p = item.persons[0]
        mob = int(people.mobile[p])
        if item.id == "case_a":
            start = item.times["contact_start"]
            n = int((t1 - start) / DAY * rng.uniform(4.0, 8.0))
            off = rng.random(n) < 0.8
            t_off = local_times(world, rng, start, t1, 2 * int(off.sum()))
            t_off = t_off[~world.on_shift(np.full(len(t_off), o), t_off)][: int(off.sum())]
            keep, t_on = on_shift_times(world, rng, np.full(int((~off).sum()), o), start, t1)
            t = np.concatenate([t_off, t_on])
            app = rng.random(len(t)) < 0.35
            ident = np.where(app, int(people.handle[p]), mob)
            r = make_rows(rng, np.full(len(t), o), t, ident, 0.55, (0.4, 0.6, 0.0, 0.0), 1, 600.0)
            r.channel = np.where(app, APP, r.channel)
            r.duration = np.where(r.channel == CALL, r.duration, NONE)
            parts.append(r)
            n_look = int(rng.integers(5, 12))
            _, tl = on_shift_times(world, rng, np.full(n_look, o), start, t1)
            access.add(rng, np.full(len(tl), o), tl, np.full(len(tl), p), np.full(len(tl), NONE), 1)
        elif item.id == "case_b":
            ts = item.times
            rate = rng.uniform(1.0, 2.0)
            spans = ((ts["contact_start"], ts["disclosed"]), (ts["resumed"], t1))
            for lo, hi in spans:
                if hi <= lo:
                    continue
                n = int((hi - lo) / DAY * rate)
                t = local_times(world, rng, lo, hi, n)
                parts.append(
                    make_rows(
                        rng, np.full(n, o), t, np.full(n, mob), 0.88, (0.05, 0.7, 0.0, 0.25), 1
                    )
                )
        elif item.id == "case_c":
            wrong = np.setdiff1d(np.arange(len(inc)), inc.io_inc[inc.io_officer == o])
            for person, slot in zip(item.persons, item.attend_slots, strict=True):
                i = inc.slot_of[slot]
                closed = int(inc.closed[i])
                k = int(rng.integers(2, 7))
                lo = closed + int(rng.integers(3, 25)) * DAY
                if lo >= t1:
                    continue
                t = np.sort(local_times(world, rng, lo, t1, k))
                parts.append(
                    make_rows(
                        rng,
                        np.full(k, o),
                        t,
                        np.full(k, int(people.mobile[person])),
                        0.8,
                        (0.3, 0.6, 0.0, 0.1),
                        1,
                    )
                )
                nl = int(rng.integers(1, 4))
                tl = closed + rng.integers(DAY, max(2 * DAY, t1 - closed), nl)
                tl = np.minimum(tl, t1 - 1)
                which = np.where(rng.random(nl) < 0.5, NONE, rng.choice(wrong, nl))
                access.add(rng, np.full(nl, o), tl, np.full(nl, person), which, 1)
        elif item.kind == "flo_bereaved_relative":
            lo, hi = item.times["task_start"], item.times["task_end"]
            n = int(rng.integers(200, 400) * min(1.0, (hi - lo) / (90 * DAY)) + 20)
            on = rng.random(n) < 0.8
            keep, t_on = on_shift_times(world, rng, np.full(int(on.sum()), o), lo, hi)
            t_off = local_times(world, rng, lo, hi, int((~on).sum()))
            t = np.concatenate([t_on, t_off])
            parts.append(
                make_rows(
                    rng,
                    np.full(len(t), o),
                    t,
                    np.full(len(t), mob),
                    0.6,
                    (0.6, 0.35, 0.0, 0.05),
                    1,
                    300.0,
                )
            )
        elif item.kind == "oic_open_case":
            lo, hi = item.times["task_start"], item.times["task_end"]
            n = int(rng.integers(40, 120))
            on = rng.random(n) < 0.92
            keep, t_on = on_shift_times(world, rng, np.full(int(on.sum()), o), lo, hi)
            t_off = local_times(world, rng, lo, hi, int((~on).sum()))
            t = np.concatenate([t_on, t_off])
            parts.append(
                make_rows(
                    rng,
                    np.full(len(t), o),
                    t,
                    np.full(len(t), mob),
                    0.7,
                    (0.7, 0.3, 0.0, 0.0),
                    1,
                    240.0,
                )
            )
        elif item.kind == "repeat_callouts_explained":
            phone = int(people.landline[p]) if people.landline[p] != NONE else mob
            starts = np.array(
                [inc.io_start[inc.io_inc == inc.slot_of[s]].min() for s in item.attend_slots],
                dtype=np.int64,
            )
            keep, t = on_shift_times(world, rng, np.full(len(starts), o), starts, starts + 3 * DAY)
            parts.append(
                make_rows(
                    rng, np.full(len(t), o), t, np.full(len(t), phone), 0.9, (0.9, 0.1, 0.0, 0.0), 1
                )
            )
    return concat(parts)


def ordinary_access(
    world: World, rng: np.random.Generator, inc: Incidents, people: People, access: Access
) -> None:
    """Look-ups of an incident's people by the officers tasked to it, and a few without one."""
    order = np.argsort(inc.ip_inc, kind="stable")
    ip_inc, ip_person = inc.ip_inc[order], inc.ip_person[order]
    lo = np.searchsorted(ip_inc, inc.io_inc, side="left")
    hi = np.searchsorted(ip_inc, inc.io_inc, side="right")
    pick = lo + (rng.random(len(lo)) * np.maximum(hi - lo, 1)).astype(np.int64)
    ok = hi > lo
    rows = np.flatnonzero(ok)
    person = ip_person[np.minimum(pick[rows], len(ip_person) - 1)]
    t = inc.io_start[rows] + rng.integers(60, 6 * HOUR, len(rows))
    t = np.minimum(t, world.params.end_utc - 1)
    access.add(rng, inc.io_officer[rows], t, person, inc.io_inc[rows])
    n = int(world.n_officers * world.params.days * 0.03)
    officers = rng.integers(0, world.n_officers, n)
    keep, t = on_shift_times(world, rng, officers, world.params.start_utc, world.params.end_utc)
    access.add(
        rng, officers[keep], t, rng.integers(0, len(people), len(keep)), np.full(len(keep), NONE)
    )
