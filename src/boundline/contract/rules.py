"""The rules a row can break, with stable codes.

A row that breaks a rule is set aside with the code of the *first* rule it broke,
checked in this order: the CSV record itself, then each column in contract order
(empty required value, then its type or enumeration, then its range), then the
intervals, then key uniqueness, then the referential rules. Codes are stable: they
are stored with every set-aside row and may be relied on by a force's own scripts.
"""

from __future__ import annotations

from enum import StrEnum


class Rule(StrEnum):
    """A rule of the data contract that a row can break."""

    MALFORMED_ROW = "malformed_row"
    MISSING_VALUE = "missing_value"
    BAD_TIMESTAMP = "bad_timestamp"
    NAIVE_TIMESTAMP = "naive_timestamp"
    BAD_DATE = "bad_date"
    BAD_INTEGER = "bad_integer"
    BAD_FLOAT = "bad_float"
    BAD_BOOLEAN = "bad_boolean"
    BAD_ENUM = "bad_enum"
    OUT_OF_RANGE = "out_of_range"
    INTERVAL_ORDER = "interval_order"
    DUPLICATE_KEY = "duplicate_key"
    UNKNOWN_REFERENCE = "unknown_reference"

    @property
    def description(self) -> str:
        """One sentence a reviewer can read: what the rule requires."""
        return DESCRIPTIONS[self]


DESCRIPTIONS: dict[Rule, str] = {
    Rule.MALFORMED_ROW: "the CSV record cannot be read (wrong number of fields, broken "
    "quoting, or text that is not UTF-8)",
    Rule.MISSING_VALUE: "a column not marked '?' in the contract must have a value",
    Rule.BAD_TIMESTAMP: "a timestamp must be ISO 8601 (or match the profile's format)",
    Rule.NAIVE_TIMESTAMP: "a timestamp must carry an offset or 'Z' unless the mapping "
    "profile names the source's time zone",
    Rule.BAD_DATE: "a date must be YYYY-MM-DD",
    Rule.BAD_INTEGER: "an integer column must hold a whole number",
    Rule.BAD_FLOAT: "a number column must hold a finite decimal number",
    Rule.BAD_BOOLEAN: "a boolean must be true/false, 1/0 or yes/no",
    Rule.BAD_ENUM: "the value must be one of the contract's enumerated values",
    Rule.OUT_OF_RANGE: "the number is outside its allowed range (lat in [-90, 90], "
    "lon in [-180, 180], durations and speeds not negative)",
    Rule.INTERVAL_ORDER: "an interval's end must be after its start",
    Rule.DUPLICATE_KEY: "a key must be unique in its table; the first row with a key "
    "is kept and later ones are duplicates",
    Rule.UNKNOWN_REFERENCE: "an identifier must be defined where it is keyed (officers, "
    "people, incidents, devices, vehicle_use)",
}
