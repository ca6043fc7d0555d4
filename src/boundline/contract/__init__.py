"""The Boundline data contract: tables, columns, rules and normalisation.

This package is data, not machinery: everything else is derived from it.
"""

from boundline.contract._model import STORAGE_TYPE, Column, Interval, Kind, Reference, Table
from boundline.contract.phones import is_phone_number, normalise_counterpart
from boundline.contract.rules import Rule
from boundline.contract.tables import (
    BY_NAME,
    CONTRACT_VERSION,
    DEFAULT_REGION,
    DEFAULT_TIMEZONE,
    TABLES,
    table,
)

__all__ = [
    "BY_NAME",
    "CONTRACT_VERSION",
    "DEFAULT_REGION",
    "DEFAULT_TIMEZONE",
    "STORAGE_TYPE",
    "TABLES",
    "Column",
    "Interval",
    "Kind",
    "Reference",
    "Rule",
    "Table",
    "is_phone_number",
    "normalise_counterpart",
    "table",
]
