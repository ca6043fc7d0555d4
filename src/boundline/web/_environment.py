"""Building the app in each worker process of ``boundline serve --workers N``.

uvicorn starts several workers by importing an app factory by name, so the settings
reach each worker as one environment variable holding their JSON
(:data:`SETTINGS_ENV`), written by the parent process just before it starts them.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

from boundline.cases.signin import SessionPolicy
from boundline.web._app import create_app
from boundline.web._settings import WebSettings

__all__ = ["SETTINGS_ENV", "app_from_environment", "settings_to_environment"]

SETTINGS_ENV = "BOUNDLINE_WEB_SETTINGS"


def settings_to_environment(settings: WebSettings) -> str:
    """The settings as the JSON :func:`app_from_environment` reads."""
    data: dict[str, Any] = asdict(settings)
    data["store"] = str(settings.store)
    data["policy"] = {
        k: (v.total_seconds() if isinstance(v, timedelta) else v)
        for k, v in asdict(settings.policy).items()
    }
    return json.dumps(data)


def app_from_environment() -> Starlette:
    """The app for the settings in :data:`SETTINGS_ENV` (uvicorn's ``factory=True``)."""
    data = json.loads(os.environ[SETTINGS_ENV])
    policy: dict[str, Any] = {
        k: (timedelta(seconds=v) if isinstance(getattr(SessionPolicy, k, None), timedelta) else v)
        for k, v in data.pop("policy").items()
    }
    data["store"] = Path(data["store"])
    return create_app(WebSettings(**data, policy=SessionPolicy(**policy)))
