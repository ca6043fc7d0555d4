"""Local time (Europe/London) and UTC, vectorised over the period, and ISO formatting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from boundline.contract import DEFAULT_TIMEZONE

I64 = npt.NDArray[np.int64]
DAY = 86400
HOUR = 3600
MINUTE = 60


class Clock:
    """Conversions between local wall-clock times and UTC for one period."""

    def __init__(self, start_day: date, days: int) -> None:
        self.tz = ZoneInfo(DEFAULT_TIMEZONE)
        self.start_day = start_day
        self.days = days
        first = datetime(start_day.year, start_day.month, start_day.day, tzinfo=UTC)
        self.hour0 = int(first.timestamp()) - 2 * DAY
        hours = (days + 4) * 24
        offsets = np.empty(hours, dtype=np.int64)
        for i in range(hours):
            moment = datetime.fromtimestamp(self.hour0 + i * HOUR, tz=UTC).astimezone(self.tz)
            delta = moment.utcoffset()
            offsets[i] = int(delta.total_seconds()) if delta is not None else 0
        self._offsets = offsets

    def utc(self, day: I64, minute: I64) -> I64:
        """UTC epoch seconds of local ``start_day + day`` at ``minute`` past midnight."""
        keys = day * 10000 + minute
        uniq, inverse = np.unique(keys, return_inverse=True)
        out = np.empty(len(uniq), dtype=np.int64)
        for i, key in enumerate(uniq.tolist()):
            d, m = divmod(int(key), 10000)
            local = datetime.combine(self.start_day + timedelta(days=d), datetime.min.time())
            local = (local + timedelta(minutes=m)).replace(tzinfo=self.tz)
            out[i] = int(local.timestamp())
        result: I64 = out[inverse.reshape(-1)]
        return result

    def offset(self, t: I64) -> I64:
        """UTC offset in seconds of the force's time zone at each instant."""
        index = np.clip((t - self.hour0) // HOUR, 0, len(self._offsets) - 1)
        return self._offsets[index]

    def local_hour(self, t: I64) -> I64:
        """Local hour of day (0-23) of each instant."""
        return ((t + self.offset(t)) // HOUR) % 24

    def is_night(self, t: I64) -> npt.NDArray[np.bool_]:
        """Whether each instant is at night, local time in [22:00, 06:00)."""
        hour = self.local_hour(t)
        return (hour >= 22) | (hour < 6)


_TOD: pa.Array | None = None


def _time_of_day() -> pa.Array:
    global _TOD
    if _TOD is None:
        s = np.arange(DAY)
        _TOD = pa.array(
            [
                f"T{h:02d}:{m:02d}:{x:02d}"
                for h, m, x in zip(s // 3600, s // 60 % 60, s % 60, strict=True)
            ]
        )
    return _TOD


def iso(t: I64, suffix: str = "Z") -> pa.Array:
    """Format epoch seconds as ISO 8601 strings (``2024-03-01T22:14:05Z``)."""
    if len(t) == 0:
        return pa.array([], pa.string())
    d0 = int(t.min()) // DAY
    d1 = int(t.max()) // DAY
    days = pa.array([str(d) for d in np.arange(d0, d1 + 1).astype("datetime64[D]")], pa.string())
    date_part = days.take(pa.array(t // DAY - d0))
    time_part = _time_of_day().take(pa.array(t % DAY))
    return pc.binary_join_element_wise(date_part, time_part, pa.scalar(suffix), "")


def iso1(t: int) -> str:
    """Format one epoch second as ISO 8601 UTC with ``Z``."""
    return datetime.fromtimestamp(t, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def day_string(t: I64) -> pa.Array:
    """Format epoch seconds as ``YYYY-MM-DD`` (UTC dates)."""
    return pa.array([str(d) for d in (t // DAY).astype("datetime64[D]")], pa.string())
