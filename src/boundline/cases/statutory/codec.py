"""A process state as JSON text and back, exactly.

The case store keeps the state as JSON text. :func:`state_to_json` writes it with
sorted keys and no insignificant whitespace, dates as ``YYYY-MM-DD`` and instants
as ISO 8601 in UTC, under a ``format`` marker; :func:`state_from_json` reads it back
to an equal :class:`~boundline.cases.statutory.state.ProcessState`, so
``state_to_json(state_from_json(text)) == text`` for any text this module wrote.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import UTC, date, datetime
from typing import Any

from boundline.cases.statutory.state import ProcessState
from boundline.errors import UserInputError

__all__ = ["FORMAT", "state_from_json", "state_to_json"]

FORMAT = "boundline.statutory/1"


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
    """``state`` as canonical JSON text."""
    body = {"format": FORMAT, "state": _encode(state)}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _decode(kind: Any, value: Any) -> Any:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        return None if value is None else _decode(args[0], value)
    if origin is tuple:
        items = typing.get_args(kind)
        if len(items) == 2 and items[1] is Ellipsis:
            return tuple(_decode(items[0], v) for v in value)
        return tuple(_decode(a, v) for a, v in zip(items, value, strict=True))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind)}
        if set(value) != names:
            raise ValueError(f"{kind.__name__} fields {sorted(value)} are not {sorted(names)}")
        return kind(**{k: _decode(hints[k], v) for k, v in value.items()})
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind in (str, int, bool) and type(value) is kind:
        return value
    raise ValueError(f"{value!r} is not a {kind}")


def state_from_json(text: str) -> ProcessState:
    """The state written by :func:`state_to_json` (a ``UserInputError`` if it is not one)."""
    try:
        body = json.loads(text)
        if body.get("format") != FORMAT:
            raise ValueError(f"format {body.get('format')!r} is not {FORMAT}")
        state: ProcessState = _decode(ProcessState, body["state"])
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise UserInputError(f"The stored process state cannot be read: {exc}.") from None
    return state
