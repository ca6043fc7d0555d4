"""Checking the fields given to a step against what the step declares.

Every value is a string (the CLI and the web form give strings): a ``date`` is an
ISO date (``2026-03-02``), a ``yesno`` is ``yes`` or ``no``, a ``pseudonym`` is the
case store's pseudonym of a person (``PERSON-91B0DE``, or ``CONTACT-…``: never a
name), a choice is one of its values, and ``text`` must not be blank. Fields the step
does not declare are refused, so a typo never passes silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from boundline.cases.statutory.definition import FieldSpec, StepDef

__all__ = ["PSEUDONYM", "field_problems"]

#: A person's pseudonym in the case store (:mod:`boundline.cases.pseudonyms`).
PSEUDONYM = re.compile(r"(PERSON|CONTACT)-[0-9A-F]{6,}")


def _problem(spec: FieldSpec, value: str) -> str | None:
    if spec.kind == "text":
        return None if value.strip() else f"{spec.name} is blank"
    if spec.kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"{spec.name}={value!r} is not a date (YYYY-MM-DD)"
        return None
    if spec.kind == "pseudonym":
        if PSEUDONYM.fullmatch(value):
            return None
        return f"{spec.name}={value!r} is not a pseudonym (PERSON-… or CONTACT-…; never a name)"
    if spec.kind == "yesno":
        return None if value in ("yes", "no") else f"{spec.name}={value!r} is not yes or no"
    if value not in spec.values:
        return f"{spec.name}={value!r} is not one of {', '.join(spec.values)}"
    return None


def field_problems(step: StepDef, fields: Mapping[str, str]) -> list[str]:
    """What is wrong with ``fields`` for ``step``: missing, unknown or ill-formed fields."""
    known = {spec.name: spec for spec in step.fields}
    problems = [f"unknown field {name}" for name in fields if name not in known]
    for spec in step.fields:
        if spec.name not in fields:
            if spec.required:
                problems.append(f"missing field {spec.name}")
            continue
        if (problem := _problem(spec, fields[spec.name])) is not None:
            problems.append(problem)
    return problems
