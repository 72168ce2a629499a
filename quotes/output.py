"""One way to print rows: a table for people; JSON, JSON lines or CSV for programs.

No click here: the CLI's output-options decorator (``quotes.cli.common.output_options``)
turns ``--json``, ``--nl`` and ``--csv`` into a ``Format`` and calls ``render``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from quotes.report.highlight import Excerpt
from quotes.report.serialize import Listing, write_csv, write_json, write_jsonl
from quotes.text import one_line

Format = Literal["table", "json", "nl", "csv"]
FORMATS: tuple[Format, ...] = ("table", "json", "nl", "csv")


# Piped output has no terminal width to follow; this keeps a row of the table on one line.
PIPE_WIDTH = 160
# Long cells (quote text) are cut to this many characters in tables; JSON and CSV keep all.
CELL_LIMIT = 70


# What a terminal would act on rather than show: C0 and C1 controls (ESC starts colour,
# cursor, title and link sequences), DEL, bidirectional overrides and isolates (they reorder
# what follows: "<U+202E>txt.exe"), line and paragraph separators, and lone surrogates (the
# undecodable bytes of a file name).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2066-\u2069\ud800-\udfff]"
)


def _shown(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0xA0:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` safe for a terminal: controls as ``\\x1b``, bidi marks as ``<U+202E>``.

    Tabs and newlines stay; everything else printable stays exactly as it is.
    """
    return _UNSAFE.sub(_shown, text)


def console() -> Console:
    """stdout's console; a pipe gets a fixed width so a table row stays on one line."""
    found = Console()
    return found if found.is_terminal else Console(width=PIPE_WIDTH)


# How a terminal shows an excerpt's marks: the cue and mention bold, the quote italic.
MARK_STYLES = {"quote": "italic", "cue": "bold underline", "mention": "bold"}


def styled(excerpt: Excerpt) -> Text:
    """An excerpt for a terminal, its marks styled; the text itself is never markup."""
    text = Text("…" if excerpt.cut_before else "")
    pos = 0
    for start, end, mark in excerpt.marks:
        text.append(visible(excerpt.text[pos:start]))
        text.append(visible(excerpt.text[start:end]), style=MARK_STYLES[mark])
        pos = end
    text.append(visible(excerpt.text[pos:]))
    if excerpt.cut_after:
        text.append("…")
    return text


def cell(value: Any) -> Text:
    """A table cell: one line, cut to ``CELL_LIMIT``, printed literally (never as markup)."""
    if value is None:
        return Text("")
    if isinstance(value, Excerpt):
        return styled(value)
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    return Text(visible(one_line(str(value), CELL_LIMIT)))


def write_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    title: str | None = None,
    footer: str | None = None,
) -> None:
    """A table of ``columns``, the last taking the width left; ``footer`` under it, dimmed."""
    # Titles and footers carry a speaker's name and a topic: text, never markup.
    heading = Text(visible(title), style="italic") if title is not None else None
    table = Table(title=heading, show_lines=False, header_style="bold", box=None)
    for i, column in enumerate(columns):
        last = i == len(columns) - 1
        table.add_column(column, overflow="fold", no_wrap=not last, ratio=1 if last else None)
    for row in rows:
        table.add_row(*(cell(row.get(c)) for c in columns))
    out = console()
    out.print(table)
    shown = footer if footer is not None else f"{len(rows)} row(s)"
    out.print(Text(visible(shown), style="dim"))


def render(
    rows: Iterable[Listing],
    fmt: Format,
    kind: type[Listing],
    *,
    title: str | None = None,
    footer: str | None = None,
    out: TextIO | None = None,
) -> int:
    """Print ``rows`` (all of one ``kind``) as ``fmt``, and say how many there were.

    JSON and JSON lines carry every field of a row; CSV the kind's ``COLUMNS``; a table,
    for people, its ``TABLE`` columns (else ``COLUMNS``). Only a table holds all rows in memory.
    """
    stream = out or sys.stdout
    if fmt == "json":
        return write_json(rows, stream)
    if fmt == "nl":
        return write_jsonl(rows, stream)
    if fmt == "csv":
        return write_csv((row.flat() for row in rows), kind.COLUMNS, stream)
    cells = [row.table_row() for row in rows]
    write_table(cells, kind.TABLE or kind.COLUMNS, title, footer)
    return len(cells)
