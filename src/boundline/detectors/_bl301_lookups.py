"""BL301 record look-ups of a person with no task, or after the incident closed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from boundline.detectors._base import Detector, param, register
from boundline.detectors._common import saturate
from boundline.detectors.resolve import pair_closure

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors._context import DetectionContext


@dataclass(frozen=True)
class BL301Params:
    """Parameters of BL301."""

    min_lookups: int = param(2, "Fewest look-ups without a task or after closure that flag.")
    half_strength_lookups: float = param(3.0, "Such look-ups at which strength is 0.5.")


def classified_lookups(ctx: DetectionContext) -> ir.Table:
    """Every look-up (up to ``as_of``) with ``without_task`` and ``after_closure`` flags.

    ``without_task``: no ``incident_id``, or an incident the officer was never tasked
    to (``incident_officers``, any role, before ``as_of``). ``after_closure``: at or
    after the closure of every incident through which the officer met the person
    (never when there is none, or one is still open), as the evidence counts them.
    """
    lk = ctx.lookups
    io = ctx.table("incident_officers")
    if ctx.as_of is not None:
        io = io.filter(io.start < ctx.as_of)
    tasked = io.select(_t_o=io.officer_id, _t_i=io.incident_id).distinct()
    j = lk.join(tasked, [lk.officer_id == tasked._t_o, lk.incident_id == tasked._t_i], how="left")
    j = j.mutate(without_task=j.incident_id.isnull() | j._t_i.isnull()).drop("_t_o", "_t_i")
    cl = pair_closure(ctx.taskings).select(_c_o="officer_id", _c_p="person_id", _c_t="last_closed")
    j = j.join(cl, [j.officer_id == cl._c_o, j.person_id == cl._c_p], how="left")
    after = (j._c_t.notnull() & (j.time >= j._c_t)).fill_null(False)
    return j.mutate(after_closure=after, last_closed=j._c_t).drop("_c_o", "_c_p", "_c_t")


@register
class LookupsWithoutTask(Detector[BL301Params]):
    """Record look-ups of a person with no task, or after the incident closed.

    **What it flags.** An officer's look-ups of one person in police systems
    (``record_access``) that either name no incident, or name an incident the officer
    was never tasked to (``without_task``, as ``outputs.md`` defines
    ``record_access.without_task``), or come at or after the closure of every
    incident through which the officer met the person (``after_closure``). At least
    ``min_lookups`` such look-ups.

    **Why it matters.** Searching police records for a person of interest — their
    address, their partner, their history — with no policing purpose is a data
    protection offence and, in abuse-of-position cases, often the first step: the
    officer finds out where she lives or whether she is in a relationship. Look-ups
    made for a tasking, before the incident closed, are ordinary work.

    **Evidence figures.** ``lookups`` (without a task or after closure), ``without_task``,
    ``after_closure``, ``total`` (all look-ups of the person by the officer),
    ``systems`` (distinct systems of the flagged look-ups), ``first``/``last`` (of
    them). Strength: ``lookups / (lookups + half_strength_lookups)``.
    """

    code = "BL301"
    name = "lookups-without-task"
    version = "1"
    Params = BL301Params

    def query(self, ctx: DetectionContext, params: BL301Params) -> ir.Table:
        """Look-ups with no task or after closure, per (officer, person)."""
        import ibis

        c = classified_lookups(ctx)
        bad = c.without_task | c.after_closure

        def n(cond: ir.BooleanColumn) -> ir.IntegerScalar:
            return ibis.ifelse(cond, 1, 0).sum()

        agg = c.group_by("officer_id", "person_id").aggregate(
            lookups=n(bad),
            without_task=n(c.without_task),
            after_closure=n(c.after_closure),
            total=c.count(),
            systems=c.system.nunique(where=bad),
            first=c.time.min(where=bad),
            last=c.time.max(where=bad),
        )
        agg = agg.filter(agg.lookups >= params.min_lookups)
        return agg.select(
            "officer_id",
            "person_id",
            strength=saturate(agg.lookups, params.half_strength_lookups),
            lookups=agg.lookups,
            without_task=agg.without_task,
            after_closure=agg.after_closure,
            total=agg.total,
            systems=agg.systems,
            first=agg.first,
            last=agg.last,
        )
