"""The report's charts: Vega-Lite specs built with Altair, rendered to SVG offline.

Times on the charts are the force's local wall-clock times. They are written as
ISO strings on a UTC scale, so that the renderer (vl-convert, a bundled Deno
runtime with no network access) never applies a time zone of its own.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from boundline.reports._data import Contact

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EPOCH = date(1970, 1, 1)
FONT = "DejaVu Sans"
_BLUES = ("#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594")
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation")


@dataclass(frozen=True)
class Chart:
    """One chart: its title, the Vega-Lite spec (data inline) and the rendered SVG."""

    name: str
    title: str
    spec: dict[str, Any]
    svg: str


def altair() -> Any:
    """The ``altair`` module, imported on first use (typed as Any: its API is dynamic)."""
    return importlib.import_module("altair")


@functools.cache
def _fonts() -> None:
    """Let vl-convert measure text with the fonts the PDF uses (DejaVu, Liberation)."""
    import vl_convert

    for folder in _FONT_DIRS:
        if Path(folder).is_dir():
            vl_convert.register_font_directory(folder)


def to_svg(spec: dict[str, Any], prefix: str = "c") -> str:
    """Render a Vega-Lite spec to SVG with vl-convert (offline; no fetches).

    Definitions (gradients, clips) are moved to the start, where every SVG reader
    finds them, and their ids are prefixed so that several charts can be inlined
    in one HTML document.
    """
    import vl_convert

    _fonts()
    svg: str = vl_convert.vegalite_to_svg(spec)
    defs = re.findall(r"<defs>.*?</defs>", svg, flags=re.S)
    for d in defs:
        svg = svg.replace(d, "")
    svg = re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + "".join(defs), svg, count=1)
    svg = re.sub(r'(\s)id="([^"]+)"', rf'\1id="{prefix}-\2"', svg)
    return re.sub(r"(url\(#|href=\"#)([^)\"]+)", rf"\1{prefix}-\2", svg)


def chart(name: str, title: str, alt_chart: Any) -> Chart:
    """Freeze an Altair chart into a :class:`Chart` (spec and SVG)."""
    config = {"font": FONT, "view": {"stroke": None}}
    spec: dict[str, Any] = alt_chart.properties(config=config).to_dict()
    return Chart(name, title, spec, to_svg(spec, name))


def local_wall(value: str | datetime | None, tz: str) -> str | None:
    """A UTC time (ISO ``Z`` or aware datetime) as local wall time, ISO with ``Z``.

    The ``Z`` only tells the renderer to use the value as it is (see the module).
    """
    if value is None:
        return None
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return when.astimezone(ZoneInfo(tz)).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _day(local_day: int) -> date:
    return _EPOCH + timedelta(days=local_day)


def weekly(contacts: list[Contact]) -> list[dict[str, Any]]:
    """Contacts per local week (Monday first) by direction and by shift, long form."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for c in contacts:
        week = _day(c.local_day - c.local_weekday).isoformat()
        counts[
            (week, "direction", "officer to person" if c.direction == "out" else "to officer")
        ] += 1
        counts[(week, "shift", "on shift" if c.on_shift else "off shift")] += 1
    return [
        {
            "week": week,
            "week_end": (date.fromisoformat(week) + timedelta(days=7)).isoformat(),
            "panel": panel,
            "series": series,
            "contacts": n,
        }
        for (week, panel, series), n in sorted(counts.items())
    ]


def _week_domain(period: tuple[str | None, str | None], tz: str) -> list[str] | None:
    """From the Monday of the period's first local week to the end of its last week."""
    lo, hi = (local_wall(p, tz) for p in period)
    if lo is None or hi is None:
        return None
    first, last = date.fromisoformat(lo[:10]), date.fromisoformat(hi[:10])
    first -= timedelta(days=first.weekday())
    last += timedelta(days=7 - last.weekday())
    return [first.isoformat(), last.isoformat()]


def _mondays(domain: list[str] | None) -> list[int] | None:
    """Tick positions (epoch ms) on Mondays, every 1, 2, 4, … weeks: at most 9 ticks."""
    if domain is None:
        return None
    first, last = (date.fromisoformat(d) for d in domain)
    weeks = (last - first).days // 7
    step = 1
    while weeks / step > 8:
        step *= 2
    days = [first + timedelta(weeks=k) for k in range(0, weeks + 1, step)]
    return [(d - _EPOCH).days * 86_400_000 for d in days]


