"""The append-only guards' DDL is frozen: migrations 0001 and 0002 run it as it is."""

from __future__ import annotations

import hashlib

import pytest

from boundline.audit import append_only_statements, drop_append_only_statements

# SHA-256 of the up and down DDL as migrations 0001 (audit_log) and 0002
# (case_transitions) first shipped it. A change here rewrites applied history:
# write a new guard function for a new migration instead.
FROZEN = {
    ("audit_log", "postgresql"): "2b5e101a06d370db6e5fe90ec3a77749ef853509cde37a3b42331cde0cab50f3",
    ("audit_log", "sqlite"): "bd6a02014009907ae47ccdce1786381db8b65d75fbace865a9b30dd2958b8cf0",
    (
        "case_transitions",
        "postgresql",
    ): "76d71503ba2e99d6744340c35331ffbff4a02b598e95d93e38685169ebdf852c",
    (
        "case_transitions",
        "sqlite",
    ): "9614e63940eb24eb0fed62649d0d1876605a7d707980eca625843cb0e0701368",
}


def _digest(up: list[str], down: list[str]) -> str:
    return hashlib.sha256("\n;\n".join([*up, "--down--", *down]).encode()).hexdigest()


@pytest.mark.parametrize(("table", "dialect"), list(FROZEN), ids=[":".join(k) for k in FROZEN])
def test_the_guard_ddl_is_what_the_migrations_shipped(table: str, dialect: str) -> None:
    up = append_only_statements(table, dialect)
    down = drop_append_only_statements(table, dialect)
    assert _digest(up, down) == FROZEN[table, dialect]
