"""One way to print rows: a table for people, JSON or CSV for programs."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO

import click
from rich.console import Console
from rich.table import Table

Row = dict[str, Any]

# A cell that starts like a formula runs as one in a spreadsheet; a leading quote disarms it.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_jsonl(rows: Iterable[Row], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[Row], columns: list[str], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
        count += 1
    return count


# Piped output has no terminal width to follow; this keeps a row of the table on one line.
PIPE_WIDTH = 160
# Long cells (quote text) are cut to this many characters in tables; JSON and CSV keep all.
CELL_LIMIT = 70


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - 1] + "…"


def write_table(rows: list[Row], columns: list[str], title: str | None = None) -> None:
    console = Console()
    if not console.is_terminal:
        console = Console(width=PIPE_WIDTH)
    table = Table(title=title, show_lines=False, header_style="bold", box=None)
    for i, column in enumerate(columns):
        last = i == len(columns) - 1
        table.add_column(column, overflow="fold", no_wrap=not last, ratio=1 if last else None)
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    console.print(table)
    console.print(f"{len(rows)} row(s)", style="dim")


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--json`` and ``--csv`` on a command that prints rows (a table otherwise)."""
    command = click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")(command)
    command = click.option("--json", "as_json", is_flag=True, help="Print JSON lines.")(command)
    return command


def render(
    rows: list[Row], columns: list[str], as_json: bool, as_csv: bool, title: str | None = None
) -> None:
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    if as_json:
        write_jsonl(rows, sys.stdout)
    elif as_csv:
        write_csv(rows, columns, sys.stdout)
    else:
        write_table(rows, columns, title)
