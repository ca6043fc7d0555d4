"""The planted figures in scenarios.json, recomputed from the raw files independently."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from boundline.contract import normalise_counterpart

LONDON = ZoneInfo("Europe/London")
INF = 10**12
Checked = tuple[dict[str, pd.DataFrame], dict[str, dict[str, int]]]


def secs(values: pd.Series) -> list[int]:
    return [
        int(datetime.fromisoformat(v.replace("Z", "+00:00")).timestamp()) if v else INF
        for v in values
    ]


def iso(t: int) -> str:
    return datetime.fromtimestamp(t, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def stays(pings: list[tuple[int, float, float]]) -> list[tuple[int, int, float, float]]:
    """Greedy stays: runs of pings within 100 m of the run's first ping lasting >= 10 min."""
    out = []
    i = 0
    while i < len(pings):
        j = i + 1
        while j < len(pings) and metres(pings[i][1:], pings[j][1:]) <= 100:
            j += 1
        run = pings[i:j]
        if run[-1][0] - run[0][0] >= 600:
            lat = sum(p[1] for p in run) / len(run)
            lon = sum(p[2] for p in run) / len(run)
            out.append((run[0][0], run[-1][0], lat, lon))
        i = j
    return out


def recompute(acc: dict[str, pd.DataFrame], officer: str, person: str) -> dict[str, Any]:
    pc = acc["person_contacts"]
    mine = {normalise_counterpart(v) for v in pc[pc["person_id"] == person]["value"]}
    dev = acc["devices"][acc["devices"]["officer_id"] == officer]
    held = list(
        zip(dev["device_id"], secs(dev["assigned_from"]), secs(dev["assigned_to"]), strict=True)
    )
    comms = acc["comms"][acc["comms"]["device_id"].isin(set(dev["device_id"]))]
    norm = {v: normalise_counterpart(v) for v in set(comms["counterpart"])}
    comms = comms[comms["counterpart"].map(norm).isin(mine)]
    rows = []
    for d, t, direction, channel in zip(
        comms["device_id"], secs(comms["time"]), comms["direction"], comms["channel"], strict=True
    ):
        if any(d == hd and a <= t < b for hd, a, b in held):
            rows.append((t, direction, channel))
    rows.sort()
    sh = acc["shifts"][acc["shifts"]["officer_id"] == officer]
    shifts = list(zip(secs(sh["start"]), secs(sh["end"]), strict=True))
    ip = acc["incident_people"]
    io = acc["incident_officers"]
    inc = acc["incidents"].set_index("incident_id")
    tasked = set(io[io["officer_id"] == officer]["incident_id"])
    met = sorted(tasked & set(ip[ip["person_id"] == person]["incident_id"]))
    closed = secs(inc.loc[met, "closed"]) if met else []

    def after(ts: list[int]) -> int:
        if not met or INF in closed:
            return 0
        return sum(1 for t in ts if t > max(closed))

    times = [r[0] for r in rows]
    on = [any(a <= t < b for a, b in shifts) for t in times]
    night = [not 6 <= datetime.fromtimestamp(t, tz=LONDON).hour < 22 for t in times]
    silences = [
        {"from": iso(a), "to": iso(b), "days": round((b - a) / 86400, 2)}
        for a, b in zip(times, times[1:], strict=False)
        if b - a >= 14 * 86400
    ]
    fig: dict[str, Any] = {
        "contacts": len(rows),
        "out": sum(r[1] == "out" for r in rows),
        "in": sum(r[1] == "in" for r in rows),
        "calls": sum(r[2] == "call" for r in rows),
        "messages": sum(r[2] != "call" for r in rows),
        "on_shift": sum(on),
        "off_shift": len(rows) - sum(on),
        "night": sum(night),
        "after_closure": after(times),
        "first_contact": iso(times[0]) if times else None,
        "last_contact": iso(times[-1]) if times else None,
        "silences": silences,
    }
    # visits
    pl = acc["places"][acc["places"]["person_id"] == person]
    places = list(zip(pl["lat"].astype(float), pl["lon"].astype(float), strict=True))
    vu = acc["vehicle_use"][acc["vehicle_use"]["officer_id"] == officer]
    avl = acc["avl"][acc["avl"]["vehicle_id"].isin(set(vu["vehicle_id"]))]
    avl_t = pd.Series(secs(avl["time"]), index=avl.index)
    my_tasks = io[io["officer_id"] == officer]
    visits = explained = on_visits = 0
    for v, a, b in zip(vu["vehicle_id"], secs(vu["start"]), secs(vu["end"]), strict=True):
        sel = (avl["vehicle_id"] == v) & (avl_t >= a) & (avl_t < b)
        p = sorted(
            zip(
                avl_t[sel],
                avl["lat"][sel].astype(float),
                avl["lon"][sel].astype(float),
                strict=True,
            )
        )
        for s0, s1, lat, lon in stays(p):
            if not any(metres((lat, lon), q) <= 150 for q in places):
                continue
            visits += 1
            on_visits += any(x < s1 and s0 < y for x, y in shifts)
            for i, ts, te in zip(
                my_tasks["incident_id"], secs(my_tasks["start"]), secs(my_tasks["end"]), strict=True
            ):
                row = inc.loc[i]
                if te == INF:
                    te = secs(pd.Series([row["closed"]]))[0]
                if not row["lat"] or not (ts < s1 and s0 < te):
                    continue
                if metres((lat, lon), (float(row["lat"]), float(row["lon"]))) <= 150:
                    explained += 1
                    break
    fig.update(
        visits=visits,
        visits_on_shift=on_visits,
        explained_visits=explained,
        unexplained_visits=visits - explained,
    )
    ra = acc["record_access"]
    ra = ra[(ra["officer_id"] == officer) & (ra["person_id"] == person)]
    fig["record_access"] = len(ra)
    fig["record_access_without_task"] = int(
        sum(1 for i in ra["incident_id"] if i == "" or i not in tasked)
    )
    fig["record_access_after_closure"] = after(secs(ra["time"]))
    fig["met_through"] = met
    return fig


