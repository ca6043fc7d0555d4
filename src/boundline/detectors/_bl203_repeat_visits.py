"""BL203 repeated unexplained visits to the same place."""

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
class BL203Params(VisitParams):
    """Parameters of BL203."""

    min_days: int = param(3, "Fewest distinct local days with an unexplained visit to one place.")
    half_strength_days: float = param(5.0, "Distinct days at which strength is 0.5.")


@register
class RepeatVisits(Detector[BL203Params]):
    """Repeated unexplained visits to the same place of a person met on duty.

    **What it flags.** Unexplained visits (on or off shift, as BL201/BL202) to one
    place (a ``places`` row: the person, its kind and its coordinates) of a person
    the officer met on duty, on at least ``min_days`` distinct local days. The
    finding is per (officer, person); its figures are those of the person's most
    visited place.

    **Why it matters.** One unexplained stop may be a break or a coincidence; the
    same address again and again, on different days, with no tasking, is the
    pattern of the cases (late-shift stops at a burglary victim's home, on-duty
    stops at a shop where a woman worked). A parade an officer patrols every week
    is not a finding unless it is the place of someone they met on duty, and repeat
    call-outs to one address are explained by their taskings.

    **Evidence figures.** ``place_kind``, ``days`` (distinct local days), ``visits``,
    ``on_shift`` (of those), ``first``/``last``, ``minutes``, ``places`` (places of
    the person that reached ``min_days``). Strength: ``days / (days + half_strength_days)``.
    """

    code = "BL203"
    name = "repeat-visits"
    version = "1"
    Params = BL203Params

    def query(self, ctx: DetectionContext, params: BL203Params) -> ir.Table:
        """Repeated unexplained visits to one place, per (officer, person)."""
        import ibis

        v = met_visits(ctx, params.place_kinds, params.since_met, params.max_place_officers)
        v = v.filter(~v.explained)
        keys = ["officer_id", "person_id", "place_kind", "place_lat", "place_lon"]
        on = v.group_by(*keys).aggregate(on_shift=ibis.ifelse(v.on_shift, 1, 0).sum())
        agg = visit_figures(v, keys)
        agg = agg.join(on, keys)
        agg = agg.filter(agg.days >= params.min_days)
        w = ibis.window(
            group_by=[agg.officer_id, agg.person_id],
            order_by=[agg.days.desc(), agg.visits.desc(), agg.place_kind],
        )
        pair = ibis.window(group_by=[agg.officer_id, agg.person_id])
        ranked = agg.mutate(_r=ibis.row_number().over(w), places=agg.days.count().over(pair))
        best = ranked.filter(ranked._r == 0)
        return best.select(
            "officer_id",
            "person_id",
            strength=saturate(best.days, params.half_strength_days),
            place_kind=best.place_kind,
            days=best.days,
            visits=best.visits,
            on_shift=best.on_shift,
            first=best.first,
            last=best.last,
            minutes=best.minutes,
            places=best.places,
        )
