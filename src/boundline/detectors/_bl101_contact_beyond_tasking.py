"""BL101 contact beyond the tasking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from boundline.detectors._base import Detector, param, register
from boundline.detectors._common import closure, days_between, saturate, unexplained

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors._context import DetectionContext


@dataclass(frozen=True)
class BL101Params:
    """Parameters of BL101."""

    min_contacts: int = param(3, "Fewest contacts beyond the tasking that make a finding.")
    follow_up_days: float = param(
        3.0,
        "On-shift contact this many days after a tasking ends or its incident closes "
        "is follow-up (call-backs, telling the outcome), not a finding.",
    )
    half_strength_contacts: float = param(
        10.0, "Contacts beyond the tasking at which strength reaches 0.5."
    )


@register
class ContactBeyondTasking(Detector[BL101Params]):
    """Contact with a person met on duty that no tasking explains.

    **What it flags.** An officer's works-device contacts with a person they met on
    duty (tasked to an incident the person was in, or looked the person up) that
    fall outside every one of the officer's tasking intervals with that person
    (``[start, end)``; an empty end runs until the incident closed), leaving out
    on-shift follow-up in the ``follow_up_days`` after a tasking ended or its
    incident closed.

    **Why it matters.** The College of Policing's guidance on maintaining
    professional boundaries and the IOPC/HMICFRS work on abuse of position for a
    sexual purpose describe the pattern: contact that starts in a policing role and
    continues, or grows, once the policing purpose has ended. Officers in charge,
    family liaison and witness care officers in contact during their tasking are
    the normal case and are not counted.

    **Evidence figures.** ``contacts`` (beyond the tasking), ``contacts_total``
    (all contacts with the person), ``first``/``last`` (beyond the tasking),
    ``rate_per_week`` (contacts per week between first and last, at least one
    week), ``days_after_tasking`` (last contact minus the latest tasking end; null
    while a tasking is open, if there was none, or if contact ended before it),
    ``days_after_closure`` (last contact minus the last closure of the incidents
    they met through; null while one is open or if contact ended before it).
    Strength: ``contacts / (contacts + half_strength_contacts)``.
    """

    code = "BL101"
    name = "contact-beyond-tasking"
    version = "1"
    Params = BL101Params

    def query(self, ctx: DetectionContext, params: BL101Params) -> ir.Table:
        """Contacts beyond the tasking, per (officer, person)."""
        import ibis

        beyond = unexplained(ctx, params.follow_up_days)
        agg = beyond.group_by("officer_id", "person_id").aggregate(
            contacts=beyond.count(), first=beyond.time.min(), last=beyond.time.max()
        )
        agg = agg.filter(agg.contacts >= params.min_contacts)
        pc = ctx.public_contacts
        total = pc.group_by(_t_o=pc.officer_id, _t_p=pc.person_id).aggregate(
            contacts_total=pc.count()
        )
        cl = closure(ctx).rename(_c_o="officer_id", _c_p="person_id")
        j = agg.join(total, [agg.officer_id == total._t_o, agg.person_id == total._t_p]).join(
            cl, [agg.officer_id == cl._c_o, agg.person_id == cl._c_p], how="left"
        )
        weeks = ibis.greatest(days_between(j.first, j.last) / 7.0, 1.0)
        no_float = ibis.null("float64")
        after_task = ibis.ifelse(
            j.task_open.fill_null(True) | (j.last < j.last_task_until),
            no_float,
            days_between(j.last_task_until, j.last),
        )
        after_close = ibis.ifelse(
            j.last_closed.isnull() | (j.last < j.last_closed),
            no_float,
            days_between(j.last_closed, j.last),
        )
        return j.select(
            "officer_id",
            "person_id",
            strength=saturate(j.contacts, params.half_strength_contacts),
            contacts=j.contacts,
            contacts_total=j.contacts_total,
            first=j.first,
            last=j.last,
            rate_per_week=j.contacts.cast("float64") / weeks,
            days_after_tasking=after_task,
            days_after_closure=after_close,
        )
