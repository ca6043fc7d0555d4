"""Scoring: detector findings → a ranked, explained list of (officer, counterpart) alerts.

    settings = load_settings()                     # settings.toml, or --settings FILE
    alerts = detect(DetectionContext(engine, as_of=...), settings)
    write_alerts(alerts, Path("boundline-alerts"))  # alerts.csv + alerts.json (outputs.md)

The score is additive (``weight × strength`` per detector, plus the vulnerability
bonus, minus the legitimate-tasking reduction, clipped to 0–100); severity bands
and every weight live in ``settings.toml`` and are documented in ``docs/scoring.md``.
:func:`sweep` replays detection as of a series of dates; :func:`quality_check`
compares alerts with a synthetic force's planted cases.
"""

from boundline.scoring.model import (
    ALERT_COLUMNS,
    Alert,
    MetThrough,
    PairFacts,
    PairKey,
    write_alerts,
)
from boundline.scoring.quality import QualityItem, QualityReport, quality_check
from boundline.scoring.run import (
    SWEEP_COLUMNS,
    SweepRow,
    detect,
    end_of_day,
    parse_as_of,
    sweep,
    sweep_dates,
    write_sweep,
)
from boundline.scoring.score import group_findings, score, score_pair
from boundline.scoring.settings import (
    SEVERITIES,
    Adjustments,
    Settings,
    default_text,
    defaults,
    format_value,
    load_settings,
    step_days,
)
from boundline.scoring.summary import summarise

__all__ = [
    "ALERT_COLUMNS",
    "SEVERITIES",
    "SWEEP_COLUMNS",
    "Adjustments",
    "Alert",
    "MetThrough",
    "PairFacts",
    "PairKey",
    "QualityItem",
    "QualityReport",
    "Settings",
    "SweepRow",
    "default_text",
    "defaults",
    "detect",
    "end_of_day",
    "format_value",
    "group_findings",
    "load_settings",
    "parse_as_of",
    "quality_check",
    "score",
    "score_pair",
    "step_days",
    "summarise",
    "sweep",
    "sweep_dates",
    "write_alerts",
    "write_sweep",
]
