"""Per-counterpart indicators with a bandicoot equivalent (the peer check).

For each (officer, counterpart) over all the officer's resolved comms rows:

* ``calls``, ``messages`` — bandicoot ``number_of_interactions`` (``call``/``text``);
  our messages are every non-call channel (sms, mms, app, other), bandicoot's
  ``text`` is one interaction type.
* ``calls_out``, ``messages_out`` — for ``percent_initiated_interactions``
  (bandicoot computes it for calls).
* ``calls_night``, ``messages_night`` — for ``percent_nocturnal``; night is a
  parameter here (22:00–06:00 local by default, as in ``outputs.md``), bandicoot's
  is 19:00–07:00 on naive local times.
* ``conversations``, ``conversations_out``, ``conversations_in``,
  ``conversations_in_answered``, ``reply_delay_s_sum``, ``reply_delays`` — for
  ``percent_initiated_conversations``, ``response_rate_text`` and
  ``response_delay_text``, with bandicoot's conversation: consecutive messages
  with the same counterpart less than ``conversation_gap_s`` (1 h) apart; a call
  ends a conversation. A reply delay is the time from an incoming message to the
  outgoing message right after it in the same conversation.

bandicoot reports per *user*; the per-user value is recovered by summing these
counts over counterparts (and, for ``interactions_per_contact``, averaging).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boundline.detectors._common import NIGHT_END_H, NIGHT_START_H, is_night
from boundline.detectors._localtime import epoch_s

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors._context import DetectionContext


def per_counterpart(
    ctx: DetectionContext,
    night_start_h: float = NIGHT_START_H,
    night_end_h: float = NIGHT_END_H,
    conversation_gap_s: int = 3600,
) -> ir.Table:
    """One row per (officer_id, counterpart) with the indicators listed above."""
    import ibis

    c = ctx.comms
    key = [c.officer_id, c.counterpart]
    w = ibis.window(group_by=key, order_by=[c.time, c.record_id])
    is_call = c.channel == "call"
    c = c.mutate(
        _call=is_call,
        _out=c.direction == "out",
        _night=is_night(c, night_start_h, night_end_h),
        _t=epoch_s(c.time),
        _prev_t=epoch_s(c.time.lag().over(w)),
        _prev_call=is_call.lag().over(w),
    )
    new_conv = c._prev_t.isnull() | (c._t - c._prev_t >= conversation_gap_s) | c._prev_call
    texts = c.filter(~c._call).mutate(_new=new_conv.cast("int64"))
    wt = ibis.cumulative_window(
        group_by=[texts.officer_id, texts.counterpart], order_by=[texts._t, texts.record_id]
    )
    texts = texts.mutate(_conv=texts._new.sum().over(wt))
    wc = ibis.window(
        group_by=[texts.officer_id, texts.counterpart, texts._conv],
        order_by=[texts._t, texts.record_id],
    )
    texts = texts.mutate(_pdir=texts.direction.lag().over(wc), _pt=texts._t.lag().over(wc))
    reply = (texts.direction == "out") & (texts._pdir == "in")
    texts = texts.mutate(_delay=ibis.ifelse(reply, texts._t - texts._pt, ibis.null("int64")))
    conv = texts.group_by("officer_id", "counterpart", "_conv").aggregate(
        # the first text of a conversation is the one that opened it (_new = 1)
        _first_out=(texts._out & (texts._new == 1)).any(),
        _any_out=texts._out.any(),
        _dsum=texts._delay.sum(),
        _dn=texts._delay.count(),
    )
    conv_agg = conv.group_by(_k_o=conv.officer_id, _k_c=conv.counterpart).aggregate(
        conversations=conv.count(),
        conversations_out=conv._first_out.cast("int64").sum(),
        conversations_in=(~conv._first_out).cast("int64").sum(),
        conversations_in_answered=(~conv._first_out & conv._any_out).cast("int64").sum(),
        reply_delay_s_sum=conv._dsum.sum().fill_null(0),
        reply_delays=conv._dn.sum(),
    )

    def n(cond: object) -> object:
        return ibis.ifelse(cond, 1, 0).sum()

    base = c.group_by("officer_id", "counterpart").aggregate(
        calls=n(c._call),
        messages=n(~c._call),
        calls_out=n(c._call & c._out),
        messages_out=n(~c._call & c._out),
        calls_night=n(c._call & c._night),
        messages_night=n(~c._call & c._night),
        calls_duration_s=c.duration_s.sum(where=c._call).fill_null(0),
    )
    j = base.join(
        conv_agg,
        [base.officer_id == conv_agg._k_o, base.counterpart == conv_agg._k_c],
        how="left",
    )
    fills = {
        name: j[name].fill_null(0)
        for name in (
            "conversations",
            "conversations_out",
            "conversations_in",
            "conversations_in_answered",
            "reply_delay_s_sum",
            "reply_delays",
        )
    }
    return j.mutate(**fills).drop("_k_o", "_k_c")
