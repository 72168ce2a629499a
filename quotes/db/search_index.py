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
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from quotes.db.bulk import driver, fetch, insert_rows
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
    values = [{c: row[c] for c in _MENTION_COLUMNS} for row in rows]
    ids = insert_rows(connection, table_of(ClaimMention), values, ids=True)
    # One writer at a time on SQLite: the ids of this insert are a run no one else shares.
    raw = driver(connection)
    assert raw is not None  # SQLite, the only other backend
    fetch(raw, _SQLITE_INDEX, (ids[0], ids[-1]))


def add_terms(
    session: Session, texts: Sequence[tuple[str, str | None]], known: set[str] | None = None
) -> None:
    """Add the search terms of new mentions' (text, context) to SQLite's term table.

    ``known`` holds terms this writer knows the table has (``ClaimCache.terms``, emptied
    with the rest of the cache when its transaction's writes may be gone); they are not
    written again, and the new ones join it.
    """
    if not texts or session.get_bind().dialect.name == "postgresql":
        return
    tokenizer = _tokenizer(session)
    if tokenizer is None:
        return
    probe = _probe(tokenizer)
    # Text and context as one row: the term list is the same, whichever column held a word.
    # The pieces of one quote share its context, so the same row comes often.
    rows = dict.fromkeys(t if c is None else f"{t}\n{c}" for t, c in texts)
    probe.executemany("INSERT INTO probe (words) VALUES (?)", [(row,) for row in rows])
    try:
        found = [term for (term,) in probe.execute("SELECT term FROM probe_terms")]
    finally:
        probe.execute("DELETE FROM probe")
    if known is not None:
        found = [term for term in found if term not in known]
        known.update(found)
    terms = [{"term": term} for term in found]
    if terms:
        session.connection().execute(
            text("INSERT OR IGNORE INTO claim_search_terms (term) VALUES (:term)"), terms
        )


def index_terms(session: Session, words: str) -> list[str]:
    """The distinct terms SQLite's search index makes of ``words`` (stems), in term order.

    They come from a private in-memory FTS5 table with the index's own tokenizer: the
    session's database is neither written nor locked.
    """
    tokenizer = _tokenizer(session)
    if tokenizer is None:
        return []
    probe = _probe(tokenizer)
    probe.execute("INSERT INTO probe (words) VALUES (?)", (words,))
    try:
        return [term for (term,) in probe.execute("SELECT term FROM probe_terms")]
    finally:
        probe.execute("DELETE FROM probe")


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
