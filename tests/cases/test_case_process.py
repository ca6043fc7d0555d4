"""The statutory process in the case database: steps recorded, audited, refused, due."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import select

from boundline.audit import entries, verify_chain
from boundline.cases import (
    Actor,
    CaseTransition,
    add_subject,
    advance,
    begin_process,
    case_status,
    confirm,
    due_across,
    find_case,
    list_cases,
    load_alerts,
    make_notice,
    open_case_with_process,
    state_of,
    step_permission,
)
from boundline.cases.db import MIGRATIONS
from boundline.cases.statutory import state_to_json
from boundline.errors import IllegalStepError, PermissionDeniedError, UserInputError
from case_world import CaseWorld, seed_users, share, write_alerts

OPENED = datetime(2026, 12, 21, 10, tzinfo=UTC)  # a Monday, before Christmas


def at(day: str, hour: int = 10) -> datetime:
    """An aware instant on ``day`` (UTC, which is London time in winter)."""
    d = date.fromisoformat(day)
    return datetime(d.year, d.month, d.day, hour, tzinfo=UTC)


def _opened(world: CaseWorld, subject: str = "O1", **options: object) -> str:
    """A case opened by ivan, with its process started (the users are added once)."""
    actors = world.actors or seed_users(world)
    with world.db.transaction() as session:
        case, _ = open_case_with_process(
            session,
            actors["ivan"],
            title="Calls to a victim",
            subject=subject,
            reason="APSP intelligence",
            at=OPENED,
            came_to_attention=OPENED.date(),
            **options,  # type: ignore[arg-type]
        )
    share(world, case.reference, "alma")
    return case.reference


Walk = list[tuple[str, str, dict[str, str], str]]
TO_SERVED: Walk = [
    ("alma", "refer_to_iopc", {}, "2026-12-21"),
    ("alma", "record_iopc_decision", {"mode": "local"}, "2026-12-22"),
    ("alma", "appoint_investigator", {"investigator": "DS Rowe"}, "2026-12-22"),
    ("alma", "assess_severity", {"severity": "gross_misconduct"}, "2026-12-22"),
    ("ivan", "serve_reg17_notice", {}, "2026-12-23"),
]


def _walk(world: CaseWorld, ref: str, walk: Walk) -> None:
    for user, step, fields, day in walk:
        with world.db.transaction() as session:
            advance(session, world.actors[user], ref, step, f"why {step}", fields, at=at(day))


def test_each_step_is_recorded_with_who_when_why_and_audited(case_db: CaseWorld) -> None:
    ref = _opened(case_db)
    _walk(case_db, ref, TO_SERVED)
    with case_db.db.transaction() as session:
        rows = list(session.scalars(select(CaseTransition).order_by(CaseTransition.seq)))
        logged = [e for e in entries(session, action="case.transition") if e.object_id == ref]
        assert verify_chain(session).intact
        case = find_case(session, ref)
        assert case.stage == "investigation"
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5, 6]
    assert [r.step for r in rows] == ["open_case"] + [w[1] for w in TO_SERVED]
    first, decision = rows[0], rows[2]
    assert (first.from_stage, first.to_stage, first.actor, first.role) == (
        "",
        "recorded",
        "ivan",
        "investigator",
    )
    assert (decision.from_stage, decision.to_stage) == ("referred", "investigation")
    assert (decision.actor, decision.role, decision.reason) == (
        "alma",
        "appropriate_authority",
        "why record_iopc_decision",
    )
    assert decision.at == at("2026-12-22")
    assert json.loads(decision.fields) == {"mode": "local", "reason": "why record_iopc_decision"}
    assert len(logged) == 6
    detail = json.loads(logged[0].detail)  # newest first: the notice
    assert (detail["step"], detail["role"]) == ("serve_reg17_notice", "investigator")
    assert detail["started"] == ["representations:2027-01-11"]


def test_the_state_round_trips_through_the_database(case_db: CaseWorld) -> None:
    ref = _opened(case_db)
    _walk(case_db, ref, TO_SERVED)
    with case_db.db.transaction() as session:
        state = state_of(session, case_db.actors["ivan"], find_case(session, ref))[1]
    with case_db.reopen() as again, again.transaction() as session:
        assert state_of(session, case_db.actors["ivan"], find_case(session, ref))[1] == state
    assert state.stage("misconduct") == "investigation" and len(state.history) == 6
    stored = case_db.sql("SELECT state, steps FROM subject_process")
    assert stored[0].state == state_to_json(state) and stored[0].steps == 6


def test_an_illegal_step_is_refused_and_changes_nothing(case_db: CaseWorld) -> None:
    ref = _opened(case_db)
    counted = "SELECT count(*) AS n FROM audit_log WHERE action <> 'rows.write'"
    before = case_db.sql(counted)[0].n
    with (
        pytest.raises(IllegalStepError, match="must be referred to the IOPC") as refused,
        case_db.db.transaction() as session,
    ):
        advance(session, case_db.actors["alma"], ref, "investigate_locally", "try", at=OPENED)
    assert "Allowed now for appropriate_authority: refer_to_iopc" in str(refused.value)
    with (
        pytest.raises(IllegalStepError, match="there is no such step"),
        case_db.db.transaction() as session,
    ):
        advance(session, case_db.actors["ivan"], ref, "sack_them", "now")
    with pytest.raises(IllegalStepError, match=r"missing field.*mode"):
        _walk(case_db, ref, [TO_SERVED[0], ("alma", "record_iopc_decision", {}, "2026-12-22")])
    assert case_db.sql("SELECT count(*) AS n FROM case_transitions")[0].n == 2
    assert case_db.sql(counted)[0].n == before + 1


def test_permissions_transition_and_decide(case_db: CaseWorld) -> None:
    ref = _opened(case_db)
    assert step_permission("refer_to_iopc") == "case.decide"
    assert step_permission("serve_reg17_notice") == "case.transition"
    assert step_permission("open_criminal_investigation") == "case.transition"
    with (
        pytest.raises(
            PermissionDeniedError, match="may not take the appropriate authority's decisions"
        ),
        case_db.db.transaction() as session,
    ):
        advance(session, case_db.actors["ivan"], ref, "refer_to_iopc", "mine")
    for user in ("ann", "aud", "root"):
        with (
            pytest.raises(
                PermissionDeniedError, match="may not take steps of the statutory process"
            ),
            case_db.db.transaction() as session,
        ):
            advance(session, case_db.actors[user], ref, "open_criminal_investigation", "x")
    with (
        pytest.raises(UserInputError, match="--reason, not as a field"),
        case_db.db.transaction() as session,
    ):
        advance(session, case_db.actors["alma"], ref, "refer_to_iopc", "x", {"reason": "y"})


def test_a_change_of_severity_after_the_notice_is_an_obligation(case_db: CaseWorld) -> None:
    ref = _opened(case_db)
    _walk(case_db, ref, TO_SERVED)
    with case_db.db.transaction() as session:
        t = advance(
            session,
            case_db.actors["alma"],
            ref,
            "assess_severity",
            "new evidence",
            {"severity": "misconduct"},
            at=at("2026-12-29"),
        )
    assert [o.kind for o in t.raised] == ["notify_severity_change"]
    with case_db.db.transaction() as session:
        due = due_across(session, case_db.actors["ivan"], date(2026, 12, 29))
        status = case_status(session, case_db.actors["ivan"], ref, date(2026, 12, 29))
    pending = [i for i in due if i.kind == "notify_severity_change"]
    assert (
        pending and pending[0].status == "pending" and "further written notice" in (pending[0].what)
    )
    assert "submit_reg21_report" not in status.subjects[0].allowed
    assert "serve_reg17_notice" in status.subjects[0].allowed
    with pytest.raises(IllegalStepError, match="severity"):
        _walk(
            case_db,
            ref,
            [("ivan", "submit_reg21_report", {"opinion": "no_case_to_answer"}, "2026-12-30")],
        )


def test_due_across_cases_and_cases_waiting_to_start(case_db: CaseWorld) -> None:
    ref = _opened(case_db)
    alerts = write_alerts(case_db.store / "alerts.json")
    with case_db.db.transaction() as session:
        load_alerts(session, case_db.actors["ann"], alerts)
        waiting, _ = confirm(
            session, case_db.actors["ann"], case_db.store, 1, "NEW", "strong", stated_kind="officer"
        )
    share(case_db, waiting.reference, "alma")  # an analyst confirmed it: no members yet
    with case_db.db.transaction() as session:
        soon = due_across(session, case_db.actors["alma"], date(2026, 12, 21))
        late = due_across(session, case_db.actors["alma"], date(2026, 12, 24), within=0)
        rows = {r.reference: r for r in list_cases(session, case_db.actors["alma"])}
    referral = [i for i in soon if i.kind == "iopc_referral"]
    assert referral and referral[0].case == ref and referral[0].due_on == date(2026, 12, 22)
    assert [i.status for i in late if i.kind == "iopc_referral"] == ["overdue"]
    assert [i.case for i in soon if i.kind == "start_process"] == [waiting.reference]
    assert rows[ref].misconduct == "recorded" and rows[waiting.reference].misconduct == (
        "not started"
    )
    with (
        case_db.db.transaction() as session,
        pytest.raises(UserInputError, match="no statutory process yet"),
    ):
        advance(session, case_db.actors["alma"], waiting.reference, "refer_to_iopc", "x")
    with case_db.db.transaction() as session:
        begin_process(session, case_db.actors["alma"], waiting.reference, "recorded by the AA")
    with (
        case_db.db.transaction() as session,
        pytest.raises(UserInputError, match="already in the statutory process"),
    ):
        begin_process(session, case_db.actors["alma"], waiting.reference, "again")
    with case_db.db.transaction() as session:
        assert state_of(session, case_db.actors["ivan"], find_case(session, waiting.reference))[
            1
        ].apsp


def test_a_0001_database_upgrades_and_its_cases_can_start(case_db: CaseWorld) -> None:
    actors = seed_users(case_db)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    with case_db.db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    versions = case_db.sql("SELECT version_num FROM alembic_version")
    assert [v.version_num for v in versions] == ["0001"]
    case_db.sql(  # a case as a revision-0001 Boundline wrote it
        "INSERT INTO cases (reference, origin, purpose, title, opened_at, opened_by, stage) "
        "VALUES ('BL-2026-0001', 'complaint', 'misconduct', 'Old case', :at, 'ivan', 'opened')",
        at=OPENED.replace(tzinfo=None) if case_db.dialect == "sqlite" else OPENED,
    )
    old = SimpleNamespace(reference="BL-2026-0001")
    with case_db.reopen() as upgraded:
        with upgraded.transaction() as session:
            with pytest.raises(UserInputError, match="names no subject yet"):
                begin_process(session, actors["ivan"], old.reference, "no subject: no process")
            add_subject(session, actors["ivan"], old.reference, "O7", "officer")
            begin_process(session, actors["ivan"], old.reference, "recorded after upgrade")
        with upgraded.transaction() as session:
            state = state_of(session, case_db.actors["ivan"], find_case(session, old.reference))[1]
            assert state.stage("misconduct") == "recorded"
            assert verify_chain(session).intact
    versions = case_db.sql("SELECT version_num FROM alembic_version")
    assert [v.version_num for v in versions] == ["0007"]


def test_transitions_are_append_only(case_db: CaseWorld) -> None:
    _opened(case_db)
    for statement in (
        "UPDATE case_transitions SET reason = 'forged'",
        "DELETE FROM case_transitions",
    ):
        with pytest.raises(Exception, match="case_transitions is append-only"):
            case_db.sql(statement)
    assert case_db.sql("SELECT reason FROM case_transitions")[0].reason == "APSP intelligence"


def test_an_analyst_may_not_start_the_process(case_db: CaseWorld) -> None:
    seed_users(case_db)
    with (
        case_db.db.transaction() as session,
        pytest.raises(PermissionDeniedError, match="may not take steps of the statutory process"),
    ):
        open_case_with_process(
            session,
            Actor("ann", case_db.actors["ann"].role),
            title="t",
            subject="O1",
            reason="r",
        )


def test_two_writers_racing_for_the_same_step_record_it_once(case_db: CaseWorld) -> None:
    """Two sessions (their own connections) take the same step on a case at once.

    The process row is locked for update (``BEGIN IMMEDIATE`` on SQLite), so the
    second reads the state the first committed and is refused: each case gets the
    step once, every race has one winner and one refusal, and the chain is whole.
    """
    refs = [_opened(case_db, subject=f"O{i}") for i in range(1, 5)]
    results: dict[str, list[str]] = {ref: [] for ref in refs}
    errors: list[BaseException] = []

    def racer(ref: str, barrier: threading.Barrier) -> None:
        try:
            with case_db.reopen() as db:
                barrier.wait(timeout=30)
                try:
                    with db.transaction() as session:
                        advance(
                            session,
                            case_db.actors["alma"],
                            ref,
                            "refer_to_iopc",
                            "race",
                            at=at("2026-12-22"),
                        )
                    results[ref].append("recorded")
                except IllegalStepError as exc:
                    results[ref].append(
                        "refused" if "in stage 'referred'" in str(exc) else str(exc)
                    )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    for ref in refs:
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=racer, args=(ref, barrier)) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert {ref: sorted(r) for ref, r in results.items()} == {
        ref: ["recorded", "refused"] for ref in refs
    }
    steps = case_db.sql("SELECT step, count(*) AS n FROM case_transitions GROUP BY step")
    assert sorted((s.step, s.n) for s in steps) == [("open_case", 4), ("refer_to_iopc", 4)]
    with case_db.db.transaction() as session:
        assert verify_chain(session).intact


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"severity": "misconduct"}, r"--field severity='misconduct' contradicts the record"),
        ({"served_on": "2026-12-01"}, r"--field served_on='2026-12-01' contradicts the record"),
        ({"investigator": "DC Other"}, r"--field investigator='DC Other' contradicts"),
        ({"rnak": "PC"}, r"Unknown --field rnak: the fields are .*rank"),
    ],
)
def test_documents_take_their_facts_from_the_record(
    case_db: CaseWorld, given: dict[str, str], message: str
) -> None:
    ref = _opened(case_db)
    _walk(case_db, ref, TO_SERVED)
    known = {"rank": "PC", "force": "Synthetic", "conduct": "Calls", "standard": "Integrity"}
    with case_db.db.transaction() as session, pytest.raises(UserInputError, match=message):
        make_notice(session, case_db.actors["ivan"], case_db.store, ref, {**known, **given})
    with case_db.db.transaction() as session:
        same = {**known, "severity": "gross misconduct", "served_on": "2026-12-23"}
        made = make_notice(session, case_db.actors["ivan"], case_db.store, ref, same)
    assert b"2026-12-23" in made.content
