"""Commands for reading the database as a journalist: ask, sheet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import click

from quotes.cli import common
from quotes.output import Format, render, visible
from quotes.report.ask import Filters, ask
from quotes.report.rows import AskRow


def _filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--since, --until, --kind, --min-confidence: shared by ask and sheet."""
    for option in reversed(
        [
            click.option(
                "--since", type=click.DateTime(["%Y-%m-%d"]), help="From this day (YYYY-MM-DD)."
            ),
            click.option(
                "--until", type=click.DateTime(["%Y-%m-%d"]), help="Up to this day, included."
            ),
            click.option("--kind", type=click.Choice(["full", "fragment"]), help="Only this kind."),
            click.option(
                "--min-confidence",
                type=click.FloatRange(0, 1),
                metavar="C",
                help="Only attributions at least this confident.",
            ),
        ]
    ):
        command = option(command)
    return command


def _filters(
    since: datetime | None, until: datetime | None, kind: str | None, min_confidence: float | None
) -> Filters:
    if since and until and since > until:
        raise click.UsageError("--since is after --until")
    return Filters(
        since.date() if since else None, until.date() if until else None, kind, min_confidence
    )


@click.command("ask")
@click.argument("speaker")
@click.argument("topic", required=False)
@_filter_options
@common.fixed_limit_option(20, "Claims shown.")
@common.output_options
@common.db_option
@common.speakers_option
def ask_command(
    speaker: str,
    topic: str | None,
    since: datetime | None,
    until: datetime | None,
    kind: str | None,
    min_confidence: float | None,
    limit: int,
    fmt: Format,
    db_url: str | None,
    speakers_file: str | None,
) -> None:
    """What did SPEAKER say (about TOPIC)? Their claims, best first.

    SPEAKER is a registry key, name, alias or surname, case, accents and
    transliteration aside (Lukashenka, Shoygu, Lukasenko); a looser name is an
    error that offers the closest, and a match that needed folding is noted.
    TOPIC is searched in the quote's words and, with less weight, in the writer's
    sentence around it; word forms match (weapon/weapons), and a word the database
    does not hold is replaced by its closest spelling that it does
    (defence/defense), with a note. The topic is plain words: quotes, hyphens and
    operators in it are not query syntax. Without a topic, the most
    widely reported claims come first.

    \b
    Example:
      quotes ask Lukashenko NATO
      quotes ask putin "air defence" --since 2023-01-01 --json
      quotes ask peskov --kind full --limit 5
    """
    filters = _filters(since, until, kind, min_confidence)
    registry = common.registry_from(speakers_file)
    chosen = common.resolve(registry, speaker)
    _engine, sessions = common.open_sessions(db_url)
    with sessions() as session:
        answer = ask(session, chosen.key, topic, filters, limit)
    for note in answer.notes:
        click.echo(f"note: {visible(note)}", err=True)
    about = f" about {topic!r}" if topic else ""
    if not answer.hits and fmt == "table":
        # A speaker never stored (read-only: the registry is not written) is named as the
        # registry names them.
        name = chosen.name if answer.speaker == chosen.key else answer.speaker
        if answer.speaker_claims == 0:
            click.echo(f"{name} has no quotes in the database (at most mentioned).")
        else:
            click.echo(
                visible(
                    f"no claims of {name}{about} match (of {answer.speaker_claims} claims in"
                    " all); try fewer words or no filters"
                )
            )
        return
    rows = [hit.row(answer.speaker) for hit in answer.hits]
    render(rows, fmt, AskRow, title=f"{answer.speaker}{about}")


@click.command("sheet")
@click.argument("speaker")
@common.file_format_option(
    ["md", "html", "csv", "json"],
    "Markdown, one print-ready HTML page, CSV (a row per source) or JSON.",
)
@click.option(
    "--by",
    type=click.Choice(["date", "topic"]),
    default="date",
    show_default=True,
    help="Claims in date order, or grouped under the words they share.",
)
@_filter_options
@common.output_file_options
@common.db_option
@common.speakers_option
def sheet_command(
    speaker: str,
    fmt: str,
    by: str,
    since: datetime | None,
    until: datetime | None,
    kind: str | None,
    min_confidence: float | None,
    output: str | None,
    force: bool,
    db_url: str | None,
    speakers_file: str | None,
) -> None:
    """A quote sheet for one speaker: every claim, its sentence, sources and standing.

    The header gives name, roles, the number of claims and sources and the date span;
    each claim shows the quote, the sentence it appeared in, its sources with dates
    and intermediaries (via), the attribution's confidence and review status, and a
    mark where the same words are credited to someone else.

    \b
    Example:
      quotes sheet lukashenko --format html -o lukashenko.html
      quotes sheet peskov --by topic
    """
    # Templating is loaded only by the command that renders: other commands start faster.
    from quotes.report.sheet import render as render_sheet
    from quotes.report.sheet_query import build_sheet

    filters = _filters(since, until, kind, min_confidence)
    registry = common.registry_from(speakers_file)
    key = common.resolve(registry, speaker).key
    common.check_output(output, force, db_url)  # before the database is opened at all
    _engine, sessions = common.open_sessions(db_url)
    with sessions() as session:
        sheet = build_sheet(session, registry, key, filters)
    page = render_sheet(sheet, fmt, by)  # type: ignore[arg-type]
    with common.output_file(output, force, db_url) as out:
        out.write(page)
    if output is None or output == "-":
        return
    click.echo(
        visible(f"wrote the sheet of {sheet.name} ({len(sheet.claims)} claims) to {output}"),
        err=True,
    )
