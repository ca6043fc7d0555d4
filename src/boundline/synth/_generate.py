"""Generating a whole synthetic force into a source folder, with scenarios.json."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from boundline.synth import _numbers as nums
from boundline.synth._avl import pings
from boundline.synth._cases import (
    SYSTEMS,
    Access,
    desk_lookalikes,
    fix_case_incidents,
    ordinary_access,
    planted_contact,
)
from boundline.synth._clock import Clock, day_string, iso, iso1
from boundline.synth._comms import CHANNELS, Rows, background, concat, public_contact
from boundline.synth._config import SynthConfig, SynthResult, resolve
from boundline.synth._faults import Faults
from boundline.synth._figures import item_entry
from boundline.synth._fleet import build_sessions, protect, schedule
from boundline.synth._incidents import (
    CATEGORIES,
    ROLES_O,
    ROLES_P,
    Incidents,
    assign_oics,
    assign_witness_care,
    from_sessions,
)
from boundline.synth._names import STATIONS
from boundline.synth._people import People
from boundline.synth._plan import plant_all
from boundline.synth._rosters import build_shifts
from boundline.synth._workforce import build_workforce
from boundline.synth._world import I64, NONE, SHIFT_KINDS, World
from boundline.synth._writer import TableWriter

Progress = Callable[[str, int], None]


def _mask(arr: pa.Array, empty: np.ndarray) -> pa.Array:
    return pc.if_else(pa.array(empty), pa.scalar(None, arr.type), arr)


def _ids(prefix: str, index: I64, width: int) -> pa.Array:
    return pa.array([f"{prefix}{i:0{width}d}" for i in index.tolist()], pa.string())


def _take(values: list[str], index: I64) -> pa.Array:
    return pa.array(values, pa.string()).take(pa.array(index))


def generate(
    cfg: SynthConfig, out_dir: Path | str, progress: Progress | None = None
) -> SynthResult:
    """Write a synthetic force's source folder and ``scenarios.json`` into ``out_dir``."""
    report: Progress = progress if progress is not None else (lambda _s, _n: None)
    p = resolve(cfg)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(cfg.seed).spawn(12)]
    world = World(p, Clock(p.start_day, p.days + 2))
    build_workforce(world, rngs[0])
    build_shifts(world, rngs[1])
    build_sessions(world, rngs[2])
    report("workforce", world.n_officers)
    people = People()
    plan = plant_all(world, rngs[3], people)
    protect(world, rngs[4], plan.protected)
    schedule(world)
    inc = Incidents()
    from_sessions(world, rngs[5], people, inc, plan.forced)
    desk_lookalikes(world, rngs[6], people, inc, plan)
    keep_out = fix_case_incidents(world, rngs[6], inc, plan)
    assign_oics(world, rngs[5], inc, keep_out)
    assign_witness_care(world, rngs[5], inc)
    report("incidents", len(inc))
    access = Access()
    planted = planted_contact(world, rngs[7], people, inc, plan, access)
    ordinary_access(world, rngs[8], inc, people, access)
    legit = public_contact(world, rngs[9], people, inc)
    person_ids = _ids(
        "N", np.random.default_rng(rngs[3].integers(2**32)).permutation(len(people)) + 1_000_000, 7
    ).to_pylist()
    faults = Faults(rngs[10])
    writers: dict[str, TableWriter] = {}

    def write(name: str, cols: dict[str, Any], eligible: np.ndarray | None = None) -> None:
        if name not in writers:
            writers[name] = TableWriter(out_dir, name, p.fmt)
        arrays = {k: v if isinstance(v, pa.Array) else pa.array(v) for k, v in cols.items()}
        n = len(next(iter(arrays.values())))
        ok = np.ones(n, dtype=np.bool_) if eligible is None else eligible
        writers[name].write(faults.add(name, arrays, ok))

    _static(world, people, inc, person_ids, write)
    people.drop_text()  # names and addresses are written; free them before the big tables
    inc.address = []
    report("people", len(people))
    watched = {it.officer for it in plan.items}
    kept = _comms(world, rngs[11], concat([planted, legit]), watched, write, report)
    _access(world, access, inc, person_ids, write)
    _avl(world, rngs[2], write, report)
    for w in writers.values():
        w.close()
    scen = {
        "seed": cfg.seed,
        "scale": p.scale,
        "officers": world.n_officers,
        "months": p.months,
        "period": {"from": iso1(p.start_utc), "to": iso1(p.end_utc)},
        "timezone": "Europe/London",
        "cases": [
            item_entry(world, people, inc, plan, kept, access, it, person_ids)
            for it in plan.items
            if it.is_case
        ],
        "lookalikes": [
            item_entry(world, people, inc, plan, kept, access, it, person_ids)
            for it in plan.items
            if not it.is_case
        ],
        "faults": {t: dict(sorted(c.items())) for t, c in sorted(faults.counts.items())},
        "rows": {name: w.rows for name, w in writers.items()},
    }
    path = out_dir / "scenarios.json"
    path.write_text(json.dumps(scen, indent=2) + "\n", encoding="utf-8")
    return SynthResult(
        {n: w.path for n, w in writers.items()}, path, {n: w.rows for n, w in writers.items()}
    )


