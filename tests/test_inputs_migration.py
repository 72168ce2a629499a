"""Migrations 0014_inputs_sources and 0015_inputs_search_staging keep every stored row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text

from quotes.attribute.registry import load_registry
from quotes.attribute.runner import extract
from quotes.config import speakers_path
from quotes.db import migrate
from quotes.db.engine import open_database, session_factory
from quotes.db.store import store_document, sync_speakers
from quotes.types import Article, ExtractedDocument, SourceMeta


def _old_database(db_url: str) -> None:
    """A database at 0013 holding a document with two sources (one text, two paths)."""
    engine = create_engine(db_url)
    migrate.upgrade(engine, "0013")
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into documents"
                " (sha256, path, date, body_start, text, size, ingested_at) values"
                " ('abc', 'old/a.txt', '2022-10-10', 0, 'Old text', 8, '2022-10-11 00:00:00')"
            )
        )
        for path in ("old/a.txt", "mirror/a.txt"):
            conn.execute(
                text(
                    "insert into sources (document_id, path, added_at)"
                    " select id, :path, '2022-10-11 00:00:00' from documents"
                ),
                {"path": path},
            )
    engine.dispose()


def test_upgrading_keeps_sources_with_their_paths_and_no_outlet(db_url: str) -> None:
    _old_database(db_url)
    engine = open_database(db_url)  # migrates to head on first use
    assert migrate.current(engine) == migrate.head()
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "select path, record, outlet, url, title, author, published from sources"
                " order by id"
            )
        ).all()
        language = conn.execute(text("select language from documents")).scalar_one()
    assert [tuple(r) for r in rows] == [
        ("old/a.txt", "", None, None, None, None, None),
        ("mirror/a.txt", "", None, None, None, None, None),
    ]
    assert language is None
    # The stored text met again in an export: a new source with what the record said.
    source = SourceMeta(
        "Northern Wire", "https://n.example.com/a", "A", None, date(2024, 1, 2), "line 7"
    )
    article = Article("export.jsonl", "Old text", "abc", date(2024, 1, 2), source=source)
    with session_factory(engine)() as session, session.begin():
        assert store_document(session, ExtractedDocument(article, ())) == "new source"
    with session_factory(engine)() as session, session.begin():
        assert store_document(session, ExtractedDocument(article, ())) == "unchanged"
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from sources")).scalar_one() == 3
        assert conn.execute(
            text("select outlet, record from sources where path = 'export.jsonl'")
        ).one() == ("Northern Wire", "line 7")


def test_downgrading_to_0013_keeps_each_path(db_url: str) -> None:
    _old_database(db_url)
    engine = open_database(db_url)
    source = SourceMeta(outlet="X", record="line 1")
    article = Article("old/a.txt", "Old text", "abc", None, source=source)
    with session_factory(engine)() as session, session.begin():
        # The same path, another record: allowed by the new key, folded by the old one.
        assert store_document(session, ExtractedDocument(article, ())) == "new source"
    migrate.downgrade(engine, "0013")
    with engine.connect() as conn:
        paths = conn.execute(text("select path from sources order by id")).scalars().all()
    assert paths == ["old/a.txt", "mirror/a.txt"]
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()


def test_sqlite_keeps_no_staging_table_and_still_lists_the_search_terms(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'q.db'}")
    registry = load_registry(speakers_path())
    text_ = '"The bridges will reopen on Monday," Peskov said.'
    article = Article("a.txt", text_, "sha-a", None)
    with session_factory(engine)() as session, session.begin():
        sync_speakers(session, registry)
        assert store_document(session, extract(article, registry)) == "stored"
    with engine.connect() as conn:
        staging = conn.execute(
            text("select name from sqlite_master where name like 'claim_search_staging%'")
        ).all()
        terms = set(conn.execute(text("select term from claim_search_terms")).scalars())
    assert staging == []
    assert {"bridg", "reopen", "mondai"} <= terms
