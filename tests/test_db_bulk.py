"""The writer's fast paths store what the plain ones did: ids, defaults, conversions, errors,
and the caches that spare it a read per document."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from quotes.attribute.registry import Registry, Speaker, load_registry
from quotes.config import speakers_path
from quotes.db.bulk import insert_rows
from quotes.db.claim_cache import ClaimCache
from quotes.db.engine import open_database, session_factory
from quotes.db.models import Document, Quote, Source, table_of
from quotes.db.search_index import add_terms, index_terms
from quotes.db.store import GroupWriter, store_document, sync_speakers
from quotes.types import Article, Attribution, ExtractedDocument, Span
from quotes.types import Quote as QuoteRecord


@pytest.fixture
def sessions(db_url: str) -> sessionmaker[Session]:
    factory = session_factory(open_database(db_url))
    with factory() as session, session.begin():
        sync_speakers(session, load_registry(speakers_path()))
    return factory


def _document_row(sha: str) -> dict[str, Any]:
    return {
        "sha256": sha,
        "path": f"{sha}.txt",
        "date": date(2024, 3, 1),
        "body_start": 0,
        "text": f"text of {sha}",
        "size": 10,
        "language": "en",
    }


def test_inserted_rows_get_their_own_ids_in_order_with_defaults_and_types(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as session, session.begin():
        connection = session.connection()
        ids = insert_rows(
            connection, table_of(Document), [_document_row(s) for s in "abc"], ids=True
        )
        more = insert_rows(connection, table_of(Document), [_document_row("d")], ids=True)
        # No record given: its default ("") is filled in, as a Core insert would.
        insert_rows(
            connection,
            table_of(Source),
            [{"document_id": ids[1], "path": "b.txt", "published": date(2024, 2, 29)}],
        )
    assert len(set(ids + more)) == 4
    with sessions() as session:
        stored = {d.sha256: d for d in session.scalars(select(Document))}
        source = session.scalars(select(Source)).one()
    assert [stored[s].id for s in "abcd"] == ids + more
    assert stored["a"].date == date(2024, 3, 1)  # read back as a date: stored as the type says
    assert all(d.ingested_at is not None for d in stored.values())
    assert (source.document_id, source.record, source.published) == (ids[1], "", date(2024, 2, 29))
    assert source.added_at is not None


def test_a_duplicate_row_is_sqlalchemys_integrity_error(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        insert_rows(session.connection(), table_of(Document), [_document_row("a")])
    with pytest.raises(IntegrityError), sessions() as session, session.begin():
        insert_rows(session.connection(), table_of(Document), [_document_row("a")], ids=True)


TEXT = 'Ann Lind said: "The harbour bridge opens on Monday, whatever the weather does."'


def _document(speaker: str, sha: str = "one") -> ExtractedDocument:
    article = Article(f"news/{sha}.txt", TEXT, sha, date(2024, 3, 1))
    start = TEXT.index("The harbour")
    span = Span(start, len(TEXT) - 1, '"', '"', 0, 0, "full")
    attribution = Attribution(speaker, "cue_before_quote", 0.9, "said", "Ann Lind", 0, 8)
    quote = QuoteRecord(span, TEXT[span.start : span.end], attribution)
    return ExtractedDocument(article, (quote,))


def test_a_speaker_added_after_the_writer_read_the_speakers_is_found(
    sessions: sessionmaker[Session],
) -> None:
    cache = ClaimCache()
    with GroupWriter(sessions) as writer:
        writer.store(partial(store_document, doc=_document("peskov"), cache=cache, savepoint=False))
    assert "peskov" in cache.speakers and "lind" not in cache.speakers
    # Another process syncs a registry with a new speaker while this writer goes on.
    lind = Speaker("lind", "Ann Lind", "f", ("Lind",), ("Ann Lind",), ())
    with sessions() as session, session.begin():
        sync_speakers(session, Registry((*load_registry(speakers_path()), lind)))
    with GroupWriter(sessions) as writer:
        outcome = writer.store(
            partial(store_document, doc=_document("lind", "two"), cache=cache, savepoint=False)
        )
    assert outcome == "stored"
    with sessions() as session:
        speakers = session.execute(
            text(
                "SELECT speakers.key FROM quotes JOIN speakers ON speakers.id = quotes.speaker_id"
                " ORDER BY quotes.id"
            )
        ).scalars()
        assert list(speakers) == ["peskov", "lind"]
        assert session.query(Quote).count() == 2


def test_terms_of_known_words_are_not_lost(sqlite_sessions: sessionmaker[Session]) -> None:
    """The word cache skips only words whose terms are in the table: what the table holds
    is every term of every text, as without the cache."""
    texts = [
        ("Bridges open on Monday", "The mayor said bridges open"),
        ("bridges opening, Mondays!", "the MAYOR's words"),
        ("Défense forces", None),
    ]
    cache = ClaimCache()
    with sqlite_sessions() as session, session.begin():
        for pair in texts:
            add_terms(session, [pair], cache)
    with sqlite_sessions() as session:
        stored = set(session.scalars(text("SELECT term FROM claim_search_terms")))
        wanted = {t for a, b in texts for t in index_terms(session, f"{a}\n{b or ''}")}
    assert stored == wanted
    assert "defens" in stored and "mayor" in stored


@pytest.fixture
def sqlite_sessions(tmp_path) -> sessionmaker[Session]:  # type: ignore[no-untyped-def]
    return session_factory(open_database(f"sqlite:///{tmp_path / 'q.db'}"))
