"""BL103 contact after the incident closed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from boundline.detectors._base import Detector, param, register
from boundline.detectors._common import days_between, saturate, unexplained

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors._context import DetectionContext


@dataclass(frozen=True)
class BL103Params:
    """Parameters of BL103."""

    min_contacts: int = param(2, "Fewest contacts after closure that make a finding.")
    follow_up_days: float = param(
        3.0,
        "On-shift contact this many days after closure is telling the outcome, "
        "not a finding (see BL101).",
    )
    half_strength_contacts: float = param(5.0, "Contacts after closure at which strength is 0.5.")


@register
class ContactAfterClosure(Detector[BL103Params]):
    """Contact after every incident through which the officer met the person had closed.

    **What it flags.** Contacts at or after the ``closed`` time of every incident
    through which the officer met the person (all of them closed), outside any
    tasking interval still running (a witness-care tasking may outlast closure) and
    not on-shift follow-up in the ``follow_up_days`` after closure.

    **Why it matters.** Once the matter is finalised there is, as a rule, no
    policing purpose left for contact; continuing contact after closure is a
    recurring feature of abuse-of-position cases (IOPC, *Abuse of position for a
    sexual purpose* learning reports). Look-up-only meetings have no closure and
    are left to BL101.

    **Evidence figures.** ``contacts`` (after closure), ``first``/``last`` of them,
    ``last_closed`` (the latest closure), ``days_after_closure`` (last contact
    minus ``last_closed``) and ``off_shift`` (of those contacts). Strength:
    ``contacts / (contacts + half_strength_contacts)``.
    """

    code = "BL103"
    name = "contact-after-closure"
    version = "1"
    Params = BL103Params

    def query(self, ctx: DetectionContext, params: BL103Params) -> ir.Table:
        """Contacts after closure, per (officer, person)."""
        c = unexplained(ctx, params.follow_up_days)
        c = c.filter(c.after_closure)
        agg = c.group_by("officer_id", "person_id").aggregate(
            contacts=c.count(),
            first=c.time.min(),
            last=c.time.max(),
            last_closed=c.last_closed.max(),
            off_shift=(~c.on_shift).cast("int64").sum(),
        )
        agg = agg.filter(agg.contacts >= params.min_contacts)
        return agg.select(
            "officer_id",
            "person_id",
            strength=saturate(agg.contacts, params.half_strength_contacts),
            contacts=agg.contacts,
            first=agg.first,
            last=agg.last,
            last_closed=agg.last_closed,
            days_after_closure=days_between(agg.last_closed, agg.last),
            off_shift=agg.off_shift,
        )
