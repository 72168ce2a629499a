"""Claims in the database: grouping new quotes' sentences against what is stored."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from quotes.db import locks
from quotes.db.bulk import driver, insert_rows, run_many
from quotes.db.claim_cache import ClaimCache, stamp
from quotes.db.claim_store import DocumentStore, norm_hash, rows_in
from quotes.db.models import (
    CONTEXT_WINDOW,
    Claim,
    ClaimGroup,
    ClaimKey,
    ClaimMention,
    Document,
    Quote,
    table_of,
)
from quotes.db.search_index import add_mentions, add_terms
from quotes.dedupe.claims import ClaimText, assign, block_keys, claim_texts


@dataclass(frozen=True, slots=True)
class ClaimQuote:
    """What grouping needs of a stored quote: its row id, words, speaker, and where the
    writer's sentence around it is (``sentence``: offsets into ``document``, the text of
    document ``document_id``)."""

    id: int
    start: int
    text: str
    kind: str
    speaker_id: int | None
    review: str | None
    document_id: int
    sentence: tuple[int, int]
    document: str

    @classmethod
    def of(cls, quote: Quote) -> ClaimQuote:
        sentence = context_span(quote.start, quote.end, (quote.sentence_start, quote.sentence_end))
        return cls(
            quote.id,
            quote.start,
            quote.text,
            quote.kind,
            quote.speaker_id,
            quote.review,
            quote.document_id,
            sentence,
            quote.document.text,
        )

    @classmethod
    def from_values(
        cls, id_: int, values: Mapping[Any, Any], document_id: int, document: str
    ) -> ClaimQuote:
        """From a ``quotes`` row's column values and the id and text of its document."""
        start, end = values["start"], values["end"]
        sentence = context_span(start, end, (values["sentence_start"], values["sentence_end"]))
        return cls(
            id_,
            start,
            values["text"],
            values["kind"],
            values["speaker_id"],
            values["review"],
            document_id,
            sentence,
            document,
        )

    def search_context(self, start: int, end: int) -> str:
        """The words the search index holds around the piece at start..end of this quote."""
        low, high = search_window(start, end, self.sentence)
        return self.document[low:high]


def add_claims(
    session: Session,
    document_id: int,
    cache: ClaimCache | None = None,
    quotes: Sequence[ClaimQuote] | None = None,
) -> int:
    """Group the sentences of one stored document's quotes into claims; returns how many.

    A quote a reviewer rejected (not a quote at all) makes no claim. ``cache`` is what this
    process already read of the claim books (kept by a caller that writes many documents);
    ``quotes`` are the document's quotes when the caller has them at hand.
    """
    # One grouper at a time across processes, each seeing every group committed before it:
    # otherwise two workers meeting the same words at once would each start a group.
    locks.hold(session, locks.CLAIMS)
    if quotes is None:
        quotes = stored_quotes(session, document_id)
    return _add_quotes(session, sorted(quotes, key=lambda q: q.start), cache or ClaimCache())


def stored_quotes(session: Session, document_id: int) -> list[ClaimQuote]:
    """One document's quotes as grouping needs them, read without ORM objects."""
    quotes = table_of(Quote)
    rows = session.connection().execute(
        select(quotes, Document.text.label("document"))
        .join(Document, Document.id == quotes.c.document_id)
        .where(quotes.c.document_id == document_id)
    )
    return [ClaimQuote.from_values(row.id, row._mapping, document_id, row.document) for row in rows]


def _add_quotes(session: Session, quotes: Iterable[ClaimQuote], cache: ClaimCache) -> int:
    """Group the quotes' sentences (in the order given) and store them as claim mentions."""
    cache.begin(session)
    pieces: list[tuple[ClaimQuote, ClaimText]] = []
    for quote in quotes:
        if quote.review == "rejected" or quote.kind == "term":
            continue  # not a quote at all, or the writer's label for a thing: nobody's claim
        pieces.extend(
            (quote, piece)
            for piece in claim_texts(quote.text, quote.start, quote.kind, quote.speaker_id)
        )
    if not pieces:
        return 0
    keys = [block_keys(piece.norm) for _, piece in pieces]
    store = DocumentStore(
        session, [(p.norm, k) for (_, p), k in zip(pieces, keys, strict=True)], cache
    )
    groups = [assign(store, piece.norm, k) for (_, piece), k in zip(pieces, keys, strict=True)]
    ids = store.save()
    claims = _claim_ids(
        session,
        [(ids.get(g, g), q.speaker_id) for (q, _), g in zip(pieces, groups, strict=True)],
        cache,
    )
    rows = [
        {
            "claim_id": claim,
            "quote_id": quote.id,
            "start": piece.start,
            "end": piece.end,
            "text": piece.text,
            "norm": piece.norm,
            "norm_hash": norm_hash(piece.norm),
            "speaker_id": quote.speaker_id,
            "document_id": quote.document_id,
            "context_start": quote.sentence[0],
            "context_end": quote.sentence[1],
            "context": quote.search_context(piece.start, piece.end),
        }
        for (quote, piece), claim in zip(pieces, claims, strict=True)
    ]
    add_mentions(session, rows)
    add_terms(session, [(str(row["text"]), str(row["context"])) for row in rows], cache)
    return len(pieces)


_CLAIMS = table_of(Claim)
# Reports grow in the database, so no count has to be read first.
_ADD_REPORTS = (
    update(_CLAIMS)
    .where(_CLAIMS.c.id == bindparam("claim"))
    .values(reports=_CLAIMS.c.reports + bindparam("added"))
)
_SQLITE_ADD_REPORTS = "UPDATE claims SET reports = reports + ? WHERE id = ?"
_SQLITE_CLAIMS = "SELECT id, group_id, speaker_id FROM claims WHERE group_id IN ({}) ORDER BY id"


