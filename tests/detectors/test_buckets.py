"""The day-bucketed overlap join finds exactly the pairs a plain overlap join finds."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import ibis
import pytest

from boundline.detectors._buckets import (
    OPEN_END,
    merged_intervals,
    overlap_predicates,
    with_buckets,
)

T0 = datetime(2024, 3, 1, tzinfo=UTC)


def _intervals(rng: random.Random, n: int, max_hours: float) -> dict[str, list]:
    keys, starts, ends = [], [], []
    for _ in range(n):
        s = T0 + timedelta(seconds=rng.randrange(0, 10 * 86_400))
        keys.append(rng.choice("ab"))
        starts.append(s)
        ends.append(s + timedelta(seconds=rng.randrange(1, int(max_hours * 3600))))
    return {"k": keys, "start": starts, "end": ends}


@pytest.mark.parametrize(("seed", "a_hours", "b_hours"), [(1, 2, 12), (2, 30, 60), (3, 0.01, 200)])
def test_bucketed_join_equals_the_plain_overlap_join(
    seed: int, a_hours: float, b_hours: float
) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    a = ibis.memtable({**_intervals(rng, 300, a_hours), "ia": range(300)})
    b = ibis.memtable({**_intervals(rng, 200, b_hours), "ib": range(200)})
    plain = a.join(b, [a.k == b.k, a.start < b.end, b.start < a.end]).select("ia", "ib")
    ab = with_buckets(a, "start", "end", "_ab")
    bb = with_buckets(b, "start", "end", "_bb")
    preds = overlap_predicates(ab, "_ab", "start", "end", bb, "_bb", "start", "end")
    bucketed = ab.join(bb, [ab.k == bb.k, *preds]).select("ia", "ib")
    want = sorted(tuple(r) for r in plain.execute().values)
    got = [tuple(r) for r in bucketed.execute().values]
    assert len(want) > 50
    assert sorted(got) == want  # the same pairs, none twice


def test_an_interval_on_one_day_has_one_bucket_and_a_midnight_one_two() -> None:
    t = ibis.memtable(
        {
            "start": [T0 + timedelta(hours=1), T0 + timedelta(hours=23)],
            "end": [T0 + timedelta(hours=2), T0 + timedelta(hours=25)],
        }
    )
    n = with_buckets(t, "start", "end", "_b").execute()
    assert n.groupby("start")["_b"].count().tolist() == [1, 2]


@pytest.mark.parametrize(
    ("seed", "hours", "open_share"), [(1, 3, 0.0), (2, 40, 0.1), (3, 200, 0.3)]
)
def test_merged_intervals_hold_the_same_points_once(
    seed: int, hours: float, open_share: float
) -> None:
    """Merged intervals cover exactly the points the originals cover, each point once.

    Every interval comes three times (a tasking is recorded once per role): ties in
    the merge's ordering must not split a group.
    """
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    raw = _intervals(rng, 120, hours)
    raw["end"] = [None if rng.random() < open_share else e for e in raw["end"]]
    raw = {c: v * 3 for c, v in raw.items()}  # ties: each interval three times over
    raw["start"] += [raw["start"][0]]  # an exact repeat
    raw["end"] += [raw["end"][0]]
    raw["k"] += [raw["k"][0]]
    raw["start"] += [raw["end"][1] or T0]  # touching the end of another
    raw["end"] += [raw["start"][-1] + timedelta(hours=1)]
    raw["k"] += [raw["k"][1]]
    merged = merged_intervals(ibis.memtable(raw), ["k"], "start", "end").execute()
    spans = list(zip(raw["k"], raw["start"], raw["end"], strict=True))
    got = [(r.k, r.start.to_pydatetime(), r.end.to_pydatetime()) for r in merged.itertuples()]
    assert all(e is not None for _, _, e in got)
    got = [(k, s, None if e == OPEN_END else e) for k, s, e in got]  # open: OPEN_END

    def inside(t: datetime, s: datetime, e: datetime | None) -> bool:
        return s <= t and (e is None or t < e)

    probes = [s for _, s, _ in spans] + [e for _, _, e in spans if e is not None]
    probes += [T0 + timedelta(seconds=rng.randrange(0, 20 * 86_400)) for _ in range(500)]
    probes += [p - timedelta(microseconds=1) for p in probes[:200]]
    for k in "ab":
        for t in probes:
            want = any(kk == k and inside(t, s, e) for kk, s, e in spans)
            hits = sum(kk == k and inside(t, s, e) for kk, s, e in got)
            assert hits == (1 if want else 0), (k, t)
    assert len(got) < len(spans)
