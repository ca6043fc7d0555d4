"""``boundline case allege`` and ``case find``: allegations, and the finding on each.

The allegations feed ``case show`` and the documents: the regulation 17 notice's
conduct and standard, and the regulation 21 report's allegation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.markup import escape

from boundline.cases import add_allegation
from boundline.cases.findings import record_finding
from boundline.cli._casestore import AsOption, CaseArgument, DbOption, ReasonOption, acting
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, guarded, out


@guarded
def case_allege_command(
    case: CaseArgument,
    text: Annotated[str, typer.Option("--text", help="The conduct alleged, in plain words.")],
    standard: Annotated[
        list[str],
        typer.Option(
            "--standard",
            help="A Standard of Professional Behaviour it would breach (repeatable), "
            "e.g. 'discreditable conduct'.",
        ),
    ],
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Record an allegation against the case's subject, with the standards it would breach."""
    with acting(store, db, as_user) as (session, actor):
        allegation = add_allegation(session, actor, case, text, standard)
        standards = "; ".join(allegation.standards)
    out.print(f"{case.upper()}: allegation recorded ({escape(standards)}).")


@guarded
def case_find_command(
    case: CaseArgument,
    allegation: Annotated[int, typer.Argument(help="The allegation's number (`case show`).")],
    finding: Annotated[str, typer.Option("--finding", help="proven or not_proven.")],
    reason: ReasonOption,
    on: Annotated[
        datetime | None,
        typer.Option("--on", formats=["%Y-%m-%d"], help="The day it was found (default today)."),
    ] = None,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Record the finding on one allegation (the appropriate authority)."""
    with acting(store, db, as_user) as (session, actor):
        record_finding(session, actor, case, allegation, finding, reason, on.date() if on else None)
    out.print(f"{case.upper()}: allegation {allegation} found {finding}.")
