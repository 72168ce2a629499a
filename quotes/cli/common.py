"""What every command shares: one-line errors, the --db, --speakers and output options,
opening the database, and the progress bar."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO, cast

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from quotes import config
from quotes.attribute.registry import Registry, RegistryWarning, Speaker, load_registry
from quotes.db import waiting
from quotes.db.engine import (
    Access,
    database_files,
    explain,
    in_transaction,
    open_database,
    session_factory,
)
from quotes.db.store import sync_speakers
from quotes.errors import QuotesError
from quotes.output import Format, visible
from quotes.report.resolve import resolve_speaker

stderr = Console(stderr=True)


class QuotesGroup(click.Group):
    """Turns library errors into one line on stderr and a non-zero exit: no tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        _tolerant_streams()
        waiting.on_wait(
            lambda: click.echo("waiting for another quotes process to finish writing…", err=True)
        )
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
            return result
        except QuotesError as exc:
            raise click.ClickException(visible(str(exc))) from None
        except SQLAlchemyError as exc:
            # The driver's own text can carry the URL (and its password): explain() never
            # shows it, only what happened and what to do.
            raise click.ClickException(explain(exc)) from None
        except BrokenPipeError:
            # The reader (``| head``) went away: nothing more to say, and nowhere to say it.
            _silence_stdout()
            sys.exit(1)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                _silence_stdout()
                raise click.ClickException(
                    "cannot write the output: the disk is full; free some space and run the"
                    " command again"
                ) from None
            if exc.errno in (errno.EIO, errno.EROFS, errno.EACCES, errno.EDQUOT):
                raise click.ClickException(
                    f"cannot write the output: {exc.strerror or type(exc).__name__}"
                ) from None
            raise


def _tolerant_streams() -> None:
    """A terminal or pipe that cannot take every character gets escapes, not a traceback
    (``PYTHONIOENCODING=ascii``)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding not in ("utf8", "utf8sig") and reconfigure is not None:
            # ValueError: already written to, or not reconfigurable.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")


def _silence_stdout() -> None:
    """Point stdout at nothing, so the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


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
    db_url: str | None, registry: Registry | None = None, access: Access = "read"
) -> tuple[Engine, sessionmaker[Session]]:
    """The database for ``access``: ``read`` (an existing database, read-only: what list,
    ask, audit, export, … use), ``write`` (an existing one: review, reattribute, dedupe) or
    ``create`` (ingest: a new one is made and migrated). The registry's speakers are
    written into the database only by the writers."""
    engine = open_database(config.database_url(db_url), access=access)
    # Closed when the command ends, as a process's exit would: a pooled connection left to
    # the garbage collector checkpoints SQLite's WAL whenever it happens to be collected.
    context = click.get_current_context(silent=True)
    if context is not None:
        context.call_on_close(engine.dispose)
    sessions = session_factory(engine)
    if registry is not None and access != "read":
        in_transaction(sessions, lambda session: sync_speakers(session, registry))
    return engine, sessions


# The largest --limit: far above any archive, and within every database's integer.
MAX_LIMIT = 10**9


def limit_option(default: int | None, what: str = "Rows shown.") -> Callable[..., Any]:
    """``--limit N`` (1 to MAX_LIMIT); a huge number is a usage error, never an overflow."""
    extra = f" [default: {default} in a table, all otherwise]" if default else ""
    return click.option(
        "--limit",
        type=click.IntRange(1, MAX_LIMIT),
        default=None,
        metavar="N",
        help=what + extra,
    )


def fixed_limit_option(default: int, what: str) -> Callable[..., Any]:
    """``--limit N`` (1 to MAX_LIMIT) with one default in every format (``ask``, ``audit``)."""
    return click.option(
        "--limit",
        type=click.IntRange(1, MAX_LIMIT),
        default=default,
        show_default=True,
        help=what,
    )


def output_file_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """-o/--output FILE and --force, the same on every command that writes a file.

    Whether FILE may be written is checked by ``check_output`` before anything is read, and
    the file is written beside its target first, so no option type checks it here.
    """
    command = click.option("--force", is_flag=True, help="Overwrite the -o file if it exists.")(
        command
    )
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),
        help="Write to FILE (- for stdout), never the database; an existing FILE needs --force.",
    )(command)


def file_format_option(formats: list[str], what: str, name: str = "fmt") -> Callable[..., Any]:
    """``--format`` of a command that writes a file: one of ``formats``, the first by default."""
    return click.option(
        "--format",
        name,
        type=click.Choice(formats),
        default=formats[0],
        show_default=True,
        help=what,
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def check_output(output: str | None, force: bool, db_url: str | None) -> None:
    """Refuse an ``-o`` target before anything is opened: the database (and its -wal and
    -shm), a folder, an existing file without --force, a folder that does not exist."""
    if output is None or output == "-":
        return
    target = Path(output)
    shown = visible(output)
    for part in database_files(config.database_url(db_url)):
        if _same_file(target, part):
            raise click.UsageError(f"-o {shown} is the database's own file; choose another name")
    if target.is_dir():
        raise click.UsageError(f"-o {shown} is a folder; give a file name")
    if target.exists() and not force:
        raise click.UsageError(f"-o {shown} exists; give --force to overwrite it")
    if not target.parent.is_dir():
        raise click.ClickException(
            f"cannot write {shown}: folder {visible(str(target.parent))} does not exist"
        )


@contextmanager
def output_file(output: str | None, force: bool, db_url: str | None) -> Iterator[TextIO]:
    """Where a command writes: stdout for none or ``-``, else a file written in full first.

    The file is written beside its target under a temporary name and renamed into place
    only when complete, so a failure (a full disk) leaves whatever was there. The database
    (and its -wal and -shm) is refused, and so is an existing file without --force.
    """
    if output is None or output == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    check_output(output, force, db_url)
    target = Path(output)
    shown = visible(output)
    folder = target.parent
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (renamed into place below)
            "w",
            encoding="utf-8",
            newline="",
            dir=folder,
            prefix=f".{target.name}.",
            suffix=".part",
            delete=False,
        )
    except OSError as exc:
        raise click.ClickException(f"cannot write {shown}: {_os_reason(exc)}") from None
    done = False
    try:
        yield cast(TextIO, handle)
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        os.replace(handle.name, target)
        done = True
    except OSError as exc:
        raise click.ClickException(
            f"cannot write {shown}: {_os_reason(exc)}; nothing was written"
            + (" and the old file is unchanged" if target.exists() else "")
        ) from None
    finally:
        if not done:
            handle.close()
            Path(handle.name).unlink(missing_ok=True)


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    return exc.strerror or type(exc).__name__


def resolve(registry: Registry, name: str, strict: bool = False) -> Speaker:
    """The registry speaker ``name`` means; says whom it chose when the match was not exact."""
    found = resolve_speaker(registry, name, strict)
    if found.note:
        click.echo(f"note: {visible(found.note)}", err=True)
    return found.speaker
