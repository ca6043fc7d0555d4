"""The pair workspace's figures: computed once per (store version, pair), then cached.

A pair's evidence, contacts, look-ups, places and charts come from
:func:`boundline.reports.build_report` through the engine (never copied from the
alert), which takes seconds on a real store; they are kept in memory keyed by the
store's version (the SHA-256 of its manifest, so a new ingest invalidates them) and
the pair. One lock serialises computing, since one engine connection is shared;
cached reads take no lock. Every figure here has *real* ids; what a user may see of
them is decided by the case services (:func:`boundline.cases.pairs.open_pair`).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from boundline.cases.masking import masked
from boundline.engine import Engine, connect
from boundline.reports import Report, build_report
from boundline.store import open_store

if TYPE_CHECKING:
    from boundline.web._settings import WebSettings

__all__ = ["PairKey", "Workspaces"]

Swaps = tuple[tuple[str, str], ...]


def _masked(report: Report, replacements: dict[str, str]) -> Report:
    """``report`` with each real id replaced, in figures, notes and charts."""
    charts = {
        n: replace(c, svg=masked(c.svg, replacements), spec=masked(c.spec, replacements))
        for n, c in report.charts.items()
    }
    return replace(
        report,
        evidence=masked(report.evidence, replacements),
        notes=masked(report.notes, replacements),
        charts=charts,
    )


@dataclass(frozen=True)
class PairKey:
    """One officer and one person or counterpart (real ids)."""

    officer_id: str
    person_id: str | None
    counterpart: str | None


class Workspaces:
    """The figures of pairs, computed through one engine and kept per store version."""

    def __init__(self, settings: WebSettings, capacity: int = 256) -> None:
        self._settings = settings
        self._capacity = capacity
        self._lock = threading.Lock()
        self._shown_lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, PairKey], Report] = OrderedDict()
        self._shown: OrderedDict[tuple[str, PairKey, Swaps], Report] = OrderedDict()
        self._engine: Engine | None = None
        self._engine_version = ""
        self._seen: tuple[int, int, int] = (0, 0, 0)
        self._version = ""
        self.computed = 0  # how many reports were computed (tests and the benchmark read it)

    def version(self) -> str:
        """The store's version: the SHA-256 of its manifest (empty if it has none yet).

        The manifest is replaced atomically at each ingest, so its size and modification
        time say when to hash it again.
        """
        manifest = self._settings.store / "manifest.json"
        try:
            stat = manifest.stat()
        except FileNotFoundError:
            return ""
        seen = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        if seen != self._seen:
            self._seen = seen
            self._version = hashlib.sha256(manifest.read_bytes()).hexdigest()[:16]
        return self._version

    def _engine_for(self, version: str) -> Engine:
        if self._engine is None or version != self._engine_version:
            store = open_store(self._settings.store)
            store.require()
            self._engine, self._engine_version = connect(store, self._settings.engine), version
            self._cache.clear()
            with self._shown_lock:
                self._shown.clear()
        return self._engine

    def shown(self, pair: PairKey, replacements: dict[str, str]) -> Report:
        """The pair's report with each real id replaced as given (cached too)."""
        swaps: Swaps = tuple(sorted(replacements.items()))
        if not swaps:
            return self.report(pair)
        key = (self.version(), pair, swaps)
        with self._shown_lock:
            found = self._shown.get(key)
            if found is not None:
                self._shown.move_to_end(key)
                return found
        made = _masked(self.report(pair), replacements)
        with self._shown_lock:
            self._shown[key] = made
            while len(self._shown) > self._capacity:
                self._shown.popitem(last=False)
        return made

    def report(self, pair: PairKey) -> Report:
        """The pair's report, from the cache or computed now (once, whoever else asks)."""
        key = (self.version(), pair)
        found = self._cache.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                return found
            engine = self._engine_for(key[0])
            made = build_report(
                engine,
                pair.officer_id,
                person_id=pair.person_id,
                counterpart=None if pair.person_id else pair.counterpart,
                tz=self._settings.tz,
                tile_url=self._settings.tile_url,
            )
            self.computed += 1
            self._cache[key] = made
            while len(self._cache) > self._capacity:
                self._cache.popitem(last=False)
            return made
