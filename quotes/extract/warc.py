"""Web archives (WARC, WARC.gz): every HTML page a crawl fetched is one article.

warcio reads the archive as a stream, a record at a time, and undoes the HTTP transfer
and content encodings; only successful HTML responses are articles (requests, metadata,
revisits, redirects, images are not). Each keeps its target URI and capture date.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

from quotes.errors import InputError
from quotes.extract.read import MAX_ARTICLE_BYTES

_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    """One HTML response of an archive, its page not yet read."""

    path: str
    record: str
    url: str | None
    captured: date | None
    html: bytes
    # "crawl.warc.gz record 5 (<urn:uuid:…>)", for messages.
    where: str


class ArchiveDamaged(Exception):
    """A compressed archive that ends inside a record or holds bytes gzip cannot read."""


class _Strict:
    """A gzipped archive's bytes, read through ``gzip``: unlike warcio's own reader it
    raises on a truncated or corrupt file, and the EOFError it raises for a truncation
    (which warcio takes for the end of the archive) becomes ArchiveDamaged."""

    def __init__(self, raw: BinaryIO) -> None:
        self._unzipped = gzip.GzipFile(fileobj=raw)

    def read(self, size: int = -1) -> bytes:
        try:
            # read1: what is there now, so the records before a truncation still come out.
            return self._unzipped.read1(size)
        except EOFError:
            raise ArchiveDamaged("the file ends inside a record") from None
        except (zlib.error, gzip.BadGzipFile) as exc:
            raise ArchiveDamaged(f"not readable as gzip: {exc}") from None

    def close(self) -> None:
        self._unzipped.close()


def open_archive(stream: BinaryIO) -> BinaryIO | _Strict:
    """The archive's WARC bytes, unzipped by ``_Strict`` when gzipped."""
    start = stream.read(2)
    stream.seek(0)
    return _Strict(stream) if start == b"\x1f\x8b" else stream


def warc_pages(path: str, stream: BinaryIO) -> Iterator[ArchivedPage | InputError]:
    """The archive's HTML responses in order; a record that cannot be read is an InputError.

    A page whose payload cannot be decoded is skipped and the next record read; damage to
    the archive's own framing ends the file, since no record boundary can be trusted after it.
    """
    number = 0
    records = iter(ArchiveIterator(open_archive(stream)))
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except Exception as exc:  # warcio raises several kinds for a damaged archive
            yield InputError(
                f"{path} record {number + 1}: damaged archive ({_reason(exc)});"
                " the rest of the file skipped"
            )
            return
        number += 1
        if record.rec_type != "response" or record.http_headers is None:
            continue
        if record.http_headers.get_statuscode() != "200":
            continue
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
        if not content_type.startswith(_HTML_TYPES):
            continue
        headers = record.rec_headers
        record_id = headers.get_header("WARC-Record-ID") or f"record {number}"
        where = f"{path} record {number} ({record_id})"
        try:
            html = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
        except ArchiveDamaged as exc:
            yield InputError(
                f"{where}: damaged archive ({_reason(exc)}); the rest of the file skipped"
            )
            return
        except Exception as exc:  # a bad transfer or content encoding spoils this page only
            yield InputError(f"{where}: cannot decode the page ({_reason(exc)}), skipped")
            continue
        if len(html) > MAX_ARTICLE_BYTES:
            yield InputError(f"{where}: over {MAX_ARTICLE_BYTES:,} bytes for one page, skipped")
            continue
        yield ArchivedPage(
            path,
            record_id,
            headers.get_header("WARC-Target-URI"),
            _capture_date(headers.get_header("WARC-Date")),
            html,
            where,
        )


def _capture_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:80]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