def _static(
    world: World, people: People, inc: Incidents, person_ids: list[str], write: Callable[..., None]
) -> None:
    n = world.n_officers
    write(
        "officers",
        {
            "officer_id": world.officer_ids,
            "name": world.officer_names,
            "role": world.officer_roles,
            "station": [STATIONS[int(s)] for s in world.officer_station],
            "team": world.officer_team,
            "start_date": day_string(world.officer_start),
            "end_date": pa.nulls(n, pa.string()),
        },
    )
    oid = pa.array(world.officer_ids, pa.string())
    d = world.asg_device
    form = np.where(d % 3 == 0, 1, 4)
    write(
        "devices",
        {
            "device_id": _ids("D", d + 500001, 6),
            "msisdn": nums.write_codes(nums.code(nums.DEVICE_BASE + d, form), world.handles),
            "officer_id": oid.take(pa.array(world.asg_officer)),
            "assigned_from": iso(world.asg_from),
            "assigned_to": _mask(
                iso(np.where(world.asg_to == NONE, 0, world.asg_to)), world.asg_to == NONE
            ),
        },
    )
    write(
        "shifts",
        {
            "officer_id": oid.take(pa.array(world.sh_officer)),
            "start": iso(world.sh_start),
            "end": iso(world.sh_end),
            "kind": _take(list(SHIFT_KINDS), world.sh_kind),
        },
    )
    cs = world.crew_session
    write(
        "vehicle_use",
        {
            "vehicle_id": _ids("V", world.ses_vehicle[cs] + 1001, 4),
            "officer_id": oid.take(pa.array(world.crew_officer)),
            "start": iso(world.ses_start[cs]),
            "end": iso(world.ses_end[cs]),
        },
    )
    pid = pa.array(person_ids, pa.string())
    write(
        "people",
        {
            "person_id": pid,
            "name": people.name,
            "date_of_birth": day_string(people.dob * 86400),
            "vulnerable": ["true" if v else "false" for v in people.vulnerable.tolist()],
            "vulnerability": people.vulnerability,
        },
    )
    idx = np.arange(len(people))
    parts = []
    for kind, ident, form in (
        ("phone", people.mobile, people.mobile_form),
        ("phone", people.landline, people.landline_form),
        ("handle", people.handle, people.handle_form),
    ):
        has = ident != NONE
        parts.append(
            (
                idx[has],
                [kind] * int(has.sum()),
                nums.write_codes(nums.code(ident[has], form[has]), world.handles),
            )
        )
    has_mail = np.array([e is not None for e in people.email], dtype=np.bool_)
    parts.append(
        (
            idx[has_mail],
            ["email"] * int(has_mail.sum()),
            pa.array([e for e in people.email if e is not None], pa.string()),
        )
    )
    order = np.argsort(np.concatenate([x[0] for x in parts]), kind="stable")
    write(
        "person_contacts",
        {
            "person_id": pid.take(pa.array(np.concatenate([x[0] for x in parts])[order])),
            "kind": pa.array(sum((x[1] for x in parts), []), pa.string()).take(pa.array(order)),
            "value": pa.concat_arrays([x[2] for x in parts]).take(pa.array(order)),
        },
    )
    work = ~np.isnan(people.work_lat)
    pl_idx = np.concatenate([idx, idx[work]])
    order = np.argsort(pl_idx, kind="stable")
    write(
        "places",
        {
            "person_id": pid.take(pa.array(pl_idx[order])),
            "kind": pa.array(["home"] * len(idx) + ["work"] * int(work.sum())).take(
                pa.array(order)
            ),
            "lat": np.concatenate([people.home_lat, people.work_lat[work]])[order],
            "lon": np.concatenate([people.home_lon, people.work_lon[work]])[order],
            "address": pa.array(
                people.home_addr + [a for a in people.work_addr if a is not None], pa.string()
            ).take(pa.array(order)),
            "valid_from": pa.nulls(len(pl_idx), pa.string()),
            "valid_to": pa.nulls(len(pl_idx), pa.string()),
        },
    )
    ni = len(inc)
    iid = _ids("INC", np.arange(1, ni + 1), 7)
    write(
        "incidents",
        {
            "incident_id": iid,
            "opened": iso(inc.opened),
            "closed": _mask(iso(np.where(inc.closed == NONE, 0, inc.closed)), inc.closed == NONE),
            "category": _take([c[0] for c in CATEGORIES], inc.category),
            "lat": pa.array(inc.lat, from_pandas=True),
            "lon": pa.array(inc.lon, from_pandas=True),
            "address": inc.address,
        },
    )
    write(
        "incident_people",
        {
            "incident_id": iid.take(pa.array(inc.ip_inc)),
            "person_id": pid.take(pa.array(inc.ip_person)),
            "role": _take(list(ROLES_P), inc.ip_role),
        },
    )
    write(
        "incident_officers",
        {
            "incident_id": iid.take(pa.array(inc.io_inc)),
            "officer_id": oid.take(pa.array(inc.io_officer)),
            "role": _take(list(ROLES_O), inc.io_role),
            "start": iso(inc.io_start),
            "end": _mask(iso(np.where(inc.io_end == NONE, 0, inc.io_end)), inc.io_end == NONE),
        },
    )


