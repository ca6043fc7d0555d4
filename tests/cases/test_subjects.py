"""Subjects: their kind from the force's data, and one statutory process per subject."""

from __future__ import annotations

from datetime import date

import pytest

from boundline.cases import (
    advance,
    case_status,
    confirm,
    find_subject,
    kind_of_role,
    list_cases,
    load_alerts,
    state_of,
)
from boundline.cases.models import Case
from boundline.errors import UserInputError
from boundline.ingest import ingest
from case_world import CaseWorld, seed_users, share, write_alerts
from contract_world import VALID, write_source


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        ("PCSO", "staff"),
        ("STAFF", "staff"),
        ("pcso", "staff"),
        ("PC", "officer"),
        ("SGT", "officer"),
        ("INSP", "officer"),
        ("SPECIAL", "officer"),
        ("DCI", "officer"),
        ("CSUPT", "officer"),
        (" sgt ", "officer"),
        ("VOLUNTEER", None),
        ("", None),
        (None, None),
        ("CLERK", None),
    ],
)
def test_the_kind_follows_the_role(role: str | None, kind: str | None) -> None:
    assert kind_of_role(role) == kind


OFFICERS = {"O1": "PC", "O2": "PCSO", "O3": "VOLUNTEER"}


def _alert(officer: str, person: str, rank: int) -> dict[str, object]:
    return {
        "rank": rank,
        "officer_id": officer,
        "person_id": person,
        "counterpart": None,
        "score": 70.0 - rank,
        "severity": "high",
        "detectors": "BL101",
        "summary": f"{officer} and {person}.",
    }


@pytest.fixture
def world(case_db: CaseWorld) -> CaseWorld:
    """A store whose officers are a PC, a PCSO and a volunteer; their alerts queued."""
    base = VALID["officers"][0]
    officers = [{**base, "officer_id": o, "role": r} for o, r in OFFICERS.items()]
    source = write_source(case_db.store.parent / "source", {"officers": officers})
    ingest(source, case_db.store)
    actors = seed_users(case_db)
    alerts = [_alert("O1", "P1", 1), _alert("O2", "P1", 2), _alert("O3", "P1", 3)]
    alerts.append(_alert("O9", "P1", 4))  # not in the store
    with case_db.db.transaction() as session:
        load_alerts(session, actors["ann"], write_alerts(case_db.store / "a.json", alerts))
    return case_db


def _confirm(
    world: CaseWorld, item: int, case: str = "NEW", user: str = "ivan", **kw: object
) -> Case:
    with world.db.transaction() as session:
        opened, _ = confirm(
            session,
            world.actors[user],
            world.store,
            item,
            case,
            "seen",
            **kw,  # type: ignore[arg-type]
        )
    share(world, opened.reference, "ivan", "alma")
    return opened


def test_a_pcso_is_staff_from_the_data(world: CaseWorld) -> None:
    case = _confirm(world, 2)
    with world.db.transaction() as session:
        subject, state = state_of(session, world.actors["ivan"], case)
    assert subject.kind == "staff" and state.subject_kind == "staff"


@pytest.mark.parametrize(
    ("item", "stated", "message"),
    [
        (1, "staff", "has the role 'PC' in the force's data, so is a police officer"),
        (2, "officer", "is a member of police staff, not a police officer"),
        (3, None, "has the role 'VOLUNTEER'.*--subject-kind"),
        (4, None, "is not in the store's officers.*--subject-kind"),
        (3, "constable", "not one of: officer, staff"),
    ],
)
def test_a_kind_the_data_cannot_give_is_asked_and_one_it_contradicts_refused(
    world: CaseWorld, item: int, stated: str | None, message: str
) -> None:
    with pytest.raises(UserInputError, match=message):
        _confirm(world, item, stated_kind=stated)
    with world.db.transaction() as session:
        assert session.query(Case).count() == 0  # nothing half-written


