"""``quotes db``: the schema's revision, and upgrading it."""

from __future__ import annotations

import click

from quotes import config
from quotes.cli.common import db_option
from quotes.db import migrate
from quotes.db.engine import open_database, session_factory
from quotes.report.export import counts


@click.group("db")
def db_group() -> None:
    """Database schema: upgrade and show the current revision."""


@db_group.command("upgrade")
@db_option
def db_upgrade(db_url: str | None) -> None:
    """Migrate the database to the newest schema (data is kept).

    \b
    Example:
      quotes db upgrade --db postgresql+psycopg://user@host/quotes
    """
    engine = open_database(config.database_url(db_url), migrate=False, access="create")
    before = migrate.current(engine)
    migrate.ensure_current(engine)
    after = migrate.current(engine)
    if before == after:
        click.echo(f"database at revision {after}, already the newest")
    else:
        click.echo(f"database at revision {after} (was {before or 'empty'})")


@db_group.command("current")
@db_option
def db_current(db_url: str | None) -> None:
    """Print the database's schema revision and what it holds.

    \b
    Example:
      quotes db current
    """
    # Read-only, at whatever revision: this is where an out-of-date schema is seen.
    engine = open_database(config.database_url(db_url), migrate=False, access="read")
    revision = migrate.current(engine)
    head = migrate.head()
    if revision == head:
        state = "up to date"
    elif revision is not None and not migrate.known(revision):
        state = "newer than this version of quotes"
    else:
        state = f"the newest is {head}: run `quotes db upgrade`"
    click.echo(f"revision {revision or '(empty database)'} ({state})")
    if revision != head:
        return
    with session_factory(engine)() as session:
        for key, value in counts(session).items():
            click.echo(f"{key}: {value}")
