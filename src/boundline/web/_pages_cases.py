"""Cases in the workbench: my work, the case list, the case page and its steps.

Every handler calls the case services (permissions, need to know, audit); none
restates a rule. A step refused by the process shows the services' explanation
(400) and is audited as ``refused``; a step asked for on an older view of the case
(someone else moved it on meanwhile) is refused the same way and says so (409).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote, urlencode

from starlette.responses import RedirectResponse, Response

from boundline.audit import utcnow
from boundline.cases import Permission
from boundline.cases.acting import acting_as
from boundline.cases.casefile import PURPOSES, add_allegation
from boundline.cases.compartments import add_member, list_members, remove_member
from boundline.cases.findings import FINDINGS, record_finding
from boundline.cases.process_documents import make_notice, make_report
from boundline.cases.process_service import advance, begin_process, open_case_with_process
from boundline.cases.process_views import CaseFilters, case_status, due_across, list_cases
from boundline.cases.standards import STANDARDS
from boundline.cases.statutory.calendar import local_day
from boundline.cases.statutory.due import when_due
from boundline.errors import CaseMovedOnError, UserInputError
from boundline.web._forms import posted_fields, step_form, words
from boundline.web._routing import Call, Page

__all__ = ["CASE_PAGES"]

P = Permission

#: What a page says after an action (by key: no text from the request is shown).
DONE = {
    "opened": "Case opened and its statutory process started; you are a member of it.",
    "started": "The statutory process is started.",
    "step": "Step recorded.",
    "allegation": "Allegation recorded.",
    "finding": "Finding recorded.",
    "member_added": "Member added; they can now see the case.",
    "member_removed": "Member removed; they can no longer see the case.",
}
#: What a person gives for each document (the rest comes from the record).
DOCUMENT_FIELDS = {
    "notice": ("rank", "role", "force"),
    "report": ("summary_of_evidence",),
}
ORIGINS = ("conduct_matter", "complaint", "intelligence", "alert")
KINDS = ("officer", "staff")


def _today() -> date:
    return local_day(utcnow())


def _ref(call: Call) -> str:
    text = call.param("ref")
    if len(text) > 30:
        raise UserInputError(f"{text[:30]!r}… is not a case reference.")
    return text


def _back(ref: str, done: str, anchor: str = "") -> Response:
    url = f"/cases/{quote(ref, safe='')}?done={done}" + (f"#{anchor}" if anchor else "")
    return RedirectResponse(url, status_code=303)


def _on(call: Call) -> date | None:
    text = call.form.get("on", "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserInputError(f"{text!r} is not a date (use YYYY-MM-DD).") from None


def my_work(call: Call) -> Response:
    """What falls due for me across my cases, most urgent first (as ``case due``)."""
    today = _today()
    with acting_as(call.state.db, call.actor) as session:
        items = due_across(session, call.actor, today)
    context = {"items": items, "today": today, "when": when_due}
    return call.state.render(call, "work.html.j2", context)


def cases(call: Call) -> Response:
    """The cases I may see, filtered by stage, track, purpose, subject kind and holder."""
    filters = CaseFilters(
        stage=call.query("stage"),
        track=call.query("track"),
        purpose=call.query("purpose"),
        kind=call.query("kind"),
        member=call.query("member"),
    )
    with acting_as(call.state.db, call.actor) as session:
        rows = list_cases(session, call.actor, filters)
    context = {
        "rows": rows,
        "filters": filters,
        "purposes": PURPOSES,
        "origins": ORIGINS,
        "kinds": KINDS,
    }
    return call.state.render(call, "cases.html.j2", context)


def case_new(call: Call) -> Response:
    """Open a case about one subject and start their statutory process."""
    f = call.form
    with acting_as(call.state.db, call.actor) as session:
        case, _ = open_case_with_process(
            session,
            call.actor,
            title=f.get("title", ""),
            subject=f.get("subject", "").strip(),
            reason=f.get("reason", ""),
            origin=f.get("origin", "conduct_matter"),
            purpose=f.get("purpose", "misconduct"),
            subject_kind=f.get("subject_kind", "officer"),
            apsp=f.get("apsp", "yes") == "yes",
        )
        reference = case.reference
    return _back(reference, "opened")


def case_page(call: Call) -> Response:
    """One case: subjects and their stages, allegations, the steps I may take now, history."""
    ref = _ref(call)
    today = _today()
    with acting_as(call.state.db, call.actor) as session:
        status = case_status(session, call.actor, ref, today)
        members = list_members(session, call.actor, ref)
    forms = {s.id: [step_form(step) for step in s.allowed] for s in status.subjects}
    context = {
        "s": status,
        "members": members,
        "forms": forms,
        "seen": status.steps[-1].seq if status.steps else 0,
        "standards": STANDARDS,
        "findings": FINDINGS,
        "document_fields": DOCUMENT_FIELDS,
        "today": today,
        "when": when_due,
        "words": words,
        "done": DONE.get(call.query("done"), ""),
    }
    return call.state.render(call, "case.html.j2", context)


def case_start(call: Call) -> Response:
    """Start the statutory process of the case's subjects (or one of them)."""
    ref = _ref(call)
    with acting_as(call.state.db, call.actor) as session:
        begin_process(
            session,
            call.actor,
            ref,
            call.form.get("reason", ""),
            subject=call.form.get("subject") or None,
            apsp=call.form.get("apsp", "yes") == "yes",
            on=_on(call),
        )
    return _back(ref, "started")