def _comms(
    world: World,
    rng: np.random.Generator,
    extra: Rows,
    watched: set[int],
    write: Callable[..., None],
    report: Progress,
) -> Rows:
    p = world.params
    bounds = [p.start_utc]
    while bounds[-1] < p.end_utc:
        bounds.append(min(bounds[-1] + p.comms_chunk_days * 86400, p.end_utc))
    seeds = rng.spawn(len(bounds) - 1)
    kept: list[Rows] = []
    first_id = 1
    watch = np.array(sorted(watched), dtype=np.int64)
    for (lo, hi), r in zip(zip(bounds[:-1], bounds[1:], strict=True), seeds, strict=True):
        sel = np.flatnonzero((extra.time >= lo) & (extra.time < hi))
        rows = concat([background(world, r, lo, hi), extra.take(sel)])
        device = world.holder_device(rows.officer, rows.time)
        ok = np.flatnonzero(device != NONE)
        order = ok[np.lexsort((rows.code[ok], device[ok], rows.time[ok]))]
        rows, device = rows.take(order), device[order]
        kept.append(rows.take(np.flatnonzero(np.isin(rows.officer, watch))))
        n = len(rows)
        write(
            "comms",
            {
                "record_id": _ids("C", np.arange(first_id, first_id + n), 9),
                "device_id": _ids("D", device + 500001, 6),
                "time": iso(rows.time),
                "direction": _take(["out", "in"], rows.direction),
                "channel": _take(list(CHANNELS), rows.channel),
                "counterpart": nums.write_codes(rows.code, world.handles),
                "duration_s": pa.array(rows.duration, pa.int64(), mask=rows.duration == NONE),
            },
            rows.tag == 0,
        )
        first_id += n
        report("comms", first_id - 1)
    return concat(kept)


def _access(
    world: World, access: Access, inc: Incidents, person_ids: list[str], write: Callable[..., None]
) -> None:
    order = np.lexsort((access.person, access.officer, access.time))
    ok = order[
        (access.time[order] >= world.params.start_utc) & (access.time[order] < world.params.end_utc)
    ]
    incident = access.incident[ok]
    iid = [None if i == NONE else f"INC{i + 1:07d}" for i in incident.tolist()]
    write(
        "record_access",
        {
            "access_id": _ids("A", np.arange(1, len(ok) + 1), 8),
            "officer_id": _take(world.officer_ids, access.officer[ok]),
            "time": iso(access.time[ok]),
            "system": _take(list(SYSTEMS), access.system[ok]),
            "person_id": _take(person_ids, access.person[ok]),
            "incident_id": pa.array(iid, pa.string()),
        },
        access.tag[ok] == 0,
    )


def _avl(
    world: World, rng: np.random.Generator, write: Callable[..., None], report: Progress
) -> None:
    n = len(world.ses_start)
    step = world.params.avl_batch_sessions
    seeds = rng.spawn(max(1, -(-n // step)))
    total = 0
    for k, lo in enumerate(range(0, n, step)):
        batch = pings(world, lo, min(n, lo + step), seeds[k])
        write(
            "avl",
            {
                "vehicle_id": _ids("V", batch.vehicle + 1001, 4),
                "time": iso(batch.time),
                "lat": batch.lat,
                "lon": batch.lon,
                "speed_kmh": batch.speed,
            },
        )
        total += len(batch.time)
        report("avl", total)
