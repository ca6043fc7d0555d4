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
        # Sorted by ``by``: the last group is a suffix; find where it starts.
        start = table.num_rows - int(pc.sum(pc.equal(keys, last)).as_py())
        if start > 0:
            yield table.slice(0, start)
        carry = table.slice(start)
    if carry is not None and carry.num_rows:
        yield carry


def run_groups(
    batches: Iterable[pa.RecordBatch], by: str, func: GroupFunc, columns: list[str]
) -> Iterator[pd.DataFrame]:
    """``func`` over each table of whole groups, keeping only ``columns`` of its results.

    A text ``by`` column reaches ``func`` as a pandas ``Categorical`` (dictionary
    encoded in Arrow first): millions of repeated ids then cost no Python strings.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    for table in whole_groups(batches, by):
        i = table.schema.get_field_index(by)
        if pa.types.is_string(table.schema.field(i).type):
            table = table.set_column(i, by, pc.dictionary_encode(table.column(i)))
        frame: Any = func(table.to_pandas())
        if len(frame):
            yield frame[columns]
