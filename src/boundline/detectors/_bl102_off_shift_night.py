"""BL102 off-shift and night contact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from boundline.detectors._base import Detector, param, register
from boundline.detectors._common import NIGHT_END_H, NIGHT_START_H, is_night, saturate, unexplained

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors._context import DetectionContext


@dataclass(frozen=True)
class BL102Params:
    """Parameters of BL102."""

    min_contacts: int = param(3, "Fewest off-shift or night contacts that make a finding.")
    night_start_h: float = param(NIGHT_START_H, "Night starts at this local hour.")
    night_end_h: float = param(NIGHT_END_H, "Night ends at this local hour (exclusive).")
    follow_up_days: float = param(
        3.0,
        "On-shift contact this many days after a tasking ends or its incident closes "
        "is follow-up, not a finding (see BL101).",
    )
    half_strength_contacts: float = param(
        10.0, "Off-shift or night contacts at which strength reaches 0.5."
    )


@register
class OffShiftNightContact(Detector[BL102Params]):
    """Off-shift and night contact with a person met on duty, outside the tasking.

    **What it flags.** Contacts with a person met on duty, outside every tasking
    interval with that person and not on-shift follow-up (see BL101), that happened
    while the officer was not on a rostered shift (``shifts``; ``[start, end)``) or at
    night in the force's local time (``[night_start_h, night_end_h)``, 22:00–06:00 by
    default, from a UTC-offset table, never an engine time-zone function).

    **Why it matters.** Contact in the officer's own time, late in the evening or at
    night, is the clearest sign that a relationship begun on duty has become
    personal; cases of abuse of position show a move from daytime, duty-time
    contact to evening and night messaging. Contact during a tasking (an FLO with a
    bereaved family, an OIC with a victim) is left to the tasking, even off shift.

    **Evidence figures.** ``contacts`` (off shift or at night), ``off_shift``,
    ``night``, ``first``/``last`` of those, and ``share`` (of all contacts with the
    person). Strength: ``contacts / (contacts + half_strength_contacts)``.

    **Compared with bandicoot.** bandicoot's ``percent_nocturnal`` uses 19:00–07:00
    and counts every interaction; here night defaults to 22:00–06:00, is local to the
    force's zone and only contacts outside the tasking count.
    """

    code = "BL102"
    name = "off-shift-night-contact"
    version = "1"
    Params = BL102Params

    def query(self, ctx: DetectionContext, params: BL102Params) -> ir.Table:
        """Off-shift or night contacts beyond the tasking, per (officer, person)."""
        c = unexplained(ctx, params.follow_up_days)
        c = c.mutate(_night=is_night(c, params.night_start_h, params.night_end_h))
        c = c.filter(~c.on_shift | c._night)
        agg = c.group_by("officer_id", "person_id").aggregate(
            contacts=c.count(),
            off_shift=(~c.on_shift).cast("int64").sum(),
            night=c._night.cast("int64").sum(),
            first=c.time.min(),
            last=c.time.max(),
        )
        agg = agg.filter(agg.contacts >= params.min_contacts)
        pc = ctx.public_contacts
        total = pc.group_by(_t_o=pc.officer_id, _t_p=pc.person_id).aggregate(_n=pc.count())
        j = agg.join(total, [agg.officer_id == total._t_o, agg.person_id == total._t_p])
        return j.select(
            "officer_id",
            "person_id",
            strength=saturate(j.contacts, params.half_strength_contacts),
            contacts=j.contacts,
            off_shift=j.off_shift,
            night=j.night,
            first=j.first,
            last=j.last,
            share=j.contacts.cast("float64") / j._n,
        )
