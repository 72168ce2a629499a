"""Migration 0017_perf_contexts: contexts read from the document lose no mention's words."""

from __future__ import annotations

from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from quotes.db import migrate
from quotes.db.claims import writer_context
from quotes.db.models import ClaimMention
from quotes.report.ask import ask

# A document with a short sentence, a sentence running far past its quote, and a quote
# whose sentence was never found (older rows): (start, end, sentence_start, sentence_end).
LONG_TAIL = " and then the minister kept talking about harbours" * 8
TEXT = (
    'Intro. "Ports reopen," Peskov said. "Ferries too," he added'
    + LONG_TAIL
    + '. "Trains wait," Peskov said.'
)
QUOTES = [
    (TEXT.index("Ports"), TEXT.index(",", TEXT.index("Ports")), 7, TEXT.index(" Peskov") + 13),
    (TEXT.index("Ferries"), TEXT.index(",", TEXT.index("Ferries")), None, None),
    (
        TEXT.index("Trains"),
        TEXT.index(",", TEXT.index("Trains")),
        TEXT.index("Ferries") - 1,
        len(TEXT),
    ),
]


def _old_database(db_url: str) -> list[str]:
    """A database at 0016 with three quotes and their claim mentions, each with the context
    the ingest of that revision copied into it; returns those contexts."""
    engine = create_engine(db_url)
    migrate.upgrade(engine, "0016_attr_candidate")
    contexts = []
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into documents (id, sha256, path, body_start, text, size, ingested_at)"
                " values (1, 'h1', 'a.txt', 0, :t, :n, '2023-01-03 00:00:00')"
            ),
            {"t": TEXT, "n": len(TEXT)},
        )
        conn.execute(
            text(
                "insert into sources (document_id, path, record, added_at)"
                " values (1, 'a.txt', '', '2023-01-03 00:00:00')"
            )
        )
        conn.execute(text("insert into speakers (id, key, name) values (1, 'peskov', 'P')"))
        for i, (start, end, first, last) in enumerate(QUOTES, 1):
            words = TEXT[start:end]
            conn.execute(
                text(
                    'insert into quotes (id, uid, document_id, start, "end", text, kind,'
                    " paragraph, utterance, open_mark, close_mark, speaker_id, rule_speaker_id,"
                    " rule, confidence, sentence_start, sentence_end) values (:i, :u, 1, :s, :e,"
                    " :w, 'full', 0, :i, '\"', '\"', 1, 1, 'cue_after_quote', 0.9, :f, :l)"
                ),
                {"i": i, "u": f"u{i}", "s": start, "e": end, "w": words, "f": first, "l": last},
            )
            conn.execute(text("insert into claim_groups (id, first) values (:i, 'x')"), {"i": i})
            conn.execute(
                text(
                    "insert into claims (id, group_id, speaker_id, reports) values (:i, :i, 1, 1)"
                ),
                {"i": i},
            )
            context = writer_context(TEXT, start, end, (first, last))
            contexts.append(context)
            conn.execute(
                text(
                    'insert into claim_mentions (id, claim_id, quote_id, start, "end", text,'
                    " norm, norm_hash, context, speaker_id) values (:i, :i, :i, :s, :e, :w, :n,"
                    " 'abc', :c, 1)"
                ),
                {"i": i, "s": start, "e": end, "w": words, "n": words.lower(), "c": context},
            )
    engine.dispose()
    return contexts


def _contexts(engine_url: str) -> list[str | None]:
    engine = create_engine(engine_url)
    with Session(engine) as session:
        found = list(
            session.scalars(
                select(ClaimMention.context).select_from(ClaimMention).order_by(ClaimMention.id)
            )
        )
    engine.dispose()
    return found


def test_upgrading_keeps_every_mentions_context_and_its_search(db_url: str) -> None:
    before = _old_database(db_url)
    assert len(before[2]) > 400  # a sentence longer than the index's window
    engine = create_engine(db_url)
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    assert _contexts(db_url) == before
    with Session(engine) as session:
        # A word of the quote and a word of the writer's sentence near it both find it.
        assert [h.text for h in ask(session, "peskov", "trains").hits] == ["Trains wait"]
        assert [h.text for h in ask(session, "peskov", "ferries added").hits] == ["Ferries too"]
        hit = ask(session, "peskov", "ports").hits[0]
        assert hit.context == before[0]
    engine.dispose()


def test_downgrading_copies_the_contexts_back(db_url: str) -> None:
    before = _old_database(db_url)
    engine = create_engine(db_url)
    migrate.upgrade(engine)
    migrate.downgrade(engine, "0016_attr_candidate")
    with engine.connect() as conn:
        copied = conn.execute(text("select context from claim_mentions order by id")).scalars()
        assert list(copied) == before
    migrate.upgrade(engine)
    assert _contexts(db_url) == before
    with Session(engine) as session:
        # The quote's own words rank above a neighbour whose context holds them.
        assert [h.text for h in ask(session, "peskov", "ports").hits] == [
            "Ports reopen",
            "Ferries too",
        ]
    engine.dispose()