def _pairs(scenarios: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    out = []
    for item in scenarios["cases"] + scenarios["lookalikes"]:
        if "people" in item:
            for p in item["people"]:
                out.append(
                    (
                        item["id"],
                        item["officer_id"],
                        p["person_id"],
                        {**p["figures"], "met_through": p["incident_ids"]},
                    )
                )
        else:
            out.append(
                (
                    item["id"],
                    item["officer_id"],
                    item["person_id"],
                    {**item["figures"], "met_through": item["incident_ids"]},
                )
            )
    return out


def test_planted_figures_are_recomputed_exactly(
    scenarios: dict[str, Any], checked: Checked
) -> None:
    acc, _ = checked
    pairs = _pairs(scenarios)
    assert len(pairs) >= 14
    for item_id, officer, person, expected in pairs:
        got = recompute(acc, officer, person)
        assert got == expected, (item_id, person)


def test_counterpart_is_the_normalised_number(scenarios: dict[str, Any], checked: Checked) -> None:
    acc, _ = checked
    pc = acc["person_contacts"]
    for item in scenarios["cases"][:2] + scenarios["lookalikes"]:
        values = {
            normalise_counterpart(v) for v in pc[pc["person_id"] == item["person_id"]]["value"]
        }
        assert item["counterpart"] in values


def test_cases_look_like_the_real_ones(scenarios: dict[str, Any]) -> None:
    items = {i["id"]: i for i in scenarios["cases"] + scenarios["lookalikes"]}
    a = items["case_a"]["figures"]
    assert a["contacts"] >= 200 and a["off_shift"] > a["on_shift"] and a["night"] >= 50
    assert a["unexplained_visits"] >= 3 and a["explained_visits"] == 1
    assert a["record_access_without_task"] >= 3
    b = items["case_b"]["figures"]
    assert b["out"] >= 4 * b["in"] and b["unexplained_visits"] >= 5
    assert any(s["days"] >= 21 for s in b["silences"])
    c = items["case_c"]
    assert 8 <= c["figures"]["people"] <= 15
    assert c["figures"]["people_contacted_after_closure"] >= 6
    assert c["figures"]["record_access_without_task"] >= 8
    flo = items["lookalike_flo"]["figures"]
    assert flo["contacts"] >= 200 and flo["on_shift"] > 3 * flo["off_shift"]
    rep = items["lookalike_repeat"]["figures"]
    assert rep["visits"] >= 6 and rep["unexplained_visits"] == 0
    parade = items["lookalike_parade"]["figures"]
    assert parade["visits"] >= 10 and parade["contacts"] == 0
    for n in (1, 2):
        oic = items[f"lookalike_oic_{n}"]["figures"]
        assert oic["contacts"] >= 40 and oic["on_shift"] > 5 * oic["off_shift"]


@pytest.mark.slow
@pytest.mark.parametrize("seed", [3])
def test_sizes_and_timings_vary_with_the_seed(
    tmp_path: Any, seed: int, scenarios: dict[str, Any]
) -> None:
    import json

    from boundline.synth import SynthConfig, generate

    other = json.loads(generate(SynthConfig(seed=seed), tmp_path).scenarios_path.read_text())
    a0, a1 = scenarios["cases"][0], other["cases"][0]
    assert a0["figures"]["contacts"] != a1["figures"]["contacts"]
    assert a0["figures"]["first_contact"] != a1["figures"]["first_contact"]