def timeline(
    contacts: list[Contact],
    period: tuple[str | None, str | None],
    incidents: list[dict[str, Any]],
    silences: list[dict[str, Any]],
    tz: str,
) -> Chart:
    """Contacts per week by direction, and on/off shift; incidents and silences marked."""
    alt = altair()

    rows = weekly(contacts)
    domain = _week_domain(period, tz)
    x_scale = alt.Scale(type="utc", domain=domain) if domain else alt.Scale(type="utc")
    axis = alt.Axis(format="%d %b %Y", labelAngle=0, values=_mondays(domain))
    x = alt.X("week:T", scale=x_scale, title=None, axis=axis)
    marks = []
    for inc in incidents:
        marks.append({"t": local_wall(inc["opened"], tz), "what": f"{inc['incident_id']} opened"})
        if inc.get("closed"):
            marks.append(
                {"t": local_wall(inc["closed"], tz), "what": f"{inc['incident_id']} closed"}
            )
    gaps = [{"a": local_wall(s["from"], tz), "b": local_wall(s["to"], tz)} for s in silences]

    def panel(name: str, domain: list[str], colours: list[str], title: str) -> Any:
        bars = (
            alt.Chart(alt.Data(values=[r for r in rows if r["panel"] == name]))
            .mark_bar(opacity=0.9, clip=True)
            .encode(
                x=x,
                x2="week_end:T",
                y=alt.Y("sum(contacts):Q", title=title, stack="zero"),
                color=alt.Color(
                    "series:N",
                    scale=alt.Scale(domain=domain, range=colours),
                    legend=alt.Legend(title=None, orient="top", direction="horizontal"),
                ),
            )
        )
        layers = []
        if gaps:
            layers.append(
                alt.Chart(alt.Data(values=gaps))
                .mark_rect(color="#bbbbbb", opacity=0.35, clip=True)
                .encode(x=alt.X("a:T", scale=x_scale), x2="b:T")
            )
        layers.append(bars)
        if marks:
            layers.append(
                alt.Chart(alt.Data(values=marks))
                .mark_rule(color="#b2182b", strokeDash=[4, 3], strokeWidth=1.5)
                .encode(x=alt.X("t:T", scale=x_scale), tooltip="what:N")
            )
        return alt.layer(*layers).properties(width=620, height=150)

    top = panel(
        "direction", ["officer to person", "to officer"], ["#2166ac", "#92c5de"], "contacts"
    )
    bottom = panel("shift", ["on shift", "off shift"], ["#1b7837", "#e08214"], "contacts")
    both = alt.vconcat(top, bottom, spacing=12).resolve_scale(color="independent")
    return chart(
        "timeline",
        "Contacts per week (local time): by direction, and on or off the officer's shifts",
        both,
    )


def bands(peak: int) -> list[tuple[int, int]]:
    """Whole-number colour bands ``(lo, hi)`` for counts 0..peak: 0 alone, then up to 6."""
    if peak <= 6:
        return [(n, n) for n in range(peak + 1)]
    edges = sorted({0, *(max(1, round(peak * k / 6)) for k in range(1, 7))})
    return [(0, 0)] + [(a + 1, b) for a, b in itertools.pairwise(edges)]


def _band_name(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}–{hi}"


def heat_cells(contacts: list[Contact]) -> list[dict[str, Any]]:
    """Contacts per (local weekday, local hour): all 168 cells, zeros included."""
    counts = Counter((c.local_weekday, c.local_minute // 60) for c in contacts)
    cells: list[dict[str, Any]] = [
        {"weekday": WEEKDAYS[d], "hour": h, "contacts": counts.get((d, h), 0)}
        for d in range(7)
        for h in range(24)
    ]
    ranges = bands(max(int(c["contacts"]) for c in cells))
    for c in cells:
        i = next(i for i, (lo, hi) in enumerate(ranges) if lo <= c["contacts"] <= hi)
        c["band"] = _band_name(*ranges[i])
        # the three darkest blues take white figures
        c["ink"] = "white" if i > 0 and i >= len(ranges) - 3 else "#222222"
    return cells


def heat_matrix(contacts: list[Contact]) -> Chart:
    """An hour-of-day × weekday matrix of contacts (local time), counts written in."""
    alt = altair()

    cells = heat_cells(contacts)
    base = alt.Chart(alt.Data(values=cells)).encode(
        x=alt.X("hour:O", title="hour of day (local)", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("weekday:O", sort=list(WEEKDAYS), title=None),
    )
    peak = max(int(c["contacts"]) for c in cells)
    names = [_band_name(lo, hi) for lo, hi in bands(peak)]
    palette = ["#f4f4f4", *_BLUES[-(len(names) - 1) :]] if len(names) > 1 else ["#f4f4f4"]
    rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "band:O",
            scale=alt.Scale(domain=names, range=palette),
            legend=alt.Legend(title="contacts", orient="right", symbolType="square"),
        )
    )
    text = (
        base.transform_filter("datum.contacts > 0")
        .mark_text(fontSize=8)
        .encode(
            text="contacts:Q",
            color=alt.Color("ink:N", scale=None),
        )
    )
    both = alt.layer(rect, text).properties(width=600, height=170)
    return chart("heat", "Contacts by hour of day and weekday (local time)", both)
