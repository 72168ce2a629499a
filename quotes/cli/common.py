"""What every command shares: one-line errors, the --db and --speakers options, opening."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import click
from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from quotes import config
from quotes.attribute.registry import Registry, load_registry
from quotes.db.engine import in_transaction, open_database, session_factory
from quotes.db.store import sync_speakers
from quotes.errors import QuotesError

stderr = Console(stderr=True)


class QuotesGroup(click.Group):
    """Turns library errors into one line on stderr and a non-zero exit: no tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QuotesError as exc:
            raise click.ClickException(str(exc)) from None
        except SQLAlchemyError as exc:
            if "locked" in str(getattr(exc, "orig", "")):
                raise click.ClickException(
                    "the database is locked by another process writing to it; try again when"
                    " it has finished"
                ) from None
            # The driver's own text can carry the URL (and its password), so it is not shown.
            raise click.ClickException(
                f"database error ({type(exc).__name__}); check --db and run `quotes db upgrade`"
            ) from None


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        help="SQLAlchemy URL or SQLite file [env QUOTES_DB; default: quotes.db here].",
    )(command)


def speakers_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--speakers",
        "speakers_file",
        metavar="FILE",
        type=click.Path(dir_okay=False),
        help="Speaker registry TOML [env QUOTES_SPEAKERS; default: the packaged one].",
    )(command)


class ShardParam(click.ParamType):
    """``I/N``: the I-th of N slices of the input, 1 <= I <= N."""

    name = "I/N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", str(value))
        if match is None:
            self.fail(f"{value!r} is not I/N; e.g. --shard 2/4 for the second of four", param, ctx)
        index, count = int(match[1]), int(match[2])
        if not 1 <= index <= count:
            self.fail(f"{value!r}: I must be from 1 to N (and N at least 1)", param, ctx)
        return index, count


def registry_from(speakers_file: str | None) -> Registry:
    return load_registry(config.speakers_path(speakers_file))


def open_sessions(
    db_url: str | None, registry: Registry | None = None
) -> tuple[Engine, sessionmaker[Session]]:
    engine = open_database(config.database_url(db_url))
    sessions = session_factory(engine)
    if registry is not None:
        in_transaction(sessions, lambda session: sync_speakers(session, registry))
    return engine, sessions
