"""Full-text search over claims, on SQLite FTS5 or PostgreSQL text search.

A topic is cut into words and each word is searched as a word, never as query syntax:
quotes, hyphens, ``OR``, ``NEAR`` or ``*`` in a topic are text. Both backends stem, so
word forms match (weapon/weapons, deploy/deployed). A word the index does not hold is
replaced by its closest spelling that it does hold (defence/defense, a typo), an index
term searched as it is, and the caller is told.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import Subquery, column, text
from sqlalchemy.orm import Session

from quotes.db.search_index import index_terms

_WORD = re.compile(r"[^\W_]+")
# A close spelling must be at least this similar (rapidfuzz ratio) to stand in for a word.
CLOSE_SPELLING = 75
# Shorter words have too many close spellings to pick one honestly.
MIN_CLOSE = 4
# The quote's own words count fully, the writer's sentence around it this much.
CONTEXT_WEIGHT = 0.4
# ts_rank's weights for D, C, B (the writer's sentence) and A (the quote's own words).
_PG_WEIGHTS = f"'{{0.1, 0.2, {CONTEXT_WEIGHT}, 1.0}}'"
# The expression PostgreSQL's index of the quotes' own words is made on (migration 0018):
# a query must spell it the same for the index to serve it.
QUOTE_WORDS = "to_tsvector('english', text)"


@dataclass(frozen=True, slots=True)
class Term:
    """One searched word: as typed, or a term (a stem) the index holds (``stem=True``)."""

    value: str
    stem: bool = False


def topic_words(topic: str) -> list[str]:
    """The words of a topic, lower-cased and without accents; every other character dropped."""
    folded = unicodedata.normalize("NFKD", topic.casefold())
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(bare)


def plan(session: Session, topic: str) -> tuple[list[Term], list[str]]:
    """The terms to search for a topic, and notes on the words replaced or left out.

    A word neither the index nor a close spelling holds is left out, so one stray word
    does not empty the answer; the note says so.
    """
    terms, notes = [], []
    for word in dict.fromkeys(topic_words(topic)):
        if _has_hits(session, Term(word)):
            terms.append(Term(word))
            continue
        close = _close_term(session, word)
        if close is None:
            notes.append(f"{word!r} is not in the index nor any close spelling; left out")
        else:
            shown = close.value
            notes.append(f"{word!r} is not in the index; searched its close spelling {shown}…")
            terms.append(close)
    return terms, notes


def _stand_in(session: Session, stem: str) -> Term:
    """How a close spelling, a stem from the index, is searched.

    On SQLite a stem that the index's tokenizer leaves as it is (the usual case) is searched
    as a word: its MATCH finds exactly the stem's mentions, through the index and ranked by
    bm25 like any word. Any other stem would be stemmed again by a MATCH ("decis" becomes
    "deci"), so it is read from where the term list says it occurs (``stem``). PostgreSQL
    always searches a stem as the lexeme it is.
    """
    if not _postgres(session) and index_terms(session, stem) == [stem]:
        return Term(stem)
    return Term(stem, stem=True)


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _has_hits(session: Session, term: Term) -> bool:
    """Whether any mention matches ``term``, searched as ``ranked_mentions`` would."""
    if _postgres(session):
        query, params = _pg_query([term])
        sql = f"SELECT 1 FROM claim_mentions WHERE search_vector @@ {query} LIMIT 1"
    elif term.stem:
        sql = "SELECT 1 FROM claim_search_instances WHERE term = :term LIMIT 1"
        params = {"term": term.value}
    else:
        sql = "SELECT 1 FROM claim_search WHERE claim_search MATCH :match LIMIT 1"
        params = {"match": _fts_query([term])}
    return session.execute(text(sql), params).first() is not None


def _close_term(session: Session, word: str) -> Term | None:
    """The indexed term (a stem) spelled most like ``word``, as searched, if one is close.

    Only terms sharing the word's first two letters are read, a primary key range: a typo
    in the first two letters is the rarest kind. The term tables keep the terms of deleted
    mentions (migrations 0009 and 0012), so a term stands in only while it has mentions.
    """
    if len(word) < MIN_CLOSE:
        return None
    low, high = word[:2], word[0] + chr(ord(word[1]) + 1)
    sql = "SELECT term FROM claim_search_terms WHERE term >= :low AND term < :high"
    terms = list(session.scalars(text(sql), {"low": low, "high": high}))
    closest = process.extract(
        word, terms, scorer=fuzz.ratio, score_cutoff=CLOSE_SPELLING, limit=None
    )
    for term, _, _ in closest:
        stand_in = _stand_in(session, str(term))
        if _has_hits(session, stand_in):
            return stand_in
    return None


def _fts_query(terms: list[Term]) -> str:
    """An FTS5 query that ANDs the words, each a quoted string: text, never syntax."""
    return " AND ".join('"' + t.value.replace('"', '""') + '"' for t in terms)


def _pg_query(terms: list[Term]) -> tuple[str, dict[str, str]]:
    """A tsquery expression ANDing the terms, every value a bound parameter."""
    parts, params = [], {}
    for i, term in enumerate(terms):
        params[f"term{i}"] = term.value
        if term.stem:
            # An index term is matched as that lexeme: 'simple' does not stem it again.
            parts.append(f"to_tsquery('simple', quote_literal(:term{i}))")
        else:
            parts.append(f"plainto_tsquery('english', :term{i})")
    return "(" + " && ".join(parts) + ")", params


def ranked_quote_words(
    session: Session, terms: list[Term], speaker_id: int, top: int
) -> Subquery | None:
    """(mention_id, score) of the speaker's ``top`` best mentions whose own words hold the
    one term, scored as ``ranked_mentions`` scores them; None where that does not apply.

    PostgreSQL only, and for one term: ts_rank then weighs a quote's words 1.0 and the
    writer's sentence 0.4, so every mention whose quote holds the term outranks every one
    that has it only in its sentence (a score of at least 1/1.64 against at most 0.4).
    When these mentions hold enough claims, the answer is the one ranking every match
    gives. Their index (the quote's words alone, migration 0018) holds about half the
    mentions of a common word, and it is the table pages read per mention that cost: at a
    million claims, 7,900 pages fit the server's default buffers where 15,000 did not.
    """
    if len(terms) != 1 or not _postgres(session):
        return None
    query, params = _pg_query(terms)
    sql = (
        f"SELECT id AS mention_id, ts_rank({_PG_WEIGHTS}, search_vector, {query}) AS score"
        f" FROM claim_mentions WHERE {QUOTE_WORDS} @@ {query}"
        f" AND speaker_id = {int(speaker_id)} ORDER BY score DESC LIMIT {int(top)}"
    )
    statement = text(sql).bindparams(**params).columns(column("mention_id"), column("score"))
    return statement.subquery("hits")


def ranked_mentions(
    session: Session, terms: list[Term], speaker_id: int, top: int | None = None
) -> Subquery:
    """(mention_id, score) of the speaker's mentions matching every term; higher is better.

    The speaker is part of the match, so only the speaker's mentions are ranked. ``top``
    keeps only that many best ones, ranked by the index before any join.
    """
    if _postgres(session):
        query, params = _pg_query(terms)
        sql = (
            f"SELECT id AS mention_id, ts_rank({_PG_WEIGHTS}, search_vector, {query}) AS score"
            f" FROM claim_mentions WHERE search_vector @@ {query}"
            f" AND speaker_id = {int(speaker_id)}"
        )
    else:
        sql, params = _sqlite_ranked(terms, speaker_id)
    if top is not None:
        sql += f" ORDER BY score DESC LIMIT {int(top)}"
    statement = text(sql).bindparams(**params).columns(column("mention_id"), column("score"))
    return statement.subquery("hits")


def _speaker_match(speaker_id: int) -> str:
    """The FTS5 query for one speaker's mentions: the id is a token of its own column."""
    return f'speaker_id : "{int(speaker_id)}"'


def _sqlite_ranked(terms: list[Term], speaker_id: int) -> tuple[str, dict[str, str]]:
    words = [t for t in terms if not t.stem]
    stems = [t for t in terms if t.stem]
    params = {f"stem{i}": t.value for i, t in enumerate(stems)}
    # These stems are looked up where they occur: a MATCH would stem them again ("decis"
    # -> "deci") and miss (see _stand_in).
    occurs = [
        f"SELECT doc FROM claim_search_instances WHERE term = :stem{i}" for i in range(len(stems))
    ]
    if words:
        params["match"] = _fts_query(words) + " AND " + _speaker_match(speaker_id)
        # bm25() itself cannot be called once SQLite flattens this into the outer join;
        # the rank column, set per query to the weighted bm25, can. The speaker's own
        # column weighs nothing.
        sql = (
            "SELECT rowid AS mention_id, -rank AS score FROM claim_search"
            " WHERE claim_search MATCH :match"
            f" AND rank MATCH 'bm25(1.0, {CONTEXT_WEIGHT}, 0.0)'"
        )
        return sql + "".join(f" AND rowid IN ({o})" for o in occurs), params
    # Only replaced words: scored by where the first occurs, the quote above its context.
    params["speaker"] = _speaker_match(speaker_id)
    sql = (
        f"SELECT doc AS mention_id, MAX(CASE col WHEN 'text' THEN 1.0 ELSE {CONTEXT_WEIGHT} END)"
        " AS score FROM claim_search_instances WHERE term = :stem0"
        " AND doc IN (SELECT rowid FROM claim_search WHERE claim_search MATCH :speaker)"
    )
    sql += "".join(f" AND doc IN ({o})" for o in occurs[1:])
    return sql + " GROUP BY doc", params
