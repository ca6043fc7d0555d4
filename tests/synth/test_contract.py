"""Every clean row meets the contract, and the planted faults are exactly those counted."""

from __future__ import annotations

from typing import Any

import pandas as pd

from boundline.contract import TABLES, normalise_counterpart
from boundline.synth import SynthResult


def test_every_table_is_written(demo: SynthResult) -> None:
    assert set(demo.files) == {t.name for t in TABLES}
    for name, path in demo.files.items():
        assert path.name == f"{name}.csv"
        header = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert header.split(",") == list(next(t for t in TABLES if t.name == name).names)


def test_fault_counts_match_an_independent_check(
    scenarios: dict[str, Any], checked: tuple[dict[str, pd.DataFrame], dict[str, dict[str, int]]]
) -> None:
    _, faults = checked
    assert faults == scenarios["faults"]
    assert set(scenarios["faults"]["comms"]) == {
        "duplicate_key",
        "naive_timestamp",
        "bad_timestamp",
        "unknown_reference",
    }
    assert scenarios["faults"]["avl"]["out_of_range"] > 0


def test_row_counts_include_faulty_rows(demo: SynthResult, scenarios: dict[str, Any]) -> None:
    assert scenarios["rows"] == demo.rows
    for name, path in demo.files.items():
        with path.open(encoding="utf-8") as fh:
            lines = sum(1 for _ in fh) - 1  # addresses are quoted but never span lines
        assert lines == demo.rows[name]


def test_share_of_faults_is_small(scenarios: dict[str, Any]) -> None:
    for table, per_rule in scenarios["faults"].items():
        assert sum(per_rule.values()) < 0.01 * scenarios["rows"][table]


def test_clean_rows_are_plausible(
    checked: tuple[dict[str, pd.DataFrame], dict[str, dict[str, int]]],
) -> None:
    acc, _ = checked
    avl = acc["avl"]
    lat, lon = avl["lat"].astype(float), avl["lon"].astype(float)
    assert lat.between(53.3, 53.5).all() and lon.between(-3.2, -2.8).all()
    assert (avl["speed_kmh"].astype(float) < 130).all()
    # the same number is written in several forms, all normalising alike
    pc = acc["person_contacts"]
    phones = pc[pc["kind"] == "phone"]["value"]
    assert phones.str.startswith("+44 ").any() and phones.str.startswith("0044").any()
    assert phones.str.startswith("(0").any() and phones.str.contains(" ").any()
    assert {normalise_counterpart(v)[:3] for v in phones.head(500)} == {"+44"}
    comms = acc["comms"]
    assert comms["counterpart"].str.startswith("@").any()
    # shifts include local early/late/night, across the clock change (offset moves by 1 h)
    shifts = acc["shifts"]
    early = shifts[shifts["kind"] == "early"]["start"].str[11:16].value_counts()
    assert set(early.index) == {"07:00", "06:00"}
    # some devices pass from one officer to another during the period
    dev = acc["devices"]
    assert dev["device_id"].duplicated().any()
    assert (dev["assigned_to"] != "").any()
