"""Step forms generated from ``process.toml``: one form per step a person may take now.

A step's fields (their kinds, required or optional, allowed values) come from the
process definition, never from the page: a ``choice`` is a select of its values, a
``date`` a date input, ``yesno`` a yes/no select, ``text`` and ``pseudonym`` a text
input. Every step also takes a reason (required), the day it happened (optional)
and the subject. Posted values come back under ``f_<name>`` so that no field can
collide with the form's own keys (``csrf``, ``reason``, ``on``, ``subject``,
``seen``); what the process then accepts is decided by the case services.
"""

from __future__ import annotations

from dataclasses import dataclass

from boundline.cases.statutory import default_process
from boundline.cases.statutory.definition import FieldSpec, StepDef
from boundline.errors import UserInputError

__all__ = ["FormField", "StepForm", "posted_fields", "step_form", "words"]

PREFIX = "f_"


@dataclass(frozen=True)
class FormField:
    """One input of a step form."""

    name: str
    label: str
    kind: str  # text | date | yesno | pseudonym | choice
    values: tuple[str, ...]
    required: bool

    @property
    def key(self) -> str:
        """The input's name in the posted form."""
        return PREFIX + self.name


@dataclass(frozen=True)
class StepForm:
    """A step as a form: its id, its title, what it does and its fields."""

    step: str
    title: str
    summary: str
    track: str
    fields: tuple[FormField, ...]


def words(name: str) -> str:
    """``refer_to_iopc`` as ``Refer to IOPC`` (a label from an identifier)."""
    text = name.replace("_", " ")
    for short in ("iopc", "cps", "nfa", "reg17", "reg21"):
        text = " ".join(w.upper() if w == short else w for w in text.split(" "))
    return text[:1].upper() + text[1:]


def _suggestions(name: str) -> tuple[str, ...]:
    """Values to offer for a free-text field the process checks against its forms."""
    if name != "outcome":
        return ()
    forms = default_process().forms.values()
    found = (o for form in forms for allowed in form.outcomes.values() for o in allowed)
    return tuple(dict.fromkeys(found))


def _field(spec: FieldSpec) -> FormField:
    values = spec.values or _suggestions(spec.name)
    return FormField(spec.name, words(spec.name), spec.kind, values, spec.required)


def _definition(step: str) -> StepDef:
    steps = default_process().steps
    if step not in steps:
        raise UserInputError(f"{step!r} is not a step of the statutory process.")
    return steps[step]


def step_form(step: str) -> StepForm:
    """The form of ``step`` (a UserInputError for a step the process does not have)."""
    spec = _definition(step)
    fields = tuple(_field(f) for f in spec.fields if f.name != "reason")
    return StepForm(step, words(step), spec.summary, spec.track, fields)


def posted_fields(step: str, form: dict[str, str]) -> dict[str, str]:
    """The step's fields from a posted form: blank optional fields left out, others as given.

    Names the step does not declare are ignored here; the service checks the rest.
    """
    declared = {f.name for f in _definition(step).fields}
    found = {}
    for name in sorted(declared - {"reason"}):
        value = form.get(PREFIX + name, "").strip()
        if value:
            found[name] = value
    return found
