"""The facts about flagged pairs that scoring needs, read from a detection context.

For each flagged (officer, person): the person's vulnerability flag
(``people``), the pair's contacts (``ctx.public_contacts``: total, first, last,
off shift), how many of them fell inside a *legitimate* tasking — the officer
tasked to an incident of the person's in one of ``legitimate_roles`` (officer in
charge, family liaison, witness care), at that time, and on shift if
``legitimate_on_shift_only`` — the incidents they met through (category, roles,
closure) and, for pairs without contact, the person's first contact value. All
with ``ctx.as_of`` respected, since every relation of the context is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from boundline.scoring.model import MetThrough, PairFacts
from boundline.scoring.settings import Adjustments

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors import DetectionContext


def _pairs_table(pairs: list[tuple[str, str]]) -> ir.Table:
    import ibis
    import pyarrow as pa

    return ibis.memtable(
        pa.table(
            {
                "_q_o": pa.array([o for o, _ in pairs], pa.string()),
                "_q_p": pa.array([p for _, p in pairs], pa.string()),
            }
        )
    )


def _only(t: ir.Table, q: ir.Table) -> ir.Table:
    """Rows of ``t`` whose (officer_id, person_id) is one of the queried pairs."""
    return t.semi_join(q, [t.officer_id == q._q_o, t.person_id == q._q_p])


def legitimate_taskings(ctx: DetectionContext, adj: Adjustments) -> ir.Table:
    """Taskings in a legitimate role: officer_id, person_id, task_start, task_until.

    ``task_until`` is the recorded end, else the incident's closure (null = open).
    With ``as_of``, an end recorded after it means the tasking was still running
    then (open), not that it ended at closure: a witness-care tasking that
    outlasts the closure stays legitimate in a replay.
    """
    import ibis

    io = ctx.table("incident_officers")
    io = io.filter(io.role.isin(list(adj.legitimate_roles) or [""]))
    ip = ctx.table("incident_people")
    inc = ctx.table("incidents")
    as_of = ctx.as_of
    closed = inc.closed
    if as_of is not None:
        io = io.filter(io.start < as_of)
        inc = inc.filter(inc.opened < as_of)
        closed = ibis.ifelse(inc.closed <= as_of, inc.closed, ibis.null(inc.closed.type()))
    j = io.join(ip, io.incident_id == ip.incident_id).join(inc, io.incident_id == inc.incident_id)
    end = io.end
    if as_of is not None:
        end = ibis.ifelse(io.end <= as_of, io.end, ibis.null(io.end.type()))
    until = ibis.ifelse(io.end.isnull(), closed, end)
    return j.select(
        officer_id=io.officer_id, person_id=ip.person_id, task_start=io.start, task_until=until
    ).distinct()


def contact_counts(ctx: DetectionContext, q: ir.Table, adj: Adjustments) -> ir.Table:
    """Per pair: contacts, off_shift, first, last, legitimate (see the module docstring)."""
    import ibis

    c = _only(ctx.public_contacts, q)
    t = legitimate_taskings(ctx, adj)
    legit = c.filter(c.on_shift) if adj.legitimate_on_shift_only else c
    hits = (
        legit.join(
            t,
            [
                legit.officer_id == t.officer_id,
                legit.person_id == t.person_id,
                legit.time >= t.task_start,
                t.task_until.isnull() | (legit.time < t.task_until),
            ],
        )
        .select(legit.record_id, legit.officer_id, legit.person_id)
        .distinct()
        .mutate(_legit=ibis.literal(1))
    )
    keyed = c.select("record_id", "officer_id", "person_id", "time", "on_shift").distinct()
    h = hits.rename(_h_r="record_id", _h_o="officer_id", _h_p="person_id")
    j = keyed.left_join(
        h,
        [keyed.record_id == h._h_r, keyed.officer_id == h._h_o, keyed.person_id == h._h_p],
    )
    return j.group_by("officer_id", "person_id").aggregate(
        contacts=j.count(),
        off_shift=ibis.ifelse(j.on_shift, 0, 1).sum(),
        first=j.time.min(),
        last=j.time.max(),
        legitimate=j._legit.fill_null(0).sum(),
    )


def legitimate_roles(ctx: DetectionContext, q: ir.Table, adj: Adjustments) -> ir.Table:
    """Per pair: the legitimate tasking roles the officer held for the person's incidents."""
    t = _only(ctx.taskings, q)
    t = t.filter(t.officer_role.isin(list(adj.legitimate_roles) or [""]))
    return t.select("officer_id", "person_id", "officer_role").distinct()


