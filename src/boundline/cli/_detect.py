"""``boundline detect`` and ``boundline sweep``: ranked alerts, now or as of past dates."""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from boundline.cli._common import (
    DEFAULT_STORE_PATH,
    EngineOption,
    SparkMasterOption,
    StoreOption,
    guarded,
    open_engine,
    out,
)
from boundline.cli._files import require_folder
from boundline.contract import DEFAULT_TIMEZONE
from boundline.scoring import (
    Alert,
    SweepRow,
    detect,
    load_settings,
    parse_as_of,
    step_days,
    sweep,
    sweep_dates,
    write_alerts,
    write_sweep,
)

_DAY = ["%Y-%m-%d"]
_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}

SettingsOption = Annotated[
    Path | None,
    typer.Option("--settings", help="A TOML file overriding scoring settings (docs/scoring.md)."),
]
TzOption = Annotated[
    str, typer.Option("--tz", help="The force's time zone, for night, local days and --as-of.")
]


def alerts_table(alerts: list[Alert], top: int, title: str) -> Table:
    """The first ``top`` alerts as a Rich table (fits an 80-column terminal)."""
    grid = Table(title=title, show_lines=True)
    grid.add_column("rank", justify="right")
    grid.add_column("officer")
    grid.add_column("person", overflow="fold")
    grid.add_column("score", justify="right")
    grid.add_column("detectors")
    grid.add_column("summary", overflow="fold", min_width=20, ratio=1)
    for a in alerts[:top]:
        grid.add_row(
            str(a.rank),
            a.officer_id,
            a.person_id or a.counterpart or "",
            f"{a.score:g}\n[{_STYLE.get(a.severity, '')}]{a.severity}[/]",
            "\n".join(a.detectors),
            a.summary,
        )
    return grid


def run_detect(
    store: Path,
    out_dir: Path,
    as_of: str | None,
    settings: Path | None,
    tz: str,
    engine: str = "duckdb",
    spark_master: str | None = None,
) -> list[Alert]:
    """Detect, score and write ``alerts.csv``/``alerts.json``; return the alerts."""
    from boundline.detectors import DetectionContext

    chosen = load_settings(settings)
    moment = parse_as_of(as_of, tz) if as_of else None
    ctx = DetectionContext(open_engine(store, engine, spark_master), tz=tz, as_of=moment)
    alerts = detect(ctx, chosen)
    write_alerts(alerts, out_dir)
    return alerts


@guarded
def detect_command(
    store: StoreOption = DEFAULT_STORE_PATH,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder to write alerts.csv and alerts.json to.")
    ] = Path("boundline-alerts"),
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Use only data before the end of this local day (YYYY-MM-DD) or this "
            "ISO timestamp.",
        ),
    ] = None,
    settings: SettingsOption = None,
    top: Annotated[
        int | None, typer.Option("--top", help="Alerts to print (default: output.top).")
    ] = None,
    tz: TzOption = DEFAULT_TIMEZONE,
    engine: EngineOption = "duckdb",
    spark_master: SparkMasterOption = None,
) -> None:
    """Rank (officer, counterpart) pairs by an explained score; write alerts.csv and .json."""
    require_folder(out_dir)
    started = time.perf_counter()
    alerts = run_detect(store, out_dir, as_of, settings, tz, engine, spark_master)
    shown = load_settings(settings).top if top is None else top
    when = f" as of {as_of}" if as_of else ""
    title = f"Top {min(shown, len(alerts))} of {len(alerts)} alerts{when}"
    out.print(alerts_table(alerts, shown, title))
    counts = {s: sum(a.severity == s for a in alerts) for s in ("high", "medium", "low")}
    out.print(
        f"{counts['high']} high, {counts['medium']} medium, {counts['low']} low. "
        f"Wrote {out_dir / 'alerts.csv'} and {out_dir / 'alerts.json'} "
        f"in {time.perf_counter() - started:.1f} s."
    )


def sweep_table(rows: list[SweepRow]) -> Table:
    """Each pair that reached high: when it first appeared and first was high."""
    grid = Table(title="First date each pair reached high severity")
    for name in ("officer", "person", "first alert", "first high", "score then", "peak"):
        grid.add_column(name, justify="right" if name in ("score then", "peak") else "left")
    for r in rows:
        if r.first_high is None:
            continue
        grid.add_row(
            r.officer_id,
            r.person_id or r.counterpart or "",
            r.first_alert,
            r.first_high,
            f"{r.score_at_first_high:g}",
            f"{r.peak_score:g}",
        )
    return grid


@guarded
def sweep_command(
    date_from: Annotated[
        datetime, typer.Option("--from", formats=_DAY, help="First as-of day (YYYY-MM-DD).")
    ],
    date_to: Annotated[
        datetime, typer.Option("--to", formats=_DAY, help="Last as-of day (YYYY-MM-DD).")
    ],
    every: Annotated[
        str | None,
        typer.Option(
            "--every", help="Step between as-of days, e.g. 7d or 1w (default: sweep.every)."
        ),
    ] = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder to write sweep.csv and sweep.json to.")
    ] = Path("boundline-sweep"),
    settings: SettingsOption = None,
    tz: TzOption = DEFAULT_TIMEZONE,
    engine: EngineOption = "duckdb",
    spark_master: SparkMasterOption = None,
) -> None:
    """Replay detection as of each day from --from to --to: when each pair first went high.

    Each run uses only the data before the end of that local day, as a weekly
    sweep would have seen it.
    """
    require_folder(out_dir)
    started = time.perf_counter()
    chosen = load_settings(settings)
    step = step_days(every or chosen.sweep_every)
    dates = sweep_dates(date_from.date(), date_to.date(), step)
    opened = open_engine(store, engine, spark_master)

    def progress(day: date, alerts: list[Alert]) -> None:
        high = sum(a.severity == "high" for a in alerts)
        out.print(f"as of {day}: {len(alerts)} alerts, {high} high")

    rows = sweep(opened, dates, chosen, tz, progress)
    write_sweep(rows, out_dir)
    out.print(sweep_table(rows))
    never = sum(r.first_high is None for r in rows)
    out.print(
        f"{len(rows) - never} pairs reached high, {never} never did, over {len(dates)} dates. "
        f"Wrote {out_dir / 'sweep.csv'} and {out_dir / 'sweep.json'} "
        f"in {time.perf_counter() - started:.1f} s."
    )
