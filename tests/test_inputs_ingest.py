"""Mixed inputs end to end: a folder of text files, saved pages, exports and a web archive
(written here with warcio) through `quotes ingest`, and what the database keeps of them."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from quotes.cli import cli
from quotes.db.engine import open_database, session_factory
from quotes.db.models import Document, Source
from quotes.errors import InputError
from quotes.extract.warc import ArchivedPage, warc_pages
from quotes.report.sources import OutletRow, outlet_rows

DATA = Path(__file__).parent / "data" / "inputs"
CAPTURED = "2024-05-02T10:00:00Z"
# A page with no date, site name or canonical link of its own: the archive's URI and
# capture date stand in.
BARE_PAGE = (
    b"<html><head><title>Ferry strike ends</title></head><body><article>"
    b"<p>The island ferry sailed again on Thursday after a two-day strike by its crews.</p>"
    b'<p>"We got what we asked for and we are going back to work," said Ivan Lund,'
    b" who speaks for the crews.</p></article></body></html>"
)


def write_warc(path: Path, records: list[tuple[str, str, bytes, str, str]]) -> None:
    """A gzipped WARC of (type, uri, payload, status, content type) records, with requests."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for kind, uri, payload, status, content_type in records:
            if kind == "response":
                headers = StatusAndHeaders(
                    status, [("Content-Type", content_type)], protocol="HTTP/1.1"
                )
            else:
                headers = StatusAndHeaders(
                    f"GET {uri} HTTP/1.1", [("Host", "x")], is_http_request=True
                )
            record = writer.create_warc_record(
                uri,
                kind,
                payload=io.BytesIO(payload),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": CAPTURED},
            )
            writer.write_record(record)


def crawl(path: Path) -> None:
    wire = (DATA / "northern_wire.html").read_bytes()
    html = "text/html; charset=utf-8"
    write_warc(
        path,
        [
            ("request", "https://www.northernwire.example.com/w?utm=feed", b"", "", ""),
            ("response", "https://www.northernwire.example.com/w?utm=feed", wire, "200 OK", html),
            ("response", "https://img.example.com/a.jpg", b"\xff\xd8\xff", "200 OK", "image/jpeg"),
            (
                "response",
                "https://ferries.example.net/gone",
                b"<html>Gone</html>",
                "404 Not Found",
                html,
            ),
            ("response", "https://ferries.example.net/empty", b"<html></html>", "200 OK", html),
            ("response", "https://ferries.example.net/news/strike-ends", BARE_PAGE, "200 OK", html),
        ],
    )


def test_an_archive_gives_its_html_responses_with_uri_and_capture_date(tmp_path: Path) -> None:
    crawl(tmp_path / "crawl.warc.gz")
    with (tmp_path / "crawl.warc.gz").open("rb") as stream:
        pages = list(warc_pages("crawl.warc.gz", stream))
    assert all(isinstance(p, ArchivedPage) for p in pages)
    got = [(p.url, p.captured) for p in pages if isinstance(p, ArchivedPage)]
    assert got == [
        ("https://www.northernwire.example.com/w?utm=feed", date(2024, 5, 2)),
        ("https://ferries.example.net/empty", date(2024, 5, 2)),
        ("https://ferries.example.net/news/strike-ends", date(2024, 5, 2)),
    ]
    assert len({p.record for p in pages if isinstance(p, ArchivedPage)}) == 3


@pytest.mark.parametrize("keep", [0.4, 0.8, 0.97])
def test_a_truncated_archive_keeps_what_came_before_and_says_where_it_broke(
    tmp_path: Path, keep: float
) -> None:
    crawl(tmp_path / "crawl.warc.gz")
    data = (tmp_path / "crawl.warc.gz").read_bytes()
    items = list(warc_pages("cut.warc.gz", io.BytesIO(data[: int(len(data) * keep)])))
    *pages, last = items
    assert all(isinstance(p, ArchivedPage) for p in pages)
    assert isinstance(last, InputError)
    assert str(last).startswith("cut.warc.gz record ")
    assert str(last).endswith(
        "damaged archive (ArchiveDamaged: the file ends inside a record);"
        " the rest of the file skipped"
    )


def mixed_folder(root: Path) -> Path:
    folder = root / "inbox"
    (folder / "pages").mkdir(parents=True)
    (folder / "a.txt").write_text(
        ' date 2024-03-11\n\n"We will answer in our own time," Peskov said on Monday.\n',
        encoding="utf-8",
    )
    for name in ("northern_wire.html", "harbour_daily.html", "novosti_ru.html"):
        shutil.copy(DATA / name, folder / "pages" / name)
    shutil.copy(DATA / "export.jsonl", folder / "export.jsonl")
    shutil.copy(DATA / "export.csv", folder / "export.csv")
    crawl(folder / "crawl.warc.gz")
    # Not an article format: the folder walk names it as skipped (issue 20).
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 a picture")
    return folder


