"""What every effect shares: the step's context, refusing a step, raising obligations.

An effect (``effect = "..."`` in ``process.toml``) is a function of the state and a
:class:`StepContext` that returns the new state, or raises :class:`Refused` with the
reason the step is illegal; the machine turns that into an
:class:`~boundline.errors.IllegalStepError` that also says what is allowed instead.
``ctx.day`` is the step's *effective* date (when it happened); ``ctx.at`` the instant
it is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeVar

from boundline.cases.statutory.calendar import local_day
from boundline.cases.statutory.deadlines import close_deadline, start_deadline
from boundline.cases.statutory.definition import Process, StepDef
from boundline.cases.statutory.state import Obligation, ProcessState

__all__ = [
    "Effect",
    "Refused",
    "StepContext",
    "need",
    "raise_obligation",
    "withdraw_obligation",
]


class Refused(Exception):
    """An effect found the step illegal; ``args[0]`` says why (never escapes the machine)."""


@dataclass(frozen=True)
class StepContext:
    """What an effect knows about the step being taken (``day``: its effective date)."""

    process: Process
    step: StepDef
    fields: dict[str, str]
    at: datetime
    day: date
    actor_role: str

    @property
    def today(self) -> date:
        """The day the step is recorded (the local day of ``at``)."""
        return local_day(self.at)


Effect = Callable[[ProcessState, StepContext], ProcessState]
T = TypeVar("T")


def need(value: T | None, why: str) -> T:
    """``value``, or :class:`Refused` with ``why`` (a condition the TOML should have required)."""
    if value is None:
        raise Refused(why)
    return value


def raise_obligation(
    state: ProcessState, process: Process, kind: str, at: datetime, day: date, ref: str = ""
) -> ProcessState:
    """``state`` with obligation ``kind`` (owed to ``ref``) pending, its deadline started."""
    if any(o.ref == ref for o in state.pending(kind)):
        return state
    spec = process.obligations[kind]
    new = Obligation(kind, spec["text"], at, ref=ref)
    state = replace(state, obligations=(*state.obligations, new))
    if "deadline" in spec:
        state = start_deadline(state, process.deadlines[spec["deadline"]], at, day, ref=ref)
    return state


def withdraw_obligation(
    state: ProcessState, process: Process, kind: str, at: datetime, step: str
) -> ProcessState:
    """``state`` with the pending obligations of ``kind`` withdrawn (no longer owed).

    A withdrawn obligation is marked discharged at ``at`` (the step that withdrew it is
    in the history); its deadline, if any, is closed by ``step``.
    """
    if not state.pending(kind):
        return state
    state = replace(
        state,
        obligations=tuple(
            replace(o, discharged_at=at) if o.kind == kind and o.pending else o
            for o in state.obligations
        ),
    )
    deadline = process.obligations[kind].get("deadline")
    return close_deadline(state, deadline, at, step) if deadline else state
