"""Commands for checking attributions: audit, show, review, reattribute."""

from __future__ import annotations

import getpass
import json
import os
from typing import Any

import click

from quotes.cli.common import (
    db_option,
    fixed_limit_option,
    open_sessions,
    output_options,
    progress,
    registry_from,
    resolve,
    speakers_option,
)
from quotes.db.claims import rebuild, refresh_claims
from quotes.db.engine import in_transaction
from quotes.db.models import Review
from quotes.db.reattribute import reattribute_document, stored_documents
from quotes.db.reviews import decisions, orphans, record
from quotes.output import Format, render, visible
from quotes.report.audit import (
    AuditFilter,
    AuditRow,
    audit_page,
    describe,
    dispute_rows,
    find_quote,
    quote_detail,
    review_stats,
)
from quotes.report.rows import OUTSIDE, DisputeRow, StatRow

# The review log's reviewer column holds this many characters (PostgreSQL enforces it).
REVIEWER_LENGTH = Review.__table__.c.reviewer.type.length  # type: ignore[attr-defined]


@click.command("audit")
@click.option("--speaker", help="Only quotes now credited to this speaker.")
@click.option("--rule", help="Only quotes attributed by this rule (see `quotes eval`).")
@click.option("--below", type=click.FloatRange(0, 1), metavar="CONFIDENCE", help="Only below it.")
@click.option("--unreviewed", is_flag=True, help="Only quotes nobody has reviewed.")
@click.option("--doc", help="Only documents whose path contains this text.")
@click.option("--disputed", is_flag=True, help="Reviewed quotes the rules now disagree with.")
@click.option("--stats", is_flag=True, help="Precision by rule and speaker from the review log.")
@fixed_limit_option(30, "Rows shown.")
@output_options
@db_option
@speakers_option
def audit_command(
    speaker: str | None,
    rule: str | None,
    below: float | None,
    unreviewed: bool,
    doc: str | None,
    disputed: bool,
    stats: bool,
    limit: int,
    fmt: Format,
    db_url: str | None,
    speakers_file: str | None,
) -> None:
    """Attributions to check, worst first.

    Risk is the missing confidence plus a weight for each worry: a fallback rule (no
    speech verb links quote and speaker), a conflicting claim, or no registry speaker
    though one is named nearby. Reviewed quotes come after every unreviewed one.

    The context column is the writer's sentence: in a terminal the cue is bold and
    underlined and the speaker mention bold; in JSON and CSV the cue is {{marked}}
    and the mention [[marked]].

    \b
    Example:
      quotes audit --unreviewed --below 0.7
      quotes audit --rule nearest_mention --csv > check.csv
      quotes audit --disputed
      quotes audit --stats
    """
    if disputed and stats:
        raise click.UsageError("choose one of --disputed and --stats")
    registry = registry_from(speakers_file)
    key = resolve(registry, speaker).key if speaker else None
    _engine, sessions = open_sessions(db_url)
    with sessions() as session:
        if stats or disputed:
            found = decisions(session)
            lost = len(orphans(session))
            if stats:
                _print_stats(review_stats(found), fmt)
            else:
                _print_disputes(dispute_rows(found), fmt)
            _warn_orphans(lost)
            return
        filters = AuditFilter(key, rule, below, unreviewed, doc)
        total, shown = audit_page(session, registry, filters, limit)
        if not shown and fmt == "table":
            click.echo("nothing to audit: no stored quote matches", err=True)
            return
        footer = f"{len(shown)} of {total} quote(s), worst first"
        render(shown, fmt, AuditRow, footer=footer)


def _print_stats(rows: list[StatRow], fmt: Format) -> None:
    if fmt != "table":
        render(rows, fmt, StatRow)
    elif not rows:
        click.echo("no reviews yet: see `quotes review --help`", err=True)
    else:
        for axis in dict.fromkeys(r.by for r in rows):
            render([r for r in rows if r.by == axis], fmt, StatRow, title=f"by {axis}")


def _print_disputes(rows: list[DisputeRow], fmt: Format) -> None:
    if not rows and fmt == "table":
        click.echo("no disputes: the rules agree with every standing review", err=True)
    else:
        render(rows, fmt, DisputeRow)


def _warn_orphans(count: int) -> None:
    if count:
        click.echo(
            f"note: {count} review(s) name words no stored quote has now (the document was"
            " removed or the quote's span changed); they are kept in the log",
            err=True,
        )


