"""The guarded trim of ingest's SQL gives what DuckDB's own ``NULLIF(trim(x), '')`` does."""

from __future__ import annotations

import duckdb
import pytest

from boundline.ingest._sql import literal, trimmed

NBSP, IDEOGRAPHIC, EN_QUAD, NEL = "\u00a0", "\u3000", "\u2000", "\u0085"

CASES = [
    ("plain", "R1"),
    ("leading space", " R1"),
    ("trailing space", "R1 "),
    ("both", "  07700 900123  "),
    ("inner space only", "07700 900123"),
    ("empty", ""),
    ("only spaces", "   "),
    ("tab is kept", "\tR1\t"),
    ("newline is kept", "R1\n"),
    ("no-break space", f"{NBSP}R1{NBSP}"),
    ("ideographic space", f"R1{IDEOGRAPHIC}"),
    ("en quad leading", f"{EN_QUAD}R1"),
    ("next line is not a space separator", f"{NEL}R1"),
    ("non-ASCII inside", "Zoë"),
    ("non-ASCII at the end", "café"),
    ("only a no-break space", NBSP),
    ("null", None),
]


@pytest.mark.parametrize(("case", "value"), CASES, ids=[c for c, _ in CASES])
def test_guarded_trim_is_duckdbs_trim(case: str, value: str | None) -> None:
    con = duckdb.connect()
    x = "CAST(NULL AS VARCHAR)" if value is None else literal(value)
    ours, theirs = con.execute(f"SELECT {trimmed(x)}, NULLIF(trim({x}), '')").fetchone() or ()
    assert ours == theirs, case
