"""Configuration of the synthetic force: scales, sizes and the period covered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from boundline.contract import DEFAULT_TIMEZONE

SCALES = ("demo", "force")


@dataclass(frozen=True)
class SynthConfig:
    """What to generate: the scale, optional overrides of its sizes, and the seed.

    ``officers`` and ``months`` left as ``None`` take the scale's defaults (demo: 300
    officers over 4 months from 2024-01-01, so the period spans the March clock change;
    force: 8,000 officers over 12 months).
    """

    scale: str = "demo"
    officers: int | None = None
    months: int | None = None
    seed: int = 0
    start: date = date(2024, 1, 1)

    def __post_init__(self) -> None:
        if self.scale not in SCALES:
            raise ValueError(f"scale must be one of {', '.join(SCALES)}, not {self.scale!r}")
        if self.officers is not None and self.officers < 20:
            raise ValueError("a synthetic force needs at least 20 officers")
        if self.months is not None and not 1 <= self.months <= 24:
            raise ValueError("months must be between 1 and 24")


@dataclass(frozen=True)
class Params:
    """The resolved sizes and rates of one run."""

    scale: str
    officers: int
    months: int
    seed: int
    fmt: str  # "csv" or "parquet"
    start_utc: int  # period start, epoch seconds
    end_utc: int
    start_day: date  # first local day
    days: int  # local days in the period
    comms_per_day: float  # background comms per officer per day
    avl_batch_sessions: int  # vehicle sessions per AVL write batch
    comms_chunk_days: int  # comms are generated and written this many days at a time
    response_crew: int  # response PCs per car (2 at demo scale, 1 at force scale)
    leg_minutes: tuple[int, int]  # least driving time between stops (more at force scale)
    ping_gap_s: tuple[float, float]  # seconds between moving pings, drawn uniformly

    @property
    def scale_factor(self) -> float:
        """Length of the period relative to the demo's four months."""
        return self.days / 121.0


@dataclass(frozen=True)
class SynthResult:
    """What :func:`boundline.synth.generate` wrote."""

    files: dict[str, Path]
    scenarios_path: Path
    rows: dict[str, int] = field(default_factory=dict)


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def resolve(cfg: SynthConfig) -> Params:
    """Turn a configuration into concrete sizes, rates and the UTC period."""
    force = cfg.scale == "force"
    officers = cfg.officers if cfg.officers is not None else (8000 if force else 300)
    months = cfg.months if cfg.months is not None else (12 if force else 4)
    tz = ZoneInfo(DEFAULT_TIMEZONE)
    start_day = cfg.start.replace(day=1)
    end_day = _add_months(start_day, months)
    start_utc = int(datetime(start_day.year, start_day.month, 1, tzinfo=tz).timestamp())
    end_utc = int(datetime(end_day.year, end_day.month, 1, tzinfo=tz).timestamp())
    return Params(
        scale=cfg.scale,
        officers=officers,
        months=months,
        seed=cfg.seed,
        fmt="parquet" if force else "csv",
        start_utc=start_utc,
        end_utc=end_utc,
        start_day=start_day,
        days=(end_day - start_day).days,
        comms_per_day=19.0 if force else 8.0,
        avl_batch_sessions=5000,
        comms_chunk_days=8 if force else 31,
        response_crew=1 if force else 2,
        leg_minutes=(8, 22) if force else (5, 15),
        # A force's fleet reports more often than the demo's (still within 10-60 s),
        # which brings a force-year to about 400M pings.
        ping_gap_s=(10.0, 42.0) if force else (10.0, 60.0),
    )
