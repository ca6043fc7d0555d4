"""Identities in every output, as the acting user may see them: one function.

:func:`masked` replaces each real id in a text (or in the lists and dicts of a
value) by what the user may see; the builders say which ids: :func:`identities`
knows every officer, person and contact the case database holds (for free text: a
case title, a reason, an audit entry), a pair's view knows its own
(:mod:`boundline.cases.pairs`). For a role that sees identities the replacements are
empty and the value is returned as it is.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from boundline.cases.models import CaseSubject, Pseudonym, TriageItem
from boundline.cases.pseudonyms import pseudonym
from boundline.cases.roles import Actor, Permission, can

__all__ = ["identities", "masked"]


def masked(value: Any, replacements: dict[str, str]) -> Any:
    """``value`` (text, or lists and dicts of them) with each real id as shown.

    An id is replaced only where it stands alone (not inside a longer id), longest
    first, in keys and values alike.
    """
    if not replacements:
        return value
    pattern = _pattern(replacements)

    def walk(v: Any) -> Any:
        if isinstance(v, str):
            return pattern.sub(lambda m: replacements[m.group(0)], v)
        if isinstance(v, dict):
            return {walk(k): walk(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [walk(x) for x in v]
        return v

    return walk(value)


#: The last replacements a pattern was compiled for, and the pattern (a request masks
#: many values with the same replacements; compiling thousands of ids costs milliseconds).
_LAST: list[tuple[dict[str, str], int, re.Pattern[str]]] = []


def _pattern(replacements: dict[str, str]) -> re.Pattern[str]:
    """One pattern matching any id of ``replacements`` standing alone, longest first."""
    for known, size, pattern in _LAST:
        if known is replacements and size == len(replacements):
            return pattern
    alternatives = "|".join(re.escape(k) for k in sorted(replacements, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w+-])(?:{alternatives})(?![\w-])")
    _LAST[:] = [(replacements, len(replacements), pattern)]
    return pattern


def identities(session: Session, actor: Actor) -> dict[str, str]:
    """Every real id the case database holds → its pseudonym (empty if the actor sees ids).

    Ids named by triage items and case subjects get their pseudonym made if they
    have none yet, so a text can never show an id that has no pseudonym.
    """
    if can(actor.role, Permission.IDENTITY_SEE):
        return {}
    named: set[tuple[str, str]] = set()
    for officer, person, counterpart in session.execute(
        select(TriageItem.officer_id, TriageItem.person_id, TriageItem.counterpart)
    ):
        named.add(("officer", officer))
        if person:
            named.add(("person", person))
        if counterpart:
            named.add(("counterpart", counterpart))
    named.update(("officer", o) for o in session.scalars(select(CaseSubject.officer_id)))
    known = {(p.kind, p.real_id): p.pseudonym for p in session.scalars(select(Pseudonym))}
    for kind, real in sorted(named - set(known)):
        known[(kind, real)] = pseudonym(session, kind, real)
    return {real: name for (_, real), name in known.items()}
