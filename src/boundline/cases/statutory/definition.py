"""The process definition: ``process.toml`` read into typed, checked values.

:func:`load_process` reads the packaged file (or another one with the same layout)
and checks that it hangs together: every stage a step names exists, every deadline,
condition and effect a step names is known, every role is a role. A definition that
does not is a :class:`~boundline.errors.UserInputError` naming the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from boundline.errors import UserInputError

__all__ = [
    "DeadlineRule",
    "FieldSpec",
    "FormRule",
    "Notice",
    "Process",
    "StepDef",
    "SubjectDef",
    "Track",
    "default_process",
    "load_process",
    "process_text",
]

UNITS = ("calendar_days", "working_days", "months")
COUNTINGS = ("after", "beginning_with")
FIELD_KINDS = ("text", "date", "yesno", "pseudonym")
#: Deadlines and obligations the effects refer to by name: the definition must have them.
NAMED_DEADLINES = (
    "iopc_referral",
    "representations",
    "interview",
    "progress_letter",
    "affected_update",
)
NAMED_OBLIGATIONS = (
    "notify_severity_change",
    "barred_list",
    "advisory_list",
    "barred_list_change",
    "inform_affected_person",
    "notice_variant_change",
)


@dataclass(frozen=True)
class FieldSpec:
    """One field a step takes: ``kind`` is text, date, yesno, pseudonym or choice (``values``)."""

    name: str
    kind: str
    values: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class StepDef:
    """One step of the process, as declared in ``[steps.<id>]``."""

    id: str
    track: str
    sources: tuple[str, ...]
    target: str | None
    roles: tuple[str, ...]
    subjects: tuple[str, ...]
    requires: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    starts: tuple[str, ...]
    closes: tuple[str, ...]
    effect: str | None
    summary: str
    targets: tuple[str, ...] = ()
    thread: str = ""
    replays: bool = False

    @property
    def line(self) -> str:
        """The line its effective dates are ordered on: its thread, or its track's main line."""
        return f"{self.thread} steps" if self.thread else f"main line of the {self.track} track"


@dataclass(frozen=True)
class DeadlineRule:
    """How a deadline's date is computed from the day it starts.

    A deadline that ``lapses`` is a period the subject has (e.g. to appeal), not a task
    of the force: once it has passed it is no longer listed as due.
    """

    kind: str
    label: str
    count: int
    unit: str
    counting: str
    repeat_months: int | None = None
    lapses: bool = False


@dataclass(frozen=True)
class FormRule:
    """A form of proceedings: the findings it may make and what each finding allows."""

    id: str
    label: str
    findings: tuple[str, ...]
    outcomes: dict[str, tuple[str, ...]]
    former_outcomes: dict[str, tuple[str, ...]]
    needs_live_fww: tuple[str, ...]
    barred: tuple[str, ...]
    stage: str = "proceedings"
    appeal: str | None = None


@dataclass(frozen=True)
class Track:
    """A track of the process (misconduct or criminal) with its first and last stages."""

    id: str
    initial: str
    terminal: tuple[str, ...]


@dataclass(frozen=True)
class SubjectDef:
    """A kind of subject (officer, staff): its notice variant, review deadlines, refusal."""

    id: str
    label: str
    notice: str
    refusal: str
    suspension_review: str = "suspension_review"
    restriction_review: str = "restriction_review"


@dataclass(frozen=True)
class Notice:
    """A document template and the fields it must be given."""

    template: str
    required: tuple[str, ...]


@dataclass(frozen=True)
class Process:
    """The whole definition (see ``process.toml``)."""

    version: int
    roles: tuple[str, ...]
    opening_roles: tuple[str, ...]
    common_fields: tuple[str, ...]
    subjects: dict[str, SubjectDef]
    tracks: dict[str, Track]
    stages: dict[str, str]
    deadlines: dict[str, DeadlineRule]
    obligations: dict[str, dict[str, str]]
    severities: tuple[str, ...]
    likely_proceedings: dict[str, str]
    likely_proceedings_staff: dict[str, str]
    forms: dict[str, FormRule]
    steps: dict[str, StepDef]
    notices: dict[str, Notice]
    report: Notice
    max_postponements: int
    postponement_working_days: int

    def step(self, step_id: str) -> StepDef:
        """The step called ``step_id`` (a ``KeyError`` if there is none)."""
        return self.steps[step_id]


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (value or ()))


