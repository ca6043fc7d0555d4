"""A finding on each allegation, and the outcome held to them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from boundline.cases import add_allegation, advance, case_status, open_case_with_process
from boundline.cases.findings import record_finding
from boundline.errors import PermissionDeniedError, UserInputError
from case_world import CaseWorld, seed_users, share

#: From opening to a staff disciplinary hearing (every step by the appropriate authority
#: except the investigator's), all on 2026-11-02..2026-11-20.
TO_HEARING = [
    ("alma", "refer_to_iopc", {}),
    ("alma", "record_iopc_decision", {"mode": "local"}),
    ("alma", "appoint_investigator", {"investigator": "DS Rowe"}),
    ("alma", "assess_severity", {"severity": "gross_misconduct"}),
    ("ivan", "serve_reg17_notice", {}),
    ("ivan", "submit_reg21_report", {"opinion": "case_to_answer_gross_misconduct"}),
    ("alma", "decide_case_to_answer", {"decision": "gross_misconduct"}),
    ("alma", "refer_to_staff_disciplinary", {}),
]
AT = datetime(2026, 11, 20, 10, tzinfo=UTC)


@pytest.fixture
def hearing(case_db: CaseWorld) -> tuple[CaseWorld, str]:
    actors = seed_users(case_db)
    with case_db.db.transaction() as session:
        case, _ = open_case_with_process(
            session, actors["alma"], title="Shop worker", subject="PCSO1", reason="APSP",
            subject_kind="staff", at=datetime(2026, 11, 2, 10, tzinfo=UTC),
        )  # fmt: skip
        add_allegation(
            session, actors["alma"], case.reference, "Messages", ["discreditable conduct"]
        )
        add_allegation(
            session, actors["alma"], case.reference, "Visits", ["duties and responsibilities"]
        )
    share(case_db, case.reference, "ivan")
    for user, step, fields in TO_HEARING:
        with case_db.db.transaction() as session:
            advance(session, actors[user], case.reference, step, "r", fields, at=AT)
    return case_db, case.reference


def _outcome(world: CaseWorld, ref: str, finding: str) -> None:
    fields = {
        "finding": finding,
        "outcome": "summary_dismissal" if finding != "not_proven" else "no_action",
    }
    with world.db.transaction() as session:
        advance(session, world.actors["alma"], ref, "record_staff_outcome", "panel", fields, at=AT)


def _find(world: CaseWorld, ref: str, allegation: int, finding: str, user: str = "alma") -> None:
    with world.db.transaction() as session:
        record_finding(session, world.actors[user], ref, allegation, finding, "the panel")


def test_an_outcome_waits_for_every_allegation(hearing: tuple[CaseWorld, str]) -> None:
    world, ref = hearing
    with pytest.raises(UserInputError, match=r"allegation 1, 2 of case .* has none"):
        _outcome(world, ref, "gross_misconduct")
    _find(world, ref, 1, "proven")
    with pytest.raises(UserInputError, match=r"allegation 2 of case"):
        _outcome(world, ref, "gross_misconduct")
    _find(world, ref, 2, "not_proven")
    with pytest.raises(UserInputError, match="an allegation was found proven"):
        _outcome(world, ref, "not_proven")
    _outcome(world, ref, "gross_misconduct")
    with world.db.transaction() as session:
        shown = case_status(session, world.actors["ivan"], ref, AT.date()).allegations
    assert [(a.id, a.finding) for a in shown] == [(1, "proven"), (2, "not_proven")]


def test_nothing_proven_means_not_proven(hearing: tuple[CaseWorld, str]) -> None:
    world, ref = hearing
    _find(world, ref, 1, "not_proven")
    _find(world, ref, 2, "proven")
    _find(world, ref, 2, "not_proven")  # a later finding supersedes the earlier one
    with pytest.raises(UserInputError, match="no allegation was found proven"):
        _outcome(world, ref, "gross_misconduct")
    _outcome(world, ref, "not_proven")


@pytest.mark.parametrize(
    ("allegation", "finding", "user", "error", "message"),
    [
        (3, "proven", "alma", UserInputError, "has no allegation 3"),
        (1, "guilty", "alma", UserInputError, "not one of: proven, not_proven"),
        (1, "proven", "ivan", PermissionDeniedError, "may not"),
    ],
)
def test_bad_findings_are_refused(
    hearing: tuple[CaseWorld, str],
    allegation: int,
    finding: str,
    user: str,
    error: type[Exception],
    message: str,
) -> None:
    world, ref = hearing
    with pytest.raises(error, match=message):
        _find(world, ref, allegation, finding, user)
