"""The visits map: the person's places and the officer's vehicle stays near them.

The base is drawn, not fetched: a latitude/longitude graticule and a scale bar on a
local flat projection (metres east and north of the centre; exact enough over the
few kilometres a map of one person's places covers). A force with its own tile
server may set ``BOUNDLINE_TILE_URL`` (``https://tiles.example/{z}/{x}/{y}.png``, or a
``file://`` template): the tiles are then fetched once, while the report is built,
and embedded in the SVG, so the HTML and PDF never fetch anything. Unset (the
default), nothing is fetched.
"""

from __future__ import annotations

import base64
import math
import os
import urllib.request
from collections import Counter
from dataclasses import dataclass
from typing import Any

from boundline.reports._charts import Chart, altair, chart
from boundline.reports._data import Place

TILE_URL_ENV = "BOUNDLINE_TILE_URL"
_M_PER_DEG_LAT = 110_540.0
_M_PER_DEG_LON = 111_320.0
_MAX_TILES = 16
_STEPS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)
_BARS = (50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000)


@dataclass(frozen=True)
class Frame:
    """The local flat projection: centre, and the half-width of the square shown (m)."""

    lat0: float
    lon0: float
    half: float

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        """Metres east and north of the centre."""
        east = (lon - self.lon0) * _M_PER_DEG_LON * math.cos(math.radians(self.lat0))
        return east, (lat - self.lat0) * _M_PER_DEG_LAT

    def latlon(self, x: float, y: float) -> tuple[float, float]:
        """The inverse of :meth:`xy`."""
        lon = self.lon0 + x / (_M_PER_DEG_LON * math.cos(math.radians(self.lat0)))
        return self.lat0 + y / _M_PER_DEG_LAT, lon


def frame_for(points: list[tuple[float, float]]) -> Frame:
    """A square frame around ``points`` (lat, lon), with a margin, at least 600 m wide."""
    lat0 = (min(p[0] for p in points) + max(p[0] for p in points)) / 2
    lon0 = (min(p[1] for p in points) + max(p[1] for p in points)) / 2
    f = Frame(lat0, lon0, 0.0)
    reach = max(max(abs(v) for v in f.xy(*p)) for p in points)
    return Frame(lat0, lon0, max(300.0, reach * 1.3 + 150.0))


def _grid_values(f: Frame, axis: str) -> tuple[list[float], str]:
    """Positions (m) of graticule lines on one axis, and the label expression."""
    deg_span = 2 * f.half / (_M_PER_DEG_LAT if axis == "lat" else _M_PER_DEG_LON)
    step = next((s for s in _STEPS if deg_span / s <= 5), _STEPS[-1])
    digits = max(0, -math.floor(math.log10(step)))
    if axis == "lat":
        lo, hi = f.latlon(0, -f.half)[0], f.latlon(0, f.half)[0]
        to_m = [
            f.xy(k * step, f.lon0)[1]
            for k in range(math.ceil(lo / step), math.floor(hi / step) + 1)
        ]
        return to_m, _label(f"{f.lat0} + datum.value / {_M_PER_DEG_LAT}", digits, "NS")
    lo, hi = f.latlon(-f.half, 0)[1], f.latlon(f.half, 0)[1]
    to_m = [
        f.xy(f.lat0, k * step)[0] for k in range(math.ceil(lo / step), math.floor(hi / step) + 1)
    ]
    per = _M_PER_DEG_LON * math.cos(math.radians(f.lat0))
    return to_m, _label(f"{f.lon0} + datum.value / {per}", digits, "EW")


def _label(degrees: str, digits: int, hemispheres: str) -> str:
    """A Vega expression writing ``degrees`` as e.g. ``53.410°N`` or ``2.970°W``."""
    pos, neg = hemispheres[0], hemispheres[1]
    return f"format(abs({degrees}), '.{digits}f') + '°' + (({degrees}) < 0 ? '{neg}' : '{pos}')"


def _scale_bar(f: Frame) -> dict[str, Any]:
    length = max((b for b in _BARS if b <= f.half / 2), default=_BARS[0])
    x0, y0 = -f.half * 0.92, -f.half * 0.9
    label = f"{length // 1000} km" if length >= 1000 else f"{length} m"
    return {"x": x0, "x2": x0 + length, "y": y0, "label": label}


def _fetch(url: str) -> str | None:
    """One tile as a data URI, or None when it cannot be had."""
    if not url.startswith(("http://", "https://", "file://")):
        return None
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 (scheme checked)
            body: bytes = resp.read()
    except (OSError, ValueError):
        return None
    kind = "jpeg" if body[:2] == b"\xff\xd8" else "png"
    return f"data:image/{kind};base64," + base64.b64encode(body).decode("ascii")


def _tile_of(lat: float, lon: float, z: int) -> tuple[float, float]:
    n = 2**z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return (lon + 180) / 360 * n, y


def _corner(tx: int, ty: int, z: int) -> tuple[float, float]:
    n = 2**z
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * ty / n))))
    return lat, tx / n * 360 - 180


