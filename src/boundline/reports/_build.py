"""Building a report: the evidence figures, the rows behind them, charts and provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from boundline import __version__
from boundline.contract import DEFAULT_TIMEZONE, normalise_counterpart
from boundline.detectors import DetectionContext, all_detectors
from boundline.errors import UserInputError
from boundline.evidence import evidence, iso_z, period_bounds
from boundline.reports import _data
from boundline.reports._charts import Chart, heat_matrix, timeline
from boundline.reports._data import Contact, Lookup, Place
from boundline.reports._map import visits_map

if TYPE_CHECKING:
    from boundline.engine import Engine


@dataclass(frozen=True)
class SourceFile:
    """One source file in the ingest manifest."""

    table: str
    name: str
    sha256: str
    size: int
    rows: int
    accepted: int
    ingested_at: str


@dataclass(frozen=True)
class DetectorInfo:
    """One registered detector: code, name, version and its parameters' defaults."""

    code: str
    name: str
    version: str
    parameters: list[tuple[str, Any, str]]


@dataclass(frozen=True)
class Provenance:
    """Where the figures come from: source files, detectors, versions, when."""

    sources: list[SourceFile]
    detectors: list[DetectorInfo]
    boundline_version: str
    generated_at: str
    timezone: str
    store: str


@dataclass(frozen=True)
class Report:
    """Everything a rendered report shows, computed once.

    ``evidence`` is the ``outputs.md`` evidence object (for a counterpart that is no
    known person: the same object with ``counterpart`` and ``person_id`` null, and
    without ``met_on_duty`` records, ``visits`` or ``record_access``). ``subject`` is
    ``"person"`` or ``"counterpart"``.
    """

    evidence: dict[str, Any]
    subject: str
    contacts: list[Contact]
    lookups: list[Lookup]
    places: list[Place]
    charts: dict[str, Chart]
    provenance: Provenance
    timezone: str
    notes: list[str] = field(default_factory=list)


def provenance(engine: Engine, tz: str) -> Provenance:
    """The manifest's source files and the registered detectors, now."""
    manifest = engine.store.manifest()
    sources = [
        SourceFile(s.table, s.name, s.sha256, s.size, s.read, s.accepted, s.ingested_at)
        for s in manifest.sources
    ]
    detectors = [
        DetectorInfo(
            d.code, d.name, d.version, [(p.name, p.default, p.doc) for p in d.parameters()]
        )
        for d in all_detectors()
    ]
    return Provenance(
        sources=sources,
        detectors=detectors,
        boundline_version=__version__,
        generated_at=iso_z(datetime.now(UTC).replace(microsecond=0)) or "",
        timezone=tz,
        store=str(engine.store.root),
    )


def counterpart_evidence(
    engine: Engine,
    officer_id: str,
    counterpart: str,
    date_from: date | datetime | None = None,
    date_to: date | datetime | None = None,
    tz: str = DEFAULT_TIMEZONE,
) -> dict[str, Any]:
    """The evidence figures for an officer and a counterpart that is no known person.

    ``comms`` and ``silences`` as the evidence defines them, over the officer's comms
    with the normalised ``counterpart`` (``after_closure`` is 0: no incident links
    them); ``met_on_duty`` is empty. ``counterpart`` is normalised here.
    """
    ctx = DetectionContext(engine, tz)
    officers = engine.table("officers")
    if int(officers.filter(officers.officer_id == officer_id).count().to_pyarrow().as_py()) == 0:
        raise UserInputError(f"No officer {officer_id!r} in the store's accepted `officers` rows.")
    number = normalise_counterpart(counterpart)
    lo, hi = period_bounds(date_from, date_to, tz)
    c = _data.counterpart_contacts(ctx, officer_id, number, lo, hi)
    comms = engine.table("comms")
    span = comms.aggregate(lo=comms.time.min(), hi=comms.time.max()).to_pyarrow().to_pylist()[0]
    return {
        "officer_id": officer_id,
        "person_id": None,
        "counterpart": number,
        "period": {
            "from": iso_z(lo if lo is not None else span["lo"]),
            "to": iso_z(hi if hi is not None else span["hi"]),
        },
        "met_on_duty": [],
        "comms": _data.comms_figures(c),
        "silences": _data.silences(c),
    }


def build_report(
    engine: Engine,
    officer_id: str,
    person_id: str | None = None,
    counterpart: str | None = None,
    date_from: date | datetime | None = None,
    date_to: date | datetime | None = None,
    tz: str = DEFAULT_TIMEZONE,
    tile_url: str | None = None,
) -> Report:
    """The report about one officer and one person (or one counterpart).

    Give exactly one of ``person_id`` and ``counterpart``. A counterpart that
    resolves to exactly one known person gets that person's report; one that
    resolves to none (or to several people) gets the counterpart report. The
    period and ``tz`` are as for :func:`boundline.evidence.evidence`; ``tile_url``
    overrides ``BOUNDLINE_TILE_URL`` for the map's base (see ``_map``).
    """
    if (person_id is None) == (counterpart is None):
        raise UserInputError("Give exactly one of a person (--person) or a counterpart.")
    ctx = DetectionContext(engine, tz)
    lo, hi = period_bounds(date_from, date_to, tz)
    notes: list[str] = []
    if counterpart is not None:
        number = normalise_counterpart(counterpart)
        people = _data.people_with(ctx, number)
        if len(people) == 1:
            person_id = people[0]
            notes.append(f"The counterpart {number} is a number or handle of person {person_id}.")
        elif people:
            notes.append(
                f"The counterpart {number} is a number or handle of several people "
                f"({', '.join(people)}); the figures are for the counterpart itself."
            )
    if person_id is not None:
        figures = evidence(engine, officer_id, person_id, date_from, date_to, tz)
        rows = _data.person_contacts(ctx, officer_id, person_id, lo, hi)
        looked = _data.lookups(ctx, officer_id, person_id, lo, hi)
        places = _data.places(ctx, person_id)
        subject = "person"
    else:
        figures = counterpart_evidence(
            engine, officer_id, counterpart or "", date_from, date_to, tz
        )
        rows = _data.counterpart_contacts(ctx, officer_id, figures["counterpart"], lo, hi)
        looked, places, subject = [], [], "counterpart"
    contacts = _data.contact_rows(rows)
    period = (figures["period"]["from"], figures["period"]["to"])
    charts = {
        "timeline": timeline(contacts, period, figures["met_on_duty"], figures["silences"], tz),
        "heat": heat_matrix(contacts),
    }
    items = figures.get("visits", {}).get("items", []) if "visits" in figures else []
    if subject == "person":
        drawn = visits_map(places, items, tile_url)
        if drawn is not None:
            charts["map"] = drawn
    return Report(
        evidence=figures,
        subject=subject,
        contacts=contacts,
        lookups=looked,
        places=places,
        charts=charts,
        provenance=provenance(engine, tz),
        timezone=tz,
        notes=notes,
    )
