"""Per-group kernels on one machine: sorted rows streamed in batches, whole groups at a time.

A group is never split: the rows of the last group in a batch are carried over to the
next batch, so a kernel sees each group complete while memory stays bounded by the
batch size (plus the largest group), not by the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from boundline.engine._base import GroupFunc

#: Rows handed to the kernel at a time (about 130 MB for the four AVL ping columns).
BATCH_ROWS = 4_000_000


def whole_groups(batches: Iterable[pa.RecordBatch], by: str) -> Iterator[pa.Table]:
    """Re-cut ``batches`` (sorted by ``by``) into tables that hold only whole groups."""
    import pyarrow as pa
    import pyarrow.compute as pc

    carry: pa.Table | None = None
    for batch in batches:
        if batch.num_rows == 0:
            continue
        table = pa.Table.from_batches([batch])
        if carry is not None:
            table = pa.concat_tables([carry, table])
        keys = table.column(by)
        last = keys[table.num_rows - 1]
        # Sorted by ``by``: the last group is a suffix (rows without a key sort last,
        # as one group); find where it starts.
        same = pc.equal(keys, last) if last.is_valid else pc.is_null(keys)
        start = table.num_rows - int(pc.sum(same).as_py() or 0)
        if start > 0:
            yield table.slice(0, start)
        carry = table.slice(start)
    if carry is not None and carry.num_rows:
        yield carry


#: The column of group codes in the batches ``run_groups`` reads.
CODE = "__group_code"


def run_groups(
    batches: Iterable[pa.RecordBatch],
    by: str,
    keys: pa.Array,
    func: GroupFunc,
    columns: list[str],
) -> Iterator[pd.DataFrame]:
    """``func`` over each table of whole groups, keeping only ``columns`` of its results.

    ``batches`` are sorted by the column ``CODE``: each row's group as an index into
    ``keys`` (null for a row without a key). ``func`` gets the group as column ``by``,
    a pandas ``Categorical`` of ``keys``: millions of repeated ids cost no Python
    strings.
    """
    import pyarrow as pa

    for table in whole_groups(batches, CODE):
        i = table.schema.get_field_index(CODE)
        codes = table.column(i).combine_chunks()
        table = table.set_column(i, by, pa.DictionaryArray.from_arrays(codes, keys))
        frame: Any = func(table.to_pandas())
        if len(frame):
            yield frame[columns]
