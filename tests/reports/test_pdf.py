"""The PDF renders (WeasyPrint) and page 1 becomes a picture that is not blank."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from boundline.engine import Engine
from boundline.reports import build_report, render_html, render_pdf

PDFTOPPM = shutil.which("pdftoppm")


@pytest.fixture(scope="module")
def pdf(
    engine: Engine, cases: dict[str, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    case = cases["case_a"]
    report = build_report(engine, case["officer_id"], person_id=case["person_id"])
    return render_pdf(render_html(report), tmp_path_factory.mktemp("pdf") / "report.pdf")


def test_the_pdf_is_written(pdf: Path) -> None:
    body = pdf.read_bytes()
    assert body.startswith(b"%PDF-")
    assert body.rstrip().endswith(b"%%EOF") and len(body) > 20_000


@pytest.mark.skipif(
    PDFTOPPM is None, reason="pdftoppm (Debian package poppler-utils) is not installed"
)
def test_page_one_renders_to_a_picture_that_is_not_blank(pdf: Path, tmp_path: Path) -> None:
    subprocess.run(
        [str(PDFTOPPM), "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    png = pages[0].read_bytes()
    assert png.startswith(b"\x89PNG")
    from PIL import Image, ImageStat

    with Image.open(pages[0]) as im:
        assert im.size[0] > 400 and im.size[1] > 600  # A4 at 60 dpi is 496 × 702
        grey = im.convert("L")
        stat = ImageStat.Stat(grey)
        assert stat.stddev[0] > 10, "page 1 is blank"
        dark = sum(grey.histogram()[:128])
        assert dark > 2000, "page 1 has almost no text or lines"


@pytest.mark.skipif(
    PDFTOPPM is None, reason="pdftoppm (Debian package poppler-utils) is not installed"
)
def test_every_page_renders(pdf: Path, tmp_path: Path) -> None:
    subprocess.run(
        [str(PDFTOPPM), "-png", "-r", "30", str(pdf), str(tmp_path / "p")], check=True, timeout=120
    )
    from PIL import Image, ImageStat

    pages = sorted(tmp_path.glob("p*.png"))
    assert len(pages) >= 2
    for page in pages:
        with Image.open(page) as im:
            assert ImageStat.Stat(im.convert("L")).stddev[0] > 5, page.name
