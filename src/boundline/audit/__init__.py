"""The tamper-evident audit log of the case store.

Every entry has ``seq``, ``at`` (UTC), ``actor``, ``action``, ``object_type``,
``object_id``, ``detail`` (canonical JSON), ``prev_hash`` and ``hash`` = SHA-256
over the canonical serialisation of all of them (:func:`entry_hash`). The log is
append-only: the application only ever calls :func:`record`, and the database
refuses UPDATE, DELETE (and TRUNCATE) through triggers (:mod:`._guards`).
Appends are serialised (an EXCLUSIVE table lock on PostgreSQL, ``BEGIN
IMMEDIATE`` on SQLite) so two writers cannot fork the chain. :func:`verify_chain`
finds the first edited, deleted, inserted or reordered entry. Every write to a
proven table is itself logged (:class:`RowLog`), so :func:`replay_rows` can prove
each table's rows from the log and name what was changed outside Boundline. Signed
checkpoints (:mod:`._checkpoint`) catch what the chain alone cannot: a log truncated
with its head moved back, or rewritten and rehashed whole, by someone with the
database's own rights (:func:`make_checkpoint`, :func:`verify_against`).

This package is the bottom layer of the case store: it owns the declarative
``Base`` (re-exported by :mod:`boundline.cases.db`) and imports nothing else of
Boundline but its exception tree (:mod:`boundline.errors`).
"""

from boundline.audit._base import Base, UTCDateTime, utcnow
from boundline.audit._chain import (
    canonical_detail,
    count_entries,
    defer_appends,
    entries,
    entry_hash,
    hash_of,
    record,
)
from boundline.audit._checkpoint import (
    CHECKPOINT_FORMAT,
    Checkpoint,
    CheckpointCheck,
    generate_key,
    key_fingerprint,
    load_private_key,
    load_public_key,
    make_checkpoint,
    read_checkpoint,
    verify_against,
)
from boundline.audit._guards import (
    REFUSAL,
    append_only_statements,
    drop_append_only_statements,
    guard_statements,
    unguard_statements,
)
from boundline.audit._rows import (
    ROWS_ACTION,
    RowDifference,
    RowLog,
    RowRule,
    baseline_rows,
    replay_rows,
)
from boundline.audit._schema import GENESIS, AuditEntry, AuditHead
from boundline.audit._verify import ChainBreak, ChainReport, verify_chain
from boundline.errors import BrokenChainError

__all__ = [
    "CHECKPOINT_FORMAT",
    "GENESIS",
    "REFUSAL",
    "ROWS_ACTION",
    "AuditEntry",
    "AuditHead",
    "Base",
    "BrokenChainError",
    "ChainBreak",
    "ChainReport",
    "Checkpoint",
    "RowDifference",
    "RowLog",
    "RowRule",
    "CheckpointCheck",
    "UTCDateTime",
    "append_only_statements",
    "canonical_detail",
    "count_entries",
    "defer_appends",
    "drop_append_only_statements",
    "entries",
    "entry_hash",
    "generate_key",
    "guard_statements",
    "baseline_rows",
    "hash_of",
    "key_fingerprint",
    "load_private_key",
    "load_public_key",
    "make_checkpoint",
    "read_checkpoint",
    "record",
    "replay_rows",
    "unguard_statements",
    "utcnow",
    "verify_against",
    "verify_chain",
]
