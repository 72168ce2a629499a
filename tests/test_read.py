"""Tables for reading one article: the date token, exact text, and the files refused."""

from __future__ import annotations

import gzip
import hashlib
import io
from datetime import date
from pathlib import Path

import pytest

from quotes.errors import InputError, QuotesError
from quotes.extract import read
from quotes.extract.formats import PendingFile, read_pending, sniff
from quotes.extract.language import detect, normalise_tag
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


# (file name, first bytes, format read): the content wins where it is unmistakable.
SNIFF_ROWS = [
    pytest.param("a.txt", b" date 2024-01-01\nText.", "txt", id="text"),
    pytest.param("a.txt", b"\xef\xbb\xbf<!DOCTYPE html><html>", "html", id="page-named-txt"),
    pytest.param("a.html", b"<html><body>", "html", id="html"),
    pytest.param("a.htm", b"garbled but named a page", "html", id="named-htm"),
    pytest.param("a.jsonl", b'{"text": "x"}\n', "jsonl", id="jsonl"),
    pytest.param("a.ndjson", b'{"text": "x"}\n', "jsonl", id="ndjson"),
    pytest.param("a.json", b'{"text": "x"}\n', "jsonl", id="json-lines-named-json"),
    pytest.param("a.csv", b"text,title\n", "csv", id="csv"),
    pytest.param("a.tsv", b"text\ttitle\n", "tsv", id="tsv"),
    pytest.param("a.warc", b"WARC/1.0\r\n", "warc", id="warc"),
    pytest.param("crawl", b"WARC/1.1\r\n", "warc", id="warc-without-extension"),
    pytest.param("export", b'{"text": "x"}', "jsonl", id="jsonl-without-extension"),
    pytest.param("page", b"<!doctype html>", "html", id="html-without-extension"),
    pytest.param("notes", b"Plain words.", "txt", id="text-without-extension"),
]


@pytest.mark.parametrize(("name", "head", "expected"), SNIFF_ROWS)
def test_a_file_format_by_name_and_first_bytes(name: str, head: bytes, expected: str) -> None:
    assert sniff(name, head, io.BytesIO(head)) == expected


def test_a_gzipped_archive_is_told_from_other_gzip_files() -> None:
    archive = gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n")
    assert sniff("crawl.warc.gz", archive[:512], io.BytesIO(archive)) == "warc"
    other = gzip.compress(b"just text")
    with pytest.raises(InputError, match=r"^x\.gz: a gzip file that is not a web archive"):
        sniff("x.gz", other[:512], io.BytesIO(other))
    with pytest.raises(InputError, match=r"^x\.warc: not a web archive"):
        sniff("x.warc", b"hello", io.BytesIO(b"hello"))


# (text, language): a news paragraph of each, written for this test.
LANGUAGE_ROWS = [
    ("The minister said the talks would resume after the holiday weekend.", "en"),
    ("Министр сказал, что переговоры возобновятся после праздничных выходных.", "ru"),
    ("Міністр сказав, що переговори відновляться після святкових вихідних.", "uk"),
    ("Ministr řekl, že jednání budou pokračovat po prodlouženém víkendu.", "cs"),
    ("Der Minister sagte, die Gespräche würden nach dem Feiertag fortgesetzt.", "de"),
    ("Minister powiedział, że rozmowy zostaną wznowione po długim weekendzie.", "pl"),
    ("12 345 678 — 2024", None),
    ("   ", None),
]


@pytest.mark.parametrize(("text", "expected"), LANGUAGE_ROWS)
def test_language_detection(text: str, expected: str | None) -> None:
    assert detect(text) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("pt_BR", "pt"),
        ("RU", "ru"),
        ("Ukrainian", "uk"),
        ("ukr", "ukr"),
        ("", None),
        ("english language", None),
        ("12", None),
    ],
)
def test_a_record_language_becomes_a_primary_code(value: str, code: str | None) -> None:
    assert normalise_tag(value) == code


def test_a_text_file_gets_its_detected_language(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(" date 2024-01-01\nМинистр сказал, что переговоры продолжатся.\n")
    article = read_pending(PendingFile(str(path), "txt"))
    assert (article.language, article.date) == ("ru", date(2024, 1, 1))
