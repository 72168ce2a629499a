"""Listing commands: quotes, claims, conflicts, speakers, and the export of every quote."""

from __future__ import annotations

from collections.abc import Callable

import click

from quotes.cli.common import (
    check_output,
    db_option,
    file_format_option,
    limit_option,
    open_sessions,
    output_file,
    output_file_options,
    output_options,
    registry_from,
    resolve,
    speakers_option,
)
from quotes.output import Format, render
from quotes.report.audit import gold_rows
from quotes.report.claims import claim_rows, count_claims
from quotes.report.quotes import QuoteFilter, count_quotes, quote_rows
from quotes.report.rows import ClaimRow, ConflictRow, GoldRow, QuoteRow, SpeakerRow
from quotes.report.speakers import speaker_rows

# Rows a table shows unless --limit says otherwise; JSON, JSON lines and CSV give all.
TABLE_LIMIT = 200


def table_limit(limit: int | None, fmt: Format) -> int | None:
    return limit if limit is not None or fmt != "table" else TABLE_LIMIT


def _pages(limit: int | None, fmt: Format, count: Callable[[], int]) -> str | None:
    """A table's footer when it shows a page: how many of how many, and how to see more."""
    if fmt != "table" or limit is None:
        return None
    total = count()
    if total <= limit:
        return None
    return f"{limit} of {total} row(s); --limit N shows more, --json/--csv all"


@click.command("list")
@click.option("--speaker", help="Only this speaker (key, name, alias or surname).")
@click.option("--doc", help="Only documents whose path contains this text.")
@click.option(
    "--kind", type=click.Choice(["full", "fragment"]), help="Only full quotes or fragments."
)
@click.option("--unattributed", is_flag=True, help="Only quotes with no registry speaker.")
@click.option("--rejected", is_flag=True, help="Also quotes a reviewer rejected (not quotes).")
@limit_option(TABLE_LIMIT, "Quotes shown.")
@output_options
@db_option
@speakers_option
def list_command(
    speaker: str | None,
    doc: str | None,
    kind: str | None,
    unattributed: bool,
    rejected: bool,
    limit: int | None,
    fmt: Format,
    db_url: str | None,
    speakers_file: str | None,
) -> None:
    """Print the stored quotes with their speakers.

    \b
    Example:
      quotes list --speaker putin --kind full
      quotes list --unattributed --csv > check.csv
    """
    registry = registry_from(speakers_file)
    name = resolve(registry, speaker).name if speaker else None
    limit = table_limit(limit, fmt)
    _engine, sessions = open_sessions(db_url)
    filters = QuoteFilter(name, doc, kind, unattributed, rejected)
    with sessions() as session:
        footer = _pages(limit, fmt, lambda: count_quotes(session, filters))
        render(quote_rows(session, filters, limit), fmt, QuoteRow, footer=footer)


@click.command("claims")
@click.option("--speaker", help="Only this speaker (key, name, alias or surname).")
@click.option("--conflicts", "conflicts_only", is_flag=True, help="Only conflicting claims.")
@limit_option(TABLE_LIMIT, "Claims shown.")
@output_options
@db_option
@speakers_option
def claims_command(
    speaker: str | None,
    conflicts_only: bool,
    limit: int | None,
    fmt: Format,
    db_url: str | None,
    speakers_file: str | None,
) -> None:
    """List claims: each utterance once, with how many sources carried it.

    A claim is one sentence of a speaker's direct speech; re-reports of it (trimmed,
    re-punctuated, with [insertions]) are one claim. Its text is the longest variant.

    \b
    Example:
      quotes claims --speaker peskov
      quotes claims --json > claims.json
    """
    registry = registry_from(speakers_file)
    key = resolve(registry, speaker).key if speaker else None
    limit = table_limit(limit, fmt)
    _engine, sessions = open_sessions(db_url)
    with sessions() as session:
        footer = _pages(limit, fmt, lambda: count_claims(session, key, conflicts_only))
        render(claim_rows(session, key, conflicts_only, limit), fmt, ClaimRow, footer=footer)


@click.command("conflicts")
@output_options
@db_option
def conflicts_command(fmt: Format, db_url: str | None) -> None:
    """Claims whose same words different sources attribute to different speakers.

    Each row is one attribution of the conflicting words, with the quotes behind it
    (see `quotes export` for their evidence: rule, cue, mention, confidence).

    \b
    Example:
      quotes conflicts --json
    """
    _engine, sessions = open_sessions(db_url)
    with sessions() as session:
        rows = [ConflictRow.of(r) for r in claim_rows(session, conflicts_only=True)]
    if not rows and fmt == "table":
        click.echo("no conflicting claims", err=True)
        return
    render(rows, fmt, ConflictRow)


@click.command("speakers")
@output_options
@db_option
@speakers_option
def speakers_command(fmt: Format, db_url: str | None, speakers_file: str | None) -> None:
    """The speaker registry, with how many quotes, claims and documents each has.

    \b
    Example:
      quotes speakers
      quotes speakers --speakers newsroom.toml --json
    """
    registry = registry_from(speakers_file)
    _engine, sessions = open_sessions(db_url)
    with sessions() as session:
        rows = speaker_rows(session, registry)
    render(rows, fmt, SpeakerRow)


@click.command("export")
@file_format_option(["jsonl", "csv"], "Output format.", "export_format")
@output_file_options
@click.option(
    "--reviewed",
    is_flag=True,
    help="Only reviewed attributions, in the gold format `quotes eval --gold` reads.",
)
@db_option
@speakers_option
def export_command(
    export_format: str,
    output: str | None,
    force: bool,
    reviewed: bool,
    db_url: str | None,
    speakers_file: str | None,
) -> None:
    """Write every stored quote with its attribution evidence.

    One record per quote: id, doc, start, end, text, kind, speaker, mention,
    mention_start, mention_end, cue, rule, confidence, via, date, claim_id,
    rule_speaker (the rules' answer), review (the standing decision, if any), the
    first source's url, outlet, title and published, source_count, and sources:
    every source of the document (in CSV, each source cited, joined by " | ").

    With --reviewed, one gold record per reviewed quote (rejected ones left out):
    doc, quote_start, speaker, kind, via, why. A newsroom grows its own gold set by
    reviewing, then measures the rules with `quotes eval --gold`.

    \b
    Example:
      quotes export --format csv -o quotes.csv
      quotes export --reviewed -o newsroom-gold.jsonl
    """
    registry = registry_from(speakers_file) if reviewed else None
    fmt: Format = "nl" if export_format == "jsonl" else "csv"
    check_output(output, force, db_url)  # before the database is opened at all
    _engine, sessions = open_sessions(db_url)
    with sessions() as session, output_file(output, force, db_url) as out:
        if registry is not None:
            count = render(gold_rows(session, registry), fmt, GoldRow, out=out)
        else:
            count = render(quote_rows(session, QuoteFilter(rejected=True)), fmt, QuoteRow, out=out)
    if output and output != "-":
        what = "reviewed quotes" if reviewed else "quotes"
        click.echo(f"wrote {count} {what} to {output}", err=True)
