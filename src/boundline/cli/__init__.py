"""The ``boundline`` command line."""

from boundline.cli._app import app, main

__all__ = ["app", "main"]
