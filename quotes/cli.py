"""The ``quotes`` command line: arguments in, library calls, one-line errors out."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from quotes import __version__, config
from quotes.cli_ask import ask_command, sheet_command, speakers_command
from quotes.cli_audit import audit_command, reattribute_command, review_command, show_command
from quotes.cli_common import (
    QuotesGroup,
    ShardParam,
    db_option,
    open_sessions,
    registry_from,
    speakers_option,
    stderr,
)
from quotes.db import migrate
from quotes.db.audit import gold_rows
from quotes.db.claims import claim_rows, rebuild
from quotes.db.engine import open_database, session_factory
from quotes.db.store import counts, export_rows
from quotes.evaluate import evaluate, load_gold, render_report
from quotes.ingest import discover, ingest
from quotes.output import output_options, render, write_csv, write_jsonl
from quotes.web.command import serve_command

EXPORT_COLUMNS = [
    "id",
    "doc",
    "start",
    "end",
    "text",
    "kind",
    "speaker",
    "mention",
    "mention_start",
    "mention_end",
    "cue",
    "rule",
    "confidence",
    "via",
    "date",
    "claim_id",
    "rule_speaker",
    "review",
]
GOLD_COLUMNS = ["doc", "quote_start", "speaker", "kind", "via", "why"]
LIST_COLUMNS = ["id", "source", "date", "speaker", "kind", "rule", "confidence", "text"]


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


@cli.command("ingest")
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
def ingest_command(
    paths: tuple[str, ...],
    db_url: str | None,
    speakers_file: str | None,
    quiet: bool,
    workers: int,
    shard: tuple[int, int] | None,
) -> None:
    """Read articles (files, or folders of *.txt) and store their quotes.

    Each document is stored once, by content hash, in its own transaction: ingesting
    the same file again changes nothing. Files that cannot be read are skipped with a
    message, and the exit code is 1 when anything was skipped.

    Several processes or machines can ingest into one database at once: --shard I/N
    gives each its own slice of the same input (slices are disjoint and together the
    whole input), and a document met by two of them is still stored once.

    \b
    Example:
      quotes ingest corpus/ extra/article.txt --db team.db
      quotes ingest --workers 2 --shard 1/3 archive/ --db postgresql+psycopg://u@host/q
    """
    registry = registry_from(speakers_file)
    files, problems = discover(paths, shard)
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
    _engine, sessions = open_sessions(db_url, registry)
    progress = Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr,
        disable=quiet or len(files) < 2 or not stderr.is_terminal,
        transient=True,
    )
    with progress:
        task = progress.add_task("ingest", total=len(files))
        report = ingest(files, sessions, registry, lambda: progress.advance(task), workers)
    for line in (*report.warnings, *report.skipped):
        click.echo(f"warning: {line}", err=True)
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
        if report.skipped:
            summary += f"; {len(report.skipped)} skipped"
        click.echo(summary, err=True)
    if report.skipped or problems:
        sys.exit(1)


@cli.command("list")
@click.option("--speaker", help="Only this speaker (name, alias or near spelling).")
@click.option("--doc", help="Only documents whose path contains this text.")
@click.option(
    "--kind", type=click.Choice(["full", "fragment"]), help="Only full quotes or fragments."
)
@click.option("--unattributed", is_flag=True, help="Only quotes with no registry speaker.")
@output_options
@db_option
@speakers_option
def list_command(
    speaker: str | None,
    doc: str | None,
    kind: str | None,
    unattributed: bool,
    as_json: bool,
    as_csv: bool,
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
    name = registry.lookup(speaker).name if speaker else None
    _engine, sessions = open_sessions(db_url)
    with sessions() as session:
        rows = [
            r
            for r in export_rows(session)
            if (name is None or r["speaker"] == name)
            and (doc is None or doc in r["doc"])
            and (kind is None or r["kind"] == kind)
            and (not unattributed or r["speaker"] is None)
        ]
    if not (as_json or as_csv):
        rows = [
            {
                **r,
                "speaker": r["speaker"] or f"({r['mention'] or 'unknown'})",
                "source": Path(r["doc"]).name,
            }
            for r in rows
        ]
    render(rows, LIST_COLUMNS if not (as_json or as_csv) else EXPORT_COLUMNS, as_json, as_csv)


CLAIM_COLUMNS = ["claim_id", "speaker", "sources", "first_date", "last_date", "conflict", "text"]


@cli.command("claims")
@click.option("--speaker", help="Only this speaker (name, alias or near spelling).")
@click.option("--conflicts", "conflicts_only", is_flag=True, help="Only conflicting claims.")
@output_options
@db_option
@speakers_option
def claims_command(
    speaker: str | None,
    conflicts_only: bool,
    as_json: bool,
    as_csv: bool,
    db_url: str | None,
    speakers_file: str | None,
) -> None:
    """List claims: each utterance once, with how many sources carried it.

    A claim is one sentence of a speaker's direct speech; re-reports of it (trimmed,
    re-punctuated, with [insertions]) are one claim. Its text is the longest variant.

    \b
    Example:
      quotes claims --speaker peskov
      quotes claims --json > claims.jsonl
    """
    name = registry_from(speakers_file).lookup(speaker).name if speaker else None
    _engine, sessions = open_sessions(db_url)
    with sessions() as session:
        rows = [
            r for r in claim_rows(session, conflicts_only) if name is None or r["speaker"] == name
        ]
    if not (as_json or as_csv):
        rows = [
            {
                **r,
                "conflict": "CONFLICT" if r["conflict"] else "",
                "outlets": ", ".join(r["outlets"])[:40],
            }
            for r in rows
        ]
    # In a table the outlets go before the text, which takes the rest of the width.
    table = [*CLAIM_COLUMNS[:-1], "outlets", "text"]
    columns = table if not (as_json or as_csv) else [*CLAIM_COLUMNS, "outlets", "quotes"]
    render(rows, columns, as_json, as_csv)


@cli.command("conflicts")
@output_options
@db_option
def conflicts_command(as_json: bool, as_csv: bool, db_url: str | None) -> None:
    """Claims whose same words different sources attribute to different speakers.

    Each row is one attribution of the conflicting words, with the quotes behind it
    (see `quotes export` for their evidence: rule, cue, mention, confidence).

    \b
    Example:
      quotes conflicts --json
    """
    _engine, sessions = open_sessions(db_url)
    with sessions() as session:
        rows = list(claim_rows(session, conflicts_only=True))
    if not rows and not (as_json or as_csv):
        click.echo("no conflicting claims", err=True)
        return
    columns = ["claim_id", "speaker", "sources", "quotes", "text"]
    if not (as_json or as_csv):
        rows = [{**r, "quotes": " ".join(r["quotes"])} for r in rows]
    render(rows, columns, as_json, as_csv)


@cli.command("dedupe")
@db_option
def dedupe_command(db_url: str | None) -> None:
    """Rebuild every claim from the stored quotes (ingest keeps them up to date).

    The result is the same grouping ingest builds incrementally.

    \b
    Example:
      quotes dedupe
    """
    _engine, sessions = open_sessions(db_url)
    with sessions() as session, session.begin():
        mentions = rebuild(session)
    with sessions() as session:
        total = counts(session)["claims"]
    click.echo(f"grouped {mentions} sentences into {total} claims", err=True)


@cli.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv"]),
    default="jsonl",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to FILE, not stdout.",
)
@click.option(
    "--reviewed",
    is_flag=True,
    help="Only reviewed attributions, in the gold format `quotes eval --gold` reads.",
)
@db_option
@speakers_option
def export_command(
    fmt: str, output: str | None, reviewed: bool, db_url: str | None, speakers_file: str | None
) -> None:
    """Write every stored quote with its attribution evidence.

    One record per quote: id, doc, start, end, text, kind, speaker, mention,
    mention_start, mention_end, cue, rule, confidence, via, date, claim_id,
    rule_speaker (the rules' answer) and review (the standing decision, if any).

    With --reviewed, one gold record per reviewed quote (rejected ones left out):
    doc, quote_start, speaker, kind, via, why. A newsroom grows its own gold set by
    reviewing, then measures the rules with `quotes eval --gold`.

    \b
    Example:
      quotes export --format csv -o quotes.csv
      quotes export --reviewed -o newsroom-gold.jsonl
    """
    registry = registry_from(speakers_file) if reviewed else None
    _engine, sessions = open_sessions(db_url)
    with sessions() as session:
        rows = gold_rows(session, registry) if registry else export_rows(session)
        columns = GOLD_COLUMNS if reviewed else EXPORT_COLUMNS
        out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
        try:
            count = write_jsonl(rows, out) if fmt == "jsonl" else write_csv(rows, columns, out)
        finally:
            if output:
                out.close()
    if output:
        what = "reviewed quotes" if reviewed else "quotes"
        click.echo(f"wrote {count} {what} to {output}", err=True)


@cli.command("eval")
@click.option(
    "--gold", "gold_file", required=True, type=click.Path(dir_okay=False), help="Gold JSONL file."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@db_option
@speakers_option
def eval_command(
    gold_file: str, as_json: bool, db_url: str | None, speakers_file: str | None
) -> None:
    """Compare stored attributions with a hand-checked gold file.

    Prints the found rate, speaker accuracy, precision/recall/F1 per speaker,
    precision per rule, results per kind, and the misses and wrong attributions.

    \b
    Example:
      quotes eval --gold ../shared/gold/corpus.jsonl
    """
    import json

    registry = registry_from(speakers_file)
    gold = load_gold(Path(gold_file))
    _engine, sessions = open_sessions(db_url)
    with sessions() as session:
        predictions = list(export_rows(session))
    report = evaluate(gold, predictions, registry)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_report(report))


@cli.group("db")
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
    engine = open_database(config.database_url(db_url), migrate=False)
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
    engine = open_database(config.database_url(db_url), migrate=False)
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


for _command in (
    ask_command,
    sheet_command,
    speakers_command,
    audit_command,
    show_command,
    review_command,
    reattribute_command,
    serve_command,
):
    cli.add_command(_command)
