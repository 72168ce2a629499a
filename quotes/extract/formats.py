"""Which reader a file needs, chosen by its name and its first bytes, and the article each
of its records becomes.

``pending`` streams a file's articles-to-be: a plain-text or HTML file is one (read later,
in a worker, from its path), an export or an archive holds many and is read a record at a
time, so memory stays flat however large the file. ``read_pending`` turns one into an
``Article`` with its source metadata and language.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO, Literal

from quotes.errors import InputError
from quotes.extract.html import parse_html
from quotes.extract.language import detect
from quotes.extract.paths import open_regular, stored_path
from quotes.extract.read import MAX_ARTICLE_BYTES, parse_article
from quotes.extract.records import FieldMap, RecordArticle, csv_records, jsonl_records
from quotes.extract.warc import ArchivedPage, warc_pages
from quotes.types import Article, SourceMeta

Format = Literal["txt", "html", "jsonl", "csv", "tsv", "warc"]

# Names a folder walk picks up (case aside: ``.TXT`` too); a file of any other name is read
# when given directly, and named as skipped when met in a folder.
WALKED: dict[str, Format] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",  # Markdown is prose with a little markup: its quotes read as in text
    ".markdown": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",  # JSON lines under the common name; a JSON array is refused with a hint
    ".csv": "csv",
    ".tsv": "tsv",
    ".warc": "warc",
    ".warc.gz": "warc",
}
NAMED: dict[str, Format] = {**WALKED, ".arc": "warc", ".arc.gz": "warc"}
# For the line that names a file a folder walk skipped.
KNOWN_NAMES = ".txt, .md, .html, .jsonl, .json, .csv, .tsv, .warc, .warc.gz"
# The formats whose file is one article (the rest hold many).
SINGLE: frozenset[Format] = frozenset({"txt", "html"})

_HEAD_BYTES = 512
# The start of a JSON object or an array of them: '{"key":', '[{"key":' (prose never is).
_JSON_OBJECT = re.compile(rb'\{\s*"[^"\n]{0,200}"\s*:')
_JSON_ARRAY = re.compile(rb'\[\s*\{\s*"[^"\n]{0,200}"\s*:')
_HTML_STARTS = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<!--")


@dataclass(frozen=True, slots=True)
class PendingFile:
    """A file that is one article, read when its turn comes (in a worker, with several)."""

    path: str
    format: Literal["txt", "html"]


Pending = PendingFile | RecordArticle | ArchivedPage


def walked(name: str) -> bool:
    """Whether a folder walk reads this file (by its name alone)."""
    return _suffix(name, WALKED) is not None


def format_by_name(name: str) -> Format | None:
    return _suffix(name, NAMED)


def pending(path: str, fields: FieldMap | None = None) -> Iterator[Pending | InputError]:
    """The articles-to-be of one file, in file order; problems as InputErrors."""
    try:
        stream = open_regular(path)
    except InputError as exc:
        yield exc
        return
    with stream:
        try:
            head = stream.read(_HEAD_BYTES)
            stream.seek(0)
            kind = sniff(path, head, stream)
        except InputError as exc:
            yield exc
            return
        except OSError as exc:
            yield InputError(f"{path}: cannot read ({exc.strerror}), skipped")
            return
        if kind in SINGLE:
            yield PendingFile(path, "html" if kind == "html" else "txt")
        elif kind == "jsonl":
            yield from _guarded(path, jsonl_records(path, stream, fields))
        elif kind in ("csv", "tsv"):
            delimiter = "\t" if kind == "tsv" else None
            yield from _guarded(path, csv_records(path, stream, fields, delimiter))
        else:
            yield from _guarded(path, warc_pages(path, stream))


def sniff(path: str, head: bytes, stream: BinaryIO) -> Format:
    """The file's format: its first bytes where they are unmistakable, else its name."""
    by_name = format_by_name(path)
    if head.startswith(b"\x1f\x8b"):
        if _gzipped_warc(stream):
            return "warc"
        raise InputError(f"{path}: a gzip file that is not a web archive (WARC), skipped")
    if head.startswith(b"WARC/"):
        return "warc"
    if by_name == "warc":
        raise InputError(f"{path}: not a web archive (no WARC header at the start), skipped")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if by_name == "jsonl" and start.startswith(b"["):
        raise InputError(
            f"{path}: a JSON array, not JSON lines (one object per line); convert it first,"
            " e.g. `jq -c '.[]'`"
        )
    if by_name in (None, "txt") and start.startswith(_HTML_STARTS):
        return "html"  # a saved page named .txt (or nothing) is still a page
    if by_name == "txt" and _JSON_OBJECT.match(start):
        # Read as prose, its keys and values would be taken for quotes.
        raise InputError(
            f"{path}: JSON lines (one JSON object per line), not article text; name the file"
            " .jsonl to read each line as an article (--field maps its columns), skipped"
        )
    if by_name in (None, "txt") and _JSON_ARRAY.match(start):
        raise InputError(
            f"{path}: a JSON array, not article text; convert it to JSON lines named .jsonl"
            " first, e.g. `jq -c '.[]' file > file.jsonl`, skipped"
        )
    if by_name is None and start.startswith(b"{"):
        return "jsonl"
    return by_name or "txt"


def read_pending(item: Pending) -> Article:
    """The article of one pending item, with its language; InputError when there is none."""
    if isinstance(item, PendingFile):
        data = _read_file(item.path)
        if item.format == "html":
            article = parse_html(item.path, data)
        else:
            article = parse_article(item.path, data)
        language = None
    elif isinstance(item, ArchivedPage):
        article = parse_html(item.path, item.html, item.url, item.record, item.captured, item.where)
        if article.source.url is None:
            article = replace(article, source=replace(article.source, url=item.url))
        language = None
    else:
        article = _record_article(item)
        language = item.language
    if language is None:
        language = detect(article.text[article.body_start :])
    # One spelling per file, however the command line named it: one source, not several.
    return replace(article, path=stored_path(article.path), language=language)


def _record_article(item: RecordArticle) -> Article:
    given = item.source
    if item.kind == "html":
        page = parse_html(item.path, item.content, given.url, given.record)
        # What the record says outranks what the page is read to say.
        read = page.source
        source = SourceMeta(
            outlet=given.outlet or read.outlet,
            url=given.url or read.url,
            title=given.title or read.title,
            author=given.author or read.author,
            published=given.published or read.published,
            record=given.record,
        )
        return replace(
            page, source=source, date=source.published or page.date, warnings=item.warnings
        )
    sha = hashlib.sha256(item.content.encode("utf-8", "surrogatepass")).hexdigest()
    return Article(item.path, item.content, sha, given.published, 0, item.warnings, given)


def _read_file(path: str) -> bytes:
    with open_regular(path) as stream:
        try:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_ARTICLE_BYTES:  # refuse before reading: a huge file must not fill memory
                raise InputError(
                    f"{path}: {size:,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte limit for"
                    " one article; split it into separate files"
                )
            return stream.read(MAX_ARTICLE_BYTES + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror}), skipped") from None


def _guarded(
    path: str, items: Iterator[RecordArticle | ArchivedPage | InputError]
) -> Iterator[Pending | InputError]:
    """The items of a many-article file; a read error part-way ends the file with one line."""
    count = 0
    try:
        for item in items:
            count += 1
            yield item
    except (OSError, EOFError, zlib.error) as exc:
        yield InputError(
            f"{path}: cannot read past item {count} ({type(exc).__name__}); the rest skipped"
        )


def _gzipped_warc(stream: BinaryIO) -> bool:
    try:
        with gzip.GzipFile(fileobj=stream) as unzipped:
            start = unzipped.read(5)
    except (OSError, EOFError, zlib.error):
        return False
    finally:
        stream.seek(0)
    return start == b"WARC/"


def _suffix(name: str, table: dict[str, Format]) -> Format | None:
    lower = name.lower()
    for suffix in sorted(table, key=len, reverse=True):
        if lower.endswith(suffix):
            return table[suffix]
    return None