def _fields(raw: dict[str, Any], required: bool) -> list[FieldSpec]:
    specs = []
    for name, kind in raw.items():
        if isinstance(kind, list):
            specs.append(FieldSpec(name, "choice", _tuple(kind), required))
        elif kind in FIELD_KINDS:
            specs.append(FieldSpec(name, str(kind), (), required))
        else:
            raise UserInputError(f"process: field {name} has unknown kind {kind!r}.")
    return specs


def _step(step_id: str, raw: dict[str, Any], common: tuple[str, ...]) -> StepDef:
    fields = [FieldSpec(name, "text") for name in common]
    fields += _fields(raw.get("fields", {}), True) + _fields(raw.get("optional", {}), False)
    return StepDef(
        id=step_id,
        track=str(raw["track"]),
        sources=_tuple(raw["from"]),
        target=raw.get("to"),
        roles=_tuple(raw["roles"]),
        subjects=_tuple(raw.get("subjects")),
        requires=_tuple(raw.get("requires")),
        fields=tuple(fields),
        starts=_tuple(raw.get("starts")),
        closes=_tuple(raw.get("closes")),
        effect=raw.get("effect"),
        summary=str(raw["summary"]),
        targets=_tuple(raw.get("targets")),
        thread=str(raw.get("thread", "")),
        replays=bool(raw.get("replays", False)),
    )


def _form(form_id: str, raw: dict[str, Any]) -> FormRule:
    return FormRule(
        id=form_id,
        label=str(raw["label"]),
        findings=_tuple(raw["findings"]),
        outcomes={k: _tuple(v) for k, v in raw.get("outcomes", {}).items()},
        former_outcomes={k: _tuple(v) for k, v in raw.get("former_outcomes", {}).items()},
        needs_live_fww=_tuple(raw.get("needs_live_fww")),
        barred=_tuple(raw.get("barred")),
        stage=str(raw.get("stage", "proceedings")),
        appeal=raw.get("appeal"),
    )


def _subject(subject_id: str, raw: dict[str, Any]) -> SubjectDef:
    return SubjectDef(
        subject_id,
        raw["label"],
        raw["notice"],
        raw.get("refusal", ""),
        str(raw.get("suspension_review", "suspension_review")),
        str(raw.get("restriction_review", "restriction_review")),
    )


def _deadline(kind: str, raw: dict[str, Any]) -> DeadlineRule:
    return DeadlineRule(
        kind,
        raw["label"],
        int(raw["count"]),
        raw["unit"],
        raw["counting"],
        raw.get("repeat_months"),
        bool(raw.get("lapses", False)),
    )


def _build(data: dict[str, Any]) -> Process:
    common = _tuple(data.get("common_fields"))
    sev = data["severity"]
    return Process(
        version=int(data["version"]),
        roles=_tuple(data["roles"]),
        opening_roles=_tuple(data["opening"]["roles"]),
        common_fields=common,
        subjects={k: _subject(k, v) for k, v in data["subjects"].items()},
        tracks={
            k: Track(k, v["initial"], _tuple(v["terminal"])) for k, v in data["tracks"].items()
        },
        stages=dict(data["stages"]),
        deadlines={k: _deadline(k, v) for k, v in data["deadlines"].items()},
        obligations={k: dict(v) for k, v in data["obligations"].items()},
        severities=_tuple(sev["values"]),
        likely_proceedings=dict(sev["likely_proceedings"]),
        likely_proceedings_staff=dict(sev["likely_proceedings_staff"]),
        forms={k: _form(k, v) for k, v in data["forms"].items()},
        steps={k: _step(k, v, common) for k, v in data["steps"].items()},
        notices={
            k: Notice(v["template"], _tuple(v["required"])) for k, v in data["notices"].items()
        },
        report=Notice(data["report"]["template"], _tuple(data["report"]["required"])),
        max_postponements=int(data["interview"]["max_postponements"]),
        postponement_working_days=int(data["interview"]["postponement_working_days"]),
    )


