"""Building blocks the detectors share: follow-up contact, strength, days, finishing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from boundline.detectors._base import FINDING_COLUMNS
from boundline.detectors._localtime import SECONDS_PER_DAY, epoch_s, in_local_window
from boundline.detectors.resolve import flag, pair_closure

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors._context import DetectionContext

#: Night, as the issue and ``outputs.md`` define it: local [22:00, 06:00).
NIGHT_START_H = 22.0
NIGHT_END_H = 6.0


def saturate(x: Any, half: float) -> Any:
    """``x / (x + half)``: 0 at 0, 0.5 at ``half``, approaching 1; monotone in ``x >= 0``."""
    xf = x.cast("float64")
    return xf / (xf + float(half))


def days_between(earlier: Any, later: Any) -> Any:
    """Whole-second difference ``later - earlier`` in days (float)."""
    return (epoch_s(later) - epoch_s(earlier)).cast("float64") / SECONDS_PER_DAY


def is_night(contacts: ir.Table, start_h: float = NIGHT_START_H, end_h: float = NIGHT_END_H) -> Any:
    """Whether each contact's local time lies in ``[start_h, end_h)``."""
    return in_local_window(contacts.local_minute, start_h, end_h)


def with_follow_up(ctx: DetectionContext, contacts: ir.Table, days: float) -> ir.Table:
    """Add ``follow_up``: on shift, within ``days`` after a tasking ended or its incident closed.

    Call-backs after attending, and telling a victim the outcome once the case is
    closed, are ordinary policing; an on-shift contact in the ``days`` after the end
    of one of the officer's taskings with the person (``task_until``) or after the
    closure of that tasking's incident is therefore *follow-up*, not a finding.
    """
    import ibis

    if days <= 0:
        return contacts.mutate(follow_up=ibis.literal(False))
    c = contacts
    grace = ibis.interval(seconds=round(days * SECONDS_PER_DAY))
    t = ctx.taskings

    def window(end: Any) -> Any:
        return end.notnull() & (c.time >= end) & (c.time < end + grace)

    hits = c.filter(c.on_shift).join(
        t,
        [
            c.officer_id == t.officer_id,
            c.person_id == t.person_id,
            window(t.task_until) | window(t.closed),
        ],
    )
    hits = hits.select(c.record_id, c.officer_id, c.person_id)
    return flag(c, hits, ["record_id", "officer_id", "person_id"], "follow_up")


def unexplained(ctx: DetectionContext, follow_up_days: float) -> ir.Table:
    """Public contacts outside every tasking interval and not follow-up (see above)."""
    c = with_follow_up(ctx, ctx.public_contacts, follow_up_days)
    return c.filter(~c.during_tasking, ~c.follow_up)


def closure(ctx: DetectionContext) -> ir.Table:
    """Per (officer, person): ``last_task_until``, ``task_open`` and ``last_closed``."""
    return pair_closure(ctx.taskings)


def primary_counterpart(ctx: DetectionContext) -> ir.Table:
    """Per (officer, person): the counterpart used most (ties: the smallest)."""
    import ibis

    c = ctx.public_contacts
    n = c.group_by("officer_id", "person_id", "counterpart").aggregate(n=c.count())
    w = ibis.window(group_by=[n.officer_id, n.person_id], order_by=[n.n.desc(), n.counterpart])
    ranked = n.mutate(_rank=ibis.row_number().over(w))
    return ranked.filter(ranked._rank == 0).select(
        _pc_o=ranked.officer_id, _pc_p=ranked.person_id, counterpart=ranked.counterpart
    )


def finish(ctx: DetectionContext, found: ir.Table, code: str) -> ir.Table:
    """Add ``counterpart`` and ``code``; common columns first, strength clipped to [0, 1]."""
    import ibis

    pc = primary_counterpart(ctx)
    j = found.join(pc, [found.officer_id == pc._pc_o, found.person_id == pc._pc_p], how="left")
    strength = j.strength.cast("float64").clip(lower=0.0, upper=1.0)
    j = j.mutate(code=ibis.literal(code), strength=strength).drop("_pc_o", "_pc_p")
    common = list(FINDING_COLUMNS)
    figures = [col for col in j.columns if col not in FINDING_COLUMNS]
    casts = {name: j[name].cast(typ) for name, typ in FINDING_COLUMNS.items()}
    return j.mutate(**casts).select(*common, *figures)
