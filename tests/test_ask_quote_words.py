"""Migration 0018 and the quote-words ranking of `ask`: data kept, the same answers given."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from quotes.attribute.registry import load_registry
from quotes.config import speakers_path
from quotes.db import migrate
from quotes.db.engine import session_factory
from quotes.db.models import ClaimMention, Quote
from quotes.db.store import sync_speakers
from quotes.ingest import ingest
from quotes.report import ask as ask_module
from quotes.report.ask import ask

PLACES = ["Kaliningrad", "Murmansk", "Sochi", "Vladivostok", "Novorossiysk", "Sevastopol"]


def _write_articles(folder: Path) -> list[str]:
    """Articles whose quotes say "harbour" once or twice, and others where only the writer's
    sentence around the quote does: more quote-word mentions than the limit asked below."""
    folder.mkdir()
    for i, place in enumerate(PLACES):
        twice = " and its old harbour" if i % 2 else ""
        (folder / f"words{i}.txt").write_text(
            f"Visit to {place}\n\n"
            f'"The harbour of {place}{twice} will reopen in spring," Putin said on Monday.\n',
            encoding="utf-8",
        )
        (folder / f"context{i}.txt").write_text(
            f"Talks in {place}\n\n"
            f'"Talks with {place} go on as planned," Putin said at the harbour on Tuesday.\n',
            encoding="utf-8",
        )
    return sorted(str(p) for p in folder.glob("*.txt"))


def _ingested(db_url: str, folder: Path, revision: str = "heads") -> None:
    engine = create_engine(db_url)
    migrate.upgrade(engine, revision)
    sessions = session_factory(engine)
    registry = load_registry(speakers_path(None))
    with sessions() as session, session.begin():
        sync_speakers(session, registry)
    ingest(_write_articles(folder), sessions, registry)
    engine.dispose()


def _answer(db_url: str, limit: int | None) -> list[tuple[int, str, float]]:
    engine = create_engine(db_url)
    with Session(engine) as session:
        hits = ask(session, "putin", "harbour", limit=limit).hits
    engine.dispose()
    return [(h.claim_id, h.text, h.score) for h in hits]


def test_upgrading_to_0018_keeps_every_row_and_every_answer(db_url: str, tmp_path: Path) -> None:
    _ingested(db_url, tmp_path / "articles", "0017_perf_contexts")
    engine = create_engine(db_url)

    def counts() -> tuple[int, int]:
        with Session(engine) as session:
            return (
                session.scalar(select(func.count(Quote.id))) or 0,
                session.scalar(select(func.count(ClaimMention.id))) or 0,
            )

    before, answers = counts(), [_answer(db_url, limit) for limit in (3, 20, None)]
    assert before == (12, 12) and len(answers[1]) == 12
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head() == "0018_ask_quote_words"
    assert counts() == before
    assert [_answer(db_url, limit) for limit in (3, 20, None)] == answers
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            index = conn.execute(
                text(
                    "select indexdef from pg_indexes"
                    " where indexname = 'ix_claim_mentions_quote_words'"
                )
            ).scalar_one()
        assert "to_tsvector('english'::regconfig, text)" in index
        migrate.downgrade(engine, "0017_perf_contexts")
        with engine.connect() as conn:
            names = conn.execute(text("select indexname from pg_indexes")).scalars().all()
        assert "ix_claim_mentions_quote_words" not in names
        assert counts() == before
    engine.dispose()


def test_the_quote_words_first_give_the_answer_ranking_every_match_gives(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ingested(db_url, tmp_path / "articles")
    everything = _answer(db_url, None)
    # Twice in the quote, then once, then only in the writer's sentence.
    assert [text.count("harbour") for _, text, _ in everything] == [2] * 3 + [1] * 3 + [0] * 6
    answered = []
    tier = ask_module.ranked_quote_words

    def watched(*args: object) -> object:
        hits = tier(*args)  # type: ignore[arg-type]
        answered.append(hits is not None)
        return hits

    monkeypatch.setattr(ask_module, "ranked_quote_words", watched)
    for limit in (2, 3, 5):
        assert _answer(db_url, limit) == everything[:limit]
    # PostgreSQL answered from the quotes' words; SQLite has no such step.
    assert answered == [db_url.startswith("postgresql")] * 3
    # And the same when the step is not there at all, as on SQLite.
    monkeypatch.setattr(ask_module, "ranked_quote_words", lambda *args: None)
    assert [_answer(db_url, limit) for limit in (2, 7)] == [everything[:2], everything[:7]]
