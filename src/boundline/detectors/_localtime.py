"""Local time without engine time-zone functions: a small table of UTC offsets.

Engines disagree about time zones (DuckDB needs ICU, Spark has its session zone),
so local hour and weekday are computed with plain arithmetic instead: a table of
``[start, end)`` UTC intervals with the force zone's UTC offset in each, built in
Python with :mod:`zoneinfo` for the years the data covers (about two rows a year
for a zone with summer time), is interval-joined to the records, and local time
is ``epoch seconds + offset``. The same expression runs on DuckDB and on Spark.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import ibis.expr.types as ir

SECONDS_PER_DAY = 86_400
_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)


def _offset(zone: ZoneInfo, at: datetime) -> int:
    delta = at.astimezone(zone).utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def _transition(zone: ZoneInfo, lo: datetime, hi: datetime) -> datetime:
    """The first instant in ``(lo, hi]`` whose offset differs from ``lo``'s (bisection)."""
    before = _offset(zone, lo)
    while hi - lo > _SECOND:
        mid = lo + (hi - lo) / 2
        mid = mid.replace(microsecond=0)
        if _offset(zone, mid) == before:
            lo = mid
        else:
            hi = mid
    return hi


def offset_rows(tz: str, first_year: int, last_year: int) -> list[tuple[datetime, datetime, int]]:
    """``(start, end, offset_s)`` intervals covering ``first_year``..``last_year`` (UTC).

    The first interval starts at 1 January of ``first_year`` minus a day and the last
    ends at 1 January after ``last_year`` plus a day, so local days at the edges are
    covered too. Records outside the table get offset 0 (see :func:`local_columns`).
    """
    zone = ZoneInfo(tz)
    start = datetime(first_year, 1, 1, tzinfo=UTC) - _DAY
    stop = datetime(last_year + 1, 1, 1, tzinfo=UTC) + _DAY
    rows: list[tuple[datetime, datetime, int]] = []
    seg_start, seg_offset = start, _offset(zone, start)
    day = start
    while day < stop:
        nxt = min(day + _DAY, stop)
        if _offset(zone, nxt) != seg_offset:
            change = _transition(zone, day, nxt)
            rows.append((seg_start, change, seg_offset))
            seg_start, seg_offset = change, _offset(zone, change)
        day = nxt
    rows.append((seg_start, stop, seg_offset))
    return rows


def offsets_table(tz: str, first_year: int, last_year: int) -> ir.Table:
    """The offsets as an ibis memtable with columns ``start``, ``end``, ``offset_s``."""
    import ibis
    import pyarrow as pa

    rows = offset_rows(tz, first_year, last_year)
    ts = pa.timestamp("us", tz="UTC")
    data = pa.table(
        {
            "off_start": pa.array([r[0] for r in rows], ts),
            "off_end": pa.array([r[1] for r in rows], ts),
            "offset_s": pa.array([r[2] for r in rows], pa.int64()),
        }
    )
    return ibis.memtable(data)


def epoch_s(col: Any) -> Any:
    """Whole seconds since 1970-01-01T00:00Z of a timestamp column (floored, int64)."""
    return col.epoch_seconds().cast("float64").floor()


def with_local_time(table: ir.Table, offsets: ir.Table, time_col: str = "time") -> ir.Table:
    """Add ``local_day`` (days since 1970-01-01, local), ``local_minute`` (0..1439).

    Also ``local_weekday`` (0 = Monday), from ``time + offset`` with plain arithmetic.
    """
    import ibis

    t = table
    joined = t.join(
        offsets,
        [t[time_col] >= offsets.off_start, t[time_col] < offsets.off_end],
        how="left",
    )
    # local seconds once, then day and minute from it (not the epoch arithmetic thrice)
    j = joined.mutate(_local=epoch_s(joined[time_col]) + joined.offset_s.fill_null(0))
    j = j.mutate(local_day=(j._local / SECONDS_PER_DAY).floor())
    out = j.mutate(
        local_minute=((j._local - j.local_day * SECONDS_PER_DAY) / 60).floor(),
        local_weekday=(j.local_day + 3) % 7,
    )
    return out.drop("off_start", "off_end", "offset_s", "_local").mutate(
        local_minute=out.local_minute.cast("int64"), local_day=ibis._.local_day.cast("int64")
    )


def in_local_window(minute: Any, start_h: float, end_h: float) -> Any:
    """Whether a local minute-of-day lies in ``[start_h, end_h)`` (wrapping past midnight)."""
    lo, hi = round(start_h * 60), round(end_h * 60)
    if lo <= hi:
        return (minute >= lo) & (minute < hi)
    return (minute >= lo) | (minute < hi)
