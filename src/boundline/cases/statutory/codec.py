"""A process state as JSON text and back, exactly; older formats are upgraded on reading.

The case store keeps the state as JSON text. :func:`state_to_json` writes it with
sorted keys and no insignificant whitespace, dates as ``YYYY-MM-DD`` and instants
as ISO 8601 in UTC, under a ``format`` marker (``boundline.statutory/N``);
:func:`state_from_json` reads it back to an equal
:class:`~boundline.cases.statutory.state.ProcessState`, so
``state_to_json(state_from_json(text)) == text`` for any text this version wrote.

The format is versioned so that the state can grow. Text of an older version is
passed through the upgrade functions in :data:`UPGRADES` (version ``n`` to
``n + 1``, each a function of the decoded JSON object), and a field a later version
added and no upgrade set takes its default. Text of the current version must have
exactly the current fields, and text of a newer version is refused (it was written
by a newer Boundline). Version 1 is the format before steps had an effective date:
its upgrade gives each recorded step the local day it was recorded as the day it
took effect.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from boundline.cases.statutory.calendar import local_day
from boundline.cases.statutory.state import ProcessState
from boundline.errors import UserInputError

__all__ = ["FORMAT", "UPGRADES", "VERSION", "state_from_json", "state_to_json"]

#: The format version this code writes.
VERSION = 2
_PREFIX = "boundline.statutory/"
FORMAT = f"{_PREFIX}{VERSION}"

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]


def _v1_to_v2(state: dict[str, Any]) -> dict[str, Any]:
    """Version 1 had no effective dates: a step took effect the day it was recorded."""
    history = [
        {**r, "on": r.get("on") or local_day(datetime.fromisoformat(r["at"])).isoformat()}
        for r in state.get("history", [])
    ]
    return {**state, "history": history}


#: ``UPGRADES[n]`` turns a version-``n`` state object into a version ``n + 1`` one.
UPGRADES: dict[int, Upgrade] = {1: _v1_to_v2}


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{value.isoformat()} has no time zone")
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return value


def state_to_json(state: ProcessState) -> str:
    """``state`` as canonical JSON text, in the current format."""
    body = {"format": FORMAT, "state": _encode(state)}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _fields_of(kind: type, value: dict[str, Any], lenient: bool) -> dict[str, Any]:
    """Check ``value``'s keys against the dataclass ``kind`` (defaults may be left out)."""
    fields = dataclasses.fields(kind)
    names = {f.name for f in fields}
    required = {
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    keys = set(value)
    if keys - names or not (required <= keys if lenient else keys == names):
        raise ValueError(f"{kind.__name__} fields {sorted(keys)} are not {sorted(names)}")
    return value


def _decode(kind: Any, value: Any, lenient: bool) -> Any:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        return None if value is None else _decode(args[0], value, lenient)
    if origin is tuple:
        items = typing.get_args(kind)
        if len(items) == 2 and items[1] is Ellipsis:
            return tuple(_decode(items[0], v, lenient) for v in value)
        return tuple(_decode(a, v, lenient) for a, v in zip(items, value, strict=True))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        given = _fields_of(kind, value, lenient)
        return kind(**{k: _decode(hints[k], v, lenient) for k, v in given.items()})
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind in (str, int, bool) and type(value) is kind:
        return value
    raise ValueError(f"{value!r} is not a {kind}")


def _version(marker: Any) -> int:
    """The version number of a ``format`` marker."""
    if not isinstance(marker, str) or not marker.startswith(_PREFIX):
        raise ValueError(f"format {marker!r} is not {_PREFIX}N")
    version = int(marker[len(_PREFIX) :])
    if version > VERSION:
        raise ValueError(
            f"format {marker} was written by a newer Boundline (this one reads up to "
            f"{FORMAT}); upgrade Boundline"
        )
    if version < 1:
        raise ValueError(f"format {marker!r} has no version {version}")
    return version


def state_from_json(text: str) -> ProcessState:
    """The state in ``text`` (any version up to the current), upgraded; else a UserInputError."""
    try:
        body = json.loads(text)
        version = _version(body.get("format"))
        state = body["state"]
        for step in range(version, VERSION):
            state = UPGRADES[step](state)
        decoded: ProcessState = _decode(ProcessState, state, version < VERSION)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise UserInputError(f"The stored process state cannot be read: {exc}.") from None
    return decoded
