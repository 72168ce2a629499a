"""Where a quote was reported, wherever a source is shown: outlet, date, title and link.

Saved pages and an export (tests/data/inputs/) go through `quotes ingest`; then claims, ask,
show, export, sheets and the web pages must name the outlets (a bare text file by its name)
with their dates, titles and URLs. Records with hostile metadata check that a title or URL
from an article never becomes markup, a link to anything but http(s), or a formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import urllib.parse
from html import unescape
from pathlib import Path

import pytest
from conftest import Quotes
from markdown_it import MarkdownIt
from test_sheet import parse_html
from test_web import Client, serving

from quotes.report.rows import safe_link
from quotes.report.sheet import md_destination
from quotes.web.settings import Settings

DATA = Path(__file__).parent / "data" / "inputs"
WIRE_URL = "https://www.northernwire.example.com/world/2024/03/12/kremlin-rejects-talks-offer"
WIRE_TITLE = "Kremlin rejects talks offer as grain deal lapses"
# The export's first record (Northern Wire) and its fifth (Baltic Herald) carry these words.
PORTS = "We are not in a hurry and we will not be pushed,"
TABLE = "There is nothing on the table that we could seriously discuss,"

# Metadata an attacker controls: a title that would be a Markdown link and an HTML script,
# a URL that runs script, an outlet that a spreadsheet would run as a formula.
HOSTILE_TITLE = "Read](javascript:alert(1)) <script>alert(1)</script> **now**"
HOSTILE_OUTLET = '=HYPERLINK("http://example.invalid/x","click")'
ODD_URL = 'https://odd.example.org/a_(b)/c?q="x"&y=<z>'
HOSTILE = [
    {
        "id": "h-1",
        "outlet": HOSTILE_OUTLET,
        "url": "javascript:alert(1)",
        "title": HOSTILE_TITLE,
        "author": "+cmd|' /C calc'!A0",
        "published": "2024-03-20",
        "text": '"The harbour stays closed to them," Peskov said on Wednesday.',
    },
    {
        "id": "h-2",
        "outlet": "Odd Gazette",
        "url": ODD_URL,
        "title": "[x](https://evil.example) <b>bold</b>",
        "published": "2024-03-21",
        "text": '"Nobody has asked us about the harbour," Peskov said on Thursday.',
    },
]


@pytest.fixture
def archive(db_runner: Quotes, tmp_path: Path) -> Quotes:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("northern_wire.html", "harbour_daily.html", "export.jsonl"):
        shutil.copy(DATA / name, folder / name)
    (folder / "notes.txt").write_text(
        ' date 2024-03-11\n\n"We will answer in our own time," Peskov said on Monday.\n',
        encoding="utf-8",
    )
    lines = "".join(json.dumps(r) + "\n" for r in HOSTILE)
    (folder / "hostile.jsonl").write_text(lines, encoding="utf-8")
    # The export holds two records with no text: skipped, so the exit code is 1.
    result = db_runner.call("ingest", "-q", str(folder))
    assert result.exit_code == 1, result.stderr
    return db_runner


def claim_of(rows: list[dict[str, object]], text: str) -> dict[str, object]:
    return next(r for r in rows if r["text"] == text)


def test_claims_name_outlets_with_dates_and_fall_back_to_the_file_name(archive: Quotes) -> None:
    rows = archive.json("claims", "--speaker", "peskov")
    ports = claim_of(rows, PORTS)
    # One text from two outlets (two records of one export): one document, two sources.
    assert (ports["sources"], ports["outlets"]) == (2, ["Baltic Herald", "Northern Wire"])
    reports = ports["reports"]
    assert isinstance(reports, list)
    assert [(r["outlet"], r["url"], r["title"], r["date"]) for r in reports] == [
        (
            "Baltic Herald",
            "https://balticherald.example.net/a/77",
            "Kremlin: no hurry on ports",
            "2024-03-12",
        ),
        (
            "Northern Wire",
            "https://www.northernwire.example.com/world/2024/03/12/ports",
            "Ports brace for a long standoff",
            "2024-03-12",
        ),
    ]
    assert claim_of(rows, "We will answer in our own time,")["outlets"] == ["notes.txt"]
    table = archive.ok("claims", "--speaker", "peskov")
    assert "Baltic Herald 2024-03-12, Northern Wire…" in table
    assert "notes.txt 2024-03-11" in table
    records = list(
        csv.DictReader(io.StringIO(archive.ok("claims", "--speaker", "peskov", "--csv")))
    )
    cell = next(r for r in records if r["text"] == PORTS)["reports"]
    assert cell.startswith("Baltic Herald, 2024-03-12, “Kremlin: no hurry on ports”, ")


def test_ask_lists_each_source_with_outlet_title_url_and_date(archive: Quotes) -> None:
    hits = archive.json("ask", "peskov", "table")
    source = claim_of(hits, TABLE)["sources"][0]
    assert {k: source[k] for k in ("outlet", "url", "title", "author", "published", "date")} == {
        "outlet": "Northern Wire",
        "url": WIRE_URL,
        "title": WIRE_TITLE,
        "author": "Anna Keller",
        "published": "2024-03-12",
        "date": "2024-03-12",
    }
    assert "Northern Wire 2024-03-12" in archive.ok("ask", "peskov", "table")


def test_show_prints_every_source_with_its_fields(archive: Quotes) -> None:
    quote = next(r for r in archive.json("list", "--speaker", "peskov") if r["text"] == TABLE)
    shown = archive.ok("show", quote["id"])
    path = quote["doc"]
    assert (
        f"sources:    Northern Wire, 2024-03-12, “{WIRE_TITLE}”, by Anna Keller, {WIRE_URL}"
        f" ({path})\n"
    ) in shown
    detail = json.loads(archive.ok("show", quote["id"], "--json"))
    assert [(s["outlet"], s["url"], s["title"]) for s in detail["sources"]] == [
        ("Northern Wire", WIRE_URL, WIRE_TITLE)
    ]


def test_export_carries_url_outlet_title_and_published(archive: Quotes) -> None:
    rows = [json.loads(line) for line in archive.ok("export").splitlines()]
    row = next(r for r in rows if r["text"] == TABLE)
    assert (row["url"], row["outlet"], row["title"], row["published"]) == (
        WIRE_URL,
        "Northern Wire",
        WIRE_TITLE,
        "2024-03-12",
    )
    bare = next(r for r in rows if r["text"] == "We will answer in our own time,")
    assert (bare["url"], bare["outlet"], bare["title"], bare["published"]) == (None,) * 4
    records = list(csv.DictReader(io.StringIO(archive.ok("export", "--format", "csv"))))
    record = next(r for r in records if r["text"] == TABLE)
    assert (record["url"], record["outlet"], record["title"]) == (
        WIRE_URL,
        "Northern Wire",
        WIRE_TITLE,
    )
    # A hostile outlet is text in the CSV, not a formula.
    hostile = next(r for r in records if r["text"].startswith("The harbour stays closed"))
    assert hostile["outlet"] == "'" + HOSTILE_OUTLET


def test_sheets_cite_outlet_date_title_and_link(archive: Quotes) -> None:
    md = archive.ok("sheet", "peskov", "--format", "md")
    assert f"- 2024-03-12 · [Northern Wire]({WIRE_URL}) · “{WIRE_TITLE}” · by Anna Keller" in md
    page = parse_html(archive.ok("sheet", "peskov", "--format", "html"))
    links = [v for k, v in page.attributes if k == "href"]
    assert WIRE_URL in links
    assert "2024-03-12 · Northern Wire · " + WIRE_TITLE in " ".join("".join(page.text).split())
    rows = list(csv.DictReader(io.StringIO(archive.ok("sheet", "peskov", "--format", "csv"))))
    row = next(r for r in rows if r["quote"] == TABLE)
    assert {k: row[k] for k in ("outlet", "url", "title", "author", "published")} == {
        "outlet": "Northern Wire",
        "url": WIRE_URL,
        "title": WIRE_TITLE,
        "author": "Anna Keller",
        "published": "2024-03-12",
    }
    document = json.loads(archive.ok("sheet", "peskov", "--format", "json"))
    claim = next(c for c in document["claims"] if c["text"] == TABLE)
    source = claim["sources"][0]
    assert (source["outlet"], source["url"], source["title"], source["published"]) == (
        "Northern Wire",
        WIRE_URL,
        WIRE_TITLE,
        "2024-03-12",
    )


def test_hostile_titles_and_urls_stay_text_in_markdown(archive: Quotes) -> None:
    rendered = MarkdownIt("commonmark").render(archive.ok("sheet", "peskov", "--format", "md"))
    hrefs = re.findall(r'<a href="([^"]*)"', rendered)
    # Only the sources' own http(s) URLs link; javascript: and the titles' fake links do not.
    assert all(h.startswith("https://") for h in hrefs)
    assert not any("evil.example" in h or "javascript" in h for h in hrefs)
    assert "<script" not in rendered and "<b>" not in rendered and "<strong>now" not in rendered
    # The odd URL's parentheses and quotes are encoded: the link still leads there, whole.
    odd = [h for h in hrefs if "odd.example.org" in h]
    assert len(odd) == 1
    assert urllib.parse.unquote(unescape(odd[0])) == ODD_URL
    # The titles are there to read, as text.
    visible = unescape(re.sub(r"<[^>]+>", "", rendered))
    assert " ".join(HOSTILE_TITLE.split()) in visible


def test_hostile_titles_and_urls_stay_text_in_html(archive: Quotes) -> None:
    page = parse_html(archive.ok("sheet", "peskov", "--format", "html"))
    assert "script" not in page.tags and "b" not in page.tags
    hrefs = [v for k, v in page.attributes if k == "href"]
    assert all(h and h.startswith("https://") for h in hrefs)
    assert ODD_URL in hrefs  # the attribute holds the URL exactly, escaped in the page
    assert "javascript:alert(1)" not in hrefs
    visible = "".join(page.text)
    assert HOSTILE_TITLE in visible and HOSTILE_OUTLET in visible


def test_hostile_metadata_is_no_formula_in_the_sheet_csv(archive: Quotes) -> None:
    rows = list(csv.DictReader(io.StringIO(archive.ok("sheet", "peskov", "--format", "csv"))))
    row = next(r for r in rows if r["quote"].startswith("The harbour stays closed"))
    assert row["outlet"] == "'" + HOSTILE_OUTLET
    assert row["author"] == "'" + HOSTILE[0]["author"]
    assert row["url"] == "javascript:alert(1)"  # text in a cell, as the input had it


def test_the_web_pages_show_outlet_date_and_a_safe_link(archive: Quotes, db_url: str) -> None:
    claims = archive.json("claims", "--speaker", "peskov")
    table = claim_of(claims, TABLE)["claim_id"]
    hostile = claim_of(claims, "The harbour stays closed to them,")["claim_id"]
    with serving(Settings(db_url=db_url)) as url:
        client = Client(url)
        status, page, _ = client.request(f"/claim/{table}")
        assert status == 200
        parsed = parse_html(page)
        visible = " ".join("".join(parsed.text).split())
        assert f"2024-03-12 · Northern Wire · {WIRE_TITLE}" in visible
        assert WIRE_URL in [v for k, v in parsed.attributes if k == "href"]
        status, page, _ = client.request(f"/claim/{hostile}")
        parsed = parse_html(page)
        # The page's only script is the server's own file; the title's is text.
        assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
        assert not any(v and "javascript" in v for _, v in parsed.attributes)
        assert HOSTILE_TITLE in "".join(parsed.text)
        query = urllib.parse.urlencode({"speaker": "Peskov", "topic": "table"})
        status, page, _ = client.request(f"/?{query}")
        assert status == 200
        parsed = parse_html(page)
        assert WIRE_URL in [v for k, v in parsed.attributes if k == "href"]
        assert "Northern Wire" in "".join(parsed.text)


def test_a_claim_page_lists_two_alike_records_of_one_export_once(
    db_runner: Quotes, db_url: str, tmp_path: Path
) -> None:
    # The same article twice in one export, the same outlet, title and URL: one document with
    # two sources that differ only in their record, which no page shows.
    folder = tmp_path / "twice"
    folder.mkdir()
    record = {
        "outlet": "Twin Wire",
        "url": "https://twin.example.com/a",
        "title": "Twice over",
        "published": "2024-04-01",
        "text": '"We will hold the line on grain exports this year," Peskov said on Monday.',
    }
    lines = "".join(json.dumps({"id": name, **record}) + "\n" for name in ("d-1", "d-2"))
    (folder / "twice.jsonl").write_text(lines, encoding="utf-8")
    db_runner.ok("ingest", "-q", str(folder))
    (claim,) = db_runner.json("claims", "--speaker", "peskov")
    with serving(Settings(db_url=db_url)) as url:
        status, page, _ = Client(url).request(f"/claim/{claim['claim_id']}")
    assert status == 200
    sources = page.split("<h2>Sources (1)</h2>", 1)[1].split("</ul>", 1)[0]
    assert sources.count("Twin Wire") == 1
    # The quote table behind it has a row for each record.
    assert page.split("Quotes behind it (2)", 1)[1].count("Twin Wire") == 2


def test_the_sources_command_lists_the_outlets(archive: Quotes) -> None:
    rows = archive.json("sources")
    named = {r["outlet"]: (r["documents"], r["first_date"]) for r in rows}
    assert named["Northern Wire"] == (2, "2024-03-12")  # the page and an export record
    assert named["Odd Gazette"] == (1, "2024-03-21")
    assert rows[-1]["outlet"] is None  # notes.txt
    assert "(no outlet)" in archive.ok("sources")
    records = list(csv.DictReader(io.StringIO(archive.ok("sources", "--csv"))))
    assert next(r for r in records if r["outlet"].startswith("'="))["outlet"] == (
        "'" + HOSTILE_OUTLET
    )


def test_two_records_of_one_export_are_two_sources_of_the_sheet(archive: Quotes) -> None:
    document = json.loads(archive.ok("sheet", "peskov", "--format", "json"))
    places = {(s["path"], s["record"]) for c in document["claims"] for s in c["sources"]}
    assert document["source_count"] == len(places)
    assert len({path for path, _ in places}) < len(places)  # the export holds two of them


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a", True),
        ("HTTP://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        (" https://example.org/lead-space", False),
        ("https://example.org/a b", False),
        ("https://example.org/a\nb", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//example.org/no-scheme", False),
        ("ftp://example.org/file", False),
        (None, False),
    ],
)
def test_only_http_urls_become_links(url: str | None, linked: bool) -> None:
    assert safe_link(url) == (url if linked else None)


def test_a_markdown_destination_cannot_close_the_link() -> None:
    made = md_destination('https://x.example/a_(b)\\c "d" <e> [f]')
    assert not set('()<>\\" []') & set(made)
    assert urllib.parse.unquote(made) == 'https://x.example/a_(b)\\c "d" <e> [f]'
