"""The engine seam: one ibis expression layer over the store, several backends.

Detectors and evidence take an :class:`Engine` and ask it for contract tables as
ibis expressions; they never know which backend runs them. Backends are loaded
lazily so that heavy extras (PySpark) are imported only when asked for.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from boundline.contract import BY_NAME
from boundline.store import Store

if TYPE_CHECKING:
    import ibis.expr.types as ir
    import pandas as pd

#: A group-wise function: its result on many groups is the union of its results per group.
GroupFunc = Callable[["pd.DataFrame"], "pd.DataFrame"]

#: DuckDB storage types → ibis type strings, for empty tables.
_IBIS_TYPES = {
    "VARCHAR": "string",
    "TIMESTAMPTZ": "timestamp('UTC', 6)",
    "DATE": "date",
    "BIGINT": "int64",
    "DOUBLE": "float64",
    "BOOLEAN": "boolean",
}


def ibis_schema(table: str) -> Any:
    """The ibis schema of a stored contract table."""
    import ibis

    cols = BY_NAME[table].storage_columns()
    return ibis.schema({name: _IBIS_TYPES[sql_type] for name, sql_type in cols})


class Engine(ABC):
    """Reads the store's tables as ibis expressions on one backend."""

    name: str = "abstract"

    def __init__(self, store: Store) -> None:
        self.store = store
        self._tables: dict[str, ir.Table] = {}

    @property
    @abstractmethod
    def backend(self) -> Any:
        """The ibis backend connection."""

    @abstractmethod
    def _read(self, table: str, files: list[str]) -> ir.Table:
        """Read the Parquet ``files`` of ``table`` (never empty)."""

    def cache(self, expr: ir.Table) -> ir.Table:
        """Materialise ``expr`` once on the backend (a temporary table) and return it."""
        return expr.cache()

    def register(self, name: str, data: Any) -> ir.Table:
        """Bring a pyarrow Table computed in Python into the backend as table ``name``."""
        table: ir.Table = self.backend.create_table(name, obj=data, temp=True, overwrite=True)
        return table

    def map_groups(
        self,
        expr: ir.Table,
        *,
        by: str,
        order_by: Sequence[str],
        func: GroupFunc,
        schema: Mapping[str, str],
    ) -> ir.Table:
        """Run a per-group Python kernel (e.g. stay detection per vehicle) over ``expr``.

        ``func`` takes a pandas DataFrame of one or many whole groups and returns rows
        with the columns of ``schema`` (ibis type strings); it must be group-wise (its
        result on many groups is the union of its results on each), so each engine may
        call it as suits it. Here (one machine) the rows, sorted by ``by`` then
        ``order_by``, stream out of the engine as Arrow batches re-cut at group
        boundaries, so memory is bounded by the batch, not the table. The engine sorts
        and sends a small integer code per distinct ``by`` value, not the value itself
        (a text id), and ``func`` gets ``by`` back as a pandas ``Categorical``; on 400M
        AVL pings that is a third of the time of sorting and sending the ids. Spark
        calls ``func`` per group with ``applyInPandas`` on the executors. The result is
        a materialised table in the engine, with no particular row order.
        """
        import ibis
        import pyarrow as pa

        from boundline.engine._groups import BATCH_ROWS, CODE, run_groups

        target = ibis.schema(dict(schema)).to_pyarrow()
        keys = expr.select(by).distinct().order_by(by).to_pyarrow().column(by).combine_chunks()
        codes = self.register(
            f"boundline_keys_{uuid4().hex}",
            pa.table({f"{CODE}key": keys, CODE: pa.array(range(len(keys)), pa.int32())}),
        )
        # A left join: a row whose key is missing keeps a null code, and ``func`` sees it.
        coded = expr.left_join(codes, expr[by] == codes[f"{CODE}key"]).select(
            CODE, *(c for c in expr.columns if c != by)
        )
        batches = self._batches(coded.order_by(CODE, *order_by), BATCH_ROWS)
        parts = [
            pa.Table.from_pandas(frame, preserve_index=False).cast(target, safe=False)
            for frame in run_groups(batches, by, keys, func, list(schema))
        ]
        arrow = pa.concat_tables(parts) if parts else target.empty_table()
        return self.register(f"boundline_groups_{uuid4().hex}", arrow)

    def _batches(self, expr: ir.Table, rows: int) -> Any:
        """The rows of ``expr``, in its order, as a stream of Arrow record batches."""
        return expr.to_pyarrow_batches(chunk_size=rows)

    def has(self, table: str) -> bool:
        """Whether the store holds any accepted rows' files for ``table``."""
        return bool(self.store.manifest().tables.get(table))

    def table(self, table: str) -> ir.Table:
        """The accepted rows of contract table ``table`` (empty with its schema if absent)."""
        if table not in BY_NAME:
            raise KeyError(f"{table!r} is not a table of the data contract")
        if table not in self._tables:
            files = [str(p) for p in self.store.files(table)]
            if files:
                self._tables[table] = self._read(table, files)
            else:
                import ibis

                empty = ibis_schema(table).to_pyarrow().empty_table()
                self._tables[table] = ibis.memtable(empty)
        return self._tables[table]
