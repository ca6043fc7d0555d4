"""Running detection and scoring on a store: once (``detect``) or as of many dates (``sweep``)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from boundline.errors import UserInputError
from boundline.scoring.facts import pair_facts
from boundline.scoring.model import Alert
from boundline.scoring.score import finding_rows, score
from boundline.scoring.settings import Settings

if TYPE_CHECKING:
    from boundline.detectors import DetectionContext
    from boundline.engine import Engine


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserInputError(f"Unknown time zone {tz!r} (e.g. Europe/London).") from None


def end_of_day(day: date, tz: str) -> datetime:
    """The next local midnight after ``day`` (the first instant not in it), aware."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=_zone(tz))


def parse_as_of(text: str, tz: str) -> datetime:
    """``--as-of``: a date means the end of that local day; a timestamp is taken as given.

    A timestamp without an offset is local time in ``tz``. The result is aware.
    """
    value = text.strip()
    try:
        if len(value) == 10:
            return end_of_day(date.fromisoformat(value), tz)
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UserInputError(
            f"--as-of {text!r} is neither a date (2024-03-31) nor an ISO timestamp."
        ) from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=_zone(tz))


def detect(ctx: DetectionContext, settings: Settings) -> list[Alert]:
    """Run every registered detector on ``ctx`` and score the findings, best first."""
    from boundline.detectors import all_detectors, run_all

    findings = {code: t.to_pyarrow() for code, t in run_all(ctx).items()}
    pairs = {
        (r["officer_id"], r["person_id"])
        for table in findings.values()
        for r in finding_rows(table.select(["officer_id", "person_id"]))
        if r["officer_id"] and r["person_id"]
    }
    facts = pair_facts(ctx, pairs, settings.adjustments)
    names = {d.code: d.name for d in all_detectors()}
    return score(findings, settings, facts, names)


@dataclass(frozen=True)
class SweepRow:
    """One pair over a sweep: when it first appeared, first reached high, and its peak."""

    officer_id: str
    person_id: str | None
    counterpart: str | None
    first_alert: str
    first_high: str | None
    score_at_first_high: float | None
    peak_score: float
    last_score: float
    last_severity: str


#: The columns of ``sweep.csv``, in order.
SWEEP_COLUMNS = tuple(SweepRow.__dataclass_fields__)


def sweep_dates(first: date, last: date, step: int) -> list[date]:
    """``first``, ``first + step``, … up to ``last`` (always ending with ``last``)."""
    if last < first:
        raise UserInputError(f"--to {last} is before --from {first}.")
    days = [first + timedelta(days=k) for k in range(0, (last - first).days + 1, step)]
    return days if days[-1] == last else [*days, last]


def sweep(
    engine: Engine,
    dates: list[date],
    settings: Settings,
    tz: str,
    on_date: Callable[[date, list[Alert]], None] | None = None,
) -> list[SweepRow]:
    """Detect as of the end of each local date; per pair, the first date it was high.

    Pairs are ordered by first high date (never-high pairs last), then peak score.
    """
    from boundline.detectors import DetectionContext

    seen: dict[tuple[str, str | None, str | None], dict[str, object]] = {}
    for day in dates:
        ctx = DetectionContext(engine, tz=tz, as_of=end_of_day(day, tz))
        alerts = detect(ctx, settings)
        if on_date is not None:
            on_date(day, alerts)
        for a in alerts:
            key = (a.officer_id, a.person_id, None if a.person_id else a.counterpart)
            row = seen.setdefault(
                key,
                {"first_alert": day.isoformat(), "first_high": None, "score_at_first_high": None},
            )
            row.update(counterpart=a.counterpart, last_score=a.score, last_severity=a.severity)
            row["peak_score"] = max(float(str(row.get("peak_score", 0.0))), a.score)
            if a.severity == "high" and row["first_high"] is None:
                row.update(first_high=day.isoformat(), score_at_first_high=a.score)
    rows = [SweepRow(officer_id=k[0], person_id=k[1], **v) for k, v in seen.items()]  # type: ignore[arg-type]
    rows.sort(
        key=lambda r: (r.first_high or "9999", -r.peak_score, r.officer_id, r.person_id or "")
    )
    return rows


def write_sweep(rows: list[SweepRow], folder: Path) -> tuple[Path, Path]:
    """Write ``sweep.csv`` and ``sweep.json`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, json_path = folder / "sweep.csv", folder / "sweep.json"
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(SWEEP_COLUMNS))
        writer.writeheader()
        for r in rows:
            writer.writerow({k: "" if v is None else v for k, v in asdict(r).items()})
    text = json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False)
    json_path.write_text(text + "\n", encoding="utf-8")
    return csv_path, json_path
