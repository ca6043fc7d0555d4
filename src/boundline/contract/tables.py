"""The tables of the Boundline data contract, version 1 (``shared/spec/data-contract.md``).

This module is the single source of truth for table and column names, kinds,
enumerations, intervals and referential rules: ingest, the store schema, the
synthetic force and the docs are all derived from it.
"""

from __future__ import annotations

from boundline.contract._model import Column, Interval, Kind, Reference, Table

CONTRACT_VERSION = 1

#: Local-time questions (night, weekday) are answered in this zone unless configured.
DEFAULT_TIMEZONE = "Europe/London"
#: Region used to read national-format phone numbers.
DEFAULT_REGION = "GB"

_C = Column


def _lat(optional: bool = False) -> Column:
    return Column("lat", Kind.FLOAT, optional=optional, minimum=-90.0, maximum=90.0)


def _lon(optional: bool = False) -> Column:
    return Column("lon", Kind.FLOAT, optional=optional, minimum=-180.0, maximum=180.0)


OFFICERS = Table(
    "officers",
    (
        _C("officer_id", Kind.ID, key=True, meaning="stable identifier (e.g. payroll number)"),
        _C("name", Kind.TEXT, meaning="display name"),
        _C("role", Kind.TEXT, meaning="PC, PCSO, SGT, INSP, SPECIAL, STAFF, VOLUNTEER, or other"),
        _C("station", Kind.TEXT, optional=True),
        _C("team", Kind.TEXT, optional=True),
        _C("start_date", Kind.DATE, optional=True),
        _C("end_date", Kind.DATE, optional=True),
    ),
    required=True,
    intervals=(Interval("start_date", "end_date"),),
    meaning="the workforce",
)

DEVICES = Table(
    "devices",
    (
        _C("device_id", Kind.ID),
        _C("msisdn", Kind.PHONE),
        _C("officer_id", Kind.ID),
        _C("assigned_from", Kind.TIMESTAMP),
        _C("assigned_to", Kind.TIMESTAMP, optional=True),
    ),
    required=True,
    intervals=(Interval("assigned_from", "assigned_to"),),
    references=(Reference("officer_id", "officers", "officer_id"),),
    meaning="works devices and who held them when",
)

SHIFTS = Table(
    "shifts",
    (
        _C("officer_id", Kind.ID),
        _C("start", Kind.TIMESTAMP),
        _C("end", Kind.TIMESTAMP),
        _C("kind", Kind.TEXT, optional=True),
    ),
    intervals=(Interval("start", "end"),),
    references=(Reference("officer_id", "officers", "officer_id"),),
    meaning="rostered duty, as worked",
)

COMMS = Table(
    "comms",
    (
        _C("record_id", Kind.ID, key=True),
        _C("device_id", Kind.ID),
        _C("time", Kind.TIMESTAMP),
        _C("direction", Kind.ENUM, values=("out", "in")),
        _C("channel", Kind.ENUM, values=("call", "sms", "mms", "app", "other")),
        _C("counterpart", Kind.PHONE),
        _C("duration_s", Kind.INTEGER, optional=True, minimum=0),
    ),
    required=True,
    references=(Reference("device_id", "devices", "device_id"),),
    partition_by_month="time",
    meaning="call and message records of works devices",
)

VEHICLE_USE = Table(
    "vehicle_use",
    (
        _C("vehicle_id", Kind.ID),
        _C("officer_id", Kind.ID),
        _C("start", Kind.TIMESTAMP),
        _C("end", Kind.TIMESTAMP),
    ),
    intervals=(Interval("start", "end"),),
    references=(Reference("officer_id", "officers", "officer_id"),),
    meaning="who had which police vehicle when",
)

AVL = Table(
    "avl",
    (
        _C("vehicle_id", Kind.ID),
        _C("time", Kind.TIMESTAMP),
        _lat(),
        _lon(),
        _C("speed_kmh", Kind.FLOAT, optional=True, minimum=0),
    ),
    references=(Reference("vehicle_id", "vehicle_use", "vehicle_id"),),
    partition_by_month="time",
    meaning="automatic vehicle location pings",
)

