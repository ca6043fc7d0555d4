"""The UTC-offset table, the registry and the detector declarations."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from boundline.detectors import FINDING_COLUMNS, REGISTRY, Detector, all_detectors, run_all
from boundline.detectors._localtime import offset_rows


def test_london_offsets_2024() -> None:
    rows = offset_rows("Europe/London", 2024, 2024)
    changes = [(start, off) for start, _, off in rows]
    assert (datetime(2024, 3, 31, 1, tzinfo=UTC), 3600) in changes
    assert (datetime(2024, 10, 27, 1, tzinfo=UTC), 0) in changes
    assert len(rows) == 3
    for (_, end, _), (start, _, _) in zip(rows, rows[1:], strict=False):
        assert end == start  # contiguous


@pytest.mark.parametrize("tz", ["Europe/London", "America/New_York", "Australia/Adelaide", "UTC"])
def test_offsets_agree_with_zoneinfo_hourly(tz: str) -> None:
    rows = offset_rows(tz, 2023, 2024)
    zone = ZoneInfo(tz)
    t = datetime(2023, 1, 1, tzinfo=UTC)
    while t < datetime(2025, 1, 1, tzinfo=UTC):
        (off,) = [o for a, b, o in rows if a <= t < b]
        assert off == t.astimezone(zone).utcoffset().total_seconds()
        t += timedelta(hours=1)


def test_registry_declarations() -> None:
    codes = [d.code for d in all_detectors()]
    assert codes == [
        "BL101",
        "BL102",
        "BL103",
        "BL104",
        "BL105",
        "BL106",
        "BL201",
        "BL202",
        "BL203",
        "BL301",
    ]
    names = set()
    for det in all_detectors():
        assert isinstance(det, Detector)
        assert re.fullmatch(r"BL[123]\d\d", det.code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", det.name)
        names.add(det.name)
        doc = type(det).__doc__ or ""
        for part in ("What it flags", "Why it matters", "Evidence figures"):
            assert part in doc, (det.code, part)
        assert dataclasses.is_dataclass(det.Params)
        for p in det.parameters():
            assert p.doc, (det.code, p.name)
        with pytest.raises(dataclasses.FrozenInstanceError):
            det.Params().x = 1  # type: ignore[attr-defined]
    assert len(names) == len(codes)


def test_run_all_rejects_unknown_codes() -> None:
    with pytest.raises(KeyError, match="BL999"):
        run_all(None, ["BL999"])  # type: ignore[arg-type]


def test_find_rejects_another_detectors_params() -> None:
    with pytest.raises(TypeError):
        REGISTRY["BL101"].find(None, REGISTRY["BL102"].Params())  # type: ignore[arg-type]


def test_common_columns_on_an_empty_force(engine_name: str, tmp_path) -> None:
    from bl_world import build

    ctx = build(engine_name, tmp_path)
    for code, table in run_all(ctx).items():
        schema = table.schema()
        assert list(schema.names)[:5] == list(FINDING_COLUMNS), code
        for name, typ in FINDING_COLUMNS.items():
            assert str(schema[name]).lstrip("!") == typ, (code, name)
        assert table.to_pyarrow().num_rows == 0
