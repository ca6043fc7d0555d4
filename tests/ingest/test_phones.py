"""Phone normalisation: the contract's forms, handles, and the SQL fast path vs phonenumbers."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boundline.contract import normalise_counterpart
from boundline.ingest._phones import fast_path_sql


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("07700 900123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("00447700900123", "+447700900123"),
        ("(07700) 900-123", "+447700900123"),
        ("+44 (0) 7700 900123", "+447700900123"),
        ("020 7946 0000", "+442079460000"),
        ("01632 960123", "+441632960123"),
        ("+1 212 555 0100", "+12125550100"),
        ("  @Jane.Doe ", "@jane.doe"),
        ("Jane@Example.COM", "jane@example.com"),
        ("user12345678", "user12345678"),  # a handle with digits is not a number
        ("999", "999"),  # short codes are compared as written
    ],
)
def test_normalise(written: str, normal: str) -> None:
    assert normalise_counterpart(written) == normal


_digits = st.text(alphabet="0123456789", min_size=10, max_size=10)
_prefix = st.sampled_from(["0", "+44", "0044", "+44 ", "(0", "+44-"])
_sep = st.sampled_from(["", " ", "-", ".", ") "])


@settings(max_examples=300, deadline=None)
@given(prefix=_prefix, nsn=_digits, sep=_sep, cut=st.integers(1, 9))
def test_sql_fast_path_agrees_with_phonenumbers(prefix: str, nsn: str, sep: str, cut: int) -> None:
    written = f"{prefix}{nsn[:cut]}{sep}{nsn[cut:]}"
    fast = duckdb.execute(f"SELECT {fast_path_sql('$1', 'GB')}", [written]).fetchone()
    assert fast is not None
    if fast[0] is not None:  # where the fast path answers, it answers as phonenumbers does
        assert fast[0] == normalise_counterpart(written, "GB")
