"""Tables for reading one article: the date token, exact text, and the files refused."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from quotes.errors import InputError, QuotesError
from quotes.extract import read
from quotes.extract.read import parse_article
from quotes.extract.splitter import split

PATH = "feeds/2024/odd name.txt"

# (data, date, what the body is once the token is skipped)
DATE_ROWS = [
    pytest.param(
        b" date 2024-03-05\n\nThe river rose overnight.",
        date(2024, 3, 5),
        "The river rose overnight.",
        id="own-line",
    ),
    pytest.param(
        b' date 2024-03-05 "We will stay," she said.',
        date(2024, 3, 5),
        '"We will stay," she said.',
        id="same-line-as-first-paragraph",
    ),
    pytest.param(
        b"date 2024-03-05\nThe river rose overnight.",
        date(2024, 3, 5),
        "The river rose overnight.",
        id="no-leading-space",
    ),
    pytest.param(
        b"\t date  2024-03-05\t\nThe river rose overnight.",
        date(2024, 3, 5),
        "The river rose overnight.",
        id="tabs-and-double-spaces",
    ),
    pytest.param(
        b" date 2024-03-05\r\n\r\nThe river rose overnight.\r\n",
        date(2024, 3, 5),
        "The river rose overnight.",
        id="crlf",
    ),
    pytest.param(
        b"\xef\xbb\xbf date 2024-03-05\nThe river rose overnight.",
        date(2024, 3, 5),
        "The river rose overnight.",
        id="after-byte-order-mark",
    ),
    pytest.param(
        b" date 2024-02-29\nA leap day.",
        date(2024, 2, 29),
        "A leap day.",
        id="leap-day",
    ),
    pytest.param(b"The river rose overnight.", None, "The river rose overnight.", id="no-token"),
    pytest.param(
        b'date night, she said, was "a success".',
        None,
        'date night, she said, was "a success".',
        id="opens-with-the-word-date",
    ),
    pytest.param(
        b"The date 2024-03-05 was set for the vote.",
        None,
        "The date 2024-03-05 was set for the vote.",
        id="date-not-leading",
    ),
    pytest.param(
        b"Floods in the north\n date 2024-03-05\nThe river rose.",
        None,
        "Floods in the north\n date 2024-03-05\nThe river rose.",
        id="token-on-second-line",
    ),
]


@pytest.mark.parametrize(("data", "day", "body"), DATE_ROWS)
def test_date_token(data: bytes, day: date | None, body: str) -> None:
    article = parse_article(PATH, data)
    assert article.date == day
    assert article.warnings == ()
    assert 0 <= article.body_start <= len(article.text)
    assert article.text[article.body_start :].strip() == body.strip()
    if day is None:
        assert article.body_start == 0
    else:
        # Everything skipped is the token itself, nothing of the body.
        skipped = article.text[: article.body_start].strip("\ufeff \t")
        assert skipped.split() == ["date", day.isoformat()]


# A token whose value is not a real YYYY-MM-DD date: warn, store undated, still skip it.
MALFORMED_ROWS = [
    pytest.param(b" date 2022-13-45\nThe river rose.", "2022-13-45", id="month-13-day-45"),
    pytest.param(b" date 2023-02-29\nThe river rose.", "2023-02-29", id="not-a-leap-year"),
    pytest.param(b" date 2022-04-31\nThe river rose.", "2022-04-31", id="april-31"),
    pytest.param(b" date 10/03/2022\nThe river rose.", "10/03/2022", id="slashes"),
    pytest.param(b" date 2022-3-5\nThe river rose.", "2022-3-5", id="unpadded"),
    pytest.param(b" date 2022.03.05\nThe river rose.", "2022.03.05", id="dots"),
    pytest.param(b" date 20220305 The river rose.", "20220305", id="no-separators"),
]


@pytest.mark.parametrize(("data", "value"), MALFORMED_ROWS)
def test_malformed_date_warns_and_is_undated(data: bytes, value: str) -> None:
    article = parse_article(PATH, data)
    assert article.date is None
    assert len(article.warnings) == 1
    assert PATH in article.warnings[0]
    assert value in article.warnings[0]
    assert article.text[article.body_start :].strip() == "The river rose."


def test_text_is_kept_exactly_so_offsets_hold() -> None:
    data = " date 2024-03-05 “We will stay,” she said.\r\n\r\nIt’s raining.\r\n".encode()
    article = parse_article(PATH, data)
    assert article.text == data.decode("utf-8")
    assert article.path == PATH
    assert article.sha256 == hashlib.sha256(data).hexdigest()
    spans = split(article.text, article.body_start)
    assert [article.text[s.start : s.end] for s in spans] == ["We will stay,"]
    assert spans[0].kind == "full"


def test_the_same_bytes_give_the_same_hash() -> None:
    data = b'"We will stay," she said.'
    assert parse_article("a.txt", data).sha256 == parse_article("b.txt", data).sha256
    assert parse_article("a.txt", data).sha256 != parse_article("a.txt", data + b"\n").sha256


def test_an_article_at_the_size_limit_is_read() -> None:
    data = b"a" * read.MAX_ARTICLE_BYTES
    assert len(parse_article(PATH, data).text) == read.MAX_ARTICLE_BYTES


REFUSED_ROWS = [
    pytest.param(b"", id="empty"),
    pytest.param(b" \n\t\r\n  \n", id="whitespace-only"),
    pytest.param(b"\xef\xbb\xbf\n", id="byte-order-mark-only"),
    pytest.param("\u00a0\n\u00a0".encode(), id="no-break-spaces-only"),
    pytest.param(b"\x0c\n\x0b\n", id="form-feed-and-vertical-tab-only"),
    pytest.param(b"The river\x00 rose.", id="nul-byte"),
    pytest.param("The river rose.".encode("utf-16"), id="utf-16"),
    pytest.param(b"The caf\xe9 flooded.", id="latin-1"),
    pytest.param(b"\x93We will stay,\x94 she said.", id="windows-1252-quotes"),
    pytest.param(b"The river rose \xe2\x80", id="truncated-sequence"),
    pytest.param(b"An overlong slash \xc0\xaf here.", id="overlong-encoding"),
    pytest.param(b"A lone surrogate \xed\xa0\x80 here.", id="encoded-surrogate"),
    pytest.param(b"a" * (read.MAX_ARTICLE_BYTES + 1), id="over-size"),
]


@pytest.mark.parametrize("data", REFUSED_ROWS)
def test_refused_files_raise_input_error_naming_the_file(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        parse_article(PATH, data)
    assert PATH in str(caught.value)
    assert isinstance(caught.value, QuotesError)
