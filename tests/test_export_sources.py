"""One text from two outlets is one document with two sources: `show` cites both where it
names the claim's other reports, and `export` carries both, not only the first.

The fixture: two records of one JSON-lines export with the same words (Eastport Herald and
Westport Daily), a bare text file with the same words (another document, the same claim),
and a record whose outlet a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Quotes
from sqlalchemy import event

from quotes.db.engine import open_database, session_factory
from quotes.report import export
from quotes.report.export import export_rows

SPEAKERS = """
[[speaker]]
key = "berg"
name = "Anna Berg"
gender = "f"
surnames = ["Berg"]
"""
FERRY = "The ferry will run all winter,"
HERALD = {
    "outlet": "Eastport Herald",
    "url": "https://eastportherald.example.org/2024/03/03/ferry",
    "title": "Ferry to run all winter",
    "author": "Mia Holm",
    "published": "2024-03-03",
    "text": f'"{FERRY}" Berg told the council.',
}
# The same words a day later from another outlet; its title holds the CSV's " | ".
DAILY = {
    "outlet": "Westport Daily",
    "url": "https://westport.example.com/news/7",
    "title": "Winter ferry | Westport",
    "published": "2024-03-04",
    "text": f'"{FERRY}" Berg told the council.',
}
HOSTILE_OUTLET = '=HYPERLINK("http://example.invalid/x","click")'
HOSTILE = {
    "outlet": HOSTILE_OUTLET,
    "url": "https://hostile.example.net/a",
    "published": "2024-03-06",
    "text": '"The harbour stays open," Berg said.',
}
NOTES = f' date 2024-03-05\n\n"{FERRY}" Berg said on Friday.\n'


@pytest.fixture
def inbox(db_runner: Quotes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The three files ingested; the folder they are in (sources keep absolute paths)."""
    (tmp_path / "speakers.toml").write_text(SPEAKERS, encoding="utf-8")
    monkeypatch.setenv("QUOTES_SPEAKERS", str(tmp_path / "speakers.toml"))
    folder = tmp_path / "in"
    folder.mkdir()
    records = "".join(json.dumps(r) + "\n" for r in (HERALD, DAILY))
    (folder / "feed.jsonl").write_text(records, encoding="utf-8")
    (folder / "notes.txt").write_text(NOTES, encoding="utf-8")
    (folder / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db_runner.ok("ingest", "-q", str(folder))
    return Path(os.path.realpath(folder))


def _quote_ids(runner: Quotes) -> dict[str, str]:
    """The quote id of each document's file name."""
    return {Path(r["doc"]).name: r["id"] for r in runner.json("list")}


def _cites(folder: Path) -> tuple[str, str]:
    feed = folder / "feed.jsonl"
    return (
        f"Eastport Herald, 2024-03-03, “Ferry to run all winter”, by Mia Holm,"
        f" {HERALD['url']} ({feed} line 1)",
        f"Westport Daily, 2024-03-04, “Winter ferry | Westport”, {DAILY['url']} ({feed} line 2)",
    )


def _claim_lines(shown: str) -> list[str]:
    lines = shown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("claim "))
    end = next(i for i, line in enumerate(lines) if line.startswith("history:"))
    return lines[start + 1 : end]


def test_show_cites_every_source_of_the_other_report(db_runner: Quotes, inbox: Path) -> None:
    ids = _quote_ids(db_runner)
    herald, daily = _cites(inbox)
    assert _claim_lines(db_runner.ok("show", ids["notes.txt"])) == [
        f"  also {ids['feed.jsonl']} in {herald}, credited to Anna Berg",
        f"    and in {daily}",
    ]
    # A bare text file has no outlet: its path and date are the citation.
    assert _claim_lines(db_runner.ok("show", ids["feed.jsonl"])) == [
        f"  also {ids['notes.txt']} in {inbox / 'notes.txt'}, 2024-03-05, credited to Anna Berg",
    ]


