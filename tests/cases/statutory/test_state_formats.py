"""Stored process states of every earlier format still read (with defaults for new fields).

Each ``V<n>`` text below was written by the Boundline of that format (version 1: the
code before effective dates; generated with ``state_to_json`` at that commit) and is
kept as it was. Reading it must give a state of the current format with the
upgrade applied: a version-1 step took effect the day it was recorded (in local time).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from boundline.cases.statutory import state_from_json, state_to_json
from boundline.cases.statutory.codec import FORMAT, UPGRADES, VERSION
from boundline.errors import UserInputError

#: A staff subject's state after the notice, as version 1 stored it (23:30 UTC on
#: 2 March 2026 is still 2 March in London, which is on GMT then).
V1 = (
    '{"format":"boundline.statutory/1","state":{"apsp":true,"came_to_attention":"2026-03-01",'
    '"case_to_answer":null,"deadlines":[{"closed_at":null,"closed_by":null,"due_on":"2027-03-'
    '01","kind":"progress_letter","period":1,"started_at":"2026-03-02T23:30:00+00:00"},{"clos'
    'ed_at":"2026-03-02T23:30:00+00:00","closed_by":"refer_to_iopc","due_on":"2026-03-03","ki'
    'nd":"iopc_referral","period":1,"started_at":"2026-03-02T23:30:00+00:00"},{"closed_at":nu'
    'll,"closed_by":null,"due_on":"2026-03-16","kind":"representations","period":1,"started_a'
    't":"2026-03-02T23:30:00+00:00"}],"finding":null,"form":null,"former":false,"fww_in_force'
    '":false,"history":[{"actor":"alma","actor_role":"appropriate_authority","at":"2026-03-02'
    'T23:30:00+00:00","fields":[["apsp","yes"],["came_to_attention","2026-03-01"],["former","'
    'no"],["reason","APSP alert"],["subject_kind","staff"]],"from_stage":"","reason":"APSP al'
    'ert","step":"open_case","to_stage":"recorded","track":"misconduct"},{"actor":"x","actor_'
    'role":"appropriate_authority","at":"2026-03-02T23:30:00+00:00","fields":[["reason","r"]]'
    ',"from_stage":"recorded","reason":"r","step":"refer_to_iopc","to_stage":"referred","trac'
    'k":"misconduct"},{"actor":"x","actor_role":"appropriate_authority","at":"2026-03-02T23:3'
    '0:00+00:00","fields":[["mode","local"],["reason","r"]],"from_stage":"referred","reason":'
    '"r","step":"record_iopc_decision","to_stage":"investigation","track":"misconduct"},{"act'
    'or":"x","actor_role":"appropriate_authority","at":"2026-03-02T23:30:00+00:00","fields":['
    '["investigator","DS Hale"],["reason","r"]],"from_stage":"investigation","reason":"r","st'
    'ep":"appoint_investigator","to_stage":"investigation","track":"misconduct"},{"actor":"x"'
    ',"actor_role":"appropriate_authority","at":"2026-03-02T23:30:00+00:00","fields":[["reaso'
    'n","r"],["severity","gross_misconduct"]],"from_stage":"investigation","reason":"r","step'
    '":"assess_severity","to_stage":"investigation","track":"misconduct"},{"actor":"x","actor'
    '_role":"investigator","at":"2026-03-02T23:30:00+00:00","fields":[["reason","r"]],"from_s'
    'tage":"investigation","reason":"r","step":"serve_reg17_notice","to_stage":"investigation'
    '","track":"misconduct"}],"interview":null,"investigator":"DS Hale","mode":"local","notic'
    'es":[{"number":1,"served_at":"2026-03-02T23:30:00+00:00","severity":"gross_misconduct","'
    'severity_version":1,"variant":"staff"}],"obligations":[],"opinion":null,"outcome":null,"'
    'process_version":1,"severity":[{"at":"2026-03-02T23:30:00+00:00","by_role":"appropriate_'
    'authority","reason":"r","severity":"gross_misconduct","version":1}],"special_conditions"'
    ':false,"stages":[["criminal","none"],["misconduct","investigation"]],"subject_kind":"sta'
    'ff"}}'
)


def test_every_earlier_version_has_an_upgrade() -> None:
    assert sorted(UPGRADES) == list(range(1, VERSION))
    assert f"boundline.statutory/{VERSION}" == FORMAT


def test_a_version_1_state_reads_with_effective_dates() -> None:
    state = state_from_json(V1)
    assert state.subject_kind == "staff" and state.stage("misconduct") == "investigation"
    assert [r.step for r in state.history][-1] == "serve_reg17_notice"
    assert {r.on for r in state.history} == {date(2026, 3, 2)}
    again = state_to_json(state)
    assert json.loads(again)["format"] == FORMAT
    assert state_from_json(again) == state  # the upgraded state round-trips exactly


def test_the_current_format_must_be_exact() -> None:
    body = json.loads(state_to_json(state_from_json(V1)))
    del body["state"]["history"][0]["on"]
    with pytest.raises(UserInputError, match="cannot be read"):
        state_from_json(json.dumps(body))


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ("boundline.statutory/99", "newer Boundline"),
        ("boundline.statutory/0", "no version"),
        ("something/1", "is not boundline.statutory"),
        (None, "is not boundline.statutory"),
    ],
)
def test_unknown_formats_are_refused(marker: object, message: str) -> None:
    body = json.loads(V1)
    body["format"] = marker
    with pytest.raises(UserInputError, match=message):
        state_from_json(json.dumps(body))


def test_a_version_1_state_with_an_unknown_field_is_refused() -> None:
    body = json.loads(V1)
    body["state"]["surprise"] = 1
    with pytest.raises(UserInputError, match="cannot be read"):
        state_from_json(json.dumps(body))
