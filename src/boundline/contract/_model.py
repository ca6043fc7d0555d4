"""The data-driven model of the contract: column kinds, columns, tables, references."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """The logical type of a contract column, and how it is stored once accepted."""

    ID = "id"
    TEXT = "text"
    TIMESTAMP = "timestamp"
    DATE = "date"
    INTEGER = "integer"
    FLOAT = "float"
    BOOLEAN = "boolean"
    ENUM = "enum"
    PHONE = "phone"  # a phone number or, failing that, a handle; stored normalised + raw


#: The storage type (DuckDB SQL) of each kind once a row is accepted.
STORAGE_TYPE: dict[Kind, str] = {
    Kind.ID: "VARCHAR",
    Kind.TEXT: "VARCHAR",
    Kind.TIMESTAMP: "TIMESTAMPTZ",
    Kind.DATE: "DATE",
    Kind.INTEGER: "BIGINT",
    Kind.FLOAT: "DOUBLE",
    Kind.BOOLEAN: "BOOLEAN",
    Kind.ENUM: "VARCHAR",
    Kind.PHONE: "VARCHAR",
}


@dataclass(frozen=True)
class Column:
    """One column of a contract table."""

    name: str
    kind: Kind
    optional: bool = False
    key: bool = False
    values: tuple[str, ...] = ()  # the enumeration, for Kind.ENUM
    minimum: float | None = None  # inclusive range, for numbers
    maximum: float | None = None
    meaning: str = ""

    @property
    def raw_name(self) -> str:
        """Name of the column that keeps the value as written (phone columns only)."""
        return f"{self.name}_raw"


@dataclass(frozen=True)
class Interval:
    """A pair of columns forming ``[start, end)``; ``end`` must be after ``start``."""

    start: str
    end: str


@dataclass(frozen=True)
class Reference:
    """A referential rule: ``column`` must name something defined in ``target``."""

    column: str
    target_table: str
    target_column: str


@dataclass(frozen=True)
class Table:
    """One table of the data contract."""

    name: str
    columns: tuple[Column, ...]
    required: bool = False
    intervals: tuple[Interval, ...] = ()
    references: tuple[Reference, ...] = ()
    partition_by_month: str | None = None  # timestamp column used to partition storage
    meaning: str = ""
    _index: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({c.name: c for c in self.columns})

    def column(self, name: str) -> Column:
        """Return the column called ``name`` (KeyError if the contract has none)."""
        return self._index[name]

    @property
    def names(self) -> tuple[str, ...]:
        """The contract column names, in contract order."""
        return tuple(c.name for c in self.columns)

    @property
    def key(self) -> Column | None:
        """The key column, if the table has one."""
        return next((c for c in self.columns if c.key), None)

    def storage_columns(self) -> tuple[tuple[str, str], ...]:
        """``(name, DuckDB type)`` of every stored column, in order.

        Contract columns come first, typed; phone columns keep the value as written
        in ``<name>_raw``; ``extra`` holds any columns the contract does not name
        (as a JSON object, or empty).
        """
        typed = tuple((c.name, STORAGE_TYPE[c.kind]) for c in self.columns)
        raw = tuple((c.raw_name, "VARCHAR") for c in self.columns if c.kind is Kind.PHONE)
        return (*typed, *raw, ("extra", "VARCHAR"))

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Columns whose header must be present in the file.

        A column marked ``?`` in the contract may be empty, so a file may also leave
        it out altogether; it is then read as empty in every row.
        """
        return tuple(c.name for c in self.columns if not c.optional)
