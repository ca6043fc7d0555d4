"""The key figures of each planted case and look-alike, as outputs.md defines them."""

from __future__ import annotations

from typing import Any

import numpy as np

from boundline.synth import _numbers as nums
from boundline.synth._cases import Access
from boundline.synth._clock import DAY, iso1
from boundline.synth._comms import CALL, OUT, Rows
from boundline.synth._fleet import distance
from boundline.synth._incidents import Incidents
from boundline.synth._people import People
from boundline.synth._plan import Plan, Planted
from boundline.synth._world import ATTEND, NONE, World

SILENCE_DAYS = 14


def _met(inc: Incidents, officer: int, person: int) -> list[int]:
    mine = set(inc.io_inc[inc.io_officer == officer].tolist())
    theirs = set(inc.ip_inc[inc.ip_person == person].tolist())
    return sorted(mine & theirs)


def _after_closure(inc: Incidents, met: list[int], t: np.ndarray) -> int:
    if not met or any(inc.closed[i] == NONE for i in met):
        return 0
    last = max(int(inc.closed[i]) for i in met)
    return int((t > last).sum())


def pair_figures(
    world: World,
    people: People,
    inc: Incidents,
    plan: Plan,
    rows: Rows,
    access: Access,
    officer: int,
    person: int,
) -> dict[str, Any]:
    """Figures for one officer and one person."""
    ids = people.identities(person)
    mask = (rows.officer == officer) & np.isin(rows.code // 8, np.array(ids, dtype=np.int64))
    t = np.sort(rows.time[mask])
    direction = rows.direction[mask]
    channel = rows.channel[mask]
    on = world.on_shift(np.full(len(t), officer), t)
    met = _met(inc, officer, person)
    gaps = np.diff(t)
    sil = np.flatnonzero(gaps >= SILENCE_DAYS * DAY)
    fig: dict[str, Any] = {
        "counterpart": nums.e164(int(people.mobile[person]), world.handles)
        if people.mobile[person] != NONE
        else None,
        "met_through": [f"INC{i + 1:07d}" for i in met],
        "contacts": int(len(t)),
        "out": int((direction == OUT).sum()),
        "in": int((direction != OUT).sum()),
        "calls": int((channel == CALL).sum()),
        "messages": int((channel != CALL).sum()),
        "on_shift": int(on.sum()),
        "off_shift": int((~on).sum()),
        "night": int(world.clock.is_night(t).sum()),
        "after_closure": _after_closure(inc, met, t),
        "first_contact": iso1(int(t[0])) if len(t) else None,
        "last_contact": iso1(int(t[-1])) if len(t) else None,
        "silences": [
            {
                "from": iso1(int(t[i])),
                "to": iso1(int(t[i + 1])),
                "days": round(float(gaps[i]) / DAY, 2),
            }
            for i in sil.tolist()
        ],
    }
    fig.update(_visits(world, people, plan, inc, officer, person))
    a = access.officer == officer
    a &= access.person == person
    tasked = set(inc.io_inc[inc.io_officer == officer].tolist())
    no_task = np.array(
        [i == NONE or int(i) not in tasked for i in access.incident[a].tolist()], dtype=np.bool_
    )
    fig["record_access"] = int(a.sum())
    fig["record_access_without_task"] = int(no_task.sum())
    fig["record_access_after_closure"] = _after_closure(inc, met, access.time[a])
    return fig


def _visits(
    world: World, people: People, plan: Plan, inc: Incidents, officer: int, person: int
) -> dict[str, int]:
    """Planted stays of the officer's vehicles near the person's places (no others exist)."""
    places = [(people.home_lat[person], people.home_lon[person])]
    if not np.isnan(people.work_lat[person]):
        places.append((people.work_lat[person], people.work_lon[person]))
    mine = set(world.crew_session[world.crew_officer == officer].tolist())
    total = explained = 0
    for s, j in zip(*np.nonzero(world.stop_planted & world.stop_keep), strict=True):
        if int(s) not in mine:
            continue
        lat, lon = world.stop_lat[s, j], world.stop_lon[s, j]
        if min(float(distance(lat, lon, a, b)) for a, b in places) > 100.0:
            continue
        total += 1
        if world.stop_kind[s, j] == ATTEND:
            i = inc.slot_of[(int(s), int(j))]
            explained += int(((inc.io_inc == i) & (inc.io_officer == officer)).any())
    return {
        "visits": total,
        "visits_on_shift": total,
        "explained_visits": explained,
        "unexplained_visits": total - explained,
    }


def item_entry(
    world: World,
    people: People,
    inc: Incidents,
    plan: Plan,
    rows: Rows,
    access: Access,
    item: Planted,
    person_ids: list[str],
) -> dict[str, Any]:
    """The scenarios.json entry of one planted item."""
    entry: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind,
        "officer_id": world.officer_ids[item.officer],
        "officer_role": world.officer_roles[item.officer],
    }
    figs = [
        pair_figures(world, people, inc, plan, rows, access, item.officer, p) for p in item.persons
    ]
    if len(item.persons) == 1:
        entry["person_id"] = person_ids[item.persons[0]]
        entry["counterpart"] = figs[0].pop("counterpart")
        met = figs[0].pop("met_through")
        entry["incident_id"] = met[0] if met else None
        entry["incident_ids"] = met
        entry["figures"] = figs[0]
    else:
        people_out = []
        for p, f in zip(item.persons, figs, strict=True):
            people_out.append(
                {
                    "person_id": person_ids[p],
                    "counterpart": f.pop("counterpart"),
                    "incident_ids": f.pop("met_through"),
                    "figures": f,
                }
            )
        keys = (
            "contacts",
            "out",
            "in",
            "on_shift",
            "off_shift",
            "night",
            "after_closure",
            "record_access",
            "record_access_without_task",
            "record_access_after_closure",
        )
        entry["figures"] = {k: sum(int(x["figures"][k]) for x in people_out) for k in keys}
        entry["figures"]["people"] = len(people_out)
        entry["figures"]["people_contacted_after_closure"] = sum(
            1 for x in people_out if x["figures"]["after_closure"] > 0
        )
        entry["people"] = people_out
    for name, value in sorted(item.times.items()):
        if name in ("disclosed", "resumed", "contact_start"):
            entry.setdefault("planted", {})[name] = iso1(value)
    return entry
