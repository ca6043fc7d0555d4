"""BL201 unexplained visits on shift to a person's home or workplace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from boundline.detectors._base import Detector, param, register
from boundline.detectors._common import saturate
from boundline.detectors.visits import (
    VisitParams,
    met_visits,
    visit_figures,
)

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors._context import DetectionContext


@dataclass(frozen=True)
class BL201Params(VisitParams):
    """Parameters of BL201."""

    min_visits: int = param(2, "Fewest unexplained on-shift visits that make a finding.")
    half_strength_visits: float = param(3.0, "Unexplained visits at which strength is 0.5.")


@register
class VisitsOnShift(Detector[BL201Params]):
    """Unexplained on-shift visits in a police vehicle to the home or work of a person met on duty.

    **What it flags.** Stays (the vehicle within about 100 m for 10 minutes or more)
    of a vehicle the officer was using (``vehicle_use``), overlapping one of their
    shifts, whose centre lies within 150 m of the home or workplace (``places``,
    valid then) of a person they met on duty, that no tasking explains (no tasking,
    overlapping the stay, to an incident within 150 m of it). At least
    ``min_visits`` of them, counted from the first meeting on.

    **Why it matters.** In abuse-of-position cases police-vehicle location data has
    put officers at a victim's home during shifts with no tasking, and on duty at
    the shop where a woman who had reported a crime worked. Drive-bys, traffic
    lights and stops elsewhere are never stays; attendances and repeat call-outs
    are explained by their taskings; stops near the place of someone the officer
    never met on duty (a weekly patrol stop at a shopping parade) are not examined.

    **Evidence figures.** ``visits`` (unexplained, on shift), ``days`` (distinct
    local days), ``first``/``last`` (stay starts), ``home``/``work`` (by the nearest
    place), ``minutes`` (total stay time), ``explained`` (on-shift visits a tasking
    explains, for context). Strength: ``visits / (visits + half_strength_visits)``.
    """

    code = "BL201"
    name = "visits-on-shift"
    version = "1"
    Params = BL201Params

    def query(self, ctx: DetectionContext, params: BL201Params) -> ir.Table:
        """Unexplained on-shift visits, per (officer, person)."""
        import ibis

        v = met_visits(ctx, params.place_kinds, params.since_met, params.max_place_officers)
        v = v.filter(v.on_shift)
        keys = ["officer_id", "person_id"]
        expl = v.group_by(*keys).aggregate(explained=ibis.ifelse(v.explained, 1, 0).sum())
        expl = expl.rename(_x_o="officer_id", _x_p="person_id")
        agg = visit_figures(v.filter(~v.explained), keys)
        agg = agg.filter(agg.visits >= params.min_visits)
        j = agg.join(expl, [agg.officer_id == expl._x_o, agg.person_id == expl._x_p], how="left")
        return j.select(
            "officer_id",
            "person_id",
            strength=saturate(j.visits, params.half_strength_visits),
            visits=j.visits,
            days=j.days,
            first=j.first,
            last=j.last,
            home=j.home,
            work=j.work,
            minutes=j.minutes,
            explained=j.explained.fill_null(0),
        )
