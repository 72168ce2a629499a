"""``quotes sources``: what the archive holds, outlet by outlet."""

from __future__ import annotations

import click

from quotes.cli.common import db_option, open_sessions, output_options
from quotes.output import Format, render
from quotes.report.rows import OutletRow
from quotes.report.sources import outlet_rows


@click.command("sources")
@output_options
@db_option
def sources_command(fmt: Format, db_url: str | None) -> None:
    """Outlets with their documents, quotes and first and last dates.

    An outlet is the site's name, else its URL's domain; a document two outlets carried
    counts for each. A date is the publication date, else the document's. Sources whose
    input named no outlet (bare text files) share the last row.

    \b
    Example:
      quotes sources
      quotes sources --csv > outlets.csv
    """
    _engine, sessions = open_sessions(db_url)
    with sessions() as session:
        rows = outlet_rows(session)
    if not rows and fmt == "table":
        click.echo("no sources: ingest some articles first (see `quotes ingest --help`)", err=True)
        return
    render(rows, fmt, OutletRow)
