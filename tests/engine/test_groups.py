"""Per-group kernels on one machine see every group whole, however the batches fall."""

from __future__ import annotations

import pyarrow as pa
import pytest

from boundline.engine._groups import whole_groups

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
