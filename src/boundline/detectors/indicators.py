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
    """One row per (officer_id, counterpart) with the indicators listed above.

    Pass 1 orders each (officer, counterpart)'s rows by time, then ``record_id``, and
    looks one row back: a text opens a conversation when there is no earlier row, the
    earlier row is a call, or it is ``conversation_gap_s`` or more before. A text that
    opens none is in the same conversation as the row before it (a text), so a reply
    is such an outgoing text right after an incoming one, its delay the seconds since
    that one. Every count but the answered conversations is a sum over these rows.
    Pass 2 keeps only the opening texts and the replies, in the same order: an
    incoming conversation is answered when the row after its opening text there is a
    reply (its first). One sort of all the rows, one of those, no self-joins.
    """
    import ibis

    c = ctx.comms
    c = c.select(
        "officer_id",
        "counterpart",
        "time",
        "record_id",
        "duration_s",
        _call=c.channel == "call",
        _out=c.direction == "out",
        _night=is_night(c, night_start_h, night_end_h),
        _t=epoch_s(c.time),
    )
    key = [c.officer_id, c.counterpart]
    w_order = [c.time, c.record_id]
    w = ibis.window(group_by=key, order_by=w_order)
    c = c.mutate(
        _prev_t=c._t.lag().over(w),
        _prev_call=c._call.lag().over(w),
        _prev_out=c._out.lag().over(w),
        _rn=ibis.row_number().over(w),
    )
    opens = c._prev_t.isnull() | (c._t - c._prev_t >= conversation_gap_s) | c._prev_call
    c = c.mutate(_new=~c._call & opens)
    c = c.mutate(_reply=~c._call & ~c._new & c._out & ~c._prev_out)

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
        conversations=n(c._new),
        conversations_out=n(c._new & c._out),
        conversations_in=n(c._new & ~c._out),
        reply_delay_s_sum=(c._t - c._prev_t).sum(where=c._reply).fill_null(0),
        reply_delays=n(c._reply),
    )
    # Pass 2, over the conversations' opening texts and the replies only: a reply is
    # its conversation's first when the row before it there is the opening text.
    m = c.filter(c._new | c._reply)
    w2 = ibis.window(group_by=[m.officer_id, m.counterpart], order_by=m._rn)
    m = m.mutate(_first=m._reply & m._new.lag().over(w2) & ~m._out.lag().over(w2))
    ans = m.group_by(_k_o=m.officer_id, _k_c=m.counterpart).aggregate(_ans=n(m._first))
    j = base.join(ans, [base.officer_id == ans._k_o, base.counterpart == ans._k_c], how="left")
    return j.select(
        *(j[name] for name in base.columns[:12]),
        conversations_in_answered=j._ans.fill_null(0),
        reply_delay_s_sum=j.reply_delay_s_sum,
        reply_delays=j.reply_delays,
    )