@click.command("show")
@click.argument("quote_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@db_option
def show_command(quote_id: str, as_json: bool, db_url: str | None) -> None:
    """Everything about one quote: text, offsets, evidence, claim, sources, reviews.

    QUOTE_ID is the id `quotes list` and `quotes audit` print (or its first characters).

    \b
    Example:
      quotes show 3f9a0c
    """
    _engine, sessions = open_sessions(db_url)
    with sessions() as session:
        detail = quote_detail(session, find_quote(session, quote_id))
    if as_json:
        click.echo(json.dumps(detail.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(visible(describe(detail)))


def default_reviewer() -> str:
    """QUOTES_REVIEWER, else the OS user, else 'unknown'."""
    name = os.environ.get("QUOTES_REVIEWER")
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@click.command("review")
@click.argument("quote_id")
@click.option("--confirm", is_flag=True, help="The speaker shown is right.")
@click.option(
    "--speaker", "speaker", metavar="NAME", help="Someone else said it: who (name or key)."
)
@click.option("--none", "none_", is_flag=True, help="None of the registry said it.")
@click.option("--reject", is_flag=True, help="Not a quote at all.")
@click.option("--undo", is_flag=True, help="Reverse the decision in force.")
@click.option("--note", help="Why: kept in the log.")
@click.option("--reviewer", help="Who decides [env QUOTES_REVIEWER; default: the OS user].")
@db_option
@speakers_option
def review_command(
    quote_id: str,
    confirm: bool,
    speaker: str | None,
    none_: bool,
    reject: bool,
    undo: bool,
    note: str | None,
    reviewer: str | None,
    db_url: str | None,
    speakers_file: str | None,
) -> None:
    """Record a decision about a quote's attribution (the log is append-only).

    The quote's speaker becomes the latest decision that was not undone; without one
    it is the rules' answer. Decisions stay with the quote's words through re-ingest,
    `quotes reattribute` and schema upgrades.

    \b
    Example:
      quotes review 3f9a0c --confirm
      quotes review 3f9a0c --speaker Peskov --note "the spokesman, per the next paragraph"
      quotes review 3f9a0c --reject --note "a book title"
      quotes review 3f9a0c --undo
    """
    chosen = [
        name
        for name, given in (
            ("confirm", confirm),
            ("speaker", speaker is not None),
            ("none", none_),
            ("reject", reject),
            ("undo", undo),
        )
        if given
    ]
    if len(chosen) != 1:
        raise click.UsageError(
            "give exactly one of --confirm, --speaker, --none, --reject, --undo"
            + (f" (not {' and '.join('--' + c for c in chosen)} together)" if chosen else "")
        )
    action = chosen[0]
    registry = registry_from(speakers_file)
    # A decision goes into the log for good: the name must be a speaker's own, or a key.
    key = resolve(registry, speaker, strict=True).key if speaker is not None else None
    who = (reviewer or default_reviewer()).strip()
    if not who or len(who) > REVIEWER_LENGTH:
        raise click.BadParameter(
            f"give a name of 1 to {REVIEWER_LENGTH} characters", param_hint="--reviewer"
        )
    _engine, sessions = open_sessions(db_url, registry, access="write")

    def decide(session: Any) -> str:
        quote = find_quote(session, quote_id)
        row = record(session, quote, "speaker" if key else action, who, key, note)  # type: ignore[arg-type]
        refresh_claims(session, [quote])
        now = quote.speaker.name if quote.speaker else OUTSIDE
        status = quote.review or "not reviewed (the rules' answer)"
        return f"quote {quote.uid}: {row.action} by {who}; speaker now {now}, {status}"

    click.echo(visible(in_transaction(sessions, decide)), err=True)


@click.command("reattribute")
@click.option("--doc", help="Only documents whose path contains this text.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
@db_option
@speakers_option
def reattribute_command(
    doc: str | None, quiet: bool, db_url: str | None, speakers_file: str | None
) -> None:
    """Attribute the stored documents again with the current rules and registry.

    Run it after changing the registry (--speakers) or upgrading quotes. All of it is
    one transaction: review decisions are applied again and claims regrouped, and a
    run stopped part-way (Ctrl-C, a kill, a full disk) changes nothing.

    \b
    Example:
      quotes reattribute --speakers newsroom-speakers.toml
    """
    registry = registry_from(speakers_file)
    _engine, sessions = open_sessions(db_url, registry, access="write")

    def redo(session: Any) -> tuple[int, int, int, int]:
        # One transaction: a kill or an error part-way leaves every document, quote and
        # claim as it was before the command, never some documents redone and the claims
        # not regrouped.
        ids = stored_documents(session, doc)
        changed = reviewed = quotes = 0
        with progress("reattribute", len(ids), quiet) as bar:
            task = bar.add_task("reattribute", total=len(ids))
            for document_id in ids:
                result = reattribute_document(session, document_id, registry)
                changed += result.changed
                reviewed += result.reviewed
                quotes += result.quotes
                session.flush()
                session.expunge_all()  # what is written need not stay in memory
                bar.advance(task)
        rebuild(session)
        return len(ids), quotes, changed, reviewed

    documents, quotes, changed, reviewed = in_transaction(sessions, redo)
    with sessions() as session:
        lost = len(orphans(session))
    if not quiet:
        click.echo(
            f"reattributed {documents} document(s): {quotes} quotes, {changed} with a new"
            f" rules' speaker, {reviewed} under a review decision",
            err=True,
        )
        _warn_orphans(lost)
