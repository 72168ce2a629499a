"""``quotes eval``: the stored attributions measured against a hand-checked gold file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from quotes.cli.common import db_option, open_sessions, registry_from, speakers_option
from quotes.report.evaluate import evaluate, load_gold, render_report
from quotes.report.export import export_rows


@click.command("eval")
@click.option(
    "--gold", "gold_file", required=True, type=click.Path(dir_okay=False), help="Gold JSONL file."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON document.")
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
