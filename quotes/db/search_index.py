"""The search index's writes: new mentions indexed in bulk, and their terms for
close-spelling lookups.

A mention's context words are a window of its document's text (migration 0017). SQLite's
FTS5 index reads them through the view ``claim_search_content``, one statement per batch
of mentions rather than a trigger per row; PostgreSQL's ``search_vector`` is computed in
the insert from the same words.

PostgreSQL keeps its term table by a trigger (migration 0009); SQLite's is filled here,
once per document, by the code that writes mentions (migration 0012). SQLite's tokenizer is
reached through FTS5 only, so terms come from a private in-memory FTS5 table with the
index's own tokenizer: the database holds no staging table (a contentless FTS5 table there
cannot be scanned, and sqlite-utils and Datasette, which count every table, failed on it;
migration 0015_inputs_search_staging drops it).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from quotes.db.bulk import driver, fetch, insert_values, run_many
from quotes.db.claim_cache import ClaimCache
from quotes.db.models import ClaimMention, table_of

_TOKENIZE = re.compile(r"tokenize\s*=\s*'((?:[^']|'')*)'", re.IGNORECASE)


_MENTION_COLUMNS = (
    "claim_id",
    "quote_id",
    "start",
    "end",
    "text",
    "norm",
    "norm_hash",
    "speaker_id",
    "document_id",
    "context_start",
    "context_end",
)
# The quote's own words weigh A, the writer's words around it B (as migration 0005 set).
_PG_INSERT = text(
    "INSERT INTO claim_mentions ("
    + ", ".join(f'"{c}"' for c in _MENTION_COLUMNS)
    + ", search_vector) VALUES ("
    + ", ".join(f":{c}" for c in _MENTION_COLUMNS)
    + ", setweight(to_tsvector('english', coalesce(:text, '')), 'A') ||"
    " setweight(to_tsvector('english', coalesce(:context, '')), 'B'))"
)
_SQLITE_INDEX = (
    "INSERT INTO claim_search (rowid, text, context, speaker_id)"
    " SELECT id, text, context, speaker_id FROM claim_search_content"
    " WHERE id BETWEEN ? AND ?"
)


def add_mentions(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert claim mentions and index them: a few statements for the whole batch.

    Each row has the ``claim_mentions`` columns and ``context``, the words its window holds.
    """
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(_PG_INSERT, list(rows))
        return
    values = list(map(itemgetter(*_MENTION_COLUMNS), rows))
    ids = insert_values(connection, table_of(ClaimMention), _MENTION_COLUMNS, values, ids=True)
    # One writer at a time on SQLite: the ids of this insert are a run no one else shares.
    raw = driver(connection)
    assert raw is not None  # SQLite, the only other backend
    fetch(raw, _SQLITE_INDEX, (ids[0], ids[-1]))


def add_terms(
    session: Session, texts: Sequence[tuple[str, str | None]], cache: ClaimCache | None = None
) -> None:
    """Add the search terms of new mentions' (text, context) to SQLite's term table.

    ``cache`` (this writer's ``ClaimCache``, emptied when its transaction's writes may be
    gone) holds the terms this writer knows the table has and the words whose terms are
    all among them: those are not tokenized again, known terms are not written again, and
    the new ones join it.
    """
    if not texts or session.get_bind().dialect.name == "postgresql":
        return
    if cache is None:
        tokenizer = _tokenizer(session)
    else:
        if cache.tokenizer is None:
            cache.tokenizer = (_tokenizer(session),)
        (tokenizer,) = cache.tokenizer
    if tokenizer is None:
        return
    # Text and context as one row: the term list is the same, whichever column held a word.
    # The pieces of one quote share its context, so the same row comes often.
    rows = list(dict.fromkeys(t if c is None else f"{t}\n{c}" for t, c in texts))
    words: set[str] = set()
    if cache is not None and _splits_on_space(tokenizer):
        # unicode61 ends a term at white space, so the terms of the rows are those of their
        # words, and a word met before has none that is not known: only new words are
        # tokenized (most of a document's words were met in earlier ones).
        if len(cache.term_words) > MAX_TERM_WORDS:
            cache.term_words.clear()
        words = {w for row in rows for w in row.split()} - cache.term_words
        if not words:
            return
        rows = [" ".join(sorted(words))]
    found = _terms(_probe(tokenizer), rows)
    if cache is not None:
        found = [term for term in found if term not in cache.terms]
        cache.terms.update(found)
    terms = [(term,) for term in found]
    if terms:
        raw = driver(session.connection())
        assert raw is not None  # SQLite: PostgreSQL's trigger keeps its terms
        run_many(raw, "INSERT OR IGNORE INTO claim_search_terms (term) VALUES (?)", terms)
    if cache is not None:
        # Only once their terms are written: an error before leaves them to be tokenized.
        cache.term_words.update(words)


# Words kept in ``ClaimCache.term_words`` before it starts afresh (about 6 MB of them):
# news repeats its words, so past this the cache has the common ones many times over.
MAX_TERM_WORDS = 100_000


def _splits_on_space(tokenizer: str) -> bool:
    """Whether white space always ends a term of ``tokenizer``: so for unicode61 (and
    porter over it) unless its options make other characters part of words."""
    options = tokenizer.lower()
    return "unicode61" in options and "tokenchars" not in options and "categories" not in options


def _terms(probe: sqlite3.Connection, rows: Sequence[str]) -> list[str]:
    """The distinct terms of ``rows`` by the probe's tokenizer, in term order."""
    probe.executemany("INSERT INTO probe (words) VALUES (?)", [(row,) for row in rows])
    try:
        return [term for (term,) in probe.execute("SELECT term FROM probe_terms")]
    finally:
        probe.execute("DELETE FROM probe")


def index_terms(session: Session, words: str) -> list[str]:
    """The distinct terms SQLite's search index makes of ``words`` (stems), in term order.

    They come from a private in-memory FTS5 table with the index's own tokenizer: the
    session's database is neither written nor locked.
    """
    tokenizer = _tokenizer(session)
    if tokenizer is None:
        return []
    return _terms(_probe(tokenizer), [words])


def _tokenizer(session: Session) -> str | None:
    """The tokenize option of the ``claim_search`` FTS5 table, as its migration set it."""
    schema = session.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'claim_search'"))
    found = _TOKENIZE.search(schema or "")
    return found.group(1).replace("''", "'") if found else None


_probes = threading.local()


def _probe(tokenizer: str) -> sqlite3.Connection:
    """This thread's in-memory FTS5 table tokenizing as ``tokenizer``, and its term list."""
    made: dict[str, sqlite3.Connection] | None = getattr(_probes, "by_tokenizer", None)
    if made is None:
        made = _probes.by_tokenizer = {}
    if tokenizer not in made:
        probe = sqlite3.connect(":memory:", isolation_level=None)
        quoted = "'" + tokenizer.replace("'", "''") + "'"
        probe.execute(f"CREATE VIRTUAL TABLE probe USING fts5(words, tokenize={quoted})")
        probe.execute("CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, 'row')")
        made[tokenizer] = probe
    return made[tokenizer]
