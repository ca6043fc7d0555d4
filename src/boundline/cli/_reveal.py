"""``boundline reveal``: the real identity behind a pseudonym, with a reason (audited)."""

from __future__ import annotations

from typing import Annotated

import typer

from boundline.cases import reveal
from boundline.cli._casestore import AsOption, DbOption, acting
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, guarded, out


@guarded
def reveal_command(
    pseudonym: Annotated[str, typer.Argument(help="e.g. OFFICER-7F3A2C or PERSON-91B0DE.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Why the identity is needed (required; audited).")
    ],
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Reveal the real id behind a pseudonym (investigators, appropriate authorities, admins)."""
    with acting(store, db, as_user) as (session, actor):
        found = reveal(session, actor, pseudonym, reason)
        out.print(f"{found.pseudonym} is {found.kind} {found.real_id}.")
