"""Reports: the evidence about one officer and one person, as HTML or PDF for review.

``build_report(engine, officer_id, person_id=...)`` (or ``counterpart=...``) computes
the evidence figures (``boundline.evidence``), the rows behind the charts and the
provenance; :func:`render_html` writes a self-contained HTML document (inline CSS,
inline SVG charts drawn offline with Altair and vl-convert) and :func:`render_pdf`
turns it into a PDF with WeasyPrint. See ``docs/reports.md``.

    report = build_report(connect(open_store(path)), "O1", person_id="P1")
    render_pdf(render_html(report), Path("report.pdf"))
"""

from boundline.reports._build import (
    DetectorInfo,
    Provenance,
    Report,
    SourceFile,
    build_report,
    counterpart_evidence,
)
from boundline.reports._charts import Chart
from boundline.reports._map import TILE_URL_ENV
from boundline.reports._render import figure_text, render_html, render_pdf

__all__ = [
    "TILE_URL_ENV",
    "Chart",
    "DetectorInfo",
    "Provenance",
    "Report",
    "SourceFile",
    "build_report",
    "counterpart_evidence",
    "figure_text",
    "render_html",
    "render_pdf",
]
