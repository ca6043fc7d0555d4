"""A minimal valid source folder in the data-contract format, for tests to build on.

A plain module with a unique name (not ``conftest``), so that any test folder can
import it whatever other conftest files exist."""

from __future__ import annotations

import csv
from pathlib import Path

# One valid row per table; every reference resolves.
VALID: dict[str, list[dict[str, str]]] = {
    "officers": [
        {
            "officer_id": "O1",
            "name": "PC One",
            "role": "PC",
            "station": "North",
            "team": "A",
            "start_date": "2015-04-01",
            "end_date": "",
        },
        {
            "officer_id": "O2",
            "name": "PCSO Two",
            "role": "PCSO",
            "station": "",
            "team": "",
            "start_date": "",
            "end_date": "",
        },
    ],
    "people": [
        {
            "person_id": "P1",
            "name": "Member One",
            "date_of_birth": "1990-05-06",
            "vulnerable": "true",
            "vulnerability": "mental health",
        },
    ],
    "incidents": [
        {
            "incident_id": "I1",
            "opened": "2024-03-01T10:00:00Z",
            "closed": "2024-03-20T10:00:00Z",
            "category": "burglary",
            "lat": "53.4",
            "lon": "-2.98",
            "address": "1 High St",
        },
    ],
    "vehicle_use": [
        {
            "vehicle_id": "V1",
            "officer_id": "O1",
            "start": "2024-03-01T07:00:00Z",
            "end": "2024-03-01T15:00:00Z",
        },
    ],
    "devices": [
        {
            "device_id": "D1",
            "msisdn": "07700 900001",
            "officer_id": "O1",
            "assigned_from": "2024-01-01T00:00:00Z",
            "assigned_to": "",
        },
    ],
    "shifts": [
        {
            "officer_id": "O1",
            "start": "2024-03-01T07:00:00Z",
            "end": "2024-03-01T15:00:00Z",
            "kind": "early",
        },
    ],
    "comms": [
        {
            "record_id": "R1",
            "device_id": "D1",
            "time": "2024-03-01T12:00:00Z",
            "direction": "out",
            "channel": "call",
            "counterpart": "07700 900123",
            "duration_s": "60",
        },
    ],
    "avl": [
        {
            "vehicle_id": "V1",
            "time": "2024-03-01T08:00:00Z",
            "lat": "53.4",
            "lon": "-2.98",
            "speed_kmh": "30",
        },
    ],
    "person_contacts": [{"person_id": "P1", "kind": "phone", "value": "+44 7700 900123"}],
    "places": [
        {
            "person_id": "P1",
            "kind": "home",
            "lat": "53.41",
            "lon": "-2.97",
            "address": "2 Low St",
            "valid_from": "2020-01-01",
            "valid_to": "",
        },
    ],
    "incident_people": [{"incident_id": "I1", "person_id": "P1", "role": "victim"}],
    "incident_officers": [
        {
            "incident_id": "I1",
            "officer_id": "O1",
            "role": "attending",
            "start": "2024-03-01T10:00:00Z",
            "end": "2024-03-01T12:00:00Z",
        },
    ],
    "record_access": [
        {
            "access_id": "A1",
            "officer_id": "O1",
            "time": "2024-03-02T10:00:00Z",
            "system": "RMS",
            "person_id": "P1",
            "incident_id": "I1",
        },
    ],
}


def write_table(
    folder: Path, table: str, rows: list[dict[str, str]], header: list[str] | None = None
) -> Path:
    """Write ``rows`` as ``folder/<table>.csv`` with the given (or the rows') header."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{table}.csv"
    names = header or list(rows[0].keys())
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=names, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_source(folder: Path, tables: dict[str, list[dict[str, str]]] | None = None) -> Path:
    """Write a full valid source folder, with any tables replaced by ``tables``."""
    for name, rows in {**VALID, **(tables or {})}.items():
        write_table(folder, name, rows, list(VALID[name][0].keys()))
    return folder
