"""Every scoring setting is documented with its default, and overrides are checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from boundline.errors import UserInputError
from boundline.scoring import defaults, format_value, load_settings, step_days

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| `([a-z_]+\.[A-Za-z0-9_]+)` \| `([^|]+)` \|", re.MULTILINE)


def test_every_setting_is_documented_with_its_default() -> None:
    documented = dict(ROW.findall(DOC))
    for key, value in defaults().items():
        assert key in documented, f"{key} is not in docs/scoring.md"
        assert documented[key] == format_value(value), key


def test_every_documented_setting_exists() -> None:
    keys = set(defaults())
    for key, _ in ROW.findall(DOC):
        assert key in keys, f"docs/scoring.md documents {key}, which settings.toml lacks"


def test_defaults_load() -> None:
    s = load_settings()
    assert s.weight("BL101") > 0
    assert s.weight("BL999") == s.default_weight
    assert (s.severity(s.high), s.severity(s.medium), s.severity(s.medium - 0.1)) == (
        "high",
        "medium",
        "low",
    )


def test_a_user_file_overrides_only_what_it_names(tmp_path: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text("[weights]\nBL101 = 50\nBL299 = 7\n[severity]\nhigh = 80\n", encoding="utf-8")
    s, d = load_settings(f), load_settings()
    assert (s.weight("BL101"), s.weight("BL299"), s.high) == (50.0, 7.0, 80.0)
    assert s.weight("BL102") == d.weight("BL102") and s.medium == d.medium


@pytest.mark.parametrize(
    "text",
    [
        "[weights]\nBL101 = 'a lot'\n",
        "[severity]\nhighest = 80\n",
        "[severity]\nhigh = 10\nmedium = 20\n",
        "[sweep]\nevery = 'fortnightly'\n",
        "not toml = = =\n",
    ],
)
def test_bad_settings_are_user_errors(tmp_path: Path, text: str) -> None:
    f = tmp_path / "s.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(UserInputError):
        load_settings(f)


def test_steps() -> None:
    assert (step_days("7d"), step_days("2w"), step_days("1d")) == (7, 14, 1)
    with pytest.raises(UserInputError):
        step_days("0d")
