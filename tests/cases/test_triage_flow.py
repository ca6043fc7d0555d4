"""Triage: load, confirm into a case (with exhibits), dismiss, and the re-fire rule."""

from __future__ import annotations

import copy
import json

import pytest

from boundline.audit import entries
from boundline.cases import (
    Case,
    confirm,
    decisions,
    dismiss,
    list_exhibits,
    list_queue,
    load_alerts,
    open_case,
)
from boundline.errors import UserInputError
from case_world import ALERTS, CaseWorld, seed_users, write_alerts


def _load(world: CaseWorld, alerts=None, name="alerts.json"):  # type: ignore[no-untyped-def]
    with world.db.transaction() as session:
        return load_alerts(session, world.actors["ann"], write_alerts(world.store / name, alerts))


def test_load_queues_every_alert(case_db: CaseWorld) -> None:
    seed_users(case_db)
    done = _load(case_db)
    assert len(done.new) == 2
    with case_db.db.transaction() as session:
        rows = list_queue(session, case_db.actors["ivan"], "needs_review")
    assert [(r.officer, r.score, r.status) for r in rows] == [
        ("O1", 80.5, "needs_review"),
        ("O2", 40.0, "needs_review"),
    ]
    assert _load(case_db).updated == done.new  # the same alerts again add nothing


def test_confirm_into_a_new_case_keeps_the_alert_and_evidence(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    done = _load(case_db)
    evidence = case_db.store / "ev.json"
    evidence.write_text(json.dumps({"officer_id": "O1", "person_id": "P1"}))
    with case_db.db.transaction() as session:
        with pytest.raises(UserInputError, match="reason"):
            confirm(session, actors["ann"], case_db.store, done.new[0], "NEW", " ")
        case, exhibits = confirm(
            session,
            actors["ann"],
            case_db.store,
            done.new[0],
            "new",
            "off-shift contact with a victim",
            evidence,
            stated_kind="officer",  # the test store holds no officers
        )
        assert isinstance(case, Case) and case.origin == "alert" and case.purpose == "misconduct"
        assert [s.officer_id for s in case.subjects] == ["O1"]
        assert "O1" not in case.title  # a case's title never holds an identity
        assert [e.origin for e in exhibits] == ["alert_snapshot", "evidence_json"]
        assert [e.reference for e in exhibits] == [
            f"{case.reference}/EX-001",
            f"{case.reference}/EX-002",
        ]
        snapshot = case_db.store / exhibits[0].location
        assert json.loads(snapshot.read_text())["officer_id"] == "O1"
        with pytest.raises(UserInputError, match="already confirmed"):
            confirm(session, actors["ann"], case_db.store, done.new[0], "NEW", "again")
        rows = list_queue(session, actors["ivan"], "confirmed")
    assert [(r.id, r.case) for r in rows] == [(done.new[0], case.reference)]


def test_confirm_joins_an_existing_case(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    done = _load(case_db)
    with case_db.db.transaction() as session:
        existing = open_case(session, actors["ivan"], "complaint", "both", "Complaint about O2")
        case, exhibits = confirm(
            session,
            actors["ivan"],
            case_db.store,
            done.new[1],
            existing.reference,
            "matches the complaint",
            stated_kind="staff",
        )
        assert case.id == existing.id and exhibits[0].purpose == "both"
        assert len(list_exhibits(session, actors["ivan"], existing.reference)) == 1
        with pytest.raises(UserInputError, match="No case"):
            confirm(session, actors["ivan"], case_db.store, done.new[0], "BL-1999-0001", "x")


def test_dismissed_pairs_return_only_when_stronger(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    first = _load(case_db)
    o1 = first.new[0]
    with case_db.db.transaction() as session:
        with pytest.raises(UserInputError, match="reason"):
            dismiss(session, actors["ann"], o1, "")
        dismiss(session, actors["ann"], o1, "tasked to the family liaison")
    # equal, then weaker figures: stays dismissed, and the load says so
    weaker = copy.deepcopy(ALERTS)
    weaker[0]["score"], weaker[0]["detectors"] = 70.0, "BL101"
    for alerts in (ALERTS, weaker):
        done = _load(case_db, alerts)
        assert done.stayed_dismissed == [o1] and done.reopened == []
    # more detectors at a lower score: back for review, with the earlier decision shown
    more = copy.deepcopy(ALERTS)
    more[0]["score"], more[0]["detectors"] = 75.0, "BL101;BL102;BL202"
    assert _load(case_db, more).reopened == [o1]
    with case_db.db.transaction() as session:
        row = next(r for r in list_queue(session, actors["ann"]) if r.id == o1)
        assert row.status == "needs_review" and row.score == 75.0
        assert row.earlier is not None and "dismissed by ann" in row.earlier
        assert "family liaison" in row.earlier
        dismiss(session, actors["ann"], o1, "still explained by the liaison role")
    higher = copy.deepcopy(ALERTS)
    higher[0]["score"] = 90.0
    assert _load(case_db, higher).reopened == [o1]
    with case_db.db.transaction() as session:
        history = [(d.decision, d.score) for d in decisions(session, actors["ann"], o1)]
        audited = [e.action for e in entries(session, object_id=str(o1))]
    assert history == [
        ("dismissed", 80.5),
        ("reopened", 75.0),
        ("dismissed", 75.0),
        ("reopened", 90.0),
    ]
    assert audited.count("triage.dismiss") == 2 and audited.count("triage.reopen") == 2


def test_bad_alert_files_are_user_errors(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    bad = case_db.store / "bad.json"
    for text, message in [
        ("{", "not a readable"),
        ("{}", "list of alerts"),
        ('[{"officer_id": "O1"}]', "lacks score"),
    ]:
        bad.write_text(text)
        with pytest.raises(UserInputError, match=message), case_db.db.transaction() as s:
            load_alerts(s, actors["ann"], bad)
    with pytest.raises(UserInputError, match="no such alerts file"), case_db.db.transaction() as s:
        load_alerts(s, actors["ann"], case_db.store / "absent.json")