PEOPLE = Table(
    "people",
    (
        _C("person_id", Kind.ID, key=True),
        _C("name", Kind.TEXT),
        _C("date_of_birth", Kind.DATE, optional=True),
        _C("vulnerable", Kind.BOOLEAN),
        _C("vulnerability", Kind.TEXT, optional=True),
    ),
    meaning="members of the public in the force's records",
)

PERSON_CONTACTS = Table(
    "person_contacts",
    (
        _C("person_id", Kind.ID),
        _C("kind", Kind.ENUM, values=("phone", "email", "handle")),
        _C("value", Kind.PHONE),
    ),
    references=(Reference("person_id", "people", "person_id"),),
    meaning="people's numbers, e-mail addresses and handles",
)

PLACES = Table(
    "places",
    (
        _C("person_id", Kind.ID),
        _C("kind", Kind.ENUM, values=("home", "work", "other")),
        _lat(),
        _lon(),
        _C("address", Kind.TEXT, optional=True),
        _C("valid_from", Kind.DATE, optional=True),
        _C("valid_to", Kind.DATE, optional=True),
    ),
    intervals=(Interval("valid_from", "valid_to"),),
    references=(Reference("person_id", "people", "person_id"),),
    meaning="addresses linked to people",
)

INCIDENTS = Table(
    "incidents",
    (
        _C("incident_id", Kind.ID, key=True),
        _C("opened", Kind.TIMESTAMP),
        _C("closed", Kind.TIMESTAMP, optional=True),
        _C("category", Kind.TEXT),
        _lat(optional=True),
        _lon(optional=True),
        _C("address", Kind.TEXT, optional=True),
    ),
    intervals=(Interval("opened", "closed"),),
    meaning="crimes and incidents",
)

INCIDENT_PEOPLE = Table(
    "incident_people",
    (
        _C("incident_id", Kind.ID),
        _C("person_id", Kind.ID),
        _C("role", Kind.ENUM, values=("victim", "witness", "reporter", "suspect", "other")),
    ),
    references=(
        Reference("incident_id", "incidents", "incident_id"),
        Reference("person_id", "people", "person_id"),
    ),
    meaning="people's roles in incidents",
)

INCIDENT_OFFICERS = Table(
    "incident_officers",
    (
        _C("incident_id", Kind.ID),
        _C("officer_id", Kind.ID),
        _C("role", Kind.ENUM, values=("attending", "oic", "flo", "witness_care", "other")),
        _C("start", Kind.TIMESTAMP),
        _C("end", Kind.TIMESTAMP, optional=True),
    ),
    intervals=(Interval("start", "end"),),
    references=(
        Reference("incident_id", "incidents", "incident_id"),
        Reference("officer_id", "officers", "officer_id"),
    ),
    meaning="officers tasked to incidents",
)

RECORD_ACCESS = Table(
    "record_access",
    (
        _C("access_id", Kind.ID, key=True),
        _C("officer_id", Kind.ID),
        _C("time", Kind.TIMESTAMP),
        _C("system", Kind.TEXT),
        _C("person_id", Kind.ID),
        _C("incident_id", Kind.ID, optional=True),
    ),
    references=(
        Reference("officer_id", "officers", "officer_id"),
        Reference("person_id", "people", "person_id"),
        Reference("incident_id", "incidents", "incident_id"),
    ),
    meaning="look-ups of people in police systems",
)

#: Every table, in the order ingest processes them: a table comes after the tables
#: its references point to, so that referential rules see the accepted keys.
TABLES: tuple[Table, ...] = (
    OFFICERS,
    PEOPLE,
    INCIDENTS,
    VEHICLE_USE,
    DEVICES,
    SHIFTS,
    COMMS,
    AVL,
    PERSON_CONTACTS,
    PLACES,
    INCIDENT_PEOPLE,
    INCIDENT_OFFICERS,
    RECORD_ACCESS,
)

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """Return the contract table called ``name`` (KeyError if there is none)."""
    return BY_NAME[name]
