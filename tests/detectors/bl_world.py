"""A tiny force for table-driven detector cases: CSV rows → ingest → DetectionContext."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from boundline.detectors import DetectionContext
from boundline.engine import connect
from boundline.ingest import ingest
from boundline.store import list_rejects, open_store
from contract_world import write_source

P1_NUMBER = "+44 7700 900123"
P2_NUMBER = "07700 900222"
P3_NUMBER = "07700 900333"
O2_DEVICE = "07700 900002"


def person(pid: str, vulnerable: bool = False) -> dict[str, str]:
    return {
        "person_id": pid,
        "name": f"Member {pid}",
        "date_of_birth": "",
        "vulnerable": "true" if vulnerable else "false",
        "vulnerability": "mental health" if vulnerable else "",
    }


def incident(iid: str, opened: str, closed: str = "") -> dict[str, str]:
    return {
        "incident_id": iid,
        "opened": opened,
        "closed": closed,
        "category": "burglary",
        "lat": "",
        "lon": "",
        "address": "",
    }


def tasking(iid: str, oid: str, role: str, start: str, end: str = "") -> dict[str, str]:
    return {"incident_id": iid, "officer_id": oid, "role": role, "start": start, "end": end}


def device(did: str, msisdn: str, oid: str, start: str, end: str = "") -> dict[str, str]:
    return {
        "device_id": did,
        "msisdn": msisdn,
        "officer_id": oid,
        "assigned_from": start,
        "assigned_to": end,
    }


def day_shifts(oid: str, first: date, days: int, start_h: int = 7, end_h: int = 15) -> list[dict]:
    """One UTC shift a day, ``start_h``–``end_h``."""
    out = []
    for k in range(days):
        d = first + timedelta(days=k)
        out.append(
            {
                "officer_id": oid,
                "start": f"{d}T{start_h:02d}:00:00Z",
                "end": f"{d}T{end_h:02d}:00:00Z",
                "kind": "early",
            }
        )
    return out


_N = iter(range(1, 10**9))


def msg(
    time: str,
    direction: str = "out",
    counterpart: str = P1_NUMBER,
    channel: str = "sms",
    device_id: str = "D1",
    duration: str = "",
) -> dict[str, str]:
    return {
        "record_id": f"R{next(_N)}",
        "device_id": device_id,
        "time": time,
        "direction": direction,
        "channel": channel,
        "counterpart": counterpart,
        "duration_s": duration,
    }


def call(time: str, direction: str = "out", duration: str = "60", **kw: Any) -> dict[str, str]:
    return msg(time, direction, channel="call", duration=duration, **kw)


def base_tables() -> dict[str, list[dict[str, str]]]:
    """O1 attended I1 (P1 victim) on 1 March 2024 10:00–12:00; I1 closed 20 March."""
    return {
        "people": [person("P1", vulnerable=True), person("P2"), person("P3")],
        "person_contacts": [
            {"person_id": "P1", "kind": "phone", "value": P1_NUMBER},
            {"person_id": "P1", "kind": "handle", "value": "@Member.One"},
            {"person_id": "P2", "kind": "phone", "value": P2_NUMBER},
            {"person_id": "P3", "kind": "phone", "value": P3_NUMBER},
        ],
        "incidents": [incident("I1", "2024-03-01T10:00:00Z", "2024-03-20T10:00:00Z")],
        "incident_people": [{"incident_id": "I1", "person_id": "P1", "role": "victim"}],
        "incident_officers": [
            tasking("I1", "O1", "attending", "2024-03-01T10:00:00Z", "2024-03-01T12:00:00Z")
        ],
        "devices": [
            device("D1", "07700 900001", "O1", "2024-01-01T00:00:00Z"),
            device("D2", O2_DEVICE, "O2", "2024-01-01T00:00:00Z"),
        ],
        "shifts": day_shifts("O1", date(2024, 2, 25), 100)
        + day_shifts("O2", date(2024, 2, 25), 100),
        "record_access": [],
        "comms": [],
    }


def build(
    engine: str, tmp_path: Path, as_of: datetime | None = None, **tables: list[dict[str, str]]
) -> DetectionContext:
    """Write the base tables with overrides, ingest, and open a DetectionContext on ``engine``."""
    src = write_source(tmp_path / "src", {**base_tables(), **tables})
    store = tmp_path / "store"
    ingest(src, store)
    total, rejects = list_rejects(open_store(store), None, None, None)
    assert total == 0, rejects
    return DetectionContext(connect(open_store(store), engine), as_of=as_of)


def findings(ctx: DetectionContext, code: str, **params: Any) -> list[dict[str, Any]]:
    """The detector's findings as dicts, sorted by officer and person."""
    from boundline.detectors import REGISTRY

    det = REGISTRY[code]
    p = det.Params(**params)
    rows = det.find(ctx, p).to_pyarrow().to_pylist()
    return sorted(rows, key=lambda r: (r["officer_id"], r["person_id"] or ""))
