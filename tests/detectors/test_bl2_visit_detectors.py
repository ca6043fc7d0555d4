"""Table-driven cases for BL201 (on shift), BL202 (off shift) and BL203 (repeated visits).

The world is test_visits_cases's: O1 met P1 on duty (attended I1, 1 March 2024), P1's
home is HOME, O1 uses V1, O1 and O2 work 07:00–15:00 UTC. Visits are 20-minute stops
30 m from HOME unless a case says otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bl_world import findings, incident, tasking
from test_visits_cases import HOME, NEAR, at, located, move, place, stop, use, world

from boundline.detectors import REGISTRY


def visits(days: list[int], h: int = 9, p: tuple[float, float] = NEAR, vehicle: str = "V1") -> list:
    return [row for d in days for row in stop(at(day=d, h=h), 20, p, vehicle)]


def explained_world(days: list[int]) -> dict[str, Any]:
    """Each visit explained by a tasking to an incident at P1's home (repeat call-outs)."""
    incs = [incident("I1", "2024-03-01T10:00:00Z", "2024-03-20T10:00:00Z")]
    tasks = [tasking("I1", "O1", "attending", "2024-03-01T10:00:00Z", "2024-03-01T12:00:00Z")]
    for d in days:
        iid = f"IX{d}"
        incs.append(located(iid, HOME, f"2024-03-{d:02d}T08:50:00Z", f"2024-03-{d:02d}T12:00:00Z"))
        tasks.append(
            tasking(
                iid, "O1", "attending", f"2024-03-{d:02d}T08:55:00Z", f"2024-03-{d:02d}T10:00:00Z"
            )
        )
    return world(visits(days), incidents=incs, incident_officers=tasks)


def busy_world() -> dict[str, Any]:
    """Six officers' vehicles each stop unexplained near HOME on days 5 and 6."""
    officers = [
        {
            "officer_id": f"Q{k}",
            "name": f"PC {k}",
            "role": "PC",
            "station": "",
            "team": "",
            "start_date": "",
            "end_date": "",
        }
        for k in range(5)
    ]
    from contract_world import VALID

    avl = visits([5, 6, 7])
    uses = [use("V1", "O1")]
    for k in range(5):
        avl += visits([5, 6], h=10 + k, vehicle=f"W{k}")
        uses.append(use(f"W{k}", f"Q{k}"))
    return world(avl, vehicle_use=uses, officers=VALID["officers"] + officers)


KEYS = ["officer_id", "person_id", "visits", "days"]

CASES: list[tuple[str, str, dict[str, Any], list[dict[str, Any]]]] = [
    (
        "BL201",
        "two unexplained on-shift visits on two days",
        world(visits([5, 6])),
        [{"officer_id": "O1", "person_id": "P1", "visits": 2, "days": 2}],
    ),
    ("BL201", "one visit is below min_visits", world(visits([5])), []),
    (
        "BL201",
        "visits explained by taskings (repeat call-outs) never count",
        explained_world([5, 6, 7, 8]),
        [],
    ),
    ("BL201", "off-shift visits are BL202's, not BL201's", world(visits([5, 6], h=20)), []),
    (
        "BL201",
        "a person never met on duty (P2) is not examined",
        world(visits([5, 6]), places=[place("P2", HOME)]),
        [],
    ),
    (
        "BL201",
        "visits before the officer met the person do not count",
        world(
            visits([5, 6]),
            incident_officers=[
                tasking("I1", "O1", "attending", "2024-03-10T10:00:00Z", "2024-03-10T12:00:00Z")
            ],
        ),
        [],
    ),
    ("BL201", "a busy place (six officers stop there) distinguishes no one", busy_world(), []),
    (
        "BL201",
        "a workplace counts like a home",
        world(
            visits([5, 6]),
            places=[place("P1", move(HOME, east_m=900)), place("P1", HOME, kind="work")],
        ),
        [{"officer_id": "O1", "person_id": "P1", "visits": 2, "days": 2}],
    ),
    (
        "BL201",
        "an `other` place does not count by default",
        world(visits([5, 6]), places=[place("P1", HOME, kind="other")]),
        [],
    ),
    (
        "BL201",
        "weekly patrol stop 500 m away is not a visit",
        world(visits([5, 12, 19], p=move(HOME, north_m=500))),
        [],
    ),
    (
        "BL202",
        "one off-shift visit in a police vehicle",
        world(visits([5], h=20)),
        [{"officer_id": "O1", "person_id": "P1", "visits": 1, "days": 1}],
    ),
    ("BL202", "on-shift visits are not off-shift", world(visits([5, 6])), []),
    (
        "BL202",
        "a stay across the end of the shift is on shift",
        world(stop(at(h=14, m=50), 20, NEAR)),
        [],
    ),
    (
        "BL203",
        "three distinct days at the same home",
        world(visits([5, 6, 7])),
        [{"officer_id": "O1", "person_id": "P1", "visits": 3, "days": 3}],
    ),
    ("BL203", "two days are not repeated enough", world(visits([5, 6])), []),
    (
        "BL203",
        "three stays on one day are one day",
        world([*stop(at(h=8), 20, NEAR), *stop(at(h=10), 20, NEAR), *stop(at(h=12), 20, NEAR)]),
        [],
    ),
    (
        "BL203",
        "on and off shift both count",
        world(visits([5, 6]) + visits([7], h=20)),
        [{"officer_id": "O1", "person_id": "P1", "visits": 3, "days": 3}],
    ),
    (
        "BL203",
        "repeat call-outs explained by taskings are not repeated visits",
        explained_world([5, 6, 7, 8]),
        [],
    ),
]


