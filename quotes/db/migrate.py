"""Alembic migrations, run from code against an engine."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

import quotes
from quotes.db import locks
from quotes.errors import DatabaseError

MIGRATIONS = Path(quotes.__file__).resolve().parents[1] / "alembic"


def _config() -> Config:
    if not (MIGRATIONS / "env.py").exists():
        raise DatabaseError(
            f"migrations not found at {MIGRATIONS}; install the project from its folder"
            " with `pip install -e .` (or `make install`)"
        )
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The newest revision this code knows."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(engine: Engine) -> str | None:
    """The database's revision, or None for a database never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def known(revision: str) -> bool:
    script = ScriptDirectory.from_config(_config())
    return any(r.revision == revision for r in script.walk_revisions())


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, command.downgrade, revision)


def _run(
    engine: Engine, action: Callable[[Config, str], None], revision: str, if_behind: bool = False
) -> None:
    """Run an alembic command in one transaction that no other migrator can interleave.

    With ``if_behind``, nothing is done when another process brought the database to head
    while this one waited for the lock.
    """
    config = _config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds a SQLite table by dropping it; with foreign keys on, the
            # drop would cascade and delete every row that points at it. The pragma only
            # takes effect outside a transaction, so it is set before the migration's.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                _exclusive(connection)
                if if_behind:
                    now = MigrationContext.configure(connection).get_current_revision()
                    refuse_newer(now)
                    if now == head():
                        return
                config.attributes["connection"] = connection
                action(config, revision)
                if sqlite:
                    _check_foreign_keys(connection)
        finally:
            if sqlite:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table = broken[0][0]
        raise DatabaseError(
            f"the migration left {len(broken)} row(s) pointing at nothing (first in {table!r});"
            " it was rolled back and the database is unchanged"
        )


def _exclusive(connection: Connection) -> None:
    """Make this transaction the only one migrating the database, until it ends.

    Two processes started on a new database (two ingest workers, two machines) would
    otherwise both create the tables, and the second would fail half-way.
    """
    if connection.dialect.name == "sqlite":
        # The driver runs DDL outside any transaction unless one is begun by hand; an
        # IMMEDIATE one takes the write lock now, so a second migrator waits here.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        locks.hold(connection, locks.MIGRATIONS)


def refuse_newer(revision: str | None) -> None:
    if revision is not None and not known(revision):
        raise DatabaseError(
            f"the database is at schema revision {revision!r}, newer than this version of"
            " quotes understands; upgrade the tool (`git pull && make install`) before using it"
        )


# How many times a SQLite process looks again when the file is locked while it opens it,
# and the pause before each look (times the attempt).
LOCK_TRIES = 5
LOCK_PAUSE_SECONDS = 0.2


def ensure_current(engine: Engine) -> None:
    """Migrate a new or older database to head; refuse one newer than this code.

    On SQLite two processes starting on a new file can meet "database is locked" without
    waiting: one turning the new file to WAL mode as the other connects. And a process
    waiting to migrate can lose the write lock, time after time, to one that migrated first
    and went on writing documents. Either way it looks again, and finds the database at
    head once the other has committed (readers see the commit at once in WAL mode).
    """
    for attempt in range(LOCK_TRIES):
        try:
            revision = current(engine)
            refuse_newer(revision)
            if revision != head():
                _run(engine, command.upgrade, "head", if_behind=True)
            return
        except OperationalError as exc:
            if "locked" not in str(exc.orig) or attempt == LOCK_TRIES - 1:
                raise
            time.sleep(LOCK_PAUSE_SECONDS * (attempt + 1))