def _problems(p: Process) -> list[str]:
    from boundline.cases.statutory.effects import EFFECTS
    from boundline.cases.statutory.guards import GUARDS

    out: list[str] = [f"deadlines.{k} is missing" for k in NAMED_DEADLINES if k not in p.deadlines]
    out += [f"obligations.{k} is missing" for k in NAMED_OBLIGATIONS if k not in p.obligations]
    out += [f"opening: unknown role {r}" for r in p.opening_roles if r not in p.roles]
    for track in p.tracks.values():
        out += [
            f"tracks.{track.id}: unknown stage {s}"
            for s in (track.initial, *track.terminal)
            if s not in p.stages
        ]
    for rule in p.deadlines.values():
        if rule.unit not in UNITS or rule.counting not in COUNTINGS:
            out.append(f"deadlines.{rule.kind}: unit/counting must be one of {UNITS}/{COUNTINGS}")
    for subject in p.subjects.values():
        out += [
            f"subjects.{subject.id}: unknown deadline {d}"
            for d in (subject.suspension_review, subject.restriction_review)
            if d not in p.deadlines
        ]
    for form in p.forms.values():
        if form.stage not in p.stages:
            out.append(f"forms.{form.id}: unknown stage {form.stage}")
        if form.appeal is not None and form.appeal not in p.deadlines:
            out.append(f"forms.{form.id}: unknown deadline {form.appeal}")
    for ob_id, ob in p.obligations.items():
        if ob.get("discharged_by") not in p.steps:
            out.append(f"obligations.{ob_id}: unknown discharged_by step")
        if "deadline" in ob and ob["deadline"] not in p.deadlines:
            out.append(f"obligations.{ob_id}: unknown deadline")
    for s in p.steps.values():
        where = f"steps.{s.id}"
        if s.track not in p.tracks:
            out.append(f"{where}: unknown track {s.track}")
        out += [
            f"{where}: unknown stage {x}"
            for x in (*s.sources, s.target or s.sources[0], *s.targets)
            if x not in p.stages
        ]
        out += [f"{where}: unknown role {r}" for r in s.roles if r not in p.roles]
        out += [f"{where}: unknown subject {x}" for x in s.subjects if x not in p.subjects]
        out += [f"{where}: unknown condition {g}" for g in s.requires if g not in GUARDS]
        out += [
            f"{where}: unknown deadline {d}" for d in (*s.starts, *s.closes) if d not in p.deadlines
        ]
        if s.effect is not None and s.effect not in EFFECTS:
            out.append(f"{where}: unknown effect {s.effect}")
    return out


def load_process(path: Path | None = None) -> Process:
    """The process definition at ``path``, or the packaged ``process.toml``."""
    source = str(path) if path else "process.toml"
    try:
        text = path.read_text(encoding="utf-8") if path else process_text()
        process = _build(tomllib.loads(text))
    except OSError as exc:
        raise UserInputError(f"{source}: cannot read the process definition ({exc}).") from None
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise UserInputError(f"{source}: not a valid process definition ({exc!r}).") from None
    problems = _problems(process)
    if problems:
        raise UserInputError(f"{source}: " + "; ".join(problems) + ".")
    return process


def process_text() -> str:
    """The text of the packaged ``process.toml``."""
    return resources.files("boundline.cases.statutory").joinpath("process.toml").read_text("utf-8")


@lru_cache(maxsize=1)
def default_process() -> Process:
    """The packaged definition, read once."""
    return load_process()
