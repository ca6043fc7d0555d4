"""Peer check: our per-counterpart indicators against bandicoot's hand-computed values.

bandicoot (MIT) ships hand-computed expected indicators for two tiny users
(``tests/samples/manual/A.csv`` → ``A.json``, ``B.csv`` → ``B.json``). The files stay
in ``../shared/peers`` and are read from there; without that folder these tests skip.

Definitional differences (also in docs/detectors.md): bandicoot's night is
19:00–07:00 (we pass that window here; ours defaults to 22:00–06:00), its datetimes
are naive local times (we ingest them as UTC and use the UTC zone), its ``text``
is our every non-call channel, and its conversations are texts less than 1 h
apart, ended by a call (our ``conversation_gap_s`` default).
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

from boundline.detectors import DetectionContext
from boundline.detectors.indicators import per_counterpart
from boundline.engine import connect
from boundline.ingest import ingest
from boundline.store import open_store
from contract_world import write_source

PEERS = Path(__file__).resolve().parents[2].parent / "shared" / "peers"
MANUAL = PEERS / "bandicoot" / "tests_samples" / "manual"

pytestmark = pytest.mark.skipif(
    not MANUAL.is_dir(),
    reason=f"peer data folder {MANUAL} is absent (it lives outside the repository)",
)


def _indicators(tmp_path: Path, user: str) -> tuple[list[dict], dict]:
    with (MANUAL / f"{user}.csv").open(encoding="utf-8") as fh:
        records = list(csv.DictReader(fh))
    comms = [
        {
            "record_id": f"R{i}",
            "device_id": "D1",
            "time": r["datetime"].replace(" ", "T") + "Z",
            "direction": r["direction"],
            "channel": "call" if r["interaction"] == "call" else "sms",
            "counterpart": f"user-{r['correspondent_id']}",
            "duration_s": r["call_duration"],
        }
        for i, r in enumerate(records)
    ]
    devices = [
        {
            "device_id": "D1",
            "msisdn": "07700 900001",
            "officer_id": "O1",
            "assigned_from": "2014-01-01T00:00:00Z",
            "assigned_to": "",
        }
    ]
    src = write_source(tmp_path / "src", {"comms": comms, "devices": devices})
    ingest(src, tmp_path / "store")
    ctx = DetectionContext(connect(open_store(tmp_path / "store")), tz="UTC")
    rows = per_counterpart(ctx, night_start_h=19, night_end_h=7).to_pyarrow().to_pylist()
    with (MANUAL / f"{user}.json").open(encoding="utf-8") as fh:
        expected = json.load(fh)
    return rows, expected


def _value(expected: dict, name: str, *path: str) -> float:
    node = expected[name]["allweek"]["allday"]
    for p in path:
        node = node[p]
    return float(node)


@pytest.mark.parametrize("user", ["A", "B"])
def test_interaction_counts_and_contacts(tmp_path: Path, user: str) -> None:
    rows, exp = _indicators(tmp_path, user)
    calls = sum(r["calls"] for r in rows)
    texts = sum(r["messages"] for r in rows)
    assert calls == _value(exp, "number_of_interactions", "call")
    assert texts == _value(exp, "number_of_interactions", "text")
    call_contacts = [r["calls"] for r in rows if r["calls"]]
    text_contacts = [r["messages"] for r in rows if r["messages"]]
    assert len(call_contacts) == _value(exp, "number_of_contacts", "call")
    assert len(text_contacts) == _value(exp, "number_of_contacts", "text")
    mean = _value(exp, "interactions_per_contact", "call", "mean")
    assert sum(call_contacts) / len(call_contacts) == pytest.approx(mean)
    mean = _value(exp, "interactions_per_contact", "text", "mean")
    assert sum(text_contacts) / len(text_contacts) == pytest.approx(mean)


@pytest.mark.parametrize("user", ["A", "B"])
def test_share_initiated_and_night(tmp_path: Path, user: str) -> None:
    rows, exp = _indicators(tmp_path, user)
    calls = sum(r["calls"] for r in rows)
    texts = sum(r["messages"] for r in rows)
    share_out = sum(r["calls_out"] for r in rows) / calls
    assert share_out == pytest.approx(_value(exp, "percent_initiated_interactions", "call"))
    night_calls = sum(r["calls_night"] for r in rows) / calls
    night_texts = sum(r["messages_night"] for r in rows) / texts
    assert night_calls == pytest.approx(_value(exp, "percent_nocturnal", "call"))
    assert night_texts == pytest.approx(_value(exp, "percent_nocturnal", "text"))
    conv = sum(r["conversations"] for r in rows)
    initiated = sum(r["conversations_out"] for r in rows) / conv
    assert initiated == pytest.approx(_value(exp, "percent_initiated_conversations", "callandtext"))


def test_response_rate_and_delay_for_texts(tmp_path: Path) -> None:
    """Only A.json carries the text response indicators."""
    rows, exp = _indicators(tmp_path, "A")
    received = sum(r["conversations_in"] for r in rows)
    answered = sum(r["conversations_in_answered"] for r in rows)
    assert answered / received == pytest.approx(_value(exp, "response_rate_text", "callandtext"))
    delays = sum(r["reply_delays"] for r in rows)
    mean = sum(r["reply_delay_s_sum"] for r in rows) / delays
    expected = exp["response_delay_text"]["allweek"]["allday"]["callandtext"]
    assert mean == pytest.approx(expected["mean"])
    # bandicoot's std is the population std of the delays: mean 180, std 120 → 300 and 60
    assert math.isclose(delays, 2)
