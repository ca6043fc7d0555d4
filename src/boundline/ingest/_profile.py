"""Mapping profiles: how a force's own export maps onto the data contract.

A profile is a TOML or YAML file::

    timezone = "Europe/London"          # zone of offset-less timestamps (else rejected)
    region = "GB"                       # region for national-format phone numbers

    [tables.comms]
    file = "itemised_billing.csv"       # the file in the source folder holding this table
    delimiter = ";"                     # CSV field separator (default ",")

    [tables.comms.columns]              # contract column = column in the file
    record_id = "CDR Ref"
    time = "Event Time"

    [tables.comms.timestamp_formats]    # strptime formats, per contract column
    time = "%d/%m/%Y %H:%M"

    [tables.comms.values.direction]     # value maps, per contract column
    MO = "out"
    MT = "in"

The contract itself never bends: a profile only renames, re-formats and re-codes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from boundline.contract import BY_NAME, DEFAULT_REGION
from boundline.errors import ProfileError


@dataclass(frozen=True)
class TableMapping:
    """How one contract table is found and read in a force's export."""

    file: str | None = None
    delimiter: str = ","
    columns: dict[str, str] = field(default_factory=dict)  # contract name -> source name
    timestamp_formats: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def source_column(self, contract_column: str) -> str:
        """The column name in the file that holds ``contract_column``."""
        return self.columns.get(contract_column, contract_column)


@dataclass(frozen=True)
class Profile:
    """A whole mapping profile (the default profile maps nothing)."""

    timezone: str | None = None
    region: str = DEFAULT_REGION
    tables: dict[str, TableMapping] = field(default_factory=dict)
    origin: str = "(default)"

    def mapping(self, table: str) -> TableMapping:
        """The mapping of ``table`` (an identity mapping when the profile has none)."""
        return self.tables.get(table, TableMapping())


def _fail(path: Path, why: str) -> ProfileError:
    return ProfileError(f"Mapping profile {path}: {why}")


def _str_dict(path: Path, where: str, value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise _fail(path, f"'{where}' must map names to strings.")
    return dict(value)


def _table_mapping(path: Path, name: str, body: object) -> TableMapping:
    if name not in BY_NAME:
        raise _fail(path, f"'tables.{name}' is not a table of the data contract.")
    if not isinstance(body, dict):
        raise _fail(path, f"'tables.{name}' must be a table of settings.")
    contract = BY_NAME[name]
    unknown = set(body) - {"file", "delimiter", "columns", "timestamp_formats", "values"}
    if unknown:
        raise _fail(path, f"'tables.{name}' has unknown settings: {', '.join(sorted(unknown))}.")
    columns = _str_dict(path, f"tables.{name}.columns", body.get("columns", {}))
    formats = _str_dict(path, f"tables.{name}.timestamp_formats", body.get("timestamp_formats", {}))
    raw_values = body.get("values", {})
    if not isinstance(raw_values, dict):
        raise _fail(path, f"'tables.{name}.values' must be a table of value maps.")
    values = {c: _str_dict(path, f"tables.{name}.values.{c}", m) for c, m in raw_values.items()}
    for col in (*columns, *formats, *values):
        if col not in contract.names:
            raise _fail(path, f"'{col}' is not a column of contract table '{name}'.")
    delimiter = body.get("delimiter", ",")
    file = body.get("file")
    if not isinstance(delimiter, str) or len(delimiter) != 1:
        raise _fail(path, f"'tables.{name}.delimiter' must be one character.")
    if file is not None and not isinstance(file, str):
        raise _fail(path, f"'tables.{name}.file' must be a file name.")
    return TableMapping(file, delimiter, columns, formats, values)


def load_profile(path: Path) -> Profile:
    """Read a TOML or YAML mapping profile; a ProfileError explains what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, f"cannot be read ({exc}).") from exc
    body: Any
    try:
        if path.suffix.lower() == ".toml":
            body = tomllib.loads(text)
        elif path.suffix.lower() in {".yaml", ".yml"}:
            body = yaml.safe_load(text)
        else:
            raise _fail(path, "must be a .toml, .yaml or .yml file.")
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise _fail(path, f"is not valid {path.suffix[1:].upper()} ({exc}).") from exc
    if not isinstance(body, dict):
        raise _fail(path, "must hold a table of settings at the top level.")
    unknown = set(body) - {"timezone", "region", "tables"}
    if unknown:
        raise _fail(path, f"unknown settings: {', '.join(sorted(unknown))}.")
    zone = body.get("timezone")
    if zone is not None:
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise _fail(path, f"'timezone' {zone!r} is not a known time zone.") from exc
    tables = body.get("tables", {})
    if not isinstance(tables, dict):
        raise _fail(path, "'tables' must be a table of per-table settings.")
    return Profile(
        timezone=None if zone is None else str(zone),
        region=str(body.get("region", DEFAULT_REGION)),
        tables={name: _table_mapping(path, name, t) for name, t in tables.items()},
        origin=str(path),
    )
