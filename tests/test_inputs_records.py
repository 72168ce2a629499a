"""Article exports: JSON lines and CSV, one article per record, fields by their common names."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from quotes.errors import InputError
from quotes.extract.formats import pending, read_pending
from quotes.extract.records import (
    RecordArticle,
    csv_records,
    jsonl_records,
    parse_date,
    parse_field_map,
)

DATA = Path(__file__).parent / "data" / "inputs"
WIRE = (
    "Harbour operators across the region prepared on Tuesday for weeks of disruption.\n\n"
    '"We are not in a hurry and we will not be pushed," Peskov told reporters in Moscow.\n\n'
    "The operators said contracts signed in the spring were already being renegotiated."
)


def _articles(path: Path) -> tuple[list[RecordArticle], list[str]]:
    items = list(pending(str(path)))
    good = [i for i in items if isinstance(i, RecordArticle)]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert len(good) + len(errors) == len(items)
    return good, errors


def test_a_jsonl_export_gives_each_record_with_its_metadata() -> None:
    good, errors = _articles(DATA / "export.jsonl")
    path = str(DATA / "export.jsonl")
    assert errors == [
        f"{path} line 3: not JSON (Unterminated string starting at column 26), skipped",
        f"{path} line 4: no article text (looked for text, body, content, maintext, …;"
        " name the field with --field text=NAME), skipped",
    ]
    articles = [read_pending(item) for item in good]
    got = [
        (a.source.outlet, a.source.url, a.source.title, a.source.author, a.date, a.language)
        for a in articles
    ]
    assert got == [
        (
            "Northern Wire",  # NewsAPI's {"source": {"id", "name"}}
            "https://www.northernwire.example.com/world/2024/03/12/ports",
            "Ports brace for a long standoff",
            "Anna Keller",
            date(2024, 3, 12),
            "en",
        ),
        (
            "example.co.uk",  # no outlet given: the URL's registered domain
            "https://news.example.co.uk/world/2024/03/13/grain",
            "Grain prices climb after talks stall",
            "Lena Fischer, Omar Haddad",
            date(2024, 3, 13),  # RFC 2822, as feeds write it
            "en",  # detected
        ),
        (
            "Baltic Herald",
            "https://balticherald.example.net/a/77",
            "Kremlin: no hurry on ports",
            None,
            date(2024, 3, 12),
            "en",
        ),
        ("Kyiv Daily Example", None, None, None, date(2024, 3, 15), "uk"),
    ]
    assert [a.source.record for a in articles] == ["id nw-0312-1", "line 2", "id bh-77", "id uk-5"]
    # The same words from two outlets are one text: stored as one document, two sources.
    assert articles[0].text == articles[2].text == WIRE
    assert articles[0].sha256 == articles[2].sha256


def test_a_csv_export_keeps_paragraphs_inside_a_cell() -> None:
    good, errors = _articles(DATA / "export.csv")
    assert errors == [
        f"{DATA / 'export.csv'} row 4: no article text (looked for text, body, content,"
        " maintext, …; name the field with --field text=NAME), skipped"
    ]
    first, second = (read_pending(item) for item in good)
    assert first.source.outlet == second.source.outlet == "The Harbour Daily"
    assert first.date == date(2024, 3, 14)  # 14.03.2024
    assert first.source.author == "Tomas Berg" and second.source.author is None
    assert first.text.count("\n\n") == 2
    assert first.text.splitlines()[2].startswith('"The escorts will continue')


def test_a_field_map_names_columns_the_aliases_do_not_know() -> None:
    data = b"copy,paper,day\nThe ferry ran late again.,Island Post,2024-06-01\n"
    fields = parse_field_map(["text=copy", "outlet=paper", "published=day"])
    (item,) = csv_records("x.csv", io.BytesIO(data), fields)
    assert isinstance(item, RecordArticle)
    assert (item.content, item.source.outlet, item.source.published) == (
        "The ferry ran late again.",
        "Island Post",
        date(2024, 6, 1),
    )
    (unmapped,) = csv_records("x.csv", io.BytesIO(data))
    assert isinstance(unmapped, InputError)


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (["text"], "--field 'text': write FIELD=COLUMN, e.g. text=body"),
        (["text="], "--field 'text=': write FIELD=COLUMN, e.g. text=body"),
        (["speaker=who"], "--field 'speaker=who': no field 'speaker'; one of text, html,"),
    ],
)
def test_a_bad_field_map_is_one_clear_error(pairs: list[str], message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_field_map(pairs)
    assert str(caught.value).startswith(message)


def test_aliases_ignore_case_and_separators() -> None:
    line = json.dumps(
        {"Article_Body": "Rain fell all day.", "Published-At": "2024-01-02", "SiteName": "X"}
    )
    (item,) = jsonl_records("x.jsonl", io.BytesIO(line.encode()))
    assert isinstance(item, RecordArticle)
    assert (item.source.outlet, item.source.published) == ("X", date(2024, 1, 2))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param(b"[1, 2]", "x.jsonl line 1: not a JSON object, skipped", id="array"),
        pytest.param(b'{"text": "caf\xe9"}', "x.jsonl line 1: not UTF-8", id="latin-1"),
        pytest.param(b'{"text": "a\\u0000b"}', "x.jsonl line 1: the text holds NUL", id="nul"),
        pytest.param(b'{"text": 42}', "x.jsonl line 1: no article text", id="text-not-str"),
        pytest.param(b'{"text": "   "}', "x.jsonl line 1: no article text", id="blank"),
    ],
)
def test_a_bad_record_is_skipped_with_one_line_and_the_next_read(line: bytes, message: str) -> None:
    data = line + b'\n\n{"text": "The ferry ran late again."}\n'
    first, second = jsonl_records("x.jsonl", io.BytesIO(data))
    assert isinstance(first, InputError) and str(first).startswith(message)
    assert isinstance(second, RecordArticle) and second.source.record == "line 3"


def test_an_overlong_line_is_skipped_without_being_held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quotes.extract.records.MAX_ARTICLE_BYTES", 100)
    data = b'{"text": "' + b"a" * 500 + b'"}\n{"text": "short enough"}\n'
    first, second = jsonl_records("x.jsonl", io.BytesIO(data))
    assert str(first) == "x.jsonl line 1: over 100 bytes for one article, skipped"
    assert isinstance(second, RecordArticle) and second.source.record == "line 2"


def test_csv_rows_with_bad_bytes_or_extra_cells_are_skipped_alone() -> None:
    data = "text,title\nfine one,a\ncaf\udce9,b\nx,y,z\nfine two,c\n".encode(
        "utf-8", "surrogateescape"
    )
    items = list(csv_records("x.csv", io.BytesIO(data)))
    assert [str(i) if isinstance(i, InputError) else i.content for i in items] == [
        "fine one",
        "x.csv row 3: not UTF-8, skipped",
        "x.csv row 4: 3 cells under a header of 2 (a delimiter in an unquoted cell?), skipped",
        "fine two",
    ]


def test_a_semicolon_spreadsheet_is_read_by_its_header() -> None:
    data = b"title;text;date\nA;Es regnete, den ganzen Tag.;01.02.2024\n"
    (item,) = csv_records("x.csv", io.BytesIO(data))
    assert isinstance(item, RecordArticle)
    assert (item.content, item.source.published) == (
        "Es regnete, den ganzen Tag.",
        date(2024, 2, 1),
    )


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2024-03-12", date(2024, 3, 12)),
        ("2024-03-12T23:30:00-05:00", date(2024, 3, 12)),  # the publisher's own day
        ("2024-03-12T10:15:00Z", date(2024, 3, 12)),
        ("Tue, 12 Mar 2024 10:15:00 GMT", date(2024, 3, 12)),
        ("12.03.2024", date(2024, 3, 12)),
        (1710238500, date(2024, 3, 12)),
        (1710238500000, date(2024, 3, 12)),
        ("1710238500", date(2024, 3, 12)),
        ("2024-02-30", None),
        ("yesterday", None),
        ("03/12/2024", None),  # month or day first? not guessed
        (12, None),
        (True, None),
        (None, None),
    ],
)
def test_dates_as_exports_write_them(value: object, day: date | None) -> None:
    assert parse_date(value) == day


def test_an_unreadable_date_is_a_warning_and_the_article_is_kept() -> None:
    line = b'{"text": "The ferry ran late.", "date": "last Tuesday"}\n'
    (item,) = jsonl_records("x.jsonl", io.BytesIO(line))
    assert isinstance(item, RecordArticle) and item.source.published is None
    assert item.warnings == ("x.jsonl line 1: date 'last Tuesday' not understood; stored undated",)


def test_a_json_array_file_is_refused_with_the_way_to_convert_it(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[{"text": "x"}]')
    (error,) = pending(str(path))
    assert str(error) == (
        f"{path}: a JSON array, not JSON lines (one object per line); convert it first,"
        " e.g. `jq -c '.[]'`"
    )
