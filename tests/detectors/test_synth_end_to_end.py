"""End to end on the synthetic demo force: planted cases found, look-alikes not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from boundline.detectors import DetectionContext, run_all
from boundline.engine import connect
from boundline.evidence import evidence
from boundline.store import open_store

synth = pytest.importorskip("boundline.synth")


@pytest.fixture(scope="module")
def demo(
    demo_store: tuple[Path, dict[str, Any]],
) -> tuple[dict, dict[str, set[tuple[str, str]]], Any]:
    store, scenarios = demo_store
    ctx = DetectionContext(connect(open_store(store)))
    found = {
        code: {
            (r["officer_id"], r["person_id"])
            for r in t.select("officer_id", "person_id").to_pyarrow().to_pylist()
        }
        for code, t in run_all(ctx).items()
    }
    return scenarios, found, ctx.engine


def _item(scenarios: dict, kind: str) -> dict:
    return next(x for x in scenarios["cases"] + scenarios["lookalikes"] if x["kind"] == kind)


def _codes(found: dict, officer: str, person: str | None = None) -> set[str]:
    return {
        c for c, pairs in found.items() for o, p in pairs if o == officer and person in (None, p)
    }


@pytest.mark.slow
def test_planted_cases_are_found(demo: tuple) -> None:
    scenarios, found, _ = demo
    a = _item(scenarios, "intense_victim_contact")
    assert {"BL101", "BL102", "BL103", "BL201", "BL203", "BL301"} <= _codes(
        found, a["officer_id"], a["person_id"]
    )
    b = _item(scenarios, "workplace_fixation")
    assert {"BL101", "BL104", "BL105", "BL201", "BL203"} <= _codes(
        found, b["officer_id"], b["person_id"]
    )
    c = _item(scenarios, "serial_post_closure_contact")
    assert {"BL103", "BL106", "BL301"} <= _codes(found, c["officer_id"])


@pytest.mark.slow
def test_lookalikes_are_not_findings(demo: tuple) -> None:
    scenarios, found, _ = demo
    flo = _item(scenarios, "flo_bereaved_relative")
    assert not _codes(found, flo["officer_id"]) & {"BL101", "BL102"}
    for item in scenarios["lookalikes"]:
        assert _codes(found, item["officer_id"]) == set(), item["id"]


@pytest.mark.slow
def test_visits_and_record_access_evidence_match_the_planted_figures(demo: tuple) -> None:
    scenarios, _, engine = demo
    kinds = [
        "intense_victim_contact",
        "workplace_fixation",
        "repeat_callouts_explained",
        "patrol_parade_stops",
    ]
    for kind in kinds:
        item = _item(scenarios, kind)
        f = item["figures"]
        got = evidence(engine, item["officer_id"], item["person_id"])
        v, ra = got["visits"], got["record_access"]
        assert (v["total"], v["on_shift"], v["explained"], v["unexplained"]) == (
            f["visits"],
            f["visits_on_shift"],
            f["explained_visits"],
            f["unexplained_visits"],
        ), kind
        assert len(v["items"]) == v["total"]
        assert (ra["total"], ra["without_task"], ra["after_closure"]) == (
            f["record_access"],
            f["record_access_without_task"],
            f["record_access_after_closure"],
        ), kind
