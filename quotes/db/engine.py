"""Opening a database: engine, SQLite pragmas, access modes, migrations, clean errors.

Three ways to open one (``Access``): ``read`` (an existing database of ours, at the newest
schema, on read-only connections: nothing in the file or server changes, not even its
journal mode), ``write`` (the same, writable: review decisions, reattribute, dedupe,
serve) and ``create`` (ingest, db upgrade: a new file may be made and the schema migrated).
A SQLite file that holds another program's tables is refused by all three, untouched.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from quotes.config import printable_path
from quotes.db import migrate as migrations
from quotes.db import waiting
from quotes.db.migrate import ensure_current
from quotes.errors import DatabaseError

T = TypeVar("T")
Access = Literal["read", "write", "create"]

# Two writers on one SQLite file wait up to this long for each other rather than fail.
SQLITE_BUSY_SECONDS = 30
# How long to wait for a PostgreSQL server to answer before saying it cannot be reached.
PG_CONNECT_SECONDS = 10
# A table every database of ours has; one without it but with other tables is not ours.
VERSION_TABLE = "alembic_version"
_SECRET_KEYS = ("password", "passwd", "pwd", "secret", "token")


def parse_url(url: str) -> URL:
    """``url`` parsed, or a ``DatabaseError`` that names it without its password."""
    try:
        return make_url(url)
    except (ArgumentError, ValueError):
        # ValueError: a port that is not a number ("host:abc", an unclosed "[::1").
        raise DatabaseError(
            f"--db {safe_url(url)}: not a database URL (check the host and port); use a SQLite"
            " file path or a SQLAlchemy URL such as sqlite:///quotes.db or"
            " postgresql+psycopg://user@host:5432/db"
        ) from None


def safe_url(url: str) -> str:
    """The URL as it may be shown: never with its password, however it was written."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return "(unparsable URL, not shown)"
    if parsed.host and "@" in parsed.host:
        # An unescaped "@" in the password: what the parser took for the host holds the rest
        # of the password, so only what follows the last "@" is a host.
        parsed = parsed.set(password="***", host=parsed.host.rpartition("@")[2])
    secret = {k: "***" for k in parsed.query if any(s in k.lower() for s in _SECRET_KEYS)}
    if secret:
        parsed = parsed.update_query_dict(secret)
    shown = parsed.render_as_string(hide_password=True).replace("%2A%2A%2A", "***")
    return printable_path(shown)


