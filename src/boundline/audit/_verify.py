"""Checking the audit log: every edit, deletion, insertion or reordering shows.

The walk goes through the entries in ``seq`` order and stops at the first
problem. Each entry must have the next ``seq``, name the previous entry's hash as
its ``prev_hash``, and hash to its stored hash; the last entry must be the head
the application recorded (``audit_head``), which catches entries removed from, or
added to, the end of the log.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from boundline.audit._chain import append_queued, hash_of
from boundline.audit._schema import GENESIS, AuditEntry, AuditHead


@dataclass(frozen=True)
class ChainBreak:
    """The first place the chain does not hold, and what is wrong there."""

    seq: int
    kind: str  # edited | deleted | inserted | reordered
    problem: str


@dataclass(frozen=True)
class ChainReport:
    """The outcome of :func:`verify_chain`."""

    entries: int
    head_seq: int
    head_hash: str
    broken: ChainBreak | None

    @property
    def intact(self) -> bool:
        """Whether no problem was found."""
        return self.broken is None


def _link_problem(row: AuditEntry, expected: int, known: dict[str, int]) -> ChainBreak:
    """Why ``row`` does not follow the previous entry."""
    if row.prev_hash in known and known[row.prev_hash] != expected - 1:
        return ChainBreak(
            expected,
            "reordered",
            f"entry {expected} follows entry {known[row.prev_hash]}, not entry {expected - 1}: "
            "entries were reordered, or one was inserted before it",
        )
    return ChainBreak(
        expected,
        "inserted",
        f"entry {expected}'s prev_hash is not the hash of entry {expected - 1}: an entry was "
        "inserted or replaced before it",
    )


def _walk(rows: list[AuditEntry]) -> ChainBreak | None:
    """The first break in the chain of ``rows`` (in ``seq`` order), if any."""
    known = {r.hash: r.seq for r in rows}
    prev, expected = GENESIS, 1
    for row in rows:
        if row.seq > expected:
            return ChainBreak(
                expected,
                "deleted",
                f"entry {expected} is missing (the next entry is {row.seq}): entries were deleted",
            )
        if row.prev_hash != prev:
            return _link_problem(row, expected, known)
        if hash_of(row) != row.hash:
            return ChainBreak(
                expected, "edited", f"entry {expected}'s content does not match its hash: edited"
            )
        prev, expected = row.hash, expected + 1
    return None


def _head_problem(rows: list[AuditEntry], head: AuditHead | None) -> ChainBreak | None:
    """Whether the end of an unbroken chain is the head the application recorded."""
    last_seq, last_hash = (rows[-1].seq, rows[-1].hash) if rows else (0, GENESIS)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if last_seq < head_seq:
        return ChainBreak(
            last_seq + 1,
            "deleted",
            f"the log ends at entry {last_seq} but Boundline recorded entries up to {head_seq}: "
            "entries were deleted from the end",
        )
    if last_seq > head_seq:
        return ChainBreak(
            head_seq + 1,
            "inserted",
            f"entry {head_seq + 1} lies beyond the last entry Boundline recorded ({head_seq}): "
            "it was inserted outside Boundline",
        )
    if last_hash != head_hash:
        return ChainBreak(
            last_seq, "edited", f"entry {last_seq} is not the entry Boundline recorded last: edited"
        )
    return None


def verify_chain(session: Session) -> ChainReport:
    """Walk the whole log; report the first break (or none) and the head."""
    append_queued(session)
    rows = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    head = session.get(AuditHead, 1)
    broken = _walk(rows) or _head_problem(rows, head)
    return ChainReport(
        entries=len(rows),
        head_seq=head.seq if head else 0,
        head_hash=head.hash if head else GENESIS,
        broken=broken,
    )
