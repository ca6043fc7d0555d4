"""Interval-overlap joins with an equi-key: each interval once per UTC day it touches.

An overlap join ``a.start < b.end AND b.start < a.end`` on a key such as the vehicle
has no equality to hash beyond that key, so an engine pairs every interval of a
vehicle's year with every other and then filters: at force scale (a year of stays
against a year of crewing rows per vehicle) that is billions of candidate rows.
Cutting both sides into the UTC days they touch adds the day to the equi-key, so
candidates are only the intervals of the same day.

A pair that overlaps on several days would meet once per shared day; it is kept only
on the day its overlap begins (``greatest`` of the two starts), which both intervals
touch, so each overlapping pair is found exactly once. Pure ibis: runs on DuckDB and
Spark alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from boundline.detectors._localtime import epoch_s

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: Seconds in a bucket: one UTC day.
BUCKET_S = 86_400


def bucket_of(ts: Any) -> Any:
    """The bucket (whole UTC days since 1970-01-01) of a timestamp expression, int64."""
    return (epoch_s(ts) / BUCKET_S).floor().cast("int64")


def with_buckets(t: ir.Table, start: str, end: str, name: str) -> ir.Table:
    """``t`` with one row per bucket that ``[start, end]`` touches, numbered in ``name``."""
    import ibis

    first, last = bucket_of(t[start]), bucket_of(t[end])
    return t.mutate(**{name: ibis.range(first, ibis.greatest(first, last) + 1).unnest()})


def overlap_predicates(
    a: ir.Table,
    a_bucket: str,
    a_start: str,
    a_end: str,
    b: ir.Table,
    b_bucket: str,
    b_start: str,
    b_end: str,
) -> list[Any]:
    """Join predicates: same bucket, the intervals overlap, and it is where they first do."""
    import ibis

    return [
        a[a_bucket] == b[b_bucket],
        b[b_start] < a[a_end],
        b[b_end] > a[a_start],
        bucket_of(ibis.greatest(a[a_start], b[b_start])) == a[a_bucket],
    ]


#: The end of an open interval in :func:`merged_intervals`: a predicate needs a value,
#: and an ``OR end IS NULL`` in a join condition makes DuckDB pair every row with
#: every row (a nested loop) instead of hashing the keys.
OPEN_END = datetime(9999, 12, 31, tzinfo=UTC)


def merged_intervals(t: ir.Table, keys: list[str], start: str, end: str) -> ir.Table:
    """Per ``keys``, the union of the ``[start, end)`` intervals as disjoint intervals.

    Overlapping or touching intervals are merged; a null ``end`` is open, and the
    merged interval it is part of ends at :data:`OPEN_END`. A point then lies in at
    most one merged interval of its keys, so a left join of points to them keeps one
    row per point (see :func:`mark_within`). Columns: ``keys``, ``start``, ``end``.
    """
    import ibis

    far = ibis.literal(OPEN_END).cast(t[start].type())
    # Distinct first: the two windows below must order the rows of a key the same
    # way, which ties (a tasking recorded once per role) would leave to the engine.
    d = t.select(*keys, start, _e=t[end].fill_null(far)).distinct()
    before = ibis.window(group_by=keys, order_by=[d[start], d._e], rows=(None, -1))
    d = d.mutate(_prev=d._e.max().over(before))
    d = d.mutate(_new=(d._prev.isnull() | (d[start] > d._prev)).cast("int64"))
    upto = ibis.window(group_by=keys, order_by=[d[start], d._e], rows=(None, 0))
    d = d.mutate(_grp=d._new.sum().over(upto))
    m = d.group_by([*keys, "_grp"]).aggregate(**{start: d[start].min(), end: d._e.max()})
    return m.select(*keys, start, end)


def mark_within(t: ir.Table, time: str, spans: ir.Table, on: dict[str, str], name: str) -> ir.Table:
    """Add boolean ``name``: whether ``t[time]`` lies in a span whose keys match.

    ``spans`` has columns ``_w_start`` and ``_w_end`` (``[start, end)``) and is
    disjoint per key (:func:`merged_intervals`), so the left join keeps one row per
    row of ``t``. ``on`` maps columns of ``t`` to key columns of ``spans``; the
    spans' column names must differ from ``t``'s.
    """
    preds = [t[a] == spans[b] for a, b in on.items()]
    preds += [t[time] >= spans._w_start, t[time] < spans._w_end]
    j = t.left_join(spans, preds)
    return j.mutate(**{name: j._w_start.notnull()}).drop(*spans.columns)