def ingest(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["ingest", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QUOTES_DB", db_url)
    monkeypatch.delenv("QUOTES_SPEAKERS", raising=False)
    return CliRunner()


def test_a_mixed_folder_stores_every_article_once_with_its_source(
    runner: CliRunner, tmp_path: Path, db_url: str
) -> None:
    folder = mixed_folder(tmp_path)
    code, err = ingest(runner, str(folder))
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    jsonl, csv_file, warc = folder / "export.jsonl", folder / "export.csv", folder / "crawl.warc.gz"
    assert [w.split(":")[1].strip() for w in warnings] == [
        f"{folder / 'photo.jpg'}",
        f"{warc} record 5 (<urn",
        f"{csv_file} row 4",
        f"{jsonl} line 3",
        f"{jsonl} line 4",
    ]
    assert warnings[0].endswith(
        "not a format quotes reads (.txt, .md, .html, .jsonl, .json,"
        " .csv, .tsv, .warc, .warc.gz), skipped"
    )
    assert warnings[1].endswith("no article text found in the page, skipped")
    assert code == 1  # something was skipped
    assert err.splitlines()[-1] == (
        "ingested 10 document(s): 14 quotes, 12 attributed to registry speakers;"
        " 2 already stored, added as new sources; 5 skipped"
    )
    engine = open_database(db_url)
    with session_factory(engine)() as session:
        sources = session.execute(
            select(
                Source.path,
                Source.outlet,
                Source.url,
                Source.title,
                Source.published,
                Document.date,
                Document.language,
            ).join(Document, Document.id == Source.document_id)
        ).all()
    by_place = {(Path(s.path).name, s.outlet): s for s in sources}
    assert len(sources) == 12
    assert len(by_place) == 11  # the CSV holds two stories of The Harbour Daily
    assert {s.path for s in sources if s.outlet is None} == {str(folder / "a.txt")}
    wire = by_place["crawl.warc.gz", "Northern Wire"]
    # The page's canonical URL, not the crawled one; its own publication date.
    assert wire.url.endswith("/2024/03/12/kremlin-rejects-talks-offer")
    assert (wire.published, wire.date) == (date(2024, 3, 12), date(2024, 3, 12))
    bare = by_place["crawl.warc.gz", "example.net"]
    assert (bare.url, bare.title, bare.published, bare.date) == (
        "https://ferries.example.net/news/strike-ends",
        "Ferry strike ends",
        None,
        date(2024, 5, 2),  # undated page: the capture date
    )
    assert by_place["export.jsonl", "Kyiv Daily Example"].language == "uk"
    assert by_place["novosti_ru.html", "example.ru"].language == "ru"
    # Once more: nothing new.
    code, err = ingest(runner, str(folder))
    assert err.splitlines()[-1] == (
        "ingested 0 document(s): 0 quotes, 0 attributed to registry speakers;"
        " 12 already stored, unchanged; 5 skipped"
    )


def test_field_option_maps_an_export_column(runner: CliRunner, tmp_path: Path) -> None:
    export = tmp_path / "sheet.csv"
    export.write_text('copy,paper\n"""We stay,"" Peskov said.",Island Post\n', encoding="utf-8")
    code, err = ingest(runner, str(export))
    assert code == 1 and "row 2: no article text" in err
    code, err = ingest(runner, str(export), "--field", "text=copy", "--field", "outlet=paper")
    assert code == 0
    assert (
        err.splitlines()[-1]
        == "ingested 1 document(s): 1 quotes, 1 attributed to registry speakers"
    )
    result = runner.invoke(cli, ["ingest", str(export), "--field", "who=copy"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("Error: --field 'who=copy': no field 'who'; one of text,")


def test_workers_read_a_multi_record_file_in_order(runner: CliRunner, tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": f"n{i}", "text": f'"Item {i} is ready," Peskov said.', "site": "Wire"})
        for i in range(30)
    ]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err = ingest(runner, str(tmp_path / "many.jsonl"), "--workers", "2")
    assert code == 0
    assert (
        err.splitlines()[-1]
        == "ingested 30 document(s): 30 quotes, 30 attributed to registry speakers"
    )


def test_the_sources_listing_counts_outlets(runner: CliRunner, tmp_path: Path, db_url: str) -> None:
    ingest(runner, str(mixed_folder(tmp_path)))
    with session_factory(open_database(db_url))() as session:
        rows = outlet_rows(session)
    assert rows == [
        OutletRow("The Harbour Daily", 3, 4, date(2024, 3, 14), date(2024, 3, 16)),
        OutletRow("Northern Wire", 2, 5, date(2024, 3, 12), date(2024, 3, 12)),
        OutletRow("Baltic Herald", 1, 1, date(2024, 3, 12), date(2024, 3, 12)),
        OutletRow("Kyiv Daily Example", 1, 1, date(2024, 3, 15), date(2024, 3, 15)),
        OutletRow("example.co.uk", 1, 1, date(2024, 3, 13), date(2024, 3, 13)),
        OutletRow("example.net", 1, 1, date(2024, 5, 2), date(2024, 5, 2)),
        OutletRow("example.ru", 1, 1, date(2024, 4, 2), date(2024, 4, 2)),
        OutletRow(None, 1, 1, date(2024, 3, 11), date(2024, 3, 11)),
    ]
    assert rows[1].to_dict() == {
        "outlet": "Northern Wire",
        "documents": 2,
        "quotes": 5,
        "first_date": "2024-03-12",
        "last_date": "2024-03-12",
    }


def test_sqlite_utils_counts_every_table_of_a_built_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUOTES_SPEAKERS", raising=False)
    database = tmp_path / "quotes.db"
    monkeypatch.setenv("QUOTES_DB", f"sqlite:///{database}")
    ingest(CliRunner(), str(mixed_folder(tmp_path)))
    done = subprocess.run(
        [sys.executable, "-m", "sqlite_utils", "tables", "--counts", str(database)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    listed = {row["table"] for row in json.loads(done.stdout)}
    with sqlite3.connect(database) as conn:
        tables = {
            name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    assert listed == tables
    assert "claim_search" in listed
