"""Stays agree with the field's reference: trackintel's generate_staypoints(method='sliding').

Two oracles: trackintel itself run on generated AVL-like pings (needs no files, always
runs), and trackintel's golden stay points for its GeoLife test trajectories, read from
the peer-data folder next to the repository (never copied in: GeoLife may not be
redistributed), skipped when that folder is absent.
"""

from __future__ import annotations

import math
import tarfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from boundline.detectors.stays import StayParams, stays_frame

PEERS = (
    Path(__file__).resolve().parents[2].parent / "shared" / "peers" / "trackintel" / "tests_data"
)
GEOLIFE_LONG = PEERS / "geolife_long"
GEOLIFE_10MB = PEERS / "geolife_long_10_MB.tar.gz"
NO_PEERS = f"peer data folder {PEERS} is absent (GeoLife data is never copied into the repository)"

# trackintel warns when it drops duplicate positionfixes; the generated pings have some on purpose.
TI_DUPLICATES_WARNING = "ignore:.*duplicates were dropped from your positionfixes:UserWarning"

M_PER_DEG = 6_371_000.0 * math.pi / 180


def synthetic_fleet(seed: int, vehicles: int = 6, hours: float = 10.0) -> pd.DataFrame:
    """AVL-like pings: parked spells (jitter, ignition-off silences), drives, short stops, re-sends."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[str, int, float, float]] = []
    start = np.datetime64("2025-03-01T06:00:00", "s").astype(np.int64)
    for v in range(vehicles):
        t = float(start + rng.integers(0, 3600))
        x = y = 0.0
        lat0, lon0 = 51.4 + rng.uniform(0, 0.2), -0.3 + rng.uniform(0, 0.3)
        kx = 1 / (M_PER_DEG * math.cos(math.radians(lat0)))

        def emit(
            t: float,
            x: float,
            y: float,
            v: int = v,
            kx: float = kx,
            lat0: float = lat0,
            lon0: float = lon0,
        ) -> None:
            rows.append((f"V{v:02d}", int(t), lat0 + y / M_PER_DEG, lon0 + x * kx))

        heading = rng.uniform(0, 2 * math.pi)
        while t < start + hours * 3600:
            kind = rng.choice(["park", "short_stop", "drive", "drive"])
            if kind in ("park", "short_stop"):
                minutes = rng.uniform(10, 120) if kind == "park" else rng.uniform(0.3, 9.5)
                end, sigma = t + minutes * 60, rng.uniform(2, 25)
                silence = kind == "park" and rng.uniform() < 0.4
                while t < end:
                    emit(t, x + rng.normal(0, sigma), y + rng.normal(0, sigma))
                    if silence and rng.uniform() < 0.05:  # ignition off at the spot
                        t += rng.uniform(15, 240) * 60
                        silence = False
                    t += rng.uniform(15, 120)
            else:
                end, speed = t + rng.uniform(2, 25) * 60, rng.uniform(4, 20)
                while t < end:
                    step = rng.uniform(10, 60)
                    if rng.uniform() < 0.08:  # traffic light: a few pings at one spot
                        for _ in range(rng.integers(1, 4)):
                            emit(t, x + rng.normal(0, 4), y + rng.normal(0, 4))
                            t += rng.uniform(10, 40)
                    heading += rng.normal(0, 0.4)
                    x += speed * step * math.cos(heading)
                    y += speed * step * math.sin(heading)
                    t += step
                    emit(t, x, y)
    frame = pd.DataFrame(rows, columns=["vehicle_id", "t", "lat", "lon"])
    resent = frame.sample(frac=0.02, random_state=seed)  # the feed re-sends some pings exactly
    frame = pd.concat([frame, resent]).sort_values(["vehicle_id", "t"], kind="stable")
    frame["time"] = pd.to_datetime(frame.pop("t"), unit="s", utc=True)
    return frame.reset_index(drop=True)


def trackintel_stays(pings: pd.DataFrame, **kwargs: float | bool) -> pd.DataFrame:
    """Run trackintel on the pings; one row per stay as stays_frame gives (sorted)."""
    import geopandas as gpd
    import trackintel as ti

    gdf = gpd.GeoDataFrame(
        {"user_id": pings["vehicle_id"].to_numpy(), "tracked_at": pings["time"].to_numpy()},
        geometry=gpd.points_from_xy(pings["lon"], pings["lat"]),
        crs="EPSG:4326",
    )
    gdf["tracked_at"] = pd.to_datetime(gdf["tracked_at"], utc=True)
    gdf.index.name = "id"
    pfs, sp = ti.Positionfixes(gdf).generate_staypoints(method="sliding", **kwargs)
    size = pfs.groupby("staypoint_id").size()
    out = pd.DataFrame(
        {
            "vehicle_id": sp["user_id"].to_numpy(),
            "started_at": sp["started_at"].to_numpy(),
            "finished_at": sp["finished_at"].to_numpy(),
            "lat": sp.geometry.y.to_numpy(),
            "lon": sp.geometry.x.to_numpy(),
            "n_pings": size.reindex(sp.index).to_numpy(dtype=np.int64),
        }
    )
    return out.sort_values(["vehicle_id", "started_at"]).reset_index(drop=True)


def assert_same_stays(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    ours = ours.sort_values(["vehicle_id", "started_at"]).reset_index(drop=True)
    assert len(ours) == len(theirs)
    assert list(ours["vehicle_id"]) == list(theirs["vehicle_id"])
    assert np.array_equal(
        ours["started_at"].to_numpy(), pd.to_datetime(theirs["started_at"], utc=True).to_numpy()
    )
    assert np.array_equal(
        ours["finished_at"].to_numpy(), pd.to_datetime(theirs["finished_at"], utc=True).to_numpy()
    )
    assert np.abs(ours["lat"].to_numpy() - theirs["lat"].to_numpy()).max(initial=0) < 1e-6
    assert np.abs(ours["lon"].to_numpy() - theirs["lon"].to_numpy()).max(initial=0) < 1e-6
    assert np.array_equal(ours["n_pings"].to_numpy(), theirs["n_pings"].to_numpy())


TI_SETTINGS = [
    {"dist_threshold": 100, "time_threshold": 10, "gap_threshold": 15, "include_last": False},
    {"dist_threshold": 100, "time_threshold": 10, "gap_threshold": 1e6, "include_last": True},
    {"dist_threshold": 50, "time_threshold": 5, "gap_threshold": 30, "include_last": True},
    {"dist_threshold": 200, "time_threshold": 20, "gap_threshold": 60, "include_last": False},
]


@pytest.mark.filterwarnings(TI_DUPLICATES_WARNING)
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(
    "settings", TI_SETTINGS, ids=lambda s: "-".join(f"{k[:3]}{v}" for k, v in s.items())
)
def test_same_stays_as_trackintel_on_generated_pings(seed: int, settings: dict[str, float]) -> None:
    pytest.importorskip(
        "trackintel", reason="trackintel is a dev dependency (pip install -e '.[dev]')"
    )
    pings = synthetic_fleet(seed)
    theirs = trackintel_stays(pings, **settings)
    assert len(theirs) >= 5  # the fleet does stay somewhere
    ours = stays_frame(pings, StayParams.trackintel(**settings))
    assert_same_stays(ours, theirs)


def read_plt_folder(folder: Path) -> pd.DataFrame:
    """GeoLife .plt trajectories of every user folder, as pings (vehicle_id = user id)."""
    frames = []
    names = ["lat", "lon", "zero", "alt", "days", "date", "clock"]
    for user in sorted(p for p in folder.iterdir() if p.is_dir()):
        for plt in sorted((user / "Trajectory").glob("*.plt")):
            d = pd.read_csv(plt, skiprows=6, header=None, names=names)
            when = pd.to_datetime(
                d["date"] + " " + d["clock"], format="%Y-%m-%d %H:%M:%S", utc=True
            )
            frames.append(
                pd.DataFrame(
                    {"vehicle_id": int(user.name), "time": when, "lat": d["lat"], "lon": d["lon"]}
                )
            )
    return pd.concat(frames, ignore_index=True)


@pytest.mark.skipif(not GEOLIFE_LONG.is_dir(), reason=NO_PEERS)
def test_golden_file_geolife_long() -> None:
    golden = pd.read_csv(GEOLIFE_LONG / "sp_tpls.csv")
    golden = golden[golden["type"] == "staypoint"].sort_values(["user_id", "started_at"])
    assert len(golden) == 22
    ours = stays_frame(
        read_plt_folder(GEOLIFE_LONG),
        StayParams.trackintel(dist_threshold=25, time_threshold=5, gap_threshold=1e6),
    )
    assert len(ours) == 22
    assert list(ours["vehicle_id"]) == list(golden["user_id"])
    assert np.array_equal(
        ours["started_at"].to_numpy(), pd.to_datetime(golden["started_at"], utc=True).to_numpy()
    )
    assert np.array_equal(
        ours["finished_at"].to_numpy(), pd.to_datetime(golden["finished_at"], utc=True).to_numpy()
    )


@pytest.mark.slow
@pytest.mark.skipif(not GEOLIFE_10MB.is_file(), reason=NO_PEERS)
@pytest.mark.filterwarnings(TI_DUPLICATES_WARNING)
def test_same_stays_as_trackintel_on_geolife_10_mb(tmp_path: Path) -> None:
    pytest.importorskip(
        "trackintel", reason="trackintel is a dev dependency (pip install -e '.[dev]')"
    )
    with tarfile.open(GEOLIFE_10MB) as tar:
        tar.extractall(tmp_path, filter="data")
    root = next(p.parent.parent.parent for p in tmp_path.rglob("*.plt"))
    pings = read_plt_folder(root)
    settings = {"dist_threshold": 25, "time_threshold": 5, "gap_threshold": 1e6}
    assert_same_stays(
        stays_frame(pings, StayParams.trackintel(**settings)), trackintel_stays(pings, **settings)
    )
