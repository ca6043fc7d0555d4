"""The workbench's settings: one value object, passed to the app factory explicitly."""

from __future__ import annotations

import ipaddress
import tomllib
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from boundline.cases.signin import SessionPolicy
from boundline.contract import DEFAULT_TIMEZONE
from boundline.errors import UserInputError

__all__ = ["WebSettings", "is_loopback", "load_settings"]


@dataclass(frozen=True)
class WebSettings:
    """What an app is built from: its store, case database, sessions, and display.

    ``secure_cookies`` marks the session cookie ``Secure`` (and sends HSTS): the
    workbench is then behind a TLS reverse proxy. ``tile_url`` is a tile server for
    the visits map (``{z}/{x}/{y}``); without one the map is drawn offline.
    """

    store: Path
    db_url: str | None = None
    policy: SessionPolicy = field(default_factory=SessionPolicy)
    secure_cookies: bool = False
    tile_url: str | None = None
    engine: str = "duckdb"
    tz: str = DEFAULT_TIMEZONE
    page_size: int = 25
    contacts_page_size: int = 50
    #: at start, compute the figures of this many of the strongest items in the background
    warm_pairs: int = 0
    #: the largest exhibit a person may upload, in bytes
    upload_limit: int = 100 << 20


#: The ``[workbench]`` keys of a settings file, and what each sets.
SETTING_DOCS = {
    "idle_minutes": "a session ends after this many minutes without a request (30)",
    "lifetime_hours": "a session ends this many hours after sign-in, whatever happens (12)",
    "user_failures": "failed sign-ins for one user name before it is throttled (5)",
    "address_failures": "failed sign-ins from one address before it is throttled (20)",
    "window_minutes": "the sliding window failures are counted over (15)",
    "tile_url": "a tile server for the visits map, e.g. https://tiles.example/{z}/{x}/{y}.png",
    "page_size": "queue items per page (25)",
    "contacts_page_size": "contacts per page in the pair workspace (50)",
    "warm_pairs": "at start, compute the figures of this many strongest items ahead of time (20)",
    "upload_limit_mb": "the largest exhibit a person may upload, in MiB (100)",
}


def load_settings(base: WebSettings, path: Path | None) -> WebSettings:
    """``base`` with the ``[workbench]`` table of a TOML file applied (a UserInputError if bad)."""
    if path is None:
        return base
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("workbench", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UserInputError(f"{path}: cannot read the settings file ({exc}).") from None
    unknown = sorted(set(table) - set(SETTING_DOCS))
    if unknown:
        raise UserInputError(
            f"{path}: unknown [workbench] setting(s) {', '.join(unknown)}; "
            f"known: {', '.join(SETTING_DOCS)}."
        )
    try:
        p = base.policy
        policy = replace(
            p,
            idle=timedelta(minutes=float(table.get("idle_minutes", p.idle.total_seconds() / 60))),
            lifetime=timedelta(
                hours=float(table.get("lifetime_hours", p.lifetime.total_seconds() / 3600))
            ),
            user_failures=int(table.get("user_failures", p.user_failures)),
            address_failures=int(table.get("address_failures", p.address_failures)),
            window=timedelta(
                minutes=float(table.get("window_minutes", p.window.total_seconds() / 60))
            ),
        )
        page_size = int(table.get("page_size", base.page_size))
        contacts = int(table.get("contacts_page_size", base.contacts_page_size))
        warm = int(table.get("warm_pairs", base.warm_pairs))
        upload = int(float(table.get("upload_limit_mb", base.upload_limit / (1 << 20))) * (1 << 20))
    except (TypeError, ValueError) as exc:
        raise UserInputError(f"{path}: a [workbench] setting is not a number ({exc}).") from None
    if min(page_size, contacts, policy.user_failures, policy.address_failures, upload) < 1:
        raise UserInputError(f"{path}: [workbench] sizes and limits must be at least 1.")
    return replace(
        base,
        policy=policy,
        tile_url=table.get("tile_url", base.tile_url),
        page_size=page_size,
        contacts_page_size=contacts,
        warm_pairs=max(0, warm),
        upload_limit=upload,
    )


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback name or address (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
