"""BL106 breadth: many people met on duty in off-shift or post-closure contact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from boundline.detectors._base import Detector, param, register
from boundline.detectors._common import saturate, unexplained

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors._context import DetectionContext


@dataclass(frozen=True)
class BL106Params:
    """Parameters of BL106."""

    min_people: int = param(3, "Fewest distinct people that make an officer's contact broad.")
    follow_up_days: float = param(3.0, "On-shift follow-up days after a tasking (see BL101).")
    half_strength_people: float = param(5.0, "Distinct people at which strength reaches 0.5.")


@register
class BreadthOfContact(Detector[BL106Params]):
    """Breadth: one officer in off-shift or post-closure contact with many people met on duty.

    **What it flags.** Officers whose contacts outside the tasking (and not
    follow-up, see BL101) that were off shift or after closure (see BL103) reach at
    least ``min_people`` distinct people met on duty. There is one row per such
    (officer, person), each carrying the officer's figure.

    **Why it matters.** Serial offending is a known pattern in abuse of position:
    an officer who keeps up personal contact with several victims and witnesses
    from different incidents, each contact small on its own.

    **Evidence figures.** ``people`` (distinct people for the officer), ``contacts``
    (this person's off-shift or post-closure contacts), ``off_shift`` and
    ``after_closure`` (of them), ``first``/``last``. Strength:
    ``people / (people + half_strength_people)``.
    """

    code = "BL106"
    name = "breadth-of-contact"
    version = "1"
    Params = BL106Params

    def query(self, ctx: DetectionContext, params: BL106Params) -> ir.Table:
        """Officers in such contact with many people; one row per person."""
        import ibis

        c = unexplained(ctx, params.follow_up_days)
        c = c.filter(~c.on_shift | c.after_closure)
        pairs = c.group_by("officer_id", "person_id").aggregate(
            contacts=c.count(),
            off_shift=(~c.on_shift).cast("int64").sum(),
            after_closure=c.after_closure.cast("int64").sum(),
            first=c.time.min(),
            last=c.time.max(),
        )
        w = ibis.window(group_by=[pairs.officer_id])
        pairs = pairs.mutate(people=pairs.person_id.count().over(w))
        pairs = pairs.filter(pairs.people >= params.min_people)
        return pairs.select(
            "officer_id",
            "person_id",
            strength=saturate(pairs.people, params.half_strength_people),
            people=pairs.people,
            contacts=pairs.contacts,
            off_shift=pairs.off_shift,
            after_closure=pairs.after_closure,
            first=pairs.first,
            last=pairs.last,
        )
