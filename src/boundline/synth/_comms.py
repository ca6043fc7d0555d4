"""Traffic on works devices: colleagues, control room, the public, unknown numbers, personal use."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from boundline.synth import _numbers as nums
from boundline.synth._clock import DAY, HOUR
from boundline.synth._incidents import (
    ATTENDING,
    OIC,
    REPORTER,
    VICTIM,
    WITNESS,
    WITNESS_CARE,
    Incidents,
)
from boundline.synth._people import People
from boundline.synth._world import I64, NONE, World, empty_i64

CHANNELS = ("call", "sms", "mms", "app", "other")
CALL, SMS, MMS, APP, OTHER_CH = range(5)
OUT, IN = 0, 1
#: relative weight of each local hour for off-duty personal contact
EVENING: npt.NDArray[np.float64] = np.array(
    [3, 2, 1, 0.5, 0.2, 0.2, 0.3, 0.5, 0.8, 0.8, 0.8, 0.8, 1, 1, 1, 1, 1.5, 2, 3, 4, 5, 5, 5, 4]
)


@dataclass
class Rows:
    """Comms rows before they are put on devices: one per call or message."""

    officer: I64 = field(default_factory=empty_i64)
    time: I64 = field(default_factory=empty_i64)
    direction: I64 = field(default_factory=empty_i64)
    channel: I64 = field(default_factory=empty_i64)
    code: I64 = field(default_factory=empty_i64)
    duration: I64 = field(default_factory=empty_i64)  # NONE = empty
    tag: I64 = field(default_factory=empty_i64)  # 0 ordinary, 1 planted

    def __len__(self) -> int:
        return len(self.time)

    def take(self, index: I64) -> Rows:
        """A subset of rows."""
        return Rows(*(getattr(self, f)[index] for f in FIELDS))


FIELDS = ("officer", "time", "direction", "channel", "code", "duration", "tag")


def concat(parts: list[Rows]) -> Rows:
    """Concatenate row sets."""
    return Rows(*(np.concatenate([getattr(p, f) for p in parts]) for f in FIELDS))


def make_rows(
    rng: np.random.Generator,
    officer: I64,
    time: I64,
    identity: I64,
    p_out: float,
    channel_p: tuple[float, float, float, float],
    tag: int = 0,
    call_median_s: float = 90.0,
) -> Rows:
    """Draw direction, channel, written form and call length for contacts."""
    n = len(time)
    direction = np.where(rng.random(n) < p_out, OUT, IN).astype(np.int64)
    cp = np.array([*channel_p, 0.0])
    channel = rng.choice(5, n, p=cp / cp.sum()).astype(np.int64)
    handle = identity >= nums.HANDLE_BASE
    forms = np.where(handle, rng.integers(0, nums.HANDLE_FORMS, n), rng.integers(0, nums.FORMS, n))
    length = np.exp(rng.normal(np.log(call_median_s), 1.0, n)).astype(np.int64) + 1
    unanswered = rng.random(n) < 0.15
    duration = np.where(channel == CALL, np.where(unanswered, 0, length), NONE)
    return Rows(
        officer,
        time,
        direction,
        channel,
        nums.code(identity, forms),
        duration,
        np.full(n, tag, dtype=np.int64),
    )


def on_shift_times(
    world: World, rng: np.random.Generator, officer: I64, lo: I64 | int, hi: I64 | int
) -> tuple[I64, I64]:
    """A time inside one of the officer's shifts starting in ``[lo, hi)`` (drops the rest).

    Returns the kept row positions and their times.
    """
    lo_a = np.broadcast_to(np.asarray(lo, dtype=np.int64), officer.shape)
    hi_a = np.broadcast_to(np.asarray(hi, dtype=np.int64), officer.shape)
    big = np.int64(1) << 33
    keys = world.sh_officer * big + world.sh_start
    first = np.searchsorted(keys, officer * big + lo_a)
    last = np.searchsorted(keys, officer * big + hi_a)
    ok = last > first
    pick = first + (rng.random(len(officer)) * np.maximum(last - first, 1)).astype(np.int64)
    pick = np.minimum(pick, len(keys) - 1)
    s, e = world.sh_start[pick], world.sh_end[pick]
    t = s + (rng.random(len(officer)) * (e - s)).astype(np.int64)
    ok &= t < hi_a
    keep = np.flatnonzero(ok)
    return keep, t[keep]


def local_times(
    world: World,
    rng: np.random.Generator,
    lo: I64 | int,
    hi: I64 | int,
    n: int,
    weights: npt.NDArray[np.float64] = EVENING,
) -> I64:
    """Times in ``[lo, hi)`` whose local hour follows ``weights``."""
    lo_a = np.broadcast_to(np.asarray(lo, dtype=np.int64), (n,))
    hi_a = np.broadcast_to(np.asarray(hi, dtype=np.int64), (n,))
    day = lo_a + (rng.random(n) * (hi_a - lo_a)).astype(np.int64)
    midnight = day - ((day + world.clock.offset(day)) % DAY)
    hour = rng.choice(24, n, p=weights / weights.sum())
    t = midnight + hour * HOUR + rng.integers(0, HOUR, n)
    t = t - (world.clock.offset(t) - world.clock.offset(midnight))
    out: I64 = np.clip(t, lo_a, np.maximum(hi_a - 1, lo_a)).astype(np.int64)
    return out


def background(world: World, rng: np.random.Generator, lo: int, hi: int) -> Rows:
    """Colleagues, control room, unknown numbers and personal use, for ``[lo, hi)``."""
    n_off = world.n_officers
    rate = world.params.comms_per_day
    days = (hi - lo) / DAY
    everyone = np.arange(n_off, dtype=np.int64)
    first, last = world.shift_range(everyone, lo, hi)
    n_shifts = last - first
    parts: list[Rows] = []
    # on shift: colleagues and control room
    k = rng.poisson(rate * 0.45 * n_shifts)
    officer = np.repeat(everyone, k)
    keep, t = on_shift_times(world, rng, officer, lo, hi)
    officer = officer[keep]
    team_mate = (officer + rng.integers(1, 12, len(officer))) % n_off
    control = rng.random(len(officer)) < 0.25
    ident = np.where(
        control, nums.CONTROL_ROOM + rng.integers(0, 10, len(officer)), nums.DEVICE_BASE + team_mate
    )
    parts.append(make_rows(rng, officer, t, ident, 0.5, (0.55, 0.25, 0.02, 0.18)))
    # any time: unknown numbers and personal use (against policy, not abuse of position)
    k = rng.poisson(rate * 0.55 * days, n_off)
    officer = np.repeat(everyone, k)
    t = local_times(world, rng, lo, hi, len(officer))
    kind = rng.random(len(officer))
    partner = nums.PERSONAL_BASE + officer * 4
    family = partner + rng.integers(1, 4, len(officer))
    unknown = nums.UNKNOWN_BASE + rng.integers(0, 100000, len(officer))
    ident = np.where(kind < 0.45, partner, np.where(kind < 0.7, family, unknown))
    rows = make_rows(rng, officer, t, ident, 0.5, (0.3, 0.3, 0.05, 0.35))
    # partners message on an app, which records their handle rather than a number
    app = (rows.channel == APP) & (kind < 0.45) & (world.officer_partner_handle[officer] != NONE)
    forms = rng.integers(0, nums.HANDLE_FORMS, int(app.sum()))
    rows.code[app] = nums.code(world.officer_partner_handle[officer[app]], forms)
    parts.append(rows)
    return concat(parts)


def public_contact(world: World, rng: np.random.Generator, people: People, inc: Incidents) -> Rows:
    """Officers in charge updating victims, call-backs after attending, witness care."""
    phone = np.where(people.mobile != NONE, people.mobile, people.landline)
    parts: list[Rows] = []
    end = world.params.end_utc
    closed = np.where(inc.closed == NONE, end, inc.closed)
    for role, person_roles, mean in (
        (OIC, (VICTIM,), 4.0),
        (ATTENDING, (VICTIM, REPORTER), 0.4),
        (WITNESS_CARE, (WITNESS,), 2.5),
    ):
        rows = np.flatnonzero(inc.io_role == role)
        ip = np.flatnonzero(np.isin(inc.ip_role, person_roles))
        # join taskings to the incident's people of those roles
        order = np.argsort(inc.ip_inc[ip], kind="stable")
        ip = ip[order]
        lo = np.searchsorted(inc.ip_inc[ip], inc.io_inc[rows], side="left")
        hi = np.searchsorted(inc.ip_inc[ip], inc.io_inc[rows], side="right")
        cnt = hi - lo
        rep = np.repeat(rows, cnt)
        pos = np.repeat(lo, cnt) + np.arange(len(rep)) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        person = inc.ip_person[ip[pos]]
        k = rng.poisson(mean, len(rep))
        rep, person = np.repeat(rep, k), np.repeat(person, k)
        ident = phone[person]
        start = inc.io_start[rep]
        stop = np.where(inc.io_end[rep] == NONE, closed[inc.io_inc[rep]], inc.io_end[rep])
        if role == ATTENDING:
            stop = start + 2 * DAY
        stop = np.minimum(np.maximum(stop, start + DAY), end)
        keep, t = on_shift_times(world, rng, inc.io_officer[rep], start, stop)
        good = ident[keep] != NONE
        keep, t = keep[good], t[good]
        parts.append(
            make_rows(
                rng,
                inc.io_officer[rep][keep],
                t,
                ident[keep],
                0.7,
                (0.7, 0.25, 0.0, 0.05),
                call_median_s=240.0,
            )
        )
    return concat(parts)
