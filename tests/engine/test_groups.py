"""Per-group kernels on one machine see every group whole, however the batches fall."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from boundline.detectors.stays import stays_frame
from boundline.engine._groups import CODE, run_groups, whole_groups

KEYS = ["a", "a", "a", "b", "c", "c", "d", "d", "d", "d"]


@pytest.mark.parametrize("size", [1, 2, 3, 4, 7, 10, 50])
def test_batches_are_recut_at_group_boundaries(size: int) -> None:
    table = pa.table({"k": KEYS, "i": list(range(len(KEYS)))})
    tables = list(whole_groups(table.to_batches(max_chunksize=size), "k"))
    seen: list[str] = []
    for t in tables:
        groups = t.column("k").to_pylist()
        assert not set(groups) & set(seen), f"a group was split with batches of {size}"
        seen += list(dict.fromkeys(groups))
    assert pa.concat_tables(tables).column("i").to_pylist() == list(range(len(KEYS)))
    assert seen == ["a", "b", "c", "d"]


def test_no_batches_give_no_tables() -> None:
    assert list(whole_groups([], "k")) == []


def _coded(codes: list[int | None]) -> list[pa.RecordBatch]:
    table = pa.table({CODE: pa.array(codes, pa.int32()), "i": list(range(len(codes)))})
    return table.to_batches(max_chunksize=2)


def test_kernels_get_the_keys_back_as_categories() -> None:
    """The engine sends codes; each kernel call sees its groups' keys, whole."""
    keys = pa.array(["V9", "V1", "V5"])
    seen: list[tuple[str, int]] = []

    def kernel(frame: pd.DataFrame) -> pd.DataFrame:
        assert isinstance(frame["vehicle_id"].dtype, pd.CategoricalDtype)
        seen.extend(zip(frame["vehicle_id"].astype(str), frame["i"], strict=True))
        return frame.groupby("vehicle_id", observed=True).size().rename("n").reset_index()

    out = pd.concat(run_groups(_coded([0, 0, 1, 1, 1, 2]), "vehicle_id", keys, kernel, ["n"]))
    assert seen == [("V9", 0), ("V9", 1), ("V1", 2), ("V1", 3), ("V1", 4), ("V5", 5)]
    assert out["n"].tolist() == [2, 3, 1]


def test_a_row_without_a_key_reaches_the_kernel() -> None:
    """Rows without a key (sorted last, one group) are not dropped: the stay kernel
    refuses them."""
    pings = pa.table(
        {
            CODE: pa.array([0, 0, None], pa.int32()),
            "time": pa.array([0, 1, 2], pa.timestamp("us", "UTC")),
            "lat": [53.0] * 3,
            "lon": [-2.0] * 3,
        }
    )
    batches = pings.to_batches(max_chunksize=2)
    with pytest.raises(ValueError, match="vehicle_id must not be missing"):
        list(run_groups(batches, "vehicle_id", pa.array(["V1"]), stays_frame, ["n_pings"]))
