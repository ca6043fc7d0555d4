"""``boundline case``: cases through the statutory misconduct process.

``open`` starts a case's process (a new case, or one confirmed from an alert by an
analyst), ``advance`` takes a step, ``show`` and ``list`` read, ``notice`` and
``report`` make the documents (kept as exhibits), and ``due`` lists what falls due.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from sqlalchemy.orm import Session

from boundline.audit import utcnow
from boundline.cases import (
    Actor,
    Document,
    advance,
    begin_process,
    case_status,
    due_across,
    list_cases,
    make_notice,
    make_report,
    open_case_with_process,
)
from boundline.cases.statutory import DueItem, ProcessState
from boundline.cases.statutory.calendar import local_day
from boundline.cases.statutory.due import when_due
from boundline.cli._casestore import AsOption, CaseArgument, DbOption, ReasonOption, acting
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, guarded, out
from boundline.cli._due import due_json, due_line
from boundline.cli._files import require_folder, write_output
from boundline.cli._output import JsonOption, case_row_json, case_status_json, print_json
from boundline.errors import UserInputError

case_app = typer.Typer(
    name="case", no_args_is_help=True, help="Cases through the statutory misconduct process."
)
FieldOption = Annotated[
    list[str] | None,
    typer.Option("--field", help="KEY=VALUE, repeatable: a field of the step or document."),
]
OutOption = Annotated[Path, typer.Option("--out", help="Where to write it: FILE.html or FILE.pdf.")]
_DAY = ["%Y-%m-%d"]
SubjectOption = Annotated[
    str | None,
    typer.Option(
        "--subject",
        help="Which subject (officer id or pseudonym), when the case has more than one.",
    ),
]
OnOption = Annotated[
    datetime | None,
    typer.Option("--on", formats=_DAY, help="The day it happened (default today)."),
]


def _fields(pairs: list[str] | None) -> dict[str, str]:
    """``KEY=VALUE`` options as a dict; a UserInputError for one without ``=``."""
    fields: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UserInputError(f"--field {pair!r} is not KEY=VALUE.")
        fields[key.strip()] = value
    return fields


def _pdf(path: Path) -> bool:
    """Whether ``--out`` asks for a PDF (``.pdf``) or HTML (``.html``); else a UserInputError."""
    suffix = path.suffix.lower()
    if suffix not in (".html", ".pdf"):
        raise UserInputError(f"{path}: --out must end in .html or .pdf.")
    return suffix == ".pdf"


def _write_document(
    what: str,
    out_file: Path,
    store: Path,
    db: str | None,
    as_user: str | None,
    make: Callable[[Session, Actor, bool], Document],
) -> None:
    """Make a document (``make(session, actor, pdf)``) as a user, and write it to ``out_file``."""
    pdf = _pdf(out_file)
    require_folder(out_file)
    with acting(store, db, as_user) as (session, actor):
        doc = make(session, actor, pdf)
        write_output(out_file, doc.content)  # a failure here also undoes keeping the exhibit
        out.print(f"{what} written to {out_file}; kept as exhibit {doc.exhibit.reference}.")


def _due_line(item: DueItem, on: date | None = None) -> str:
    """A due item with its date in words ("3 working days overdue"), as of ``on`` (today)."""
    return due_line(item, on or local_day(utcnow()))


def _alongside(state: ProcessState) -> list[str]:
    """What runs beside the stages: references, suspension, affected persons, appeal."""
    lines = [f"reference ({r.kind}): {r.value}" for r in state.references]
    if state.measure is not None:
        m = state.measure
        lines.append(f"{m.kind.replace('_', ' ')} since {m.since} ({m.reviews} review(s))")
    lines += [
        f"affected person {p.ref} ({p.role}): {p.updates} update(s)"
        + (f", last on {p.last_update_on}" if p.last_update_on else "")
        for p in state.affected
    ]
    if state.pending_appeal is not None:
        lines.append(f"appeal lodged on {state.pending_appeal.lodged_on}, not yet decided")
    return lines


@case_app.command("open")
@guarded
def case_open_command(
    reason: ReasonOption,
    case: Annotated[
        str | None, typer.Argument(help="An existing case whose process to start (e.g. BL-…).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="A new case's title.")] = None,
    subject: Annotated[
        str | None,
        typer.Option(
            "--subject",
            help="A new case's subject (officer or staff id); for an existing case, the "
            "one subject whose process to start.",
        ),
    ] = None,
    origin: Annotated[
        str, typer.Option("--origin", help="alert, complaint, conduct_matter or intelligence.")
    ] = "conduct_matter",
    purpose: Annotated[str, typer.Option("--purpose", help="misconduct, criminal or both.")] = (
        "misconduct"
    ),
    staff: Annotated[bool, typer.Option("--staff", help="The subject is police staff.")] = False,
    not_apsp: Annotated[
        bool, typer.Option("--not-apsp", help="The matter is not abuse of position (APSP).")
    ] = False,
    former: Annotated[
        bool, typer.Option("--former", help="The subject has already left the service.")
    ] = False,
    came_to_attention: Annotated[
        datetime | None,
        typer.Option(
            "--came-to-attention", formats=_DAY, help="When it came to attention (default today)."
        ),
    ] = None,
    on: OnOption = None,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Record a conduct matter: open a new case, or start the process of an existing one.

    For an existing case, --subject starts one subject's process (default: every
    subject without one yet).
    """
    attention = came_to_attention.date() if came_to_attention else None
    day = on.date() if on else None
    with acting(store, db, as_user) as (session, actor):
        if case is not None:
            if title or staff:
                raise UserInputError("--title and --staff are for a new case only.")
            [*_, (_, t)] = begin_process(
                session,
                actor,
                case,
                reason,
                subject=subject,
                apsp=not not_apsp,
                former=former,
                came_to_attention=attention,
                on=day,
            )
            reference = case.upper()
        else:
            if not title or not subject:
                raise UserInputError("A new case needs --title and --subject.")
            opened, t = open_case_with_process(
                session,
                actor,
                title=title,
                subject=subject,
                reason=reason,
                origin=origin,
                purpose=purpose,
                subject_kind="staff" if staff else "officer",
                apsp=not not_apsp,
                former=former,
                came_to_attention=attention,
                on=day,
            )
            reference = opened.reference
    out.print(f"Case {reference} is in stage {t.state.stage('misconduct')}.")
    for d in t.started:
        out.print(f"  due {d.due_on} ({when_due(d.due_on, local_day(utcnow()))}): {d.kind}")


