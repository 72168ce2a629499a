"""What every command shares: one-line errors, the --db, --speakers and output options,
opening the database, and the progress bar."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from quotes import config
from quotes.attribute.registry import Registry, RegistryWarning, load_registry
from quotes.db.engine import in_transaction, open_database, session_factory
from quotes.db.store import sync_speakers
from quotes.errors import QuotesError
from quotes.output import Format

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


# The sqlite-utils convention: a table for people, one flag per format for programs.
_OUTPUT_FLAGS: tuple[tuple[str, Format, str], ...] = (
    ("--table", "table", "Print a table (the default)."),
    ("--json", "json", "Print one JSON array."),
    ("--nl", "nl", "Print JSON lines, an object per line."),
    ("--csv", "csv", "Print CSV."),
)


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The output flags of every listing command; the command gets them as ``fmt``."""
    for flag, value, text in reversed(_OUTPUT_FLAGS):
        # Only the table's flag has a default: another's would override it.
        if value == "table":
            option = click.option(flag, "fmt", flag_value=value, default=True, help=text)
        else:
            option = click.option(flag, "fmt", flag_value=value, help=text)
        command = option(command)
    return command


def progress(label: str, total: int, quiet: bool) -> Progress:
    """A bar on stderr for long runs in a terminal; nothing when piped, quiet or short."""
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr,
        disable=quiet or total < 2 or not stderr.is_terminal,
        transient=True,
    )


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
    """The registry; what it shares between speakers is a ``warning:`` line each."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RegistryWarning)
        registry = load_registry(config.speakers_path(speakers_file))
    for warning in caught:
        click.echo(f"warning: {warning.message}", err=True)
    return registry


def open_sessions(
    db_url: str | None, registry: Registry | None = None
) -> tuple[Engine, sessionmaker[Session]]:
    engine = open_database(config.database_url(db_url))
    sessions = session_factory(engine)
    if registry is not None:
        in_transaction(sessions, lambda session: sync_speakers(session, registry))
    return engine, sessions