def met_through(ctx: DetectionContext, q: ir.Table) -> ir.Table:
    """Per pair and incident: category, person and officer role, closure."""
    t = _only(ctx.taskings, q)
    inc = ctx.table("incidents").select(_i="incident_id", category="category")
    j = t.left_join(inc, t.incident_id == inc._i)
    return j.select(
        "officer_id",
        "person_id",
        "incident_id",
        "category",
        "person_role",
        "officer_role",
        "closed",
    ).distinct()


def pair_facts(
    ctx: DetectionContext, pairs: Iterable[tuple[str, str]], adj: Adjustments
) -> dict[tuple[str, str], PairFacts]:
    """The facts of each (officer_id, person_id) pair (pairs without a person are skipped)."""
    wanted = sorted({(o, p) for o, p in pairs if o and p})
    if not wanted:
        return {}
    q = _pairs_table(wanted)
    people = ctx.table("people")
    flags = people.semi_join(q, people.person_id == q._q_p).select(
        "person_id", "vulnerable", "vulnerability"
    )
    vuln = {r["person_id"]: r for r in flags.to_pyarrow().to_pylist()}
    counts = {
        (r["officer_id"], r["person_id"]): r
        for r in contact_counts(ctx, q, adj).to_pyarrow().to_pylist()
    }
    roles: dict[tuple[str, str], list[str]] = {}
    for r in legitimate_roles(ctx, q, adj).to_pyarrow().to_pylist():
        roles.setdefault((r["officer_id"], r["person_id"]), []).append(r["officer_role"])
    met: dict[tuple[str, str], list[MetThrough]] = {}
    for r in met_through(ctx, q).to_pyarrow().to_pylist():
        met.setdefault((r["officer_id"], r["person_id"]), []).append(
            MetThrough(
                r["incident_id"], r["category"], r["person_role"], r["officer_role"], r["closed"]
            )
        )
    values = first_values(ctx, q)
    out: dict[tuple[str, str], PairFacts] = {}
    for key in wanted:
        v: dict[str, Any] = vuln.get(key[1], {})
        n: dict[str, Any] = counts.get(key, {})
        out[key] = PairFacts(
            vulnerable=bool(v.get("vulnerable")),
            vulnerability=v.get("vulnerability") or None,
            contacts=int(n.get("contacts") or 0),
            off_shift=int(n.get("off_shift") or 0),
            first=n.get("first"),
            last=n.get("last"),
            legitimate=int(n.get("legitimate") or 0),
            legitimate_roles=tuple(sorted(roles.get(key, []))),
            met=tuple(sorted(met.get(key, []), key=lambda m: m.incident_id)),
            counterpart=values.get(key[1]),
        )
    return out


def first_values(ctx: DetectionContext, q: ir.Table) -> dict[str, str]:
    """Per person: a contact value to show when the pair has no contact (phones first)."""
    pc = ctx.table("person_contacts")
    pc = pc.semi_join(q, pc.person_id == q._q_p)
    rows = pc.select("person_id", "kind", "value").distinct().to_pyarrow().to_pylist()
    best: dict[str, tuple[int, str]] = {}
    for r in rows:
        rank = (0 if r["kind"] == "phone" else 1, str(r["value"]))
        if r["person_id"] not in best or rank < best[r["person_id"]]:
            best[r["person_id"]] = rank
    return {p: v for p, (_, v) in best.items()}