def case_step(call: Call) -> Response:
    """Take one step of the process for one subject (refused steps are explained, audited)."""
    ref, step = _ref(call), call.param("step")
    fields = posted_fields(step, call.form)
    seen = call.form.get("seen", "")
    try:
        with acting_as(call.state.db, call.actor) as session:
            advance(
                session,
                call.actor,
                ref,
                step,
                call.form.get("reason", ""),
                fields,
                subject=call.form.get("subject") or None,
                on=_on(call),
                seen=int(seen) if seen.isdigit() else None,
            )
    except CaseMovedOnError as exc:
        return call.state.render(call, "error.html.j2", {"message": str(exc)}, 409)
    return _back(ref, "step", "history")


def case_allegation(call: Call) -> Response:
    """Record an allegation and the standards it would breach."""
    ref = _ref(call)
    standards = [v for k, v in call.form.items() if k.startswith("standard_")]
    subject = call.form.get("subject_id", "")
    with acting_as(call.state.db, call.actor) as session:
        add_allegation(
            session,
            call.actor,
            ref,
            call.form.get("text", ""),
            standards,
            int(subject) if subject.isdigit() else None,
        )
    return _back(ref, "allegation", "allegations")


def case_finding(call: Call) -> Response:
    """Record the finding on one allegation (proven or not proven), with a reason."""
    ref, number = _ref(call), call.param("allegation")
    if not number.isdigit() or len(number) > 12:
        raise UserInputError(f"{number!r} is not an allegation number.")
    with acting_as(call.state.db, call.actor) as session:
        record_finding(
            session,
            call.actor,
            ref,
            int(number),
            call.form.get("finding", ""),
            call.form.get("reason", ""),
            _on(call),
        )
    return _back(ref, "finding", "allegations")


def case_document(call: Call) -> Response:
    """Make the regulation 17 notice or 21 report (HTML or PDF), keep it, download it."""
    ref, kind = _ref(call), call.param("kind")
    if kind not in ("notice", "report"):
        raise UserInputError(f"{kind!r} is not a document of a case: notice or report.")
    pdf = call.form.get("format") == "pdf"
    subject = call.form.get("subject") or None
    given = {
        name: call.form.get(f"d_{name}", "").strip()
        for name in DOCUMENT_FIELDS[kind]
        if call.form.get(f"d_{name}", "").strip()
    }
    with acting_as(call.state.db, call.actor) as session:
        if kind == "notice":
            staff = call.form.get("staff") == "yes"
            doc = make_notice(
                session,
                call.actor,
                call.state.settings.store,
                ref,
                given,
                pdf=pdf,
                staff=staff,
                subject=subject,
            )
        else:
            doc = make_report(
                session, call.actor, call.state.settings.store, ref, given, pdf=pdf, subject=subject
            )
        name = f"{doc.exhibit.reference.replace('/', '-')}-{doc.exhibit.name}"
    media = "application/pdf" if pdf else "text/html; charset=utf-8"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(doc.content, media_type=media, headers=headers)


def members_page(call: Call) -> Response:
    """The members of a case, and the forms to add and remove them."""
    ref = call.query("case")
    members = []
    if ref:
        with acting_as(call.state.db, call.actor) as session:
            members = list_members(session, call.actor, ref)
    context = {"ref": ref, "members": members, "done": DONE.get(call.query("done"), "")}
    return call.state.render(call, "members.html.j2", context)


def member_change(call: Call) -> Response:
    """Add or remove a member of a case, with a reason (audited)."""
    ref, change = _ref(call), call.param("change")
    username, reason = call.form.get("username", "").strip(), call.form.get("reason", "")
    with acting_as(call.state.db, call.actor) as session:
        if change == "add":
            add_member(session, call.actor, ref, username, reason)
        elif change == "remove":
            remove_member(session, call.actor, ref, username, reason)
        else:
            raise UserInputError(f"{change!r}: a member is added or removed.")
    done = "member_added" if change == "add" else "member_removed"
    return RedirectResponse("/members?" + urlencode({"case": ref, "done": done}), 303)


CASE_PAGES: tuple[Page, ...] = (
    Page("GET", "/work", P.CASE_VIEW, my_work, "my work: what falls due on my cases"),
    Page("GET", "/cases", P.CASE_VIEW, cases, "the cases I may see, filtered"),
    Page("POST", "/cases", P.CASE_OPEN, case_new, "open a case and start its process"),
    Page("GET", "/cases/{ref}", P.CASE_VIEW, case_page, "one case: stages, steps, history"),
    Page("POST", "/cases/{ref}/start", P.CASE_TRANSITION, case_start, "start the process"),
    Page("POST", "/cases/{ref}/steps/{step}", P.CASE_TRANSITION, case_step, "take a step"),
    Page("POST", "/cases/{ref}/allegations", P.CASE_EDIT, case_allegation, "add an allegation"),
    Page(
        "POST",
        "/cases/{ref}/allegations/{allegation}/finding",
        P.CASE_DECIDE,
        case_finding,
        "record the finding on an allegation",
    ),
    Page(
        "POST",
        "/cases/{ref}/documents/{kind}",
        P.CASE_EDIT,
        case_document,
        "make the reg. 17 notice or reg. 21 report (kept as an exhibit)",
    ),
    Page("GET", "/members", P.CASE_MEMBERS, members_page, "a case's members (need to know)"),
    Page(
        "POST",
        "/cases/{ref}/members/{change}",
        P.CASE_MEMBERS,
        member_change,
        "add or remove a member, with a reason",
    ),
)
