"""`boundline report` on the command line, and the map's offline base and tiles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from boundline.cli import app
from boundline.reports import TILE_URL_ENV
from boundline.reports._data import Place
from boundline.reports._map import frame_for, visits_map

runner = CliRunner()


def test_report_writes_html_and_pdf(
    world: tuple[Path, dict[str, Any]], cases: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    store = world[0]
    case = cases["case_b"]
    base = [
        "report",
        "--store",
        str(store),
        "--officer",
        case["officer_id"],
        "--person",
        case["person_id"],
    ]
    res = runner.invoke(app, [*base, "--out", str(tmp_path / "r.html")])
    assert res.exit_code == 0, res.output
    assert "written to" in res.output
    (tmp_path / "sub").mkdir()  # an output folder must exist: it is never made
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and case["person_id"] in html
    res = runner.invoke(
        app,
        [
            *base,
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-31",
            "--out",
            str(tmp_path / "sub" / "r.pdf"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "sub" / "r.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    "args",
    [
        ["--officer", "P1"],  # neither --person nor --counterpart
        ["--officer", "P1", "--person", "N1", "--counterpart", "07700 900000"],
        ["--officer", "P1", "--person", "N1", "--out", "report.docx"],
    ],
)
def test_report_user_errors_exit_2(
    args: list[str], world: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    res = runner.invoke(app, ["report", "--store", str(world[0]), *args])
    assert res.exit_code == 2, res.output
    assert not list(tmp_path.iterdir())


def test_report_on_a_missing_store_says_so(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["report", "--store", str(tmp_path / "none"), "--officer", "O", "--person", "P"]
    )
    assert res.exit_code == 3  # StoreError: no store there yet
    assert "no Boundline store here yet" in " ".join(res.output.split())  # the message is wrapped


PLACES = [
    Place("home", 53.4100, -2.9700, "2 Low St", None, None),
    Place("work", 53.4160, -2.9810, None, None, None),
]
VISITS = [
    {
        "start": "2024-03-01T10:00:00Z",
        "end": "2024-03-01T10:30:00Z",
        "place_kind": "home",
        "vehicle_id": "V1",
        "explained_by": None,
    },
    {
        "start": "2024-03-02T10:00:00Z",
        "end": "2024-03-02T10:30:00Z",
        "place_kind": "home",
        "vehicle_id": "V1",
        "explained_by": "I1",
    },
    {
        "start": "2024-03-03T10:00:00Z",
        "end": "2024-03-03T10:30:00Z",
        "place_kind": "work",
        "vehicle_id": "V2",
        "explained_by": None,
    },
]


def test_the_map_draws_places_visits_graticule_and_scale_bar_without_tiles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(TILE_URL_ENV, raising=False)
    drawn = visits_map(PLACES, VISITS)
    assert drawn is not None
    svg = drawn.svg
    assert "<image" not in svg and "data:image" not in svg
    assert "53.41" in svg and "°N" in svg and "°W" in svg  # graticule labels
    assert " m<" in svg or " km<" in svg  # the scale bar's label
    assert "1 unexplained, 1 explained" in svg and "1 unexplained" in svg
    assert visits_map([], []) is None


def test_every_point_lies_inside_the_frame() -> None:
    f = frame_for([(p.lat, p.lon) for p in PLACES])
    for p in PLACES:
        x, y = f.xy(p.lat, p.lon)
        assert abs(x) < f.half and abs(y) < f.half
        assert f.latlon(x, y) == pytest.approx((p.lat, p.lon))


def test_tiles_from_a_configured_server_are_embedded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The tile server is never contacted in tests: _fetch is replaced and records the URLs.
    calls: list[str] = []

    def fake_fetch(url: str) -> str | None:
        calls.append(url)
        return "data:image/png;base64,AAAA"

    monkeypatch.setattr("boundline.reports._map._fetch", fake_fetch)
    monkeypatch.setenv(TILE_URL_ENV, "file://" + str(tmp_path) + "/{z}/{x}/{y}.png")
    drawn = visits_map(PLACES, VISITS)
    assert drawn is not None
    assert calls and all(u.startswith("file://") and u.endswith(".png") for u in calls)
    assert "data:image/png;base64,AAAA" in drawn.svg


def test_fetch_reads_a_file_tile_and_refuses_other_schemes(tmp_path: Path) -> None:
    from boundline.reports._map import _fetch

    (tmp_path / "t.png").write_bytes(b"\x89PNG\r\n\x1a\nrest")
    assert (_fetch("file://" + str(tmp_path / "t.png")) or "").startswith("data:image/png;base64,")
    assert _fetch("file://" + str(tmp_path / "missing.png")) is None
    assert _fetch("ftp://example.invalid/1/2/3.png") is None
