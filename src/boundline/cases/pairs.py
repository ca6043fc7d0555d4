"""Opening a queue item's pair (officer and person or counterpart) for study.

The workbench's pair workspace and its downloads come through :func:`open_pair`:
it checks ``pair.view``, records the look as a ``view`` audit entry (what was
looked at, and the identities as shown), and says what the user may see: real ids
for roles with ``identity.see``, stable pseudonyms for everyone else.
:func:`~boundline.cases.masking.masked` applies that to any figure, text or JSON before it is shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from boundline.audit import record
from boundline.cases.compartments import may_see
from boundline.cases.masking import masked
from boundline.cases.models import Case, TriageItem
from boundline.cases.pseudonyms import shown
from boundline.cases.roles import Actor, Permission, can, require
from boundline.errors import CaseHiddenError, UserInputError

__all__ = ["PairView", "masked", "open_pair", "with_person"]


@dataclass(frozen=True)
class PairView:
    """A queue item's pair as one user may see it, with the real ids for computing."""

    item_id: int
    officer_id: str
    person_id: str | None
    counterpart: str | None
    officer: str
    person: str
    real: bool
    score: float
    severity: str
    status: str
    alert: dict[str, Any]
    #: further real id → shown name, e.g. the person a counterpart turned out to be
    also: tuple[tuple[str, str], ...] = ()

    @property
    def replacements(self) -> dict[str, str]:
        """Real id → shown name, for :func:`masked` (empty when ids are shown as they are)."""
        if self.real:
            return {}
        pairs = {self.officer_id: self.officer}
        real = self.person_id or self.counterpart
        if real:
            pairs[real] = self.person
        if self.person_id and self.counterpart:
            pairs[self.counterpart] = self.person
        pairs.update(dict(self.also))
        return pairs


def open_pair(session: Session, actor: Actor, item_id: int, what: str) -> PairView:
    """The pair of queue item ``item_id``, for ``what`` (a page or download); audited."""
    require(actor, Permission.PAIR_VIEW)
    item = session.get(TriageItem, item_id)
    if item is None:
        raise UserInputError(f"No triage item {item_id} in this case database.")
    case = session.get(Case, item.case_id) if item.case_id is not None else None
    if case is not None and not may_see(session, actor, case):
        # a confirmed pair belongs to its case: need to know, like the case
        raise CaseHiddenError(
            f"No triage item {item_id} in this case database.", case=case.reference
        )
    officer = shown(session, actor, "officer", item.officer_id) or ""
    if item.person_id:
        person = shown(session, actor, "person", item.person_id) or ""
    else:
        person = shown(session, actor, "counterpart", item.counterpart) or ""
    real = can(actor.role, Permission.IDENTITY_SEE)
    detail = {
        "what": what,
        "officer": officer,
        "person": person,
        "identities": "real" if real else "pseudonymised",
    }
    record(session, actor.username, "view", "triage_item", str(item.id), detail)
    view = PairView(
        item.id,
        item.officer_id,
        item.person_id,
        item.counterpart,
        officer,
        person,
        real,
        item.score,
        item.severity,
        item.status,
        {},
    )
    alert = masked(json.loads(item.alert_json), view.replacements)
    return PairView(**{**view.__dict__, "alert": alert})


def with_person(session: Session, actor: Actor, view: PairView, person_id: str) -> PairView:
    """``view`` that also shows ``person_id`` as this actor may see it.

    A counterpart item's figures can turn out to be about a known person (the number
    is theirs): that person is then shown like the others, by pseudonym if need be.
    """
    if view.real or person_id == view.person_id:
        return view
    name = shown(session, actor, "person", person_id) or ""
    return PairView(**{**view.__dict__, "also": (*view.also, (person_id, name))})
