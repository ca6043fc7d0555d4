"""Engines: the store's tables as ibis expressions on DuckDB (default) or Spark."""

from __future__ import annotations

from boundline.engine._base import Engine, ibis_schema
from boundline.errors import UserInputError
from boundline.store import Store

ENGINES = ("duckdb",)


def connect(store: Store, engine: str = "duckdb") -> Engine:
    """Open ``store`` on the named engine; backends are imported only here, on demand."""
    if engine == "duckdb":
        from boundline.engine._duckdb import DuckDBEngine

        return DuckDBEngine(store)
    raise UserInputError(f"Unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}.")


__all__ = ["ENGINES", "Engine", "connect", "ibis_schema"]
