"""The export contract's rows and the database's counts: what `export`, `eval` and the
ingest summary read back from a store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quotes.db.claims import quote_claims
from quotes.db.models import Claim, Document, Quote, Source, Speaker
from quotes.report.sources import SOURCE_FIELDS, source_row

# Quotes are read this many at a time; the sources of a batch's documents are one query, so
# an export costs a query per batch, not one per quote, and memory stays one batch's worth.
BATCH = 500


def export_rows(
    session: Session, where: Sequence[Any] = (), limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """Every quote in the export contract's shape, in document then text order, streamed.

    ``where`` (conditions on Quote, Document, Speaker) and ``limit`` page it in SQL; a page
    reads the claims of its own quotes only. ``sources`` is every source of the quote's
    document, in the order they came; ``url``, ``outlet``, ``title`` and ``published`` are
    the first one's (the one its path was read from), as the contract had them before.
    """
    names = {i: n for i, n in session.execute(select(Speaker.id, Speaker.name))}
    query = (
        select(Quote, Document.path, Document.date)
        .join(Document, Quote.document_id == Document.id)
        .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
        .where(*where)
        .order_by(Quote.document_id, Quote.start)
        .limit(limit)
        .execution_options(yield_per=BATCH)
    )
    if limit is None:
        claims = quote_claims(session)
        found: Iterator[Any] = iter(session.execute(query))
    else:
        page = session.execute(query).all()
        claims = quote_claims(session, [row[0].id for row in page])
        found = iter(page)
    while batch := list(islice(found, BATCH)):
        places = _sources_of(session, {row[0].document_id for row in batch})
        for quote, path, day in batch:
            sources = [
                source_row(place, day, quote.via, quote.uid, meta)
                for place, *meta in places.get(quote.document_id, ())
            ]
            first = sources[0] if sources else None
            yield {
                "id": quote.uid,
                "doc": path,
                "start": quote.start,
                "end": quote.end,
                "text": quote.text,
                "kind": quote.kind,
                "speaker": names.get(quote.speaker_id) if quote.speaker_id else None,
                "mention": quote.mention,
                "mention_start": quote.mention_start,
                "mention_end": quote.mention_end,
                "cue": quote.cue,
                "rule": quote.rule,
                "confidence": quote.confidence,
                "via": quote.via,
                "date": day.isoformat() if day else None,
                "claim_id": claims[quote.id][0] if claims.get(quote.id) else None,
                "rule_speaker": names.get(quote.rule_speaker_id) if quote.rule_speaker_id else None,
                "review": quote.review,
                "url": first.url if first else None,
                "outlet": first.outlet if first else None,
                "title": first.title if first else None,
                "published": first.published.isoformat() if first and first.published else None,
                "source_count": len(sources),
                "sources": [source.to_dict() for source in sources],
            }


def _sources_of(session: Session, document_ids: Iterable[int]) -> dict[int, list[Any]]:
    """Each document's sources (path, then ``SOURCE_FIELDS``), in the order they came."""
    query = (
        select(Source.document_id, Source.path, *SOURCE_FIELDS)
        .where(Source.document_id.in_(sorted(document_ids)))
        .order_by(Source.document_id, Source.id)
    )
    found: dict[int, list[Any]] = {}
    for document_id, *place in session.execute(query):
        found.setdefault(document_id, []).append(place)
    return found


def counts(session: Session) -> dict[str, int]:
    return {
        "documents": session.scalar(select(func.count(Document.id))) or 0,
        "quotes": session.scalar(select(func.count(Quote.id))) or 0,
        "attributed": session.scalar(
            select(func.count(Quote.id)).where(Quote.speaker_id.is_not(None))
        )
        or 0,
        "sources": session.scalar(select(func.count(Source.id))) or 0,
        "claims": session.scalar(select(func.count(Claim.id))) or 0,
    }
