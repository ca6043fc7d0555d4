"""``boundline report``: the evidence about one officer and one person, as HTML or PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from boundline.cli._common import (
    DEFAULT_STORE_PATH,
    EngineOption,
    FromDayOption,
    SparkMasterOption,
    StoreOption,
    ToDayOption,
    guarded,
    open_engine,
)
from boundline.cli._common import out as console
from boundline.cli._files import output_file, require_folder, write_output
from boundline.contract import DEFAULT_TIMEZONE
from boundline.errors import UserInputError

_SUFFIXES = (".html", ".pdf")


@guarded
def report_command(
    officer: Annotated[str, typer.Option("--officer", help="The officer's officer_id.")],
    person: Annotated[str | None, typer.Option("--person", help="The person's person_id.")] = None,
    counterpart: Annotated[
        str | None,
        typer.Option(
            "--counterpart",
            help="A phone number or handle instead of a person (normalised as at ingest).",
        ),
    ] = None,
    date_from: FromDayOption = None,
    date_to: ToDayOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    out: Annotated[
        Path, typer.Option("--out", help="The report file: FILE.html or FILE.pdf.")
    ] = Path("report.html"),
    tz: Annotated[
        str, typer.Option("--tz", help="The force's time zone, for night and local days.")
    ] = DEFAULT_TIMEZONE,
    engine: EngineOption = "duckdb",
    spark_master: SparkMasterOption = None,
) -> None:
    """A report on one officer and one person (or counterpart), as HTML or PDF.

    The evidence figures in words and tables, how they met on duty, a weekly
    timeline, an hour-by-weekday matrix, visits with a map, record look-ups and
    the provenance (source files with their SHA-256, detector versions). Give
    exactly one of --person and --counterpart.
    """
    from boundline.reports import build_report, render_html, render_pdf

    if (person is None) == (counterpart is None):
        raise UserInputError("Give exactly one of --person and --counterpart.")
    if out.suffix.lower() not in _SUFFIXES:
        raise UserInputError(f"{out}: --out must end in .html or .pdf.")
    require_folder(out)
    report = build_report(
        open_engine(store, engine, spark_master),
        officer,
        person_id=person,
        counterpart=counterpart,
        date_from=date_from.date() if date_from else None,
        date_to=date_to.date() if date_to else None,
        tz=tz,
    )
    html = render_html(report)
    if out.suffix.lower() == ".pdf":
        with output_file(out) as temporary:
            render_pdf(html, temporary)
    else:
        write_output(out, html)
    subject = person if person is not None else counterpart
    console.print(f"Report on {officer} and {subject} written to {out}.")
