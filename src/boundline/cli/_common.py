"""What every command shares: the consoles, user-error handling, common options."""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console

from boundline.errors import BoundlineError
from boundline.store import DEFAULT_STORE

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

P = ParamSpec("P")
R = TypeVar("R")

StoreOption = Annotated[Path, typer.Option("--store", help="The store folder.", show_default=True)]
DEFAULT_STORE_PATH = DEFAULT_STORE


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a BoundlineError into a one-paragraph message and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except BoundlineError as exc:
            text = textwrap.fill(str(exc), width=100)
            err.print(f"[bold red]error:[/] {text}", soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper
