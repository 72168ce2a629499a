"""Opening a database: engine, SQLite pragmas, migration on first use, clean errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from quotes.db.migrate import ensure_current
from quotes.errors import DatabaseError

T = TypeVar("T")

# Two writers on one SQLite file wait up to this long for each other rather than fail.
SQLITE_BUSY_SECONDS = 30
# How long to wait for a PostgreSQL server to answer before saying it cannot be reached.
PG_CONNECT_SECONDS = 10


def safe_url(url: str) -> str:
    """The URL as it may be shown: never with its password (nor a ``?password=`` in it)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "(unparsable URL)"
    if "password" in parsed.query:
        parsed = parsed.update_query_dict({"password": "***"})
    return parsed.render_as_string(hide_password=True).replace("%2A%2A%2A", "***")


def open_database(url: str, migrate: bool = True) -> Engine:
    """An engine for ``url``, migrated to the newest schema unless ``migrate`` is False."""
    shown = safe_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"--db {shown}: not a database URL; use a SQLite file path or a SQLAlchemy URL"
            " such as sqlite:///quotes.db or postgresql+psycopg://user@host/db"
        ) from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).expanduser().resolve().parent
        if not folder.is_dir():
            raise DatabaseError(f"--db {shown}: folder {folder} does not exist; create it first")
    try:
        engine = create_engine(url, connect_args=_connect_args(parsed))
    except (NoSuchModuleError, ImportError, ArgumentError) as exc:
        hint = (
            "use postgresql+psycopg://, whose driver comes with quotes"
            if parsed.get_backend_name() == "postgresql"
            else "install it or use another URL"
        )
        raise DatabaseError(
            f"--db {shown}: no driver for {parsed.drivername!r} ({type(exc).__name__}); {hint}"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        if migrate:
            ensure_current(engine)
        else:
            engine.connect().close()
    except DatabaseError:
        raise
    except OperationalError as exc:
        raise DatabaseError(
            f"--db {shown}: cannot open the database ({_reason(exc)}); check the URL and that"
            " the server is running"
        ) from None
    except SQLAlchemyError as exc:
        raise DatabaseError(f"--db {shown}: database error ({type(exc).__name__})") from None
    return engine


def _connect_args(url: URL) -> dict[str, object]:
    backend = url.get_backend_name()
    if backend == "sqlite":
        return {"timeout": SQLITE_BUSY_SECONDS}
    if backend == "postgresql" and "connect_timeout" not in url.query:
        # A host that drops packets would otherwise hang for minutes before the error.
        return {"connect_timeout": PG_CONNECT_SECONDS}
    return {}


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while one process writes; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL still never corrupts the file or splits a transaction: a process
    # killed mid-document loses that document only. It skips a sync per commit (one commit
    # per document), so a power cut may lose the last documents committed; the next ingest
    # stores them again.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.close()


def _reason(exc: OperationalError) -> str:
    """The driver's first line, unless it could echo the URL (and so a password)."""
    first = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
    return first if "@" not in first and "://" not in first else "connection refused"


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


# Another writer may insert the same row (a document, a speaker, a claim key) between our
# check and our insert; the unique key refuses the second copy and a fresh try then sees it.
TRANSACTION_TRIES = 3


def in_transaction(sessions: sessionmaker[Session], work: Callable[[Session], T]) -> T:
    """Run ``work`` in one transaction, again from the start if a concurrent insert collides."""
    for attempt in range(TRANSACTION_TRIES):
        try:
            with sessions() as session, session.begin():
                return work(session)
        except IntegrityError:
            if attempt == TRANSACTION_TRIES - 1:
                raise
    raise AssertionError("unreachable")
