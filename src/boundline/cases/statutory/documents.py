"""The documents of the process: the regulation 17 notice and the regulation 21 report.

Both are HTML from Jinja2 templates in this package (autoescaped, strict: a field
the template uses but was not given is an error, never a blank). The fields each
document must be given are listed in ``process.toml`` (``[notices.*]``, ``[report]``);
a missing or blank one is a :class:`~boundline.errors.UserInputError` naming it.
:func:`to_pdf` turns either into PDF bytes with WeasyPrint.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from boundline.cases.statutory.deadlines import due_date
from boundline.cases.statutory.definition import Process, default_process
from boundline.cases.statutory.state import ProcessState
from boundline.errors import UserInputError

__all__ = [
    "ExhibitEntry",
    "notice_fields",
    "render_reg17_notice",
    "render_reg21_report",
    "representations_due",
    "to_pdf",
]

_LABELS = {"misconduct": "misconduct", "gross_misconduct": "gross misconduct", "none": "neither"}


@dataclass(frozen=True)
class ExhibitEntry:
    """One row of the report's exhibit index."""

    ref: str
    description: str
    sha256: str
    origin: str
    producer: str
    purpose: str


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("boundline.cases.statutory", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _check(document: str, required: Sequence[str], fields: Mapping[str, str]) -> None:
    missing = [name for name in required if not str(fields.get(name, "")).strip()]
    if missing:
        raise UserInputError(
            f"The {document} cannot be produced: missing field(s) {', '.join(missing)}."
        )


def notice_fields(state: ProcessState, *, process: Process | None = None) -> dict[str, str]:
    """The notice fields the process state knows: severity, likely proceedings, investigator.

    ``representations_due`` is the date the first notice started, once one was served
    (before that, :func:`representations_due` computes it for a serving day).
    """
    process = process or default_process()
    out: dict[str, str] = {}
    if state.investigator:
        out["investigator"] = state.investigator
    current = state.current_severity
    if current is not None and current.severity != "none":
        out["severity"] = _LABELS[current.severity]
        likely = (
            process.likely_proceedings_staff
            if state.subject_kind == "staff"
            else process.likely_proceedings
        )
        out["likely_proceedings"] = likely[current.severity]
    reps = [d for d in state.deadlines if d.kind == "representations"]
    if reps:
        out["representations_due"] = reps[-1].due_on.isoformat()
    return out


def representations_due(served_on: date, *, process: Process | None = None) -> date:
    """The last day for representations on a notice served on ``served_on``."""
    process = process or default_process()
    return due_date(process.deadlines["representations"], served_on)


def render_reg17_notice(
    fields: Mapping[str, str], *, variant: str = "officer", process: Process | None = None
) -> str:
    """The regulation 17 notice: ``variant`` is ``officer``, or ``staff`` for police staff."""
    process = process or default_process()
    if variant not in process.notices:
        raise UserInputError(
            f"There is no {variant!r} notice; the variants are {', '.join(process.notices)}."
        )
    spec = process.notices[variant]
    _check(f"regulation 17 notice ({variant})", spec.required, fields)
    html: str = _environment().get_template(spec.template).render(f=dict(fields))
    return html


def render_reg21_report(
    facts: Mapping[str, str],
    exhibits: Sequence[ExhibitEntry],
    *,
    process: Process | None = None,
) -> str:
    """The regulation 21 investigation report, with its exhibit index."""
    process = process or default_process()
    _check("regulation 21 report", process.report.required, facts)
    refs = [e.ref for e in exhibits]
    duplicates = sorted({r for r in refs if refs.count(r) > 1})
    if duplicates:
        raise UserInputError(f"Exhibit references are not unique: {', '.join(duplicates)}.")
    html: str = (
        _environment()
        .get_template(process.report.template)
        .render(f=dict(facts), exhibits=list(exhibits))
    )
    return html


def to_pdf(html: str) -> bytes:
    """``html`` (a notice or report) as PDF bytes (WeasyPrint; no external resources)."""
    weasyprint: Any = importlib.import_module("weasyprint")  # untyped
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    pdf: bytes = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf
