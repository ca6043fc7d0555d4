"""BL202 visits off shift, in a police vehicle, to a person's home or workplace."""

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
class BL202Params(VisitParams):
    """Parameters of BL202."""

    min_visits: int = param(1, "Fewest unexplained off-shift visits that make a finding.")
    half_strength_visits: float = param(1.0, "Off-shift visits at which strength is 0.5.")


@register
class VisitsOffShift(Detector[BL202Params]):
    """Off-shift visits in a police vehicle to the home or work of a person met on duty.

    **What it flags.** Stays of a vehicle booked to the officer (``vehicle_use``)
    that overlap none of their shifts, within 150 m of the home or workplace of a
    person they met on duty, and that no tasking explains (as BL201). At least
    ``min_visits`` of them (one by default), from the first meeting on.

    **Why it matters.** A police vehicle has no business outside a member of the
    public's home while its user is off duty; even one such stay, unexplained, is
    worth a reviewer's look. An officer tasked off-roster (overtime not yet in the
    duty system) to an incident there is explained by the tasking.

    **Evidence figures.** ``visits`` (unexplained, off shift), ``days``,
    ``first``/``last``, ``home``/``work``, ``minutes`` (as BL201). Strength:
    ``visits / (visits + half_strength_visits)``.
    """

    code = "BL202"
    name = "visits-off-shift"
    version = "1"
    Params = BL202Params

    def query(self, ctx: DetectionContext, params: BL202Params) -> ir.Table:
        """Unexplained off-shift visits, per (officer, person)."""
        v = met_visits(ctx, params.place_kinds, params.since_met, params.max_place_officers)
        v = v.filter(~v.on_shift, ~v.explained)
        agg = visit_figures(v, ["officer_id", "person_id"])
        agg = agg.filter(agg.visits >= params.min_visits)
        return agg.select(
            "officer_id",
            "person_id",
            strength=saturate(agg.visits, params.half_strength_visits),
            visits=agg.visits,
            days=agg.days,
            first=agg.first,
            last=agg.last,
            home=agg.home,
            work=agg.work,
            minutes=agg.minutes,
        )
