"""The scoring settings: one TOML file shipped with the package, overridable by the user.

``settings.toml`` (next to this module) holds every weight and threshold with its
default; ``docs/scoring.md`` documents each key. A user file (``--settings FILE``)
has the same layout and overrides only the keys it names; an unknown key, or a
value of the wrong kind, is a user error. Detector weights may be added for codes
not in the defaults (a new detector), as ``[weights] BL204 = 20``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from boundline.errors import UserInputError

SEVERITIES = ("high", "medium", "low")
_CODE = re.compile(r"^BL\d{3}$")
_STEP = re.compile(r"^(\d+)([dw])$")


@dataclass(frozen=True)
class Adjustments:
    """What raises or lowers a pair's score besides the detectors."""

    vulnerability_bonus: float
    legitimate_reduction: float
    legitimate_roles: tuple[str, ...]
    legitimate_on_shift_only: bool


@dataclass(frozen=True)
class Settings:
    """Weights, adjustments, severity bands and output options (see ``docs/scoring.md``)."""

    weights: dict[str, float] = field(hash=False)
    default_weight: float
    adjustments: Adjustments
    high: float
    medium: float
    top: int
    score_decimals: int
    sweep_every: str

    def weight(self, code: str) -> float:
        """The weight of a detector code (``weights.default`` if it is not listed)."""
        return self.weights.get(code, self.default_weight)

    def severity(self, score: float) -> str:
        """The declared band of a score: ``high``, ``medium`` or ``low``."""
        if score >= self.high:
            return "high"
        if score >= self.medium:
            return "medium"
        return "low"


def default_text() -> str:
    """The text of the shipped ``settings.toml``."""
    return resources.files("boundline.scoring").joinpath("settings.toml").read_text("utf-8")


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}}`` → ``{"a.b": 1}``: the dotted keys the docs list."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def defaults() -> dict[str, Any]:
    """The shipped defaults as dotted keys."""
    return flatten(tomllib.loads(default_text()))


def format_value(value: Any) -> str:
    """A value as the docs table shows it: TOML syntax (``30``, ``true``, ``"7d"``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, int | float):
        return isinstance(value, int | float)
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, type(default))


def merged(overrides: dict[str, Any], source: str = "settings") -> dict[str, Any]:
    """The defaults with ``overrides`` (dotted keys) applied and checked."""
    flat = defaults()
    for key, value in overrides.items():
        if key not in flat:
            if key.startswith("weights.") and _CODE.match(key.removeprefix("weights.")):
                if not isinstance(value, int | float) or isinstance(value, bool):
                    raise UserInputError(f"{source}: {key} must be a number, not {value!r}.")
                flat[key] = value
                continue
            raise UserInputError(
                f"{source}: unknown setting {key!r}; the settings are listed in docs/scoring.md."
            )
        if not _same_kind(flat[key], value):
            raise UserInputError(
                f"{source}: {key} = {value!r} has the wrong kind; the default is "
                f"{format_value(flat[key])}."
            )
        flat[key] = value
    return flat


def from_flat(flat: dict[str, Any]) -> Settings:
    """Build :class:`Settings` from dotted keys (all present, already checked)."""
    weights = {
        k.removeprefix("weights."): float(v)
        for k, v in flat.items()
        if k.startswith("weights.") and k != "weights.default"
    }
    adj = Adjustments(
        vulnerability_bonus=float(flat["adjustments.vulnerability_bonus"]),
        legitimate_reduction=float(flat["adjustments.legitimate_reduction"]),
        legitimate_roles=tuple(flat["adjustments.legitimate_roles"]),
        legitimate_on_shift_only=bool(flat["adjustments.legitimate_on_shift_only"]),
    )
    settings = Settings(
        weights=weights,
        default_weight=float(flat["weights.default"]),
        adjustments=adj,
        high=float(flat["severity.high"]),
        medium=float(flat["severity.medium"]),
        top=int(flat["output.top"]),
        score_decimals=int(flat["output.score_decimals"]),
        sweep_every=str(flat["sweep.every"]),
    )
    if not 0 <= settings.medium <= settings.high <= 100:
        raise UserInputError(
            "settings: the severity bands need 0 <= severity.medium <= severity.high <= 100."
        )
    step_days(settings.sweep_every)
    return settings


def load_settings(path: Path | None = None) -> Settings:
    """The shipped defaults, overridden by the TOML file at ``path`` if given."""
    if path is None:
        return from_flat(defaults())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserInputError(f"{path}: cannot read the settings file ({exc.strerror}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserInputError(f"{path}: not valid TOML ({exc}).") from None
    return from_flat(merged(flatten(data), str(path)))


def step_days(every: str) -> int:
    """A sweep step such as ``7d`` or ``2w``, in days (at least one)."""
    m = _STEP.match(every.strip())
    if not m or int(m.group(1)) < 1:
        raise UserInputError(f"The step {every!r} is not a number of days or weeks (7d, 2w).")
    n = int(m.group(1))
    return n * 7 if m.group(2) == "w" else n
