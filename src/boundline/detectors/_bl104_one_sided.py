"""BL104 one-sided contact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from boundline.detectors._base import Detector, param, register
from boundline.detectors._common import saturate, with_follow_up

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors._context import DetectionContext


@dataclass(frozen=True)
class BL104Params:
    """Parameters of BL104."""

    min_contacts: int = param(5, "Fewest contacts beyond the tasking to judge one-sidedness.")
    min_share_out: float = param(0.75, "Smallest share initiated by the officer that flags.")
    reply_window_h: float = param(
        24.0,
        "An officer's message is answered if the person contacts them within this "
        "many hours after it (any channel).",
    )
    follow_up_days: float = param(3.0, "On-shift follow-up days after a tasking (see BL101).")
    half_strength_contacts: float = param(10.0, "Contacts at which the volume factor is 0.5.")


@register
class OneSidedContact(Detector[BL104Params]):
    """One-sided contact: the officer pursues, the person does not answer.

    **What it flags.** Among contacts with a person met on duty outside the tasking
    (and not follow-up, see BL101): at least ``min_contacts`` of them and at least
    ``min_share_out`` initiated by the officer (``direction = out``).

    **Why it matters.** Persistent contact the member of the public does not
    return — calls not picked up, messages left unanswered — is how unwanted
    attention looks in call records; the case pattern of an officer fixating on
    someone met at work (a shop worker who reported a theft) is one-sided.

    **Evidence figures.** ``contacts``, ``out``, ``share_out``, ``calls_out``,
    ``unanswered_calls_out`` (outgoing calls with duration 0 or empty),
    ``messages_out`` and ``unreplied_messages`` (outgoing messages with no contact
    from the person, on any of their numbers or channels, within
    ``reply_window_h``; replies are looked for among all contacts, also during
    the tasking). Strength: ``(share_out + one_sided) / 2 * v`` where
    ``one_sided = (unanswered_calls_out + unreplied_messages) / out`` and
    ``v = contacts / (contacts + half_strength_contacts)``.

    **Compared with bandicoot.** bandicoot's ``percent_initiated_interactions`` is
    our ``share_out`` over all calls; its response rate counts text *conversations*
    (texts with gaps under 1 h, broken by a call) started by the other side that the
    user answered. Ours looks from the person's side (did they answer the
    officer?) with a time window, because that is what one-sidedness means here;
    the bandicoot-equivalent indicators are in :mod:`boundline.detectors.indicators`.
    """

    code = "BL104"
    name = "one-sided-contact"
    version = "1"
    Params = BL104Params

    def query(self, ctx: DetectionContext, params: BL104Params) -> ir.Table:
        """One-sided contact beyond the tasking, per (officer, person)."""
        import ibis

        c = with_follow_up(ctx, ctx.public_contacts, params.follow_up_days)
        w = ibis.window(
            group_by=[c.officer_id, c.person_id], order_by=[c.time], preceding=0, following=None
        )
        in_time = ibis.ifelse(c.direction == "in", c.time, ibis.null(c.time.type()))
        c = c.mutate(_next_in=in_time.min().over(w))
        window = ibis.interval(seconds=round(params.reply_window_h * 3600))
        replied = c._next_in.notnull() & (c._next_in <= c.time + window)
        is_out = c.direction == "out"
        is_call = c.channel == "call"
        c = c.mutate(
            _out=is_out.cast("int64"),
            _call_out=(is_out & is_call).cast("int64"),
            _unanswered=(is_out & is_call & (c.duration_s.fill_null(0) == 0)).cast("int64"),
            _msg_out=(is_out & ~is_call).cast("int64"),
            _unreplied=(is_out & ~is_call & ~replied.fill_null(False)).cast("int64"),
        )
        c = c.filter(~c.during_tasking, ~c.follow_up)
        agg = c.group_by("officer_id", "person_id").aggregate(
            contacts=c.count(),
            out=c._out.sum(),
            calls_out=c._call_out.sum(),
            unanswered_calls_out=c._unanswered.sum(),
            messages_out=c._msg_out.sum(),
            unreplied_messages=c._unreplied.sum(),
        )
        agg = agg.mutate(share_out=agg.out.cast("float64") / agg.contacts)
        agg = agg.filter(agg.contacts >= params.min_contacts, agg.share_out >= params.min_share_out)
        one_sided = (agg.unanswered_calls_out + agg.unreplied_messages).cast("float64") / agg.out
        strength = (
            (agg.share_out + one_sided) / 2 * saturate(agg.contacts, params.half_strength_contacts)
        )
        return agg.select(
            "officer_id",
            "person_id",
            strength=strength,
            contacts=agg.contacts,
            out=agg.out,
            share_out=agg.share_out,
            calls_out=agg.calls_out,
            unanswered_calls_out=agg.unanswered_calls_out,
            messages_out=agg.messages_out,
            unreplied_messages=agg.unreplied_messages,
        )
