"""The ``quotes`` command line: arguments in, library calls, one-line errors out.

Each command lives in a short module of this package, which parses its arguments, calls
``quotes.report`` or ``quotes.ingest`` and renders; a new command is a module and a line
in ``COMMANDS``.
"""

from __future__ import annotations

import click

from quotes import __version__
from quotes.cli import ask, browse, db, evaluate, ingest, review, serve, sources
from quotes.cli.common import QuotesGroup


@click.group(cls=QuotesGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quotes")
def cli() -> None:
    """Who said what, when, and where it was reported.

    Ingest news articles, find their direct speech, attribute each quote to a speaker
    from a registry with the evidence for it, and query the result.

    \b
    Example:
      quotes ingest corpus/
      quotes list --speaker Lukashenko
      quotes export --format jsonl > quotes.jsonl
    """


COMMANDS: tuple[click.Command, ...] = (
    ingest.ingest_command,
    ingest.dedupe_command,
    browse.list_command,
    browse.claims_command,
    browse.conflicts_command,
    browse.speakers_command,
    sources.sources_command,
    browse.export_command,
    ask.ask_command,
    ask.sheet_command,
    review.audit_command,
    review.show_command,
    review.review_command,
    review.reattribute_command,
    serve.serve_command,
    evaluate.eval_command,
    db.db_group,
)
for _command in COMMANDS:
    cli.add_command(_command)
