"""The workforce: officers in teams, works devices and who held them when."""

from __future__ import annotations

import numpy as np

from boundline.synth import _numbers as nums
from boundline.synth._clock import DAY
from boundline.synth._names import FEMALE, MALE, STATIONS, full_names
from boundline.synth._world import DAYWORK, NEIGHBOURHOOD, NONE, RESPONSE, World

RESPONSE_TEAMS = 5
NEIGHBOURHOOD_TEAMS = 4


def _units(n: int) -> list[tuple[str, str, str, int]]:
    """(unit, team, role, station) for each officer, in order."""
    rows: list[tuple[str, str, str, int]] = []
    n_resp = round(n * 0.48)
    n_nbh = round(n * 0.22)
    n_cid = round(n * 0.12)
    n_flo = max(2, round(n * 0.03))
    n_wc = max(1, round(n * 0.03))
    n_insp = max(1, n // 60)
    for i in range(n_resp):
        team = i % RESPONSE_TEAMS
        rows.append(("response", f"Response {'ABCDE'[team]}", "PC", team % len(STATIONS)))
    for i in range(n_nbh):
        team = i % NEIGHBOURHOOD_TEAMS
        rows.append(("neighbourhood", f"Neighbourhood {team + 1}", "PCSO", team % len(STATIONS)))
    rows += [("cid", "CID", "PC", i % len(STATIONS)) for i in range(n_cid)]
    rows += [("flo", "Major Crime", "PC", 0) for _ in range(n_flo)]
    rows += [("witness_care", "Witness Care", "STAFF", 1) for _ in range(n_wc)]
    rows += [("command", "Command", "INSP", i % len(STATIONS)) for i in range(n_insp)]
    while len(rows) < n:
        rows.append(("staff", "Control Room", "STAFF", 0))
    return rows[:n]


def build_workforce(world: World, rng: np.random.Generator) -> None:
    """Create officers, their teams, rosters, vehicles and works devices."""
    p = world.params
    units = _units(p.officers)
    # sort so that team members are contiguous (pairs share vehicles)
    units.sort(key=lambda u: (u[0], u[1]))
    n = len(units)
    world.officer_ids = [f"P{10001 + i * 3}" for i in range(n)]
    world.officer_names = full_names(rng, n)
    world.officer_unit = [u[0] for u in units]
    world.officer_team = [u[1] for u in units]
    roles = [u[2] for u in units]
    world.officer_station = np.array([u[3] for u in units], dtype=np.int64)
    roster = np.full(n, DAYWORK, dtype=np.int64)
    offset = np.zeros(n, dtype=np.int64)
    vehicle = np.full(n, NONE, dtype=np.int64)
    n_veh = 0
    teams: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        teams.setdefault(u[1], []).append(i)
    for name in sorted(teams):
        members = teams[name]
        unit = units[members[0]][0]
        if unit == "response":
            t = "ABCDE".index(name[-1])
            roster[members] = RESPONSE
            offset[members] = t * 2
            # one sergeant per 12, single-crewed; the rest crew in pairs
            sgts = members[: max(1, len(members) // 12)]
            for s in sgts:
                roles[s] = "SGT"
                vehicle[s] = n_veh
                n_veh += 1
            pcs = members[len(sgts) :]
            crew = world.params.response_crew
            for k in range(0, len(pcs), crew):
                vehicle[pcs[k : k + crew]] = n_veh
                n_veh += 1
        elif unit == "neighbourhood":
            t = int(name.split()[-1]) - 1
            roster[members] = NEIGHBOURHOOD
            for k, m in enumerate(members):
                roles[m] = "PC" if k % 5 == 4 else "PCSO"
                # the two of a pair work opposite halves of the cycle and share a car
                offset[m] = t * 2 + (k % 2) * 4
                vehicle[m] = n_veh + k // 2
            n_veh += (len(members) + 1) // 2
    world.officer_roles = roles
    world.officer_roster = roster
    world.officer_offset = offset
    world.officer_vehicle = vehicle
    world.n_vehicles = n_veh
    world.officer_start = p.start_utc - rng.integers(30, 20 * 365, n).astype(np.int64) * DAY
    has_handle = rng.random(n) < 0.4
    handle = np.full(n, NONE, dtype=np.int64)
    for i in np.flatnonzero(has_handle).tolist():
        handle[i] = nums.HANDLE_BASE + len(world.handles)
        world.handles.append(
            f"@{FEMALE[(i * 7) % len(FEMALE)]}{MALE[(i * 3) % len(MALE)]}{i % 100}"
        )
    world.officer_partner_handle = handle
    _devices(world, rng)


def _devices(world: World, rng: np.random.Generator) -> None:
    """One device each; a few devices are re-issued to another officer mid-period."""
    p = world.params
    n = world.n_officers
    span = p.end_utc - p.start_utc
    dev = list(range(n))
    off = list(range(n))
    frm = (p.start_utc - rng.integers(10, 700, n) * DAY).tolist()
    to = [NONE] * n
    n_dev = n
    n_swaps = max(1, n // 25)
    picks = rng.permutation(n)[: 2 * n_swaps].reshape(-1, 2)
    for a, b in picks.tolist():
        t1 = p.start_utc + int(rng.integers(span // 6, span * 5 // 6))
        t2 = t1 + int(rng.integers(1, 5)) * DAY + int(rng.integers(0, DAY))
        to[a] = t1  # officer a hands device a back and gets a new one
        dev.append(n_dev)
        off.append(a)
        frm.append(t1)
        to.append(NONE)
        n_dev += 1
        to[b] = t2  # officer b's device is retired; b is re-issued device a
        dev.append(a)
        off.append(b)
        frm.append(t2)
        to.append(NONE)
    world.n_devices = n_dev
    world.asg_device = np.array(dev, dtype=np.int64)
    world.asg_officer = np.array(off, dtype=np.int64)
    world.asg_from = np.array(frm, dtype=np.int64)
    world.asg_to = np.array(to, dtype=np.int64)
