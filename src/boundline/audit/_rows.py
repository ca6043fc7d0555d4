"""Every write to a proven table is written to the audit log, and can be replayed.

The chain of :mod:`boundline.audit._chain` proves the log; this module makes the
tables provable from the log. A :class:`RowLog` installed on a session factory
watches each transaction: at commit, every row of a proven table that the
transaction inserted, changed or deleted is appended to the log as one
``rows.write`` entry (the table, the row's key, and its content after the write, or
``null`` for a deletion). :func:`replay_rows` reads the log in order, rebuilds what
every proven table must hold, and compares it with what it does hold: a row edited,
deleted or inserted by anything but Boundline (the database's own rights, a restored
backup, a script) is named.

Content is canonical: instants as ISO 8601 UTC, dates as ``YYYY-MM-DD``, JSON
values as canonical JSON text; a text longer than :data:`LONG` characters, and a
column the rule names as ``hashed`` (a password hash, a secret), is kept as its
SHA-256, so the log proves it without repeating it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from boundline.audit._base import Base
from boundline.audit._chain import instant, record
from boundline.audit._schema import AuditEntry

__all__ = [
    "LONG",
    "ROWS_ACTION",
    "RowDifference",
    "RowLog",
    "RowRule",
    "baseline_rows",
    "replay_rows",
]

#: The audit action of the entries that carry written rows.
ROWS_ACTION = "rows.write"
#: Texts longer than this are kept in the log as their SHA-256.
LONG = 200
_PENDING = "boundline_rows_pending"
_GONE = "boundline_rows_gone"


@dataclass(frozen=True)
class RowRule:
    """How one table is proven: the columns kept only as their SHA-256."""

    hashed: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class RowDifference:
    """One row whose stored content differs from what the log says it must be."""

    table: str
    key: str
    kind: str  # edited | deleted | inserted
    problem: str


def _digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(value: Any, hashed: bool = False) -> Any:
    """``value`` as the log keeps it (see the module docstring)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        out: Any = instant(value if value.tzinfo else value.replace(tzinfo=UTC))
    elif isinstance(value, date):
        out = value.isoformat()
    elif isinstance(value, bool | int | str):
        out = value
    elif isinstance(value, float):
        out = repr(value)
    else:
        out = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if hashed or (isinstance(out, str) and len(out) > LONG):
        return _digest(str(out))
    return out


def _content(
    table: Table, values: Mapping[Any, Any], rule: RowRule, only: set[str] | None = None
) -> dict[str, Any]:
    return {
        c.name: canonical(values[c.name], c.name in rule.hashed)
        for c in table.columns
        if only is None or c.name in only
    }


def _key(table: Table, values: Mapping[Any, Any]) -> str:
    return "|".join(str(values[c.name]) for c in table.primary_key.columns)


class RowLog:
    """Writes the rows each transaction changed in the proven tables to the audit log."""

    def __init__(self, rules: Mapping[str, RowRule]) -> None:
        """Prove the tables named in ``rules`` (names of tables on the case store's Base)."""
        unknown = set(rules) - set(Base.metadata.tables)
        if unknown:
            raise ValueError(f"no such tables: {sorted(unknown)}")
        self.rules = dict(rules)

    def install(self, factory: sessionmaker[Session]) -> None:
        """Watch every session ``factory`` makes."""
        event.listen(factory, "after_flush", self._after_flush)
        event.listen(factory, "before_commit", self._before_commit)
        event.listen(factory, "after_soft_rollback", self._forget)

    def _proven(self, obj: object) -> Table | None:
        table = getattr(obj, "__table__", None)
        return table if isinstance(table, Table) and table.name in self.rules else None

    def _after_flush(self, session: Session, _context: object) -> None:
        pending: dict[tuple[str, str], object] = session.info.setdefault(_PENDING, {})
        gone: set[tuple[str, str]] = session.info.setdefault(_GONE, set())
        for obj in (*session.new, *session.dirty, *session.deleted):
            table = self._proven(obj)
            if table is None or (obj in session.dirty and not session.is_modified(obj)):
                continue
            key = inspect(type(obj)).primary_key_from_instance(obj)
            where = (table.name, "|".join(str(v) for v in key))
            if obj in session.deleted:
                pending.pop(where, None)
                gone.add(where)
            else:
                gone.discard(where)
                pending[where] = obj

    def _before_commit(self, session: Session) -> None:
        session.flush()
        pending = session.info.pop(_PENDING, {})
        gone = session.info.pop(_GONE, set())
        if not pending and not gone:
            return
        rows = []
        for (name, key), obj in sorted(pending.items()):
            table, rule = Base.metadata.tables[name], self.rules[name]
            values = {c.name: getattr(obj, a.key) for c, a in _columns(obj, table)}
            rows.append({"table": name, "key": key, "row": _content(table, values, rule)})
        rows += [{"table": name, "key": key, "row": None} for name, key in sorted(gone)]
        actor = str(session.info.get("audit_actor", "boundline"))
        record(session, actor, ROWS_ACTION, "rows", str(len(rows)), {"rows": rows})

    @staticmethod
    def _forget(session: Session, _previous: object) -> None:
        session.info.pop(_PENDING, None)
        session.info.pop(_GONE, None)


