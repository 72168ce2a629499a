"""Reading one article: bytes in, a decoded Article out, or an InputError saying why not."""

from __future__ import annotations

import hashlib
import re
from datetime import date

from quotes.errors import InputError
from quotes.types import Article

# The corpus convention: the file opens with " date YYYY-MM-DD", sometimes on the same line
# as the first paragraph. Only a date-like value is taken as the token, so an article that
# happens to open with the word "date" is left alone.
_DATE_TOKEN = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d[\d./-]*\d)(?!\w)[ \t]*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# A larger article is almost certainly not one news story; refusing it keeps memory bounded.
MAX_ARTICLE_BYTES = 20_000_000


def parse_article(path: str, data: bytes) -> Article:
    """Decode ``data`` (strict UTF-8) and read its optional date token."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(
            f"{path}: {len(data):,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte limit for one"
            " article; split it into separate files"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"{path}: UTF-16 text, skipped; convert it first, e.g. `iconv -f utf-16 -t utf-8`"
        )
    if b"\x00" in data:
        raise InputError(f"{path}: binary file (contains NUL bytes), skipped; give text files")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 (bad byte at offset {exc.start}), skipped;"
            " convert it first, e.g. `iconv -f latin1 -t utf-8`"
        ) from None
    if not text.replace("\ufeff", "").strip():
        raise InputError(f"{path}: empty file, skipped")
    day, body_start, warnings = _date_token(path, text)
    if not text[body_start:].strip():
        raise InputError(f"{path}: nothing but a date token, skipped")
    sha = hashlib.sha256(data).hexdigest()
    return Article(path, text, sha, day, body_start, tuple(warnings))


def _date_token(path: str, text: str) -> tuple[date | None, int, list[str]]:
    match = _DATE_TOKEN.match(text)
    if match is None:
        return None, 0, []
    value = match.group(1)
    if _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value), match.end(), []
        except ValueError:
            pass
    return (
        None,
        match.end(),
        [f"{path}: date token {value!r} is not a YYYY-MM-DD date; stored undated"],
    )
