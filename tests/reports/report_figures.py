"""Reading the figures back out of a rendered report (no boundline code involved)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

NULL = "—"


class FigureParser(HTMLParser):
    """Collects the text of every ``data-figure`` element and every ``data-list`` count."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, list[str]] = {}
        self.lists: dict[str, list[int]] = {}
        self.lookups: list[tuple[str, str]] = []
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("data-list") is not None:
            self.lists.setdefault(str(a["data-list"]), []).append(int(str(a["data-count"])))
        if a.get("data-lookup-task") is not None:
            self.lookups.append((str(a["data-lookup-task"]), str(a["data-lookup-after"])))
        self._open.append((tag, a.get("data-figure")))
        if a.get("data-figure") is not None:
            self.figures.setdefault(str(a["data-figure"]), []).append("")

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if any(path is not None for _, path in self._open):
            path = next(p for _, p in reversed(self._open) if p is not None)
            self.figures[path][-1] += data


def parse(html: str) -> FigureParser:
    p = FigureParser()
    p.feed(html)
    return p


def as_text(value: Any) -> str:
    """How the report must write a JSON value: as JSON would, with — for null."""
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def leaves(obj: Any, prefix: str = "") -> dict[str, Any]:
    """Every scalar of a JSON value by its dotted path (list items by index)."""
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for k, v in obj.items():
            out.update(leaves(v, f"{prefix}{k}."))
        return out
    if isinstance(obj, list):
        out = {}
        for i, v in enumerate(obj):
            out.update(leaves(v, f"{prefix}{i}."))
        return out
    return {prefix[:-1]: obj}


def lists(obj: Any, prefix: str = "") -> dict[str, int]:
    """The length of every list in a JSON value, by dotted path."""
    out: dict[str, int] = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.update(lists(v, f"{prefix}{k}."))
    elif isinstance(obj, list):
        out[prefix[:-1]] = len(obj)
        for i, v in enumerate(obj):
            out.update(lists(v, f"{prefix}{i}."))
    return out
