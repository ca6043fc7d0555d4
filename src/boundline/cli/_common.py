"""What every command shares: the consoles, user-error handling, common options."""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from boundline.engine import Engine, connect
from boundline.errors import BoundlineError, StoreError
from boundline.store import DEFAULT_STORE, open_store

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

P = ParamSpec("P")
R = TypeVar("R")

#: The environment variable that may name the store folder (the default of every ``--store``).
STORE_ENV = "BOUNDLINE_STORE"
StoreOption = Annotated[
    Path,
    typer.Option("--store", envvar=STORE_ENV, help="The store folder.", show_default=True),
]
DEFAULT_STORE_PATH = DEFAULT_STORE
DAY_FORMATS = ["%Y-%m-%d"]
FromDayOption = Annotated[
    datetime | None,
    typer.Option(
        "--from",
        formats=DAY_FORMATS,
        help="First day (YYYY-MM-DD, included; from local midnight in the force's zone).",
    ),
]
ToDayOption = Annotated[
    datetime | None,
    typer.Option(
        "--to",
        formats=DAY_FORMATS,
        help="Last day (YYYY-MM-DD, included: up to the next local midnight).",
    ),
]
EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        envvar="BOUNDLINE_ENGINE",
        help="duckdb (embedded, the default) or spark (needs the extra boundline\\[spark]).",
    ),
]
SparkMasterOption = Annotated[
    str | None,
    typer.Option(
        "--spark-master",
        envvar="BOUNDLINE_SPARK_MASTER",
        help="Spark master URL for --engine spark (default local[2]).",
    ),
]


def existing_store(store: Path) -> Path:
    """``store`` if it is a folder; else a StoreError naming it and what makes a store.

    For the commands that use a store but never make one (a mistyped ``--store`` must
    not quietly start a new, empty case database).
    """
    if store.is_dir():
        return store
    what = "is a file, not a store folder" if store.exists() else "no such store folder"
    raise StoreError(
        f"{store}: {what}. `boundline ingest SOURCE_DIR --store {store}` makes a store "
        f"(`boundline demo` makes one in boundline-demo/store); check --store or {STORE_ENV}."
    )


def open_engine(store: Path, engine: str = "duckdb", spark_master: str | None = None) -> Engine:
    """Open an existing store on the chosen engine (a StoreError if there is no store)."""
    opened = open_store(store)
    opened.require()
    options = {"master": spark_master} if engine == "spark" and spark_master else {}
    return connect(opened, engine, **options)


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a BoundlineError into a one-paragraph message and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except BoundlineError as exc:
            text = escape(textwrap.fill(str(exc), width=100))  # the message is text, not markup
            err.print(f"[bold red]error:[/] {text}", soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper
