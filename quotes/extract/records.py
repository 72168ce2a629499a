"""Article exports, one article per record: JSON lines and CSV, read a record at a time.

A record names its fields as its exporter chose ("body", "publishedAt", "source": {"name"});
``FIELD_ALIASES`` lists the common spellings of each field, first match wins, and a
``FieldMap`` ({"text": "story"}) names a column the aliases do not know. A record that cannot
be used becomes an ``InputError`` naming the file and the record; the next one is read.
"""

from __future__ import annotations

import csv
import email.utils
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import BinaryIO, Literal

from quotes.errors import InputError
from quotes.extract.html import outlet_of
from quotes.extract.language import normalise_tag
from quotes.extract.read import MAX_ARTICLE_BYTES
from quotes.types import SourceMeta

Field = Literal["text", "html", "url", "outlet", "title", "author", "published", "id", "language"]
FieldMap = Mapping[str, str]

# Spellings met in scrapers' and news APIs' exports, compared with case, "_" and "-" ignored.
FIELD_ALIASES: dict[Field, tuple[str, ...]] = {
    "text": tuple(
        "text body content maintext articletext articlebody fulltext article story".split()
    ),
    "html": tuple("html rawhtml htmlcontent pagehtml".split()),
    "url": tuple("url canonicalurl link uri articleurl sourceurl permalink".split()),
    "outlet": tuple(
        "outlet source site sitename publisher sourcename publication newspaper media"
        " domain".split()
    ),
    "title": tuple("title headline heading".split()),
    "author": tuple("author authors byline creator writer".split()),
    "published": tuple(
        "published date publishedat publishdate publisheddate datepublished publicationdate"
        " pubdate datetime created createdat timestamp".split()
    ),
    "id": tuple("id articleid docid documentid guid uuid".split()),
    "language": tuple("language lang languagecode langcode locale".split()),
}
FIELDS: tuple[Field, ...] = tuple(FIELD_ALIASES)

_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?![\d])")
_DOTTED_DAY = re.compile(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d])")
# An epoch timestamp in seconds or milliseconds, between 1990 and 2100.
_EPOCH_SECONDS = (631_152_000, 4_102_444_800)

# The csv module's own field limit is 128 KiB; an article may be longer.
csv.field_size_limit(MAX_ARTICLE_BYTES)


@dataclass(frozen=True, slots=True)
class RecordArticle:
    """One record's article before it is read: its text or page, and what the record says."""

    path: str
    # "text": ``content`` is the article; "html": ``content`` is a page to extract it from.
    kind: Literal["text", "html"]
    content: str
    source: SourceMeta
    language: str | None = None
    warnings: tuple[str, ...] = ()


def parse_field_map(pairs: Iterator[str] | tuple[str, ...] | list[str]) -> dict[str, str]:
    """``["text=body", "outlet=paper"]`` as a FieldMap; an InputError names a bad pair."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or not column:
            raise InputError(f"--field {pair!r}: write FIELD=COLUMN, e.g. text=body")
        if field not in FIELDS:
            raise InputError(f"--field {pair!r}: no field {field!r}; one of {', '.join(FIELDS)}")
        mapping[field] = column
    return mapping


def jsonl_records(
    path: str, stream: BinaryIO, fields: FieldMap | None = None
) -> Iterator[RecordArticle | InputError]:
    """The articles of a JSON-lines file, one per non-blank line, read a line at a time."""
    number = 0
    while True:
        line = stream.readline(MAX_ARTICLE_BYTES + 1)
        if not line:
            return
        number += 1
        where = f"{path} line {number}"
        if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield InputError(f"{where}: over {MAX_ARTICLE_BYTES:,} bytes for one article, skipped")
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(line.decode("utf-8").rstrip("\r\n"))
        except UnicodeDecodeError as exc:
            yield InputError(f"{where}: not UTF-8 (bad byte at offset {exc.start}), skipped")
            continue
        except json.JSONDecodeError as exc:
            at = "" if exc.msg.endswith(" at") else " at"
            yield InputError(f"{where}: not JSON ({exc.msg}{at} column {exc.colno}), skipped")
            continue
        if not isinstance(value, dict):
            hint = "; a JSON array? write one object per line" if number == 1 else ""
            yield InputError(f"{where}: not a JSON object, skipped{hint}")
            continue
        yield _record(path, f"line {number}", value, fields)


def csv_records(
    path: str, stream: BinaryIO, fields: FieldMap | None = None, delimiter: str | None = None
) -> Iterator[RecordArticle | InputError]:
    """The articles of a CSV file with a header row, one per row, read a row at a time.

    The delimiter is the header line's most frequent of comma, semicolon and tab (spreadsheets
    in many locales write semicolons) unless given. Bytes that are not UTF-8 spoil only the
    rows that hold them.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    header_line = text.readline()
    if not header_line.strip():
        yield InputError(f"{path}: no header row, skipped")
        return
    if delimiter is None:
        delimiter = max(",;\t", key=header_line.count)
    header = next(csv.reader([header_line], delimiter=delimiter))
    reader = csv.reader(text, delimiter=delimiter)
    number = 1  # the header is row 1, as a spreadsheet numbers it
    while True:
        number += 1
        where = f"{path} row {number}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputError(f"{where}: not CSV ({exc}), skipped")
            continue
        if not any(cell.strip() for cell in row):
            continue
        if any(_has_bad_bytes(cell) for cell in row):
            yield InputError(f"{where}: not UTF-8, skipped")
            continue
        if len(row) > len(header):
            yield InputError(
                f"{where}: {len(row)} cells under a header of {len(header)}"
                " (a delimiter in an unquoted cell?), skipped"
            )
            continue
        yield _record(path, f"row {number}", dict(zip(header, row, strict=False)), fields)


def _record(
    path: str, where: str, value: Mapping[str, object], fields: FieldMap | None
) -> RecordArticle | InputError:
    found = _fields(value, fields or {})
    text, html = found.get("text"), found.get("html")
    content = text if isinstance(text, str) and text.strip() else None
    kind: Literal["text", "html"] = "text"
    if content is None and isinstance(html, str) and html.strip():
        content, kind = html, "html"
    if content is None:
        names = ", ".join(FIELD_ALIASES["text"][:4])
        return InputError(
            f"{path} {where}: no article text (looked for {names}, …;"
            " name the field with --field text=NAME), skipped"
        )
    if len(content) > MAX_ARTICLE_BYTES:
        return InputError(f"{path} {where}: over {MAX_ARTICLE_BYTES:,} characters, skipped")
    if "\x00" in content:
        return InputError(f"{path} {where}: the text holds NUL characters, skipped")
    warnings: list[str] = []
    published = _date(found.get("published"), f"{path} {where}", warnings)
    url = _text(found.get("url"))
    language = None
    raw_language = _text(found.get("language"))
    if raw_language:
        language = normalise_tag(raw_language)
        if language is None:
            warnings.append(f"{path} {where}: language {raw_language!r} is no language code")
    record_id = _text(found.get("id"))
    outlet = _text(found.get("outlet"))
    if outlet is None and kind == "text":  # a page's own site name comes first (see html)
        outlet = outlet_of(url)
    source = SourceMeta(
        outlet=outlet,
        url=url,
        title=_text(found.get("title")),
        author=_text(found.get("author")),
        published=published,
        record=f"id {record_id}" if record_id else where,
    )
    return RecordArticle(path, kind, content, source, language, tuple(warnings))


def _fields(value: Mapping[str, object], fields: FieldMap) -> dict[Field, object]:
    by_key: dict[str, object] = {}
    for key, item in value.items():
        by_key.setdefault(_key(key), item)
    found: dict[Field, object] = {}
    for field, aliases in FIELD_ALIASES.items():
        mapped = fields.get(field)
        if mapped is not None:
            item = value.get(mapped, by_key.get(_key(mapped)))
            if item is not None:
                found[field] = item
            continue
        for alias in aliases:
            item = by_key.get(alias)
            if item is not None and item != "":
                found[field] = item
                break
    return found


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _text(value: object) -> str | None:
    """A metadata value as one line of text: a list is joined, an object gives its name."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("id")
    if isinstance(value, list):
        parts = [_text(v) for v in value]
        value = ", ".join(p for p in parts if p)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def parse_date(value: object) -> date | None:
    """An export's date: ISO 8601 (its own calendar day), RFC 2822 (feeds), DD.MM.YYYY, or
    epoch seconds or milliseconds; None for anything else."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
        if seconds > _EPOCH_SECONDS[1]:
            seconds /= 1000
        if _EPOCH_SECONDS[0] <= seconds <= _EPOCH_SECONDS[1]:
            return datetime.fromtimestamp(seconds, UTC).date()
        return None
    if not isinstance(value, str) or not value.strip():
        return None
    if value.strip().isdigit():
        return parse_date(int(value))
    for pattern, order in ((_ISO_DAY, (1, 2, 3)), (_DOTTED_DAY, (3, 2, 1))):
        match = pattern.match(value)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            try:
                return date(year, month, day)
            except ValueError:
                return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _date(value: object, where: str, warnings: list[str]) -> date | None:
    if value is None or value == "":
        return None
    day = parse_date(value)
    if day is None:
        warnings.append(f"{where}: date {str(value)[:40]!r} not understood; stored undated")
    return day


def _has_bad_bytes(cell: str) -> bool:
    # surrogateescape turns each byte that is not UTF-8 into a lone surrogate U+DC80..U+DCFF.
    return any("\udc80" <= ch <= "\udcff" for ch in cell)


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return