def tiles(f: Frame, template: str) -> list[dict[str, Any]]:
    """The tiles covering the frame from a ``{z}/{x}/{y}`` template, as image rows."""
    circumference = 40_075_016.0 * math.cos(math.radians(f.lat0))
    z = max(1, min(19, round(math.log2(circumference / f.half))))
    (n_lat, w_lon), (s_lat, e_lon) = f.latlon(-f.half, f.half), f.latlon(f.half, -f.half)
    x_lo, y_lo = (int(v) for v in _tile_of(n_lat, w_lon, z))
    x_hi, y_hi = (int(v) for v in _tile_of(s_lat, e_lon, z))
    out: list[dict[str, Any]] = []
    for tx in range(x_lo, x_hi + 1):
        for ty in range(y_lo, y_hi + 1):
            if len(out) >= _MAX_TILES:
                return out
            uri = _fetch(template.format(z=z, x=tx, y=ty))
            if uri is None:
                continue
            x0, y1 = f.xy(*_corner(tx, ty, z))
            x1, y0 = f.xy(*_corner(tx + 1, ty + 1, z))
            out.append({"x": x0, "x2": x1, "y": y0, "y2": y1, "url": uri})
    return out


def visit_points(items: list[dict[str, Any]], places: list[Place]) -> list[dict[str, Any]]:
    """Visits grouped by position: at the stay's centre if given, else at its place."""
    counts: dict[tuple[float, float], Counter[bool]] = {}
    for v in items:
        lat, lon = v.get("lat"), v.get("lon")
        if lat is None or lon is None:
            at = next((p for p in places if p.kind == v.get("place_kind")), None)
            if at is None:
                continue
            lat, lon = at.lat, at.lon
        key = (float(lat), float(lon))
        counts.setdefault(key, Counter())[v.get("explained_by") is not None] += 1
    out = []
    for (lat, lon), c in sorted(counts.items()):
        words = [
            f"{c[False]} unexplained" if c[False] else "",
            f"{c[True]} explained" if c[True] else "",
        ]
        out.append(
            {
                "lat": lat,
                "lon": lon,
                "visits": c[False] + c[True],
                "explained": "all explained" if not c[False] else "some unexplained",
                "label": ", ".join(w for w in words if w),
            }
        )
    return out


def visits_map(
    places: list[Place], items: list[dict[str, Any]], tile_url: str | None = None
) -> Chart | None:
    """The map, or None when there is nothing to place on it."""
    alt = altair()

    visits = visit_points(items, places)
    points = [(p.lat, p.lon) for p in places] + [(v["lat"], v["lon"]) for v in visits]
    if not points:
        return None
    f = frame_for(points)
    dom = [-f.half, f.half]
    ys, y_expr = _grid_values(f, "lat")
    xs, x_expr = _grid_values(f, "lon")
    x = alt.X(
        "x:Q",
        scale=alt.Scale(domain=dom, nice=False, zero=False),
        title="longitude",
        axis=alt.Axis(values=xs, labelExpr=x_expr, gridColor="#d0d0d0", labelAngle=0),
    )
    y = alt.Y(
        "y:Q",
        scale=alt.Scale(domain=dom, nice=False, zero=False),
        title="latitude",
        axis=alt.Axis(values=ys, labelExpr=y_expr, gridColor="#d0d0d0"),
    )
    layers: list[Any] = []
    template = tile_url if tile_url is not None else os.environ.get(TILE_URL_ENV)
    if template:
        rows = tiles(f, template)
        if rows:
            layers.append(
                alt.Chart(alt.Data(values=rows))
                .mark_image(aspect=False, clip=True)
                .encode(x=x, x2="x2:Q", y=y, y2="y2:Q", url="url:N")
            )
    place_rows = [
        {**dict(zip(("x", "y"), f.xy(p.lat, p.lon), strict=True)), "kind": p.kind} for p in places
    ]
    if place_rows:
        base = alt.Chart(alt.Data(values=place_rows)).encode(x=x, y=y)
        layers.append(
            base.mark_point(shape="square", size=160, color="#542788", filled=False, strokeWidth=2)
        )
        layers.append(
            base.mark_text(dx=12, align="left", fontSize=10, color="#542788").encode(text="kind:N")
        )
    if visits:
        rows_v = [
            {**v, **dict(zip(("x", "y"), f.xy(v["lat"], v["lon"]), strict=True))} for v in visits
        ]
        vbase = alt.Chart(alt.Data(values=rows_v)).encode(x=x, y=y)
        layers.append(
            vbase.mark_circle(opacity=0.6).encode(
                size=alt.Size("visits:Q", scale=alt.Scale(range=[80, 700]), legend=None),
                color=alt.Color(
                    "explained:N",
                    scale=alt.Scale(
                        domain=["some unexplained", "all explained"], range=["#d6604d", "#4393c3"]
                    ),
                    legend=alt.Legend(title="visits", orient="bottom"),
                ),
            )
        )
        layers.append(vbase.mark_text(dy=16, fontSize=9, color="#333333").encode(text="label:N"))
    bar = _scale_bar(f)
    bar_chart = alt.Chart(alt.Data(values=[bar]))
    layers.append(bar_chart.mark_rule(strokeWidth=3, color="black").encode(x=x, x2="x2:Q", y=y))
    layers.append(
        bar_chart.mark_text(dy=-8, align="left", fontSize=10).encode(x=x, y=y, text="label:N")
    )
    both = alt.layer(*layers).properties(width=340, height=340)
    return chart("map", "The person's places and the visits near them", both)
