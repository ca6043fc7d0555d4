"""BL105 silence and resumption."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from boundline.detectors._base import Detector, param, register
from boundline.detectors._common import days_between, saturate, with_follow_up

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors._context import DetectionContext


@dataclass(frozen=True)
class BL105Params:
    """Parameters of BL105."""

    min_gap_days: float = param(14.0, "A silence is a gap of at least this many days.")
    min_contacts: int = param(4, "Fewest contacts with the person (in all) to look for silences.")
    follow_up_days: float = param(3.0, "On-shift follow-up days after a tasking (see BL101).")
    not_vulnerable_factor: float = param(
        0.6, "Strength multiplier when the person is not flagged vulnerable."
    )


@register
class SilenceAndResumption(Detector[BL105Params]):
    """Silence and resumption: contact stops for two weeks or more, then starts again.

    **What it flags.** Gaps of at least ``min_gap_days`` between consecutive
    contacts of an officer with a person met on duty (all contacts, on any of the
    person's numbers), where the contact that ends the gap lies outside every
    tasking interval and is not on-shift follow-up (see BL101).

    **Why it matters.** Abuse-of-position cases show contact that pauses — after
    a complaint, a warning, or when the person discloses something — and is then
    taken up again, often when the person is at their most vulnerable. The
    contract records vulnerability as a flag without a date (``people.vulnerable``),
    so a vulnerable person raises the strength rather than the resumption being
    dated against the disclosure.

    **Evidence figures.** ``silences`` (gaps followed by contact), ``longest_gap_days``,
    ``last_silence_from``/``last_resumed`` (the latest silence), ``vulnerable``
    (1 if flagged). Strength: ``silences / (silences + 1)``, times
    ``not_vulnerable_factor`` unless the person is flagged vulnerable.
    """

    code = "BL105"
    name = "silence-and-resumption"
    version = "1"
    Params = BL105Params

    def query(self, ctx: DetectionContext, params: BL105Params) -> ir.Table:
        """Silences followed by resumed contact, per (officer, person)."""
        import ibis

        c = with_follow_up(ctx, ctx.public_contacts, params.follow_up_days)
        w = ibis.window(group_by=[c.officer_id, c.person_id], order_by=[c.time, c.record_id])
        c = c.mutate(
            _prev=c.time.lag().over(w),
            _n=c.record_id.count().over(ibis.window(group_by=[c.officer_id, c.person_id])),
        )
        c = c.mutate(_gap=days_between(c._prev, c.time))
        s = c.filter(
            c._prev.notnull(),
            c._gap >= params.min_gap_days,
            ~c.during_tasking,
            ~c.follow_up,
            c._n >= params.min_contacts,
        )
        agg = s.group_by("officer_id", "person_id").aggregate(
            silences=s.count(),
            longest_gap_days=s._gap.max(),
            last_silence_from=s._prev.max(),
            last_resumed=s.time.max(),
        )
        people = ctx.table("people").select(_p=ibis._.person_id, _v=ibis._.vulnerable)
        j = agg.join(people, agg.person_id == people._p, how="left")
        vulnerable = j._v.fill_null(False)
        factor = ibis.ifelse(vulnerable, 1.0, params.not_vulnerable_factor)
        return j.select(
            "officer_id",
            "person_id",
            strength=saturate(j.silences, 1.0) * factor,
            silences=j.silences,
            longest_gap_days=j.longest_gap_days,
            last_silence_from=j.last_silence_from,
            last_resumed=j.last_resumed,
            vulnerable=vulnerable.cast("int64"),
        )
