"""Opening the case database, bringing it up to date, and the declarative ``Base``.

The case database is a SQLite file, ``<store>/cases.sqlite``, unless a SQLAlchemy
URL is given (``--db URL`` or ``BOUNDLINE_CASE_DB``, e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/boundline``). Opening it runs the
Alembic migrations shipped in :mod:`boundline.cases.migrations` up to ``head``, so
a new database is created and an old one upgraded in place. A :class:`CaseDB` holds
the engine and session factory; it is passed explicitly, never kept globally.

On SQLite every transaction begins with ``BEGIN IMMEDIATE`` (it holds the single
write lock from the start), which is what serialises audit-log appends there; a
:meth:`CaseDB.reading` session begins ``DEFERRED`` instead, so reads do not queue
behind writers. The database is in WAL mode, so readers and the writer do not block
each other.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from boundline.audit import Base, RowLog, defer_appends
from boundline.cases.integrity import PROVEN
from boundline.errors import CaseStoreError, EngineUnavailableError, UserInputError

__all__ = [
    "DB_ENV",
    "DEFAULT_DB_NAME",
    "MIGRATIONS",
    "Base",
    "CaseDB",
    "case_db_url",
    "migrate",
    "open_case_db",
]

#: The case database file inside the store folder, when no URL is given.
DEFAULT_DB_NAME = "cases.sqlite"
#: The environment variable that may hold the case database URL.
DB_ENV = "BOUNDLINE_CASE_DB"
#: Where the Alembic environment and revisions live (shipped in the package).
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The PostgreSQL driver of the ``pg`` extra, used for a URL naming none (``postgresql://``).
PG_DRIVER = "psycopg"
#: How to install it.
PG_EXTRA = "pip install 'boundline[pg]'"
#: Alembic's migration context is process-global: one migration at a time per process.
_MIGRATING = threading.Lock()


@dataclass(frozen=True)
class CaseDB:
    """An open case database: where it is, its engine, and its session factory."""

    store: Path
    url: str
    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reading only (on SQLite it takes no write lock)."""
        with self.sessions(bind=self.engine.execution_options(boundline_read=True)) as session:
            yield session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed at the end, rolled back on error."""
        with self.sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> CaseDB:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.dispose()


def case_db_url(store: Path, url: str | None = None) -> str:
    """The URL given, or the SQLite file ``cases.sqlite`` in the store folder."""
    if url:
        return url
    return f"sqlite:///{(store / DEFAULT_DB_NAME).resolve()}"


def _sqlite_immediate(engine: Engine) -> None:
    """Make pysqlite leave transactions to us, and begin each one IMMEDIATE."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        dbapi_connection.execute("PRAGMA journal_mode = WAL")

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        read = connection.get_execution_options().get("boundline_read", False)
        connection.exec_driver_sql("BEGIN DEFERRED" if read else "BEGIN IMMEDIATE")


def _engine(store: Path, url: str) -> Engine:
    """An engine for ``url``; a UserInputError for a URL that is not one."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserInputError(f"{url!r} is not a database URL ({exc}).") from None
    if parsed.get_backend_name() == "sqlite":
        store.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30})
        _sqlite_immediate(engine)
        return engine
    if parsed.drivername == "postgresql":  # no driver named: the pg extra's, psycopg 3
        parsed = parsed.set(drivername=f"postgresql+{PG_DRIVER}")
    shown = parsed.render_as_string(hide_password=True)
    try:
        return create_engine(parsed)
    except ImportError as exc:
        if parsed.get_backend_name() == "postgresql":
            raise EngineUnavailableError(
                f"The case database {shown} needs the PostgreSQL driver, which is not "
                f"installed ({exc}). Install it with: {PG_EXTRA}"
            ) from None
        raise UserInputError(f"Cannot use the case database URL {shown}: {exc}") from None
    except ArgumentError as exc:
        raise UserInputError(f"Cannot use the case database URL {shown}: {exc}") from None


def migrate(engine: Engine) -> None:
    """Bring the database up to the newest revision (Alembic ``upgrade head``)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    with _MIGRATING, engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_case_db(store: Path, url: str | None = None) -> CaseDB:
    """Open (creating or upgrading as needed) the case database of ``store``.

    A CaseStoreError says the database could not be reached or migrated.
    """
    full = case_db_url(store, url)
    engine = _engine(store, full)
    shown = make_url(full).render_as_string(hide_password=True)
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        cause = getattr(exc, "orig", None) or exc
        reason = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
        raise CaseStoreError(f"Cannot open the case database {shown}: {reason}") from None
    sessions = sessionmaker(engine, expire_on_commit=False)
    RowLog(PROVEN).install(sessions)
    defer_appends(sessions)  # after the row log: its entry is queued before the append
    return CaseDB(store, shown, engine, sessions)
