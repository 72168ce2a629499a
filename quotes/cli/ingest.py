"""Commands that write: ingest articles, and rebuild the claims from the stored quotes."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import click

from quotes.cli.common import (
    ShardParam,
    db_option,
    open_sessions,
    progress,
    registry_from,
    speakers_option,
)
from quotes.db.claims import rebuild
from quotes.db.engine import in_transaction
from quotes.db.store import COMMIT_DOCUMENTS
from quotes.extract.records import parse_field_map
from quotes.ingest import discover, ingest
from quotes.output import visible
from quotes.report.export import counts


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@speakers_option
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
@click.option(
    "-w",
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes that read and attribute articles (storing stays in one).",
)
@click.option(
    "--shard",
    type=ShardParam(),
    help="Only the I-th of N slices of the input (by a hash of each file's path below PATH).",
)
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="In JSON lines and CSV: read FIELD (text, url, outlet, title, author, published,"
    " id, language, html) from COLUMN. Repeatable.",
)
@click.option(
    "--commit-every",
    type=click.IntRange(min=1),
    default=COMMIT_DOCUMENTS,
    show_default=True,
    metavar="N",
    help="Commit every N documents (or every 2 s, whichever first); each stays whole.",
)
def ingest_command(
    paths: tuple[str, ...],
    db_url: str | None,
    speakers_file: str | None,
    quiet: bool,
    workers: int,
    shard: tuple[int, int] | None,
    fields: tuple[str, ...],
    commit_every: int,
) -> None:
    """Read articles and store their quotes: .txt and .html files, JSON-lines and CSV
    exports (one article per record), WARC web archives; folders are read recursively.

    Each document is stored once, by content hash, and whole: documents are committed
    many at a time (--commit-every), a kill loses only the last uncommitted ones, and
    ingesting the same files again stores those and changes nothing else. Files that
    cannot be read are skipped with a message, and the exit code is 1 when anything was
    skipped.

    Several processes or machines can ingest into one database at once: --shard I/N
    gives each its own slice of the same input (slices are disjoint and together the
    whole input), and a document met by two of them is still stored once.

    \b
    Example:
      quotes ingest corpus/ extra/article.txt --db team.db
      quotes ingest --workers 2 --shard 1/3 archive/ --db postgresql+psycopg://u@host/q
      quotes ingest export.csv --field text=story --field published=day
    """
    field_map = parse_field_map(fields)
    registry = registry_from(speakers_file)
    files, problems = discover(paths, shard)
    for problem in problems:
        click.echo(f"warning: {visible(problem)}", err=True)
    _engine, sessions = open_sessions(db_url, registry, access="create")
    with _terminate_as_interrupt(), progress("ingest", len(files), quiet) as bar:
        task = bar.add_task("ingest", total=len(files))
        report = ingest(
            files, sessions, registry, lambda: bar.advance(task), workers, field_map, commit_every
        )
    for line in (*report.warnings, *report.skipped):
        click.echo(f"warning: {visible(line)}", err=True)
    skipped = len(report.skipped) + len(problems)
    if not quiet:
        summary = (
            f"ingested {report.stored} document(s): {report.quotes} quotes,"
            f" {report.attributed} attributed to registry speakers"
        )
        if report.new_sources:
            summary += f"; {report.new_sources} already stored, added as new sources"
        unchanged = report.already - report.new_sources
        if unchanged:
            summary += f"; {unchanged} already stored, unchanged"
        if skipped:
            summary += f"; {skipped} skipped"
        click.echo(summary, err=True)
    if skipped:
        sys.exit(1)


@click.command("dedupe")
@db_option
def dedupe_command(db_url: str | None) -> None:
    """Rebuild every claim from the stored quotes (ingest keeps them up to date).

    The result is the same grouping ingest builds incrementally.

    \b
    Example:
      quotes dedupe
    """
    _engine, sessions = open_sessions(db_url, access="write")
    mentions = in_transaction(sessions, rebuild)
    with sessions() as session:
        total = counts(session)["claims"]
    click.echo(f"grouped {mentions} sentences into {total} claims", err=True)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """A SIGTERM (a service manager, `kill`) stops the ingest as Ctrl-C does: the workers
    are ended, the document being written is rolled back and the whole ones are kept.
    Only the main thread may set a handler; the previous one comes back afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
