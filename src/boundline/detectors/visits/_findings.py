"""What the visit detectors share: visits of people met on duty, and their figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from boundline.detectors._base import param
from boundline.detectors._localtime import with_local_time
from boundline.detectors.visits._near import BUSY_CAP, PLACE_KEYS
from boundline.detectors.visits._relations import nearest_place
from boundline.errors import UserInputError

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from boundline.detectors._context import DetectionContext

#: The place kinds the visit detectors look at by default (the issue: home or workplace).
HOME_AND_WORK: tuple[str, ...] = ("home", "work")
#: A place near which more distinct officers than this had unexplained stays is busy.
MAX_PLACE_OFFICERS = 5


@dataclass(frozen=True)
class VisitParams:
    """Parameters every visit detector shares (BL201-BL203)."""

    place_kinds: tuple[str, ...] = param(
        HOME_AND_WORK, "Kinds of `places` that count (`home`, `work`, `other`)."
    )
    since_met: bool = param(
        True, "Count only stays that ended after the officer first met the person on duty."
    )
    max_place_officers: int = param(
        MAX_PLACE_OFFICERS,
        "A place near which more distinct officers had unexplained stays is busy "
        "(a station yard, a street everyone parks in) and is left out (at most 20).",
    )


def place_officers(ctx: DetectionContext) -> ir.Table:
    """Per place a met visit reaches: ``place_officers``, distinct officers with unexplained stays.

    Over the whole data (up to ``as_of``), every officer and every stay, met or not
    (:func:`~boundline.detectors.visits.place_officer_counts`); places no met visit
    reaches are not counted, since no detector asks about them.
    """
    return ctx.place_officers


def first_met(ctx: DetectionContext) -> ir.Table:
    """Per (officer, person) met on duty: ``first_met``, the first tasking start or look-up."""
    t = ctx.taskings.select(_m_o="officer_id", _m_p="person_id", _m_t="task_start")
    lk = ctx.lookups.select(_m_o="officer_id", _m_p="person_id", _m_t="time")
    both = t.union(lk)
    return both.group_by("_m_o", "_m_p").aggregate(first_met=both._m_t.min())


def met_visits(
    ctx: DetectionContext,
    kinds: tuple[str, ...] | None,
    since_met: bool,
    max_officers: int | None = MAX_PLACE_OFFICERS,
) -> ir.Table:
    """Visits (nearest place of ``kinds``) to people the officer met on duty.

    With ``since_met``, only stays that finished after the officer first met the
    person (tasking start or look-up): before that the place meant nothing to them.
    Places where more than ``max_officers`` distinct officers had unexplained stays
    (:func:`place_officers`: a station yard, a hospital, a street everyone parks in)
    are busy and left out (``None`` keeps them). Adds ``first_met``,
    ``place_officers`` and ``local_day`` (the stay's local start day, days since 1970).
    """
    if max_officers is not None and max_officers > BUSY_CAP:
        raise UserInputError(
            f"max_place_officers is {max_officers}; busy places are counted exactly only "
            f"up to {BUSY_CAP} officers, so it must be at most {BUSY_CAP}."
        )
    v = nearest_place(ctx.met_visit_places, kinds)
    m = first_met(ctx)
    j = v.join(m, [v.officer_id == m._m_o, v.person_id == m._m_p]).drop("_m_o", "_m_p")
    if since_met:
        j = j.filter(j.finished_at > j.first_met)
    po = place_officers(ctx).rename({f"_po_{k}": k for k in PLACE_KEYS})
    j = j.join(po, [j[k] == po[f"_po_{k}"] for k in PLACE_KEYS], how="left")
    j = j.drop(*(f"_po_{k}" for k in PLACE_KEYS))
    j = j.mutate(place_officers=j.place_officers.fill_null(0))
    if max_officers is not None:
        j = j.filter(j.place_officers <= max_officers)
    j = with_local_time(j, ctx.offsets, "started_at")
    return j.drop("local_minute", "local_weekday")


def visit_figures(v: ir.Table, keys: list[str]) -> ir.Table:
    """Per ``keys``: visits, days (distinct local days), first, last, home, work, minutes."""
    import ibis

    def n(cond: Any) -> Any:
        return ibis.ifelse(cond, 1, 0).sum()

    minutes = (v.finished_at.epoch_seconds() - v.started_at.epoch_seconds()).cast("float64") / 60
    v = v.mutate(_min=minutes)
    return v.group_by(*keys).aggregate(
        visits=v.count(),
        days=v.local_day.nunique(),
        first=v.started_at.min(),
        last=v.started_at.max(),
        home=n(v.place_kind == "home"),
        work=n(v.place_kind == "work"),
        minutes=v._min.sum().round(1),
    )