def _columns(obj: object, table: Table) -> list[tuple[Any, Any]]:
    """Each column of ``table`` with the mapped attribute of ``obj`` that holds it."""
    mapper = inspect(type(obj))
    return [(c, mapper.get_property_by_column(c)) for c in table.columns]


def _stored(
    session: Session, name: str, rule: RowRule, only: set[str] | None = None
) -> dict[str, dict[str, Any]]:
    """Every row of table ``name`` as the log would keep it, by key (``only`` these columns)."""
    table = Base.metadata.tables[name]
    columns = [c for c in table.columns if only is None or c.name in only]
    return {
        _key(table, found): _content(table, found, rule, only)
        for found in session.execute(select(*columns)).mappings()
    }


def baseline_rows(session: Session, rules: Mapping[str, RowRule], actor: str) -> int:
    """Log every row the proven tables hold now (when row logging starts on old data).

    Run by migrations, it logs the tables and columns the database has at that
    revision (a table a later revision creates is skipped). A later revision that
    adds a column to a proven table must log that table again, or its rows will not
    match the log.
    """
    found = inspect(session.get_bind())
    rows = []
    for name in sorted(rules):
        if not found.has_table(name):
            continue
        present = {c["name"] for c in found.get_columns(name)}
        for key, row in sorted(_stored(session, name, rules[name], present).items()):
            rows.append({"table": name, "key": key, "row": row})
    if rows:
        record(session, actor, ROWS_ACTION, "rows", str(len(rows)), {"rows": rows})
    return len(rows)


def _expected(session: Session) -> dict[str, dict[str, dict[str, Any] | None]]:
    """Every proven row as the log says it must be, by table and key (None: deleted)."""
    out: dict[str, dict[str, dict[str, Any] | None]] = {}
    query = select(AuditEntry.detail).where(AuditEntry.action == ROWS_ACTION)
    for detail in session.scalars(query.order_by(AuditEntry.seq)):
        for row in json.loads(detail)["rows"]:
            out.setdefault(row["table"], {})[row["key"]] = row["row"]
    return out


def _compare(
    name: str, key: str, want: dict[str, Any] | None, have: dict[str, Any] | None
) -> RowDifference | None:
    if want == have:
        return None
    if have is None:
        return RowDifference(
            name, key, "deleted", f"{name} row {key} was deleted outside Boundline"
        )
    if want is None:
        return RowDifference(
            name, key, "inserted", f"{name} row {key} was written outside Boundline"
        )
    changed = sorted(c for c in set(want) | set(have) if want.get(c) != have.get(c))
    return RowDifference(
        name, key, "edited", f"{name} row {key} was edited outside Boundline: {', '.join(changed)}"
    )


def replay_rows(session: Session, rules: Mapping[str, RowRule]) -> list[RowDifference]:
    """Every difference between the proven tables and what the log says they hold."""
    expected = _expected(session)
    differences = []
    for name in sorted(rules):
        have = _stored(session, name, rules[name])
        want = expected.get(name, {})
        for key in sorted(set(want) | set(have), key=_order):
            difference = _compare(name, key, want.get(key), have.get(key))
            if difference is not None:
                differences.append(difference)
    return differences


def _order(key: str) -> tuple[int, str]:
    """Numeric keys in number order, others after them."""
    head = key.split("|", 1)[0]
    return (int(head), key) if head.isdigit() else (1 << 62, key)
