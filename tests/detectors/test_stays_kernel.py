"""Stays kernel: table-driven small cases under the AVL defaults and the trackintel preset."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from boundline.detectors.stays import StayParams, detect_stays, stays_for_vehicle, stays_frame

LAT0, LON0 = 51.5, -0.12
M_PER_DEG = 6_371_000.0 * math.pi / 180
T0 = np.datetime64("2025-03-01T08:00:00", "ns").astype(np.int64)
S = 1_000_000_000  # one second in ns


def _ll(x_m: float, y_m: float) -> tuple[float, float]:
    """(lat, lon) of a point x_m east and y_m north of the origin."""
    return LAT0 + y_m / M_PER_DEG, LON0 + x_m / (M_PER_DEG * math.cos(math.radians(LAT0)))


class Track:
    """A hand-built track: pings appended in time order (seconds since T0, metres east/north)."""

    def __init__(self) -> None:
        self.t: list[int] = []
        self.x: list[float] = []
        self.y: list[float] = []

    def ping(self, t_s: float, x: float, y: float) -> Track:
        self.t.append(int(T0 + round(t_s * S)))
        self.x.append(x)
        self.y.append(y)
        return self

    def drive(
        self, t_s: float, x: float, y: float, dx: float, n: int, every_s: float = 15
    ) -> Track:
        for i in range(n):
            self.ping(t_s + i * every_s, x + i * dx, y)
        return self

    def park(
        self,
        t_from: float,
        t_to: float,
        x: float,
        y: float,
        every_s: float = 30,
        jitter_m: float = 0,
        seed: int = 0,
    ) -> Track:
        rng = np.random.default_rng(seed)
        t = t_from
        while t <= t_to + 1e-9:
            ang, r = rng.uniform(0, 2 * math.pi), jitter_m * math.sqrt(rng.uniform())
            self.ping(t, x + r * math.cos(ang), y + r * math.sin(ang))
            t += every_s
        return self

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        ll = np.array(
            [_ll(x, y) for x, y in zip(self.x, self.y, strict=True)], dtype=np.float64
        ).reshape(-1, 2)
        return np.array(self.t, dtype=np.int64), ll[:, 0].copy(), ll[:, 1].copy()


def stop_of(minutes: float, jitter_m: float = 0, ping_every_s: float = 30) -> Track:
    """Drive 2 km east at 12 m/s, stop for ``minutes`` at x=0, drive 2 km on."""
    tr = Track().drive(-180, -2160, 0, 180, 12)  # last approach ping 180 m before the stop
    tr.park(0, minutes * 60, 0, 0, every_s=ping_every_s, jitter_m=jitter_m)
    return tr.drive(minutes * 60 + 15, 180, 0, 180, 12)


def test_nine_minute_stop_is_not_a_stay() -> None:
    assert len(detect_stays(*stop_of(9).arrays()).started_at) == 0


@pytest.mark.parametrize("minutes", [9.75, 10, 25, 240])
def test_stop_of_ten_minutes_or_more_is_one_stay(minutes: float) -> None:
    t, lat, lon = stop_of(minutes).arrays()
    st = detect_stays(t, lat, lon)
    assert len(st.started_at) == 1
    assert st.started_at[0] == T0  # the first ping at the stop
    assert st.finished_at[0] == T0 + round((minutes * 60 + 15) * S)  # the first ping that left
    assert st.lat[0] == pytest.approx(LAT0, abs=1e-9) and st.lon[0] == pytest.approx(LON0, abs=1e-9)
    assert st.n_pings[0] == st.end_idx[0] - st.start_idx[0] == int(minutes * 2) + 1


@pytest.mark.parametrize(
    ("name", "track"),
    [
        ("traffic light 90 s", stop_of(1.5)),
        ("queue 4 min at 10 s pings", stop_of(4, ping_every_s=10)),
        ("drive-by at 30 km/h, 10 s pings", Track().drive(0, -3000, 0, 83.3, 73, every_s=10)),
        ("crawl at 5 km/h past a house", Track().drive(0, -500, 0, 28, 40, every_s=20)),
        ("lone ping", Track().ping(0, 0, 0)),
        ("no pings", Track()),
    ],
)
def test_short_stops_and_drive_bys_are_never_stays(name: str, track: Track) -> None:
    for params in (StayParams(), StayParams.trackintel(time_threshold=10, include_last=True)):
        assert len(detect_stays(*track.arrays(), params).started_at) == 0, name


def test_ignition_off_gap_at_one_spot_is_a_stay_under_avl_defaults() -> None:
    # Arrive, ignition off for 3 hours (no pings), ignition on at the same spot, drive off.
    tr = Track().drive(-60, -720, 0, 180, 4).ping(0, 0, 0).ping(3 * 3600, 8, -5)
    tr.drive(3 * 3600 + 20, 180, 0, 180, 5)
    st = detect_stays(*tr.arrays())
    assert list(st.started_at) == [T0]
    assert list(st.finished_at) == [T0 + (3 * 3600 + 20) * S]
    assert list(st.n_pings) == [2]
    # trackintel's default gap threshold (15 min) throws the stay away: deliberate difference.
    assert len(detect_stays(*tr.arrays(), StayParams.trackintel(time_threshold=10)).started_at) == 0


def test_data_hole_while_moving_is_not_a_stay_under_avl_defaults() -> None:
    # A lone ping, 30 minutes of silence, then the vehicle is 5 km away.
    tr = Track().drive(-60, -720, 0, 180, 4).ping(0, 0, 0).drive(1800, 5000, 0, 180, 5)
    assert len(detect_stays(*tr.arrays()).started_at) == 0
    ti = StayParams.trackintel(time_threshold=10, gap_threshold=1e6)
    assert len(detect_stays(*tr.arrays(), ti).started_at) == 1  # trackintel would say "stay"


def test_gap_threshold_splits_like_trackintel() -> None:
    tr = stop_of(30)
    tr.t[20:] = [v + 20 * 60 * S for v in tr.t[20:]]  # a 20-minute silence inside the stop
    params = replace(StayParams(), gap_threshold_min=15)
    st = detect_stays(*tr.arrays(), params)
    assert list(st.started_at) == [tr.t[20]]  # the part before the gap is abandoned


@pytest.mark.parametrize("jitter_m", [5, 20, 45])
def test_parked_jitter_stays_one_stay(jitter_m: float) -> None:
    t, lat, lon = stop_of(60, jitter_m=jitter_m).arrays()
    st = detect_stays(t, lat, lon)
    assert len(st.started_at) == 1
    assert abs(st.lat[0] - LAT0) * M_PER_DEG < jitter_m / 2


def test_two_stops_500_m_apart_are_two_stays_not_one() -> None:
    tr = (
        Track()
        .park(0, 900, 0, 0, jitter_m=10)
        .drive(915, 100, 0, 100, 4)
        .park(1275, 2400, 500, 0, jitter_m=10)
    )
    tr.drive(2415, 600, 0, 180, 5)
    st = detect_stays(*tr.arrays())
    assert len(st.started_at) == 2
    x_m = (st.lon - LON0) * M_PER_DEG * math.cos(math.radians(LAT0))
    assert x_m[0] == pytest.approx(0, abs=10) and x_m[1] == pytest.approx(500, abs=10)


def test_duplicates_are_dropped_keeping_the_first() -> None:
    t, lat, lon = stop_of(12).arrays()
    base = detect_stays(t, lat, lon)
    idx = np.sort(np.concatenate([np.arange(len(t)), np.arange(0, len(t), 3)]))  # re-sent pings
    dup = detect_stays(t[idx], lat[idx], lon[idx])
    assert np.array_equal(dup.started_at, base.started_at) and np.array_equal(
        dup.finished_at, base.finished_at
    )
    assert np.array_equal(dup.n_pings, base.n_pings)
    assert np.allclose(dup.lat, base.lat, rtol=0, atol=1e-12)
    # A same-time ping 500 m away right after the first ping at the stop: kept by "keep"
    # (and it breaks the stay), dropped by "time" (the first ping of that time is kept).
    k = int(np.flatnonzero(t == T0)[0])
    t2 = np.insert(t, k + 1, t[k])
    lat2, lon2 = np.insert(lat, k + 1, lat[k] + 500 / M_PER_DEG), np.insert(lon, k + 1, lon[k])
    assert np.array_equal(detect_stays(t2, lat2, lon2).started_at, base.started_at)
    assert (
        np.array_equal(
            detect_stays(t2, lat2, lon2, StayParams(duplicates="exact")).started_at, base.started_at
        )
        is False
    )
    assert (
        detect_stays(t2, lat2, lon2).end_idx[0] == base.end_idx[0] + 1
    )  # indices are into the input


def test_stay_open_at_the_end_counts_only_with_include_last() -> None:
    tr = Track().drive(-60, -720, 0, 180, 4).park(0, 1800, 0, 0, jitter_m=10)
    t, lat, lon = tr.arrays()
    st = detect_stays(t, lat, lon)
    assert list(st.started_at) == [T0] and list(st.finished_at) == [t[-1]]
    assert st.end_idx[0] == len(t)
    assert len(detect_stays(t, lat, lon, replace(StayParams(), include_last=False)).started_at) == 0


@pytest.mark.parametrize(
    ("t", "lat", "lon", "match"),
    [
        ([2, 1], [51.0, 51.0], [0.0, 0.0], "sorted"),
        ([1, 2], [51.0, math.nan], [0.0, 0.0], "finite"),
        ([1, 2], [95.0, 51.0], [0.0, 0.0], "within"),
        ([1, 2], [51.0], [0.0, 0.0], "same length"),
        ([np.iinfo(np.int64).min, 2], [51.0, 51.0], [0.0, 0.0], "NaT"),
    ],
)
def test_bad_input_is_refused(t: list[int], lat: list[float], lon: list[float], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        detect_stays(np.array(t, dtype=np.int64), np.array(lat), np.array(lon))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"dist_threshold_m": 0},
        {"time_threshold_min": -1},
        {"gap_threshold_min": -1},
        {"min_pings": 0},
        {"duplicates": "first"},
        {"centre": "median"},
    ],
)
def test_bad_params_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        StayParams(**kwargs)  # type: ignore[arg-type]


def test_datetime64_times_are_accepted() -> None:
    t, lat, lon = stop_of(20).arrays()
    a = detect_stays(t.view("datetime64[ns]").astype("datetime64[s]"), lat, lon)
    assert np.array_equal(a.started_at, detect_stays(t, lat, lon).started_at)


def _fleet() -> pd.DataFrame:
    parts = []
    for i, minutes in enumerate([5, 15, 45]):
        t, lat, lon = stop_of(minutes, jitter_m=15).arrays()
        parts.append(
            pd.DataFrame(
                {"vehicle_id": f"V{i}", "time": pd.to_datetime(t, utc=True), "lat": lat, "lon": lon}
            )
        )
    return pd.concat(parts, ignore_index=True)


def test_stays_frame_matches_the_kernel_per_vehicle_whatever_the_row_order() -> None:
    pings = _fleet()
    shuffled = pings.sample(frac=1.0, random_state=7).reset_index(drop=True)
    shuffled["time"] = shuffled["time"].dt.tz_convert("Europe/London")
    out = stays_frame(shuffled)
    assert list(out.columns) == ["vehicle_id", "started_at", "finished_at", "lat", "lon", "n_pings"]
    assert str(out["started_at"].dtype) == "datetime64[ns, UTC]"
    expected = pd.concat(
        [stays_for_vehicle(g) for _, g in pings.groupby("vehicle_id")], ignore_index=True
    )
    got = out.sort_values(["vehicle_id", "started_at"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=0, atol=1e-12)
    assert list(expected["vehicle_id"]) == ["V1", "V2"]
    t, lat, lon = stop_of(45, jitter_m=15).arrays()
    st = detect_stays(t, lat, lon)
    assert expected["started_at"].iloc[1].value == st.started_at[0]
    assert expected["finished_at"].iloc[1].value == st.finished_at[0]


def test_stays_frame_reads_a_pyarrow_table_and_handles_no_stays() -> None:
    pings = _fleet()
    table = pa.Table.from_pandas(
        pings.assign(time=pings["time"].astype("datetime64[us, UTC]")), preserve_index=False
    )
    pd.testing.assert_frame_equal(stays_frame(table), stays_frame(pings))
    none = stays_frame(pings[pings["vehicle_id"] == "V0"])
    assert none.empty and list(none.columns) == list(stays_frame(pings).columns)
    assert stays_frame(pings.iloc[:0]).empty


def test_stays_for_vehicle_refuses_two_vehicles() -> None:
    with pytest.raises(ValueError, match="one vehicle"):
        stays_for_vehicle(_fleet())
