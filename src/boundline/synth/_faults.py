"""Data as it really arrives: duplicates, bad and offset-less timestamps, unknown ids.

Every faulty row is an extra row made from a clean, non-planted row, with exactly one
fault, so that the clean rows (and every planted figure) are untouched.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from boundline.contract import Rule
from boundline.synth._world import B

#: table -> list of (rule, share of rows, column, key column or None)
FAULTS: dict[str, list[tuple[Rule, float, str]]] = {
    "comms": [
        (Rule.DUPLICATE_KEY, 0.002, "record_id"),
        (Rule.NAIVE_TIMESTAMP, 0.0003, "time"),
        (Rule.BAD_TIMESTAMP, 0.0002, "time"),
        (Rule.UNKNOWN_REFERENCE, 0.0005, "device_id"),
    ],
    "avl": [(Rule.OUT_OF_RANGE, 0.00005, "lat"), (Rule.NAIVE_TIMESTAMP, 0.00002, "time")],
    "shifts": [(Rule.NAIVE_TIMESTAMP, 0.001, "start")],
    "record_access": [
        (Rule.DUPLICATE_KEY, 0.002, "access_id"),
        (Rule.BAD_TIMESTAMP, 0.0005, "time"),
    ],
    "incidents": [(Rule.BAD_TIMESTAMP, 0.0005, "opened")],
}
KEYS = {"comms": "record_id", "record_access": "access_id", "incidents": "incident_id"}


class Faults:
    """Adds faulty rows to chunks and counts them per table and rule."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.counts: dict[str, dict[str, int]] = {}

    def add(self, name: str, cols: dict[str, pa.Array], eligible: B) -> dict[str, pa.Array]:
        """Return the chunk with faulty rows appended after the clean ones."""
        pool = np.flatnonzero(eligible)
        extra: list[dict[str, pa.Array]] = []
        for rule, share, column in FAULTS.get(name, []):
            n = int(self.rng.binomial(len(pool), share)) if len(pool) else 0
            if len(pool) >= 200:
                n = max(n, 1)
            if n == 0:
                continue
            rows = pa.array(np.sort(self.rng.choice(pool, n, replace=False)))
            copy = {k: v.take(rows) for k, v in cols.items()}
            key = KEYS.get(name)
            if key is not None and rule != Rule.DUPLICATE_KEY:
                copy[key] = pc.binary_join_element_wise(copy[key], f"-{rule.value[:3]}", "")
            if rule == Rule.NAIVE_TIMESTAMP:
                copy[column] = pc.utf8_slice_codeunits(copy[column], 0, 19)
            elif rule == Rule.BAD_TIMESTAMP:
                bad = np.where(self.rng.random(n) < 0.5, "2024-13-45T99:00:00Z", "yesterday")
                copy[column] = pa.array(bad.tolist(), pa.string())
            elif rule == Rule.UNKNOWN_REFERENCE:
                ids = [f"DX{int(x):06d}" for x in self.rng.integers(0, 10**6, n)]
                copy[column] = pa.array(ids, pa.string())
            elif rule == Rule.OUT_OF_RANGE:
                lat_bad = self.rng.random(n) < 0.5
                copy["lat"] = pa.array(np.where(lat_bad, 91.5, copy["lat"].to_numpy()))
                copy["lon"] = pa.array(np.where(lat_bad, copy["lon"].to_numpy(), 200.0))
            extra.append(copy)
            per = self.counts.setdefault(name, {})
            per[rule.value] = per.get(rule.value, 0) + n
        if not extra:
            return cols
        return {k: pa.concat_arrays([v, *(e[k] for e in extra)]) for k, v in cols.items()}
