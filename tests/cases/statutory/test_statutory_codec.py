"""The process state round-trips through JSON exactly, whatever steps were taken."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from statutory_world import state_at

from boundline.cases.statutory import (
    ProcessState,
    allowed_steps,
    apply,
    default_process,
    open_process,
    state_from_json,
    state_to_json,
)
from boundline.errors import IllegalStepError, UserInputError

ROLES = ("investigator", "appropriate_authority")


def _fields(step: str, day: date, pick: int) -> dict[str, str]:
    out = {"reason": f"because {pick}"}
    for spec in default_process().step(step).fields:
        if spec.name in out or (not spec.required and pick % 2):
            continue
        if spec.kind == "choice":
            out[spec.name] = spec.values[pick % len(spec.values)]
        elif spec.kind == "date":
            out[spec.name] = (day + timedelta(days=1 + pick % 9)).isoformat()
        elif spec.kind == "yesno":
            out[spec.name] = "yes" if pick % 3 else "no"
        elif spec.name == "outcome":
            form = default_process().forms["misconduct_hearing"]
            options = [o for values in form.outcomes.values() for o in values]
            out[spec.name] = options[pick % len(options)]
        else:
            out[spec.name] = f'text {pick} ‘quoted’ "and" <b>'
    return out


def _round_trips(state: ProcessState) -> None:
    text = state_to_json(state)
    again = state_from_json(text)
    assert again == state
    assert state_to_json(again) == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    subject=st.sampled_from(["officer", "staff"]),
    apsp=st.booleans(),
    picks=st.lists(st.integers(0, 10_000), max_size=30),
)
def test_any_reachable_state_round_trips(subject: str, apsp: bool, picks: list[int]) -> None:
    now = datetime(2026, 12, 21, 9, 30, tzinfo=UTC)
    state = open_process(
        subject_kind=subject,
        apsp=apsp,
        came_to_attention=now.date(),
        actor_role="appropriate_authority",
        at=now,
        reason="alert",
    ).state
    _round_trips(state)
    for pick in picks:
        now += timedelta(hours=7 + pick % 40)
        role = ROLES[pick % 2]
        options = allowed_steps(state, role)
        if not options:
            continue
        step = options[pick % len(options)]
        try:
            state = apply(
                state, step, actor_role=role, at=now, fields=_fields(step, now.date(), pick)
            ).state
        except IllegalStepError:
            continue  # an effect refused it (e.g. a date beyond the postponement limit)
        _round_trips(state)


def test_named_states_round_trip_and_the_text_is_canonical() -> None:
    state = state_at("dismissed")
    text = state_to_json(state)
    assert text.startswith('{"format":"boundline.statutory/2"')
    assert '"due_on":"2027-01-08"' in text and "+00:00" in text
    _round_trips(state)


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"format":"other/9","state":{}}',
        '{"format":"boundline.statutory/1","state":{"apsp":true}}',
        '{"format":"boundline.statutory/2","state":{"apsp":true}}',
    ],
)
def test_a_bad_stored_state_is_a_user_error(text: str) -> None:
    with pytest.raises(UserInputError, match="cannot be read"):
        state_from_json(text)
