"""The tamper-evident audit log of the case store.

Every entry has ``seq``, ``at`` (UTC), ``actor``, ``action``, ``object_type``,
``object_id``, ``detail`` (canonical JSON), ``prev_hash`` and ``hash`` = SHA-256
over the canonical serialisation of all of them (:func:`entry_hash`). The log is
append-only: the application only ever calls :func:`record`, and the database
refuses UPDATE, DELETE (and TRUNCATE) through triggers (:mod:`._guards`).
Appends are serialised (an EXCLUSIVE table lock on PostgreSQL, ``BEGIN
IMMEDIATE`` on SQLite) so two writers cannot fork the chain. :func:`verify_chain`
finds the first edited, deleted, inserted or reordered entry.

This package is the bottom layer of the case store: it owns the declarative
``Base`` (re-exported by :mod:`boundline.cases.db`) and imports nothing else of
Boundline.
"""

from boundline.audit._base import Base, UTCDateTime, utcnow
from boundline.audit._chain import canonical_detail, entries, entry_hash, hash_of, record
from boundline.audit._guards import (
    REFUSAL,
    append_only_statements,
    drop_append_only_statements,
    guard_statements,
    unguard_statements,
)
from boundline.audit._schema import GENESIS, AuditEntry, AuditHead
from boundline.audit._verify import ChainBreak, ChainReport, verify_chain

__all__ = [
    "GENESIS",
    "REFUSAL",
    "AuditEntry",
    "AuditHead",
    "Base",
    "ChainBreak",
    "ChainReport",
    "UTCDateTime",
    "append_only_statements",
    "canonical_detail",
    "drop_append_only_statements",
    "entries",
    "entry_hash",
    "guard_statements",
    "hash_of",
    "record",
    "unguard_statements",
    "utcnow",
    "verify_chain",
]