def sqlite_path(url: str | URL) -> Path | None:
    """The file of a SQLite URL (None for memory or another backend)."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if parsed.database.startswith("file:"):
        return None  # a SQLite URI: the driver reads it, we do not second-guess it
    return Path(parsed.database).expanduser()


def database_files(url: str) -> tuple[Path, ...]:
    """The files a SQLite database lives in (itself, its -wal and -shm); none for a server."""
    try:
        path = sqlite_path(url)
    except (ArgumentError, ValueError):
        return ()
    if path is None:
        return ()
    return (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"))


def _host_name(host: str) -> bool:
    """Whether ``host`` can be looked up at all: a name IDNA can encode, or an address.

    The resolver raises UnicodeError on anything else (a bidi override, an empty label),
    and that must be the URL's one-line error, not a traceback.
    """
    try:
        host.encode("idna")
    except UnicodeError:
        return host.startswith("/")  # a socket folder (libpq's host=/tmp/…)
    return True


def open_database(url: str, migrate: bool = True, access: Access = "create") -> Engine:
    """An engine for ``url`` opened for ``access``.

    ``create`` (the default) makes a new database and migrates it to the newest schema
    unless ``migrate`` is False; ``read`` and ``write`` need an existing database of ours
    at the newest schema and never change its schema.
    """
    shown = safe_url(url)
    parsed = parse_url(url)
    if parsed.host and "@" in parsed.host:
        raise DatabaseError(f"--db {shown}: the password holds an '@'; write it as %40 in the URL")
    if parsed.host and not _host_name(parsed.host):
        raise DatabaseError(f"--db {shown}: the host is no host name or address; check the URL")
    path = sqlite_path(parsed)
    read_only = access == "read"
    creator: Callable[[], sqlite3.Connection] | None = None
    if path is not None:
        _check_sqlite_file(path, shown, access)
        if read_only:
            creator = _read_only_sqlite(path)
    try:
        if creator is not None:
            engine = create_engine("sqlite://", creator=creator)
        else:
            engine = create_engine(url, connect_args=_connect_args(parsed, read_only))
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
        event.listen(engine, "connect", _sqlite_read_pragmas if read_only else _sqlite_pragmas)
    try:
        _check_ours(engine, shown, access, migrate)
    except DatabaseError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseError(f"--db {shown}: {explain(exc, opening=True)}") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseError(f"--db {shown}: {explain(exc)}") from None
    return engine


def _check_sqlite_file(path: Path, shown: str, access: Access) -> None:
    """Refuse, before any connection could change it, a file that is not a database of ours."""
    where = printable_path(str(path))
    if path.is_dir():
        raise DatabaseError(f"--db {where} is a folder; give a database file in it")
    if not path.exists():
        if access != "create":
            raise DatabaseError(
                f"no database at {where}; run `quotes ingest` first (or check --db)"
            )
        folder = path.resolve().parent
        if not folder.is_dir():
            raise DatabaseError(
                f"--db {shown}: folder {printable_path(str(folder))} does not exist; create it"
                " first"
            )
        return
    if path.stat().st_size == 0:
        if access != "create":
            raise DatabaseError(
                f"no database at {where} (an empty file); run `quotes ingest` first"
            )
        return
    connection = _read_only_sqlite(path)()
    try:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise DatabaseError(
                f"--db {where} is not a SQLite database (or is damaged); it was left unchanged"
            ) from None
        raise DatabaseError(f"--db {where}: {_explain_text(str(exc), opening=True)}") from None
    finally:
        connection.close()
    _refuse_foreign(tables, where)
    if not tables and access != "create":
        raise DatabaseError(
            f"no database at {where} (a SQLite file with no tables); run `quotes ingest` first"
        )


def _refuse_foreign(tables: list[str], where: str) -> None:
    if tables and VERSION_TABLE not in tables:
        listed = ", ".join(sorted(tables)[:3]) + (", …" if len(tables) > 3 else "")
        raise DatabaseError(
            f"--db {where} is not a quotes database: it holds another program's tables"
            f" ({listed}) and no {VERSION_TABLE}; it was left unchanged. Give another --db"
        )


def _read_only_sqlite(path: Path) -> Callable[[], sqlite3.Connection]:
    """Connections that cannot change the file, even in a folder we cannot write to.

    A WAL database needs its -shm file beside it; where the folder is read-only and none is
    there, no process can be writing it, so it is opened as immutable.
    """
    resolved = path.resolve()
    uri = f"file:{quote(str(resolved))}?mode=ro"
    folder = resolved.parent
    wal, shm = Path(f"{resolved}-wal"), Path(f"{resolved}-shm")
    if not os.access(folder, os.W_OK) and not (wal.exists() and shm.exists()):
        uri += "&immutable=1"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=SQLITE_BUSY_SECONDS, check_same_thread=False)

    return connect


def _check_ours(engine: Engine, shown: str, access: Access, migrate: bool) -> None:
    """Migrate (``create``), or check that the schema is ours and current (the others)."""
    if access == "create":
        if engine.dialect.name != "sqlite":  # a SQLite file was checked before connecting
            with engine.connect() as connection:
                _refuse_foreign(inspect(connection).get_table_names(), shown)
        if migrate:
            ensure_current(engine)
        else:
            engine.connect().close()
        return
    revision = migrations.current(engine)
    if revision is None:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
        _refuse_foreign(tables, shown)
        raise DatabaseError(f"--db {shown}: the database is empty; run `quotes ingest` first")
    migrations.refuse_newer(revision)
    if migrate and revision != migrations.head():
        raise DatabaseError(
            f"--db {shown}: the database is at schema revision {revision}, older than this"
            " version of quotes; run `quotes db upgrade` (it keeps the data)"
        )


def _connect_args(url: URL, read_only: bool = False) -> dict[str, object]:
    backend = url.get_backend_name()
    if backend == "sqlite":
        return {"timeout": SQLITE_BUSY_SECONDS}
    args: dict[str, object] = {}
    if backend == "postgresql":
        if "connect_timeout" not in url.query:
            # A host that drops packets would otherwise hang for minutes before the error.
            args["connect_timeout"] = PG_CONNECT_SECONDS
        if read_only and url.get_driver_name() == "psycopg":
            args["options"] = "-c default_transaction_read_only=on"
    return args


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


def _sqlite_read_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # No journal-mode switch: that would write the file. query_only refuses any write.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.close()


# What the drivers say, by the words in their messages, and what to tell the user.
_EXPLAINED: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("readonly database", "read-only", "read only", "query_only", "attempt to write"),
        "the database is read-only here (the file, its folder or the server refuses writes);"
        " ask for write access or work on a copy",
    ),
    (
        ("disk is full", "no space left", "database or disk is full", "diskfull"),
        "the disk is full; free some space and run the command again (the unfinished"
        " transaction was rolled back, nothing stored is lost)",
    ),
    (
        ("locked", "busy", "lock timeout"),
        "the database stayed locked by another process writing to it; try again when it"
        " has finished",
    ),
    (
        (
            "server closed the connection",
            "terminating connection",
            "connection already closed",
            "the connection is closed",
            "connection is lost",
            "consuming input failed",
            "ssl syscall",
        ),
        "the connection to the database server was lost; check the server and run the"
        " command again (the unfinished transaction was rolled back)",
    ),
    (
        ("malformed", "not a database", "no such table", "no such column", "does not exist"),
        "the database's schema is damaged or not what this version of quotes expects;"
        " run `quotes db current`, then `quotes db upgrade`, or restore a backup",
    ),
)


def _explain_text(message: str, opening: bool = False) -> str:
    lowered = message.lower()
    for words, advice in _EXPLAINED:
        if any(word in lowered for word in words):
            if opening and "does not exist" in words and "database" in lowered:
                break
            return advice
    first = (message.strip().splitlines() or [""])[0]
    if "@" in first or "://" in first or "password" in first.lower():
        first = "the server refused the connection"
    if opening:
        return f"cannot open the database ({first}); check the URL and that the server is running"
    return f"database error: {first}"


def explain(exc: BaseException, opening: bool = False) -> str:
    """What a database failure means for the user, in one line without the URL.

    ``opening``: the failure came while connecting, so an unknown one is a connection
    problem (the driver's first line is shown unless it could carry the password).
    """
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return _explain_text("no space left on device")
    orig = getattr(exc, "orig", None)
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return _explain_text("connection is lost")
    text = str(orig) if orig is not None else str(exc)
    return _explain_text(text or type(exc).__name__, opening)


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
                _take_write_lock(session)
                return work(session)
        except IntegrityError:
            if attempt == TRANSACTION_TRIES - 1:
                raise
    raise AssertionError("unreachable")


def _take_write_lock(session: Session) -> None:
    """On SQLite, take the write lock as the transaction begins, saying so if it must wait.

    A transaction that reads first and writes later can fail at once with "database is
    locked" when another writer went first; BEGIN IMMEDIATE waits (the busy timeout) instead.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    if connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        return
    patient = f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}"
    try:
        connection.exec_driver_sql("PRAGMA busy_timeout=0")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except OperationalError as exc:
            if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
                raise
            waiting.notify()
            connection.exec_driver_sql(patient)
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        connection.exec_driver_sql(patient)
