"""An independent, deliberately simple checker of the data contract for the synth tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from boundline.contract import TABLES, Kind, Table

TS_OK = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$"
TS_NAIVE = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$"
BOOLS = {"true", "false", "1", "0", "yes", "no"}


def read(folder: Path, name: str) -> pd.DataFrame | None:
    """Read one table as text ('' for empty)."""
    csv, parquet = folder / f"{name}.csv", folder / f"{name}.parquet"
    if csv.exists():
        return pd.read_csv(csv, dtype=str, keep_default_na=False, na_filter=False)
    if parquet.exists():
        tbl = pq.read_table(parquet)
        cols = {c: tbl[c].cast(pa.string()).fill_null("") for c in tbl.column_names}
        return pa.table(cols).to_pandas()
    return None


def parse_ts(values: pd.Series) -> pd.Series:
    """Parse offset-carrying ISO timestamps to UTC (NaT when not parseable)."""
    return pd.to_datetime(values, format="ISO8601", utc=True, errors="coerce")


def _column_rule(col: object, values: pd.Series) -> pd.Series:
    """The first rule each value breaks ('' if none)."""
    from boundline.contract import Column

    assert isinstance(col, Column)
    rule = pd.Series("", index=values.index, dtype=object)
    empty = values.str.strip() == ""
    if not col.optional:
        rule[empty] = "missing_value"
    v = values[~empty]
    bad = pd.Series("", index=v.index, dtype=object)
    if col.kind == Kind.TIMESTAMP:
        naive = v.str.match(TS_NAIVE)
        ok = v.str.match(TS_OK)
        bad[naive] = "naive_timestamp"
        bad[~naive & ~ok] = "bad_timestamp"
        parsed = parse_ts(v.where(ok, ""))
        bad[ok & parsed.isna()] = "bad_timestamp"
    elif col.kind == Kind.DATE:
        ok = v.str.match(r"^\d{4}-\d{2}-\d{2}$")
        parsed = pd.to_datetime(v.where(ok, ""), format="%Y-%m-%d", errors="coerce")
        bad[~ok | parsed.isna()] = "bad_date"
    elif col.kind == Kind.INTEGER:
        ok = v.str.match(r"^-?\d+$")
        bad[~ok] = "bad_integer"
        num = pd.to_numeric(v.where(ok, "0"))
        if col.minimum is not None:
            bad[ok & (num < col.minimum)] = "out_of_range"
    elif col.kind == Kind.FLOAT:
        num = pd.to_numeric(v, errors="coerce")
        bad[num.isna() | ~np.isfinite(num.fillna(0))] = "bad_float"
        if col.minimum is not None:
            bad[(bad == "") & (num < col.minimum)] = "out_of_range"
        if col.maximum is not None:
            bad[(bad == "") & (num > col.maximum)] = "out_of_range"
    elif col.kind == Kind.BOOLEAN:
        bad[~v.str.lower().isin(BOOLS)] = "bad_boolean"
    elif col.kind == Kind.ENUM:
        bad[~v.isin(col.values)] = "bad_enum"
    rule[bad.index] = bad
    return rule


def check_table(t: Table, df: pd.DataFrame, known: dict[str, set[str]]) -> pd.Series:
    """The first rule each row breaks ('' if none), in the contract's order."""
    rule = pd.Series("", index=df.index, dtype=object)
    for col in t.columns:
        values = df[col.name] if col.name in df else pd.Series("", index=df.index)
        r = _column_rule(col, values)
        rule[(rule == "") & (r != "")] = r
    for iv in t.intervals:
        a, b = df[iv.start], df[iv.end]
        both = (rule == "") & (a != "") & (b != "")
        if both.any():
            if t.column(iv.start).kind == Kind.TIMESTAMP:
                sa, sb = parse_ts(a[both]), parse_ts(b[both])
            else:
                sa, sb = pd.to_datetime(a[both]), pd.to_datetime(b[both])
            rule[both[both].index[(sb <= sa).to_numpy()]] = "interval_order"
    key = t.key
    if key is not None:
        ok = rule == ""
        dup = df[key.name][ok].duplicated(keep="first")
        rule[dup[dup].index] = "duplicate_key"
    for ref in t.references:
        target = known.get(ref.target_table, set())
        vals = df[ref.column]
        bad = (rule == "") & (vals != "") & ~vals.isin(target)
        rule[bad] = "unknown_reference"
    return rule


def check_folder(folder: Path) -> tuple[dict[str, pd.DataFrame], dict[str, dict[str, int]]]:
    """Accepted rows per table, and set-aside counts per table and rule."""
    known: dict[str, set[str]] = {}
    accepted: dict[str, pd.DataFrame] = {}
    faults: dict[str, dict[str, int]] = {}
    for t in TABLES:
        df = read(folder, t.name)
        if df is None:
            continue
        rule = check_table(t, df, known)
        counts = rule[rule != ""].value_counts()
        if len(counts):
            faults[t.name] = {str(k): int(v) for k, v in sorted(counts.items())}
        good = df[rule == ""].reset_index(drop=True)
        accepted[t.name] = good
        keyed = {
            "officers": "officer_id",
            "people": "person_id",
            "incidents": "incident_id",
            "devices": "device_id",
            "vehicle_use": "vehicle_id",
        }
        if t.name in keyed:
            known[t.name] = set(good[keyed[t.name]])
    return accepted, faults
