"""``boundline serve``: the workbench, served by uvicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from boundline.cli._casestore import DbOption
from boundline.cli._common import DEFAULT_STORE_PATH, StoreOption, existing_store, guarded, out
from boundline.errors import EngineUnavailableError, UserInputError

WEB_EXTRA = "pip install 'boundline[web]'"


@guarded
def serve_command(
    store: StoreOption = DEFAULT_STORE_PATH,
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8000,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies",
            help="Mark cookies Secure and send HSTS: the workbench is behind a TLS proxy. "
            "Needed to listen on any address but loopback.",
        ),
    ] = False,
    settings: Annotated[
        Path | None,
        typer.Option("--settings", help="A TOML file with a [workbench] table (docs/web.md)."),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", help="Worker processes (a team: PostgreSQL, see docs).")
    ] = 1,
) -> None:
    """Start the workbench: sign in, work the queue, study a pair (docs/web.md)."""
    try:
        import uvicorn

        from boundline.web import WebSettings, create_app, is_loopback, load_settings
        from boundline.web._environment import SETTINGS_ENV, settings_to_environment
    except ImportError as exc:
        raise EngineUnavailableError(
            f"The workbench needs the web extra ({exc.name} is missing): {WEB_EXTRA}"
        ) from None
    if not is_loopback(host) and not secure_cookies:
        raise UserInputError(
            f"Refusing to listen on {host}: off loopback the workbench must sit behind a TLS "
            "reverse proxy, with --secure-cookies (docs/web.md)."
        )
    existing_store(store)  # the workbench never starts a new, empty case store
    if workers > 1 and not db:
        raise UserInputError(
            "Several workers need a shared case database server: give --db with a "
            "PostgreSQL URL (SQLite serialises every write)."
        )
    config = load_settings(
        WebSettings(store=store, db_url=db, secure_cookies=secure_cookies, warm_pairs=20), settings
    )
    scheme = "https (through the proxy)" if secure_cookies else "http"
    out.print(f"Boundline workbench on {scheme}://{host}:{port}/  (store {store}; Ctrl+C stops it)")
    common: dict[str, Any] = {"host": host, "port": port, "log_level": "warning"}
    if workers == 1:
        uvicorn.run(create_app(config), server_header=False, **common)
        return
    os.environ[SETTINGS_ENV] = settings_to_environment(config)
    uvicorn.run(
        "boundline.web._environment:app_from_environment",
        factory=True,
        workers=workers,
        server_header=False,
        **common,
    )