@pytest.mark.parametrize(
    ("code", "tables", "want"),
    [(c[0], c[2], c[3]) for c in CASES],
    ids=[f"{c[0]}: {c[1]}" for c in CASES],
)
def test_visit_detector_cases(
    engine_name: str, tmp_path: Path, code: str, tables: dict, want: list
) -> None:
    from bl_world import build

    ctx = build(engine_name, tmp_path, **tables)
    rows = findings(ctx, code)
    assert [{k: r[k] for k in KEYS} for r in rows] == want
    for r in rows:
        assert r["code"] == code and 0 < r["strength"] <= 1


def test_bl201_figures_and_counterpart(engine_name: str, tmp_path: Path) -> None:
    from bl_world import build, msg

    tables = explained_world([8])
    tables["avl"] = tables["avl"] + visits([5, 6])
    tables["comms"] = [msg("2024-03-05T19:30:00Z")]
    ctx = build(engine_name, tmp_path, **tables)
    (r,) = findings(ctx, "BL201")
    assert r["counterpart"] == "+447700900123"
    assert (r["visits"], r["home"], r["work"], r["explained"]) == (2, 2, 0, 1)
    assert (r["first"], r["last"], r["minutes"]) == (at(day=5), at(day=6), 40.0)
    assert r["strength"] == pytest.approx(2 / 5)


def test_bl203_reports_the_most_visited_place(engine_name: str, tmp_path: Path) -> None:
    from bl_world import build

    work = move(HOME, east_m=900)
    tables = world(
        visits([5, 6, 7]) + visits([8, 9, 10, 11], h=11, p=work),
        places=[place("P1", HOME), place("P1", work, kind="work")],
    )
    (r,) = findings(build(engine_name, tmp_path, **tables), "BL203")
    assert (r["place_kind"], r["days"], r["visits"], r["places"]) == ("work", 4, 4, 2)
    assert r["on_shift"] == 4


def test_params_are_documented() -> None:
    for code in ("BL201", "BL202", "BL203", "BL301"):
        det = REGISTRY[code]
        assert det.parameters() and all(p.doc for p in det.parameters())
        doc = type(det).__doc__ or ""
        assert "What it flags" in doc and "Why it matters" in doc and "Evidence figures" in doc


@pytest.mark.parametrize(
    ("tables", "params"),
    [
        (busy_world(), {"max_place_officers": 6}),
        (
            world(
                visits([5, 6]),
                incident_officers=[
                    tasking("I1", "O1", "attending", "2024-03-10T10:00:00Z", "2024-03-10T12:00:00Z")
                ],
            ),
            {"since_met": False},
        ),
        (
            world(visits([5, 6]), places=[place("P1", HOME, kind="other")]),
            {"place_kinds": ("home", "work", "other")},
        ),
    ],
    ids=["busy place kept", "before meeting kept", "other kind kept"],
)
def test_the_exclusions_are_what_makes_those_cases_empty(
    engine_name: str, tmp_path: Path, tables: dict, params: dict
) -> None:
    from bl_world import build

    rows = findings(build(engine_name, tmp_path, **tables), "BL201", **params)
    assert [(r["officer_id"], r["person_id"]) for r in rows] == [("O1", "P1")]
