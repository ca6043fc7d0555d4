"""The history of a case as it stands after its corrections.

The history of a state (``ProcessState.history``) is the log of every step ever
recorded, in order, position ``seq`` (from 1, the opening) the same as the case
store's transition number. A correction (the step ``correct_step``) never edits the
log: it is appended, and names the position it supersedes (``supersedes``). The
*effective* history is the log read with its corrections: each superseded record
replaced by its corrected version (fields given in the correction replace the
recorded ones; ``step_on`` replaces the effective date), or left out if the
correction removes it (``remove=yes``); the correction records themselves are left
out. Where one position was corrected more than once, the latest correction wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from boundline.cases.statutory.state import StepRecord

__all__ = [
    "CORRECTION_FIELDS",
    "CORRECT_STEP",
    "corrected",
    "effective_records",
    "superseded",
]

#: The step a correction is recorded under.
CORRECT_STEP = "correct_step"
#: The fields that belong to the correction itself; every other is the corrected step's.
CORRECTION_FIELDS = ("supersedes", "remove", "step_on", "reason")


def superseded(record: StepRecord) -> int | None:
    """The position a correction supersedes (``None`` for any other record)."""
    if record.step != CORRECT_STEP:
        return None
    value = dict(record.fields).get("supersedes", "")
    return int(value) if value.isdigit() else None


def corrected(original: StepRecord, correction: StepRecord) -> StepRecord | None:
    """``original`` as ``correction`` corrects it, or ``None`` if the correction removes it.

    The corrected record keeps who took the step and why; its fields are the recorded
    ones with the correction's step fields in their place, its effective date the
    correction's ``step_on`` (if given), and its recording time the correction's.
    """
    given = dict(correction.fields)
    if given.get("remove") == "yes":
        return None
    fields = dict(original.fields)
    fields.update({k: v for k, v in given.items() if k not in CORRECTION_FIELDS})
    on = date.fromisoformat(given["step_on"]) if "step_on" in given else original.on
    return replace(original, fields=tuple(sorted(fields.items())), on=on, at=correction.at)


def effective_records(history: Sequence[StepRecord]) -> tuple[StepRecord, ...]:
    """The log ``history`` read with its corrections (see the module docstring)."""
    latest: dict[int, StepRecord] = {}
    for record in history:
        seq = superseded(record)
        if seq is not None:
            latest[seq] = record
    if not latest:
        return tuple(r for r in history if r.step != CORRECT_STEP)
    out: list[StepRecord] = []
    for seq, record in enumerate(history, start=1):
        if record.step == CORRECT_STEP:
            continue
        correction = latest.get(seq)
        if correction is None:
            out.append(record)
        elif (fixed := corrected(record, correction)) is not None:
            out.append(fixed)
    return tuple(out)