@pytest.mark.parametrize(("item", "stated"), [(3, "staff"), (4, "officer")])
def test_a_stated_kind_is_kept_when_the_data_cannot_say(
    world: CaseWorld, item: int, stated: str
) -> None:
    case = _confirm(world, item, stated_kind=stated)
    with world.db.transaction() as session:
        subject, _ = state_of(session, world.actors["ivan"], case)
    assert subject.kind == stated


def test_two_subjects_have_a_process_each(world: CaseWorld) -> None:
    case = _confirm(world, 1)
    with pytest.raises(UserInputError, match="--add-subject"):
        _confirm(world, 2, case.reference)
    _confirm(world, 2, case.reference, add_to_case=True)
    alma, ivan = world.actors["alma"], world.actors["ivan"]
    with (
        pytest.raises(UserInputError, match="has 2 subjects .* say which with --subject"),
        world.db.transaction() as session,
    ):
        advance(session, alma, case.reference, "refer_to_iopc", "APSP")
    with world.db.transaction() as session:
        advance(session, alma, case.reference, "refer_to_iopc", "APSP", subject="O2")
    with world.db.transaction() as session:
        first = state_of(session, ivan, case, "O1")[1]
        second = state_of(session, ivan, case, "O2")[1]
        status = case_status(session, alma, case.reference, date.today())
        row = next(r for r in list_cases(session, ivan) if r.reference == case.reference)
    assert first.stage("misconduct") == "recorded" and first.subject_kind == "officer"
    assert second.stage("misconduct") == "referred" and second.subject_kind == "staff"
    assert [(s.label, s.kind) for s in status.subjects] == [("O1", "officer"), ("O2", "staff")]
    assert "record_iopc_decision" in status.subjects[1].allowed
    assert "record_iopc_decision" not in status.subjects[0].allowed
    assert row.misconduct == "recorded / referred"
    last = status.steps[-1]
    assert last.step == "refer_to_iopc" and last.subject_id == status.subjects[1].id


def test_a_subject_named_by_pseudonym_or_unknown(world: CaseWorld) -> None:
    case = _confirm(world, 1, user="ann")  # an analyst sees the cases she confirmed into
    _confirm(world, 2, case.reference, user="ann", add_to_case=True)
    ann = world.actors["ann"]
    with world.db.transaction() as session:
        status = case_status(session, ann, case.reference, date.today())
        pseudonym = status.subjects[1].label
        assert pseudonym.startswith("OFFICER-")
        assert find_subject(session, ann, case, pseudonym).officer_id == "O2"
        with pytest.raises(UserInputError, match="is not a subject of case"):
            find_subject(session, ann, case, "O3")


def test_a_step_is_corrected_by_the_number_case_show_gives_it(world: CaseWorld) -> None:
    case = _confirm(world, 1)  # step 1: O1's opening
    _confirm(world, 2, case.reference, add_to_case=True)  # step 2: O2's opening
    alma = world.actors["alma"]
    for step, fields in [("refer_to_iopc", {}), ("record_iopc_decision", {"mode": "local"})]:
        with world.db.transaction() as session:
            advance(session, alma, case.reference, step, "r", fields, subject="O2")
    with world.db.transaction() as session:
        numbers = [s.seq for s in case_status(session, alma, case.reference, date.today()).steps]
    assert numbers == [1, 2, 3, 4]
    with (
        pytest.raises(UserInputError, match=r"supersedes='1' is not .* numbers them: 2, 3, 4"),
        world.db.transaction() as session,
    ):
        advance(
            session, alma, case.reference, "correct_step", "r", {"supersedes": "1"}, subject="O2"
        )
    with world.db.transaction() as session:
        fields = {"supersedes": "4", "mode": "directed"}
        advance(
            session, alma, case.reference, "correct_step", "mode was misread", fields, subject="O2"
        )
    with world.db.transaction() as session:
        assert state_of(session, alma, case, "O2")[1].mode == "directed"
        assert state_of(session, alma, case, "O1")[1].mode is None
