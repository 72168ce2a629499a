"""Rows as JSON (one array), JSON lines or CSV: the formats programs read.

No terminal here (that is ``quotes.output``): sheets and exports write files with these.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Protocol, TextIO


class Listing(Protocol):
    """A typed row (``quotes.report.rows``): its columns, its dict, CSV record, table cells."""

    COLUMNS: ClassVar[tuple[str, ...]]
    TABLE: ClassVar[tuple[str, ...]]

    def to_dict(self) -> dict[str, Any]: ...

    def flat(self) -> dict[str, Any]: ...

    def table_row(self) -> dict[str, Any]: ...


# A cell that starts like a formula runs as one in a spreadsheet; a leading quote disarms it.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_json(rows: Iterable[Listing], out: TextIO) -> int:
    """One JSON array, a row per line between its brackets, so it streams and still parses."""
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(row.to_dict(), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def write_jsonl(rows: Iterable[Listing], out: TextIO) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: TextIO) -> int:
    """CSV of ``columns``, every cell disarmed of spreadsheet formulas."""
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: safe_cell(_csv_value(v)) for k, v in row.items()})
        count += 1
    return count


def _csv_value(value: Any) -> Any:
    """A list in a CSV cell is its items joined; anything richer stays JSON."""
    if isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value):
        return " | ".join(str(v) for v in value)
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return value
