"""A case's exhibits in the workbench: the register, uploads, downloads, custody, verifying.

An upload is streamed through the size limit of the settings and hashed on its way
into the content store (:mod:`boundline.cases.exhibit_files`); a download is the
custody event ``exported``. The file sent is always the stored content, under a
name made from the exhibit's reference, never from what was uploaded.
"""

from __future__ import annotations

import io
from urllib.parse import quote

from starlette.responses import FileResponse, RedirectResponse, Response

from boundline.cases import Permission
from boundline.cases.acting import acting_as
from boundline.cases.casefile import PURPOSES
from boundline.cases.exhibit_files import export_exhibit, receive_exhibit
from boundline.cases.exhibits import (
    CUSTODY_EVENTS,
    ORIGINS,
    add_custody,
    custody_chain,
    list_exhibits,
    verify_exhibits,
)
from boundline.errors import UserInputError
from boundline.web._routing import Call, Page

__all__ = ["EXHIBIT_PAGES"]

P = Permission

DONE = {
    "added": "Exhibit added: fingerprinted (SHA-256) and received into custody.",
    "custody": "Custody event recorded.",
}


def _ref(call: Call) -> str:
    text = call.param("ref")
    if len(text) > 30:
        raise UserInputError(f"{text[:30]!r}… is not a case reference.")
    return text


def _exhibit(call: Call) -> str:
    """The exhibit's full reference from the path (``CASE`` and ``EX-001``)."""
    number = call.param("number").upper()
    if not number.startswith("EX-") or not number[3:].isdigit() or len(number) > 12:
        raise UserInputError(f"{number!r} is not an exhibit number (EX-001).")
    return f"{_ref(call)}/{number}"


def _back(ref: str, done: str) -> Response:
    return RedirectResponse(f"/cases/{quote(ref, safe='')}/exhibits?done={done}", 303)


def exhibits(call: Call) -> Response:
    """The case's exhibits, each with its custody chain (an audited view)."""
    ref = _ref(call)
    with acting_as(call.state.db, call.actor) as session:
        found = list_exhibits(session, call.actor, ref)
        chains = {e.reference: custody_chain(session, call.actor, e.reference) for e in found}
    context = {
        "ref": ref,
        "exhibits": found,
        "chains": chains,
        "origins": ORIGINS,
        "purposes": PURPOSES,
        "events": [e for e in CUSTODY_EVENTS if e != "received"],
        "limit": call.state.settings.upload_limit,
        "checks": None,
        "done": DONE.get(call.query("done"), ""),
    }
    return call.state.render(call, "exhibits.html.j2", context)


def upload(call: Call) -> Response:
    """Add an uploaded file as the case's next exhibit."""
    ref = _ref(call)
    sent = call.files.get("file")
    stream = sent.file if sent is not None else io.BytesIO()  # no file: the service says empty
    duplicate = call.form.get("allow_duplicate", "").strip()
    with acting_as(call.state.db, call.actor) as session:
        receive_exhibit(
            session,
            call.actor,
            call.state.settings.store,
            ref,
            stream,
            (sent.filename if sent is not None else None) or "",
            limit=call.state.settings.upload_limit,
            origin=call.form.get("origin", "other"),
            purpose=call.form.get("purpose", "misconduct"),
            note=call.form.get("note", ""),
            allow_duplicate=duplicate or None,
        )
    return _back(ref, "added")


def download(call: Call) -> Response:
    """An exhibit's content, as stored (custody event ``exported``, audited)."""
    reference = _exhibit(call)
    with acting_as(call.state.db, call.actor) as session:
        exhibit, path = export_exhibit(session, call.actor, call.state.settings.store, reference)
        name = f"{exhibit.reference.replace('/', '-')}.bin"
    return FileResponse(path, media_type="application/octet-stream", filename=name)


def custody(call: Call) -> Response:
    """Record a custody event of an exhibit (viewed, disclosed, returned…)."""
    reference = _exhibit(call)
    with acting_as(call.state.db, call.actor) as session:
        add_custody(
            session, call.actor, reference, call.form.get("event", ""), call.form.get("note", "")
        )
    return _back(_ref(call), "custody")


def verify(call: Call) -> Response:
    """Re-hash every exhibit of the case; the result shown beside the register."""
    ref = _ref(call)
    with acting_as(call.state.db, call.actor) as session:
        checks = verify_exhibits(session, call.actor, call.state.settings.store, ref)
    context = {"ref": ref, "checks": checks}
    return call.state.render(call, "exhibits_verified.html.j2", context)


EXHIBIT_PAGES: tuple[Page, ...] = (
    Page("GET", "/cases/{ref}/exhibits", P.EXHIBIT_LIST, exhibits, "a case's exhibits"),
    Page(
        "POST",
        "/cases/{ref}/exhibits",
        P.EXHIBIT_ADD,
        upload,
        "upload an exhibit (streamed, hashed, size-limited)",
        upload=True,
    ),
    Page(
        "GET",
        "/cases/{ref}/exhibits/{number}/download",
        P.EXHIBIT_CUSTODY,
        download,
        "download an exhibit (custody event exported)",
    ),
    Page(
        "POST",
        "/cases/{ref}/exhibits/{number}/custody",
        P.EXHIBIT_CUSTODY,
        custody,
        "record a custody event",
    ),
    Page("POST", "/cases/{ref}/exhibits/verify", P.EXHIBIT_VERIFY, verify, "verify the exhibits"),
)
