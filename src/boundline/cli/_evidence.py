"""``boundline evidence``: the figures about one officer and one person, as JSON."""

from __future__ import annotations

import json
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
from boundline.cli._files import require_folder, write_output
from boundline.contract import DEFAULT_TIMEZONE
from boundline.evidence import evidence


@guarded
def evidence_command(
    officer: Annotated[str, typer.Option("--officer", help="The officer's officer_id.")],
    person: Annotated[str, typer.Option("--person", help="The person's person_id.")],
    date_from: FromDayOption = None,
    date_to: ToDayOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the JSON here instead of printing it.")
    ] = None,
    tz: Annotated[
        str, typer.Option("--tz", help="The force's time zone, for night and local days.")
    ] = DEFAULT_TIMEZONE,
    engine: EngineOption = "duckdb",
    spark_master: SparkMasterOption = None,
) -> None:
    """The evidence figures about one officer and one person (outputs.md), as JSON.

    Contacts, silences and record look-ups are counted over the whole store, or
    over the days from --from to --to (both included, in the force's local time).
    """
    if out is not None:
        require_folder(out)
    figures = evidence(
        open_engine(store, engine, spark_master),
        officer,
        person,
        date_from.date() if date_from else None,
        date_to.date() if date_to else None,
        tz=tz,
    )
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    if out is None:
        typer.echo(text)
        return
    write_output(out, text + "\n")
    console.print(f"Evidence for {officer} and {person} written to {out}.")