def test_show_json_gives_one_report_per_other_quote_with_its_sources(
    db_runner: Quotes, inbox: Path
) -> None:
    ids = _quote_ids(db_runner)
    detail = json.loads(db_runner.ok("show", ids["notes.txt"], "--json"))
    (claim,) = detail["claims"]
    (other,) = claim["other_sources"]
    assert (other["quote"], other["path"], other["date"], other["speaker"]) == (
        ids["feed.jsonl"],
        str(inbox / "feed.jsonl"),
        "2024-03-03",
        "Anna Berg",
    )
    assert [
        (s["outlet"], s["url"], s["title"], s["published"], s["record"]) for s in other["sources"]
    ] == [
        ("Eastport Herald", HERALD["url"], HERALD["title"], "2024-03-03", "line 1"),
        ("Westport Daily", DAILY["url"], DAILY["title"], "2024-03-04", "line 2"),
    ]


def _source(record: dict[str, Any], path: Path, line: int, quote: str) -> dict[str, Any]:
    """A source as the export carries it: the input's fields, where it was read, its date."""
    return {
        "path": str(path),
        "date": record["published"],
        "via": None,
        "quote": quote,
        "outlet": record["outlet"],
        "url": record["url"],
        "title": record.get("title"),
        "author": record.get("author"),
        "published": record["published"],
        "record": f"line {line}",
    }


def test_export_carries_every_source_and_keeps_the_first_on_top(
    db_runner: Quotes, inbox: Path
) -> None:
    rows = {Path(r["doc"]).name: r for r in map(json.loads, db_runner.ok("export").splitlines())}
    feed = rows["feed.jsonl"]
    # The top-level fields stay the first source's, as before.
    assert (feed["url"], feed["outlet"], feed["title"], feed["published"]) == (
        HERALD["url"],
        "Eastport Herald",
        HERALD["title"],
        "2024-03-03",
    )
    path = inbox / "feed.jsonl"
    assert feed["source_count"] == 2
    assert feed["sources"] == [
        _source(HERALD, path, 1, feed["id"]),
        _source(DAILY, path, 2, feed["id"]),
    ]
    notes = rows["notes.txt"]
    assert (notes["url"], notes["outlet"], notes["title"], notes["published"]) == (None,) * 4
    assert notes["source_count"] == 1
    assert notes["sources"] == [
        {
            "path": str(inbox / "notes.txt"),
            "date": "2024-03-05",
            "via": None,
            "quote": notes["id"],
            "outlet": None,
            "url": None,
            "title": None,
            "author": None,
            "published": None,
            "record": "",
        }
    ]


def test_export_csv_counts_and_cites_every_source_formula_safe(
    db_runner: Quotes, inbox: Path
) -> None:
    out = db_runner.ok("export", "--format", "csv")
    records = {Path(r["doc"]).name: r for r in csv.DictReader(io.StringIO(out))}
    herald, daily = _cites(inbox)
    feed = records["feed.jsonl"]
    assert (feed["outlet"], feed["source_count"], feed["sources"]) == (
        "Eastport Herald",
        "2",
        f"{herald} | {daily}",
    )
    assert (records["notes.txt"]["source_count"], records["notes.txt"]["sources"]) == (
        "1",
        f"{inbox / 'notes.txt'}, 2024-03-05",
    )
    # A cell starting with the hostile outlet is text in a spreadsheet, not a formula.
    hostile = records["hostile.jsonl"]
    assert hostile["outlet"] == "'" + HOSTILE_OUTLET
    assert hostile["sources"] == (
        f"'{HOSTILE_OUTLET}, 2024-03-06, {HOSTILE['url']} ({inbox / 'hostile.jsonl'} line 1)"
    )


@pytest.fixture
def source_queries(db_url: str) -> Iterator[tuple[Any, list[str]]]:
    """Sessions on the test's database, and every statement they run that reads sources."""
    engine = open_database(db_url)
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "FROM sources" in statement:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield session_factory(engine), seen
    finally:
        engine.dispose()


def test_export_reads_sources_once_per_batch_of_quotes(
    inbox: Path, source_queries: tuple[Any, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions, seen = source_queries
    with sessions() as session:
        whole = list(export_rows(session))
    assert len(whole) == 3 and len(seen) == 1  # one query for all three quotes' documents
    seen.clear()
    # Batches of one quote: each batch finds its own document's sources, and no other's.
    monkeypatch.setattr(export, "BATCH", 1)
    with sessions() as session:
        assert list(export_rows(session)) == whole
    assert len(seen) == 3