@case_app.command("advance")
@guarded
def case_advance_command(
    case: CaseArgument,
    step: Annotated[str, typer.Argument(help="The step to take (see `boundline case show`).")],
    reason: ReasonOption,
    field: FieldOption = None,
    subject: SubjectOption = None,
    on: OnOption = None,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Take a step of the statutory process (refused, exit 2, when not allowed now).

    The step is for one subject (--subject when the case has several) and took
    effect --on a day (default today): not in the future, not before the step it
    follows.
    """
    day = on.date() if on else None
    with acting(store, db, as_user) as (session, actor):
        t = advance(session, actor, case, step, reason, _fields(field), subject=subject, on=day)
    r = t.record
    out.print(
        f"{case.upper()}: {step} on {r.on} ({r.track} track, {r.from_stage} -> {r.to_stage})."
    )
    for d in t.started:
        out.print(f"  due {d.due_on} ({when_due(d.due_on, local_day(utcnow()))}): {d.kind}")
    for d in t.closed:
        out.print(f"  closed: {d.kind}")
    for o in t.raised:
        out.print(f"  [bold]obligation:[/] {escape(o.text)}")
    for o in t.discharged:
        out.print(f"  discharged: {escape(o.text)}")


@case_app.command("show")
@guarded
def case_show_command(
    case: CaseArgument,
    as_json: JsonOption = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """A case: its stages, steps taken, what is due, and the steps you may take next."""
    today = local_day(utcnow())
    with acting(store, db, as_user) as (session, actor):
        s = case_status(session, actor, case, today)
        role = actor.role.value
    if as_json:
        print_json(case_status_json(s, role, today))
        return
    c = s.case
    out.print(f"[bold]{c.reference}[/] {escape(s.title)}")
    out.print(
        f"origin {c.origin}, purpose {c.purpose}, opened {c.opened_at:%Y-%m-%d} by {c.opened_by}"
    )
    for a in s.allegations:
        found = f": found {a.finding.replace('_', ' ')} on {a.found_on}" if a.finding else ""
        out.print(f"allegation {a.id}: {escape(a.text)} ({'; '.join(a.standards)}){found}")
    if not s.subjects:
        out.print("subjects: none")
    for subject in s.subjects:
        out.print(f"[bold]subject {escape(subject.label)}[/] ({subject.kind})")
        if subject.state is None:
            out.print(
                "  The statutory process has not started: `boundline case open CASE --reason R`."
            )
            continue
        out.print(
            f"  misconduct track: {subject.state.stage('misconduct')}; "
            f"criminal track: {subject.state.stage('criminal')}"
        )
        for line in _alongside(subject.state):
            out.print(f"  {escape(line)}")
        for item in subject.due:
            out.print(f"  due: {_due_line(item, today)}")
        allowed = ", ".join(subject.allowed) or "none"
        out.print(f"  Allowed next for {role}: {allowed}")
    labels = s.labels
    for t in s.steps:
        when = f"on {t.effective_on}, " if t.effective_on else ""
        out.print(
            f"  {t.seq}. {escape(labels.get(t.subject_id, '?'))}: {t.step} "
            f"({t.from_stage or '-'} -> {t.to_stage}) {when}recorded "
            f"{t.at:%Y-%m-%d %H:%M}Z by {t.actor} ({t.role}): {escape(t.reason)}"
        )


@case_app.command("notice")
@guarded
def case_notice_command(
    case: CaseArgument,
    out_file: OutOption,
    staff: Annotated[
        bool, typer.Option("--staff", help="The police-staff variant (for a staff subject).")
    ] = False,
    field: FieldOption = None,
    subject: SubjectOption = None,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Make the regulation 17 notice, keep it as an exhibit, and write it to --out."""

    def notice(session: Session, actor: Actor, pdf: bool) -> Document:
        return make_notice(
            session, actor, store, case, _fields(field), pdf=pdf, staff=staff, subject=subject
        )

    _write_document("Notice", out_file, store, db, as_user, notice)


@case_app.command("report")
@guarded
def case_report_command(
    case: CaseArgument,
    out_file: OutOption,
    field: FieldOption = None,
    subject: SubjectOption = None,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Make the regulation 21 report with its exhibit index; keep it as an exhibit."""

    def report(session: Session, actor: Actor, pdf: bool) -> Document:
        return make_report(session, actor, store, case, _fields(field), pdf=pdf, subject=subject)

    _write_document("Report", out_file, store, db, as_user, report)


@case_app.command("due")
@guarded
def case_due_command(
    on: Annotated[
        datetime | None, typer.Option("--on", formats=_DAY, help="As of this day (default today).")
    ] = None,
    within: Annotated[int, typer.Option("--within", help="Due within this many working days.")] = 5,
    as_json: JsonOption = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """What is overdue or falls due soon across the cases, most urgent first."""
    day: date = on.date() if on else local_day(utcnow())
    with acting(store, db, as_user) as (session, actor):
        items = due_across(session, actor, day, within)
    if as_json:
        print_json([due_json(item, day) for item in items])
        return
    if not items:
        out.print(f"Nothing due within {within} working days of {day}.")
    for item in items:
        out.print(_due_line(item, day))


@case_app.command("list")
@guarded
def case_list_command(
    as_json: JsonOption = False,
    as_user: AsOption = None,
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
) -> None:
    """Every case, with its stage on the misconduct and criminal tracks."""
    with acting(store, db, as_user) as (session, actor):
        rows = list_cases(session, actor)
    if as_json:
        print_json([case_row_json(r) for r in rows])
        return
    for r in rows:
        out.print(
            f"[bold]{r.reference}[/] opened {r.opened} ({r.origin})  misconduct: {r.misconduct}"
            f"  criminal: {r.criminal}  {escape(r.title)}"
        )
    if not rows:
        out.print("No cases yet.")