def _claim_ids(
    session: Session, pairs: list[tuple[int, int | None]], cache: ClaimCache
) -> list[int]:
    """The claim of each (group, speaker) pair, made when missing; their reports counted.

    New claims are made in order of first use, as one at a time would make them.
    """
    # Not ``set - cache.claims.keys()``: that copies every key of the cache into a set.
    groups = sorted({group for group, _ in pairs if group not in cache.claims})
    for group in groups:
        cache.claims[group] = {}
    connection = session.connection()
    query = select(Claim.id, Claim.group_id, Claim.speaker_id).order_by(Claim.id)
    rows = rows_in(connection, query, Claim.group_id, groups, _SQLITE_CLAIMS)
    for claim, group, speaker in rows:
        cache.claims[group].setdefault(speaker, claim)
    added = Counter(pairs)
    missing = [p for p in added if p[1] not in cache.claims[p[0]]]
    if missing:
        values = [{"group_id": g, "speaker_id": s, "reports": added[(g, s)]} for g, s in missing]
        made = insert_rows(connection, _CLAIMS, values, ids=True)
        for (group, speaker), claim in zip(missing, made, strict=True):
            cache.claims[group][speaker] = claim
    made_now = set(missing)
    stored = [
        {"claim": cache.claims[g][s], "added": n}
        for (g, s), n in added.items()
        if (g, s) not in made_now
    ]
    if stored:
        raw = driver(connection)
        if raw is None:
            connection.execute(_ADD_REPORTS, stored)
        else:
            run_many(raw, _SQLITE_ADD_REPORTS, [(r["added"], r["claim"]) for r in stored])
    return [cache.claims[g][s] for g, s in pairs]


def context_span(start: int, end: int, sentence: tuple[int | None, int | None]) -> tuple[int, int]:
    """Offsets of the writer's sentence around a quote at start..end (where the subject is
    often named); without a known sentence, CONTEXT_WINDOW characters either side of it.

    ``ClaimMention.context`` is the document's text between them (migration 0017).
    """
    first, last = sentence
    if first is None or last is None:
        return max(0, start - CONTEXT_WINDOW), end + CONTEXT_WINDOW
    return first, last


def search_window(start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int]:
    """Offsets of the words the search index holds for a claim text at start..end: its
    sentence cut to CONTEXT_WINDOW characters either side of it.

    Bounded, so ten thousand quotes in one long sentence index about ten thousand windows,
    not ten thousand copies of the sentence. The view ``claim_search_content`` computes
    the same in SQL (migration 0017).
    """
    return max(sentence[0], start - CONTEXT_WINDOW), min(sentence[1], end + CONTEXT_WINDOW)


def writer_context(
    document: str, start: int, end: int, sentence: tuple[int | None, int | None]
) -> str:
    """The writer's sentence around a quote at start..end, as ``context_span`` places it."""
    first, last = context_span(start, end, sentence)
    return document[first:last]


def refresh_claims(session: Session, quotes: Sequence[Quote]) -> int:
    """Re-file quotes whose speaker or review changed under the claims they now belong to.

    Their old mentions go, claims left with no mention go with them, and the quotes are
    grouped again (a rejected quote is not).
    """
    locks.hold(session, locks.CLAIMS)
    ids = [q.id for q in quotes]
    touched = set(
        session.scalars(select(ClaimMention.claim_id).where(ClaimMention.quote_id.in_(ids)))
    )
    session.execute(delete(ClaimMention).where(ClaimMention.quote_id.in_(ids)))
    if touched:
        remaining = (
            select(func.count(ClaimMention.id))
            .where(ClaimMention.claim_id == Claim.id)
            .scalar_subquery()
        )
        session.execute(update(Claim).where(Claim.id.in_(touched)).values(reports=remaining))
        still_used = select(ClaimMention.claim_id).where(ClaimMention.claim_id.in_(touched))
        session.execute(delete(Claim).where(Claim.id.in_(touched), Claim.id.not_in(still_used)))
    session.expire_all()
    ordered = sorted(quotes, key=lambda q: (q.document_id, q.start))
    return _add_quotes(session, [ClaimQuote.of(q) for q in ordered], ClaimCache())


def rebuild(session: Session) -> int:
    """Drop every claim and group all stored quotes again, in ingest order."""
    locks.hold(session, locks.CLAIMS)
    for table in (ClaimMention, Claim, ClaimKey, ClaimGroup):
        session.execute(delete(table))
    stamp(session)  # the books changed even when no document is left to group
    # One cache for the whole rebuild: this transaction is the only writer.
    cache = ClaimCache()
    total = 0
    for document_id in session.scalars(select(Document.id).order_by(Document.id)).all():
        total += add_claims(session, document_id, cache)
    return total


def quote_claims(session: Session, quote_ids: list[int] | None = None) -> dict[int, list[int]]:
    """Claim ids of every quote (or of these quotes), by quote row id, in text order."""
    found: dict[int, list[int]] = {}
    query = select(ClaimMention.quote_id, ClaimMention.claim_id).order_by(ClaimMention.start)
    if quote_ids is not None:
        query = query.where(ClaimMention.quote_id.in_(quote_ids))
    for quote_id, claim_id in session.execute(query):
        found.setdefault(quote_id, []).append(claim_id)
    return found
