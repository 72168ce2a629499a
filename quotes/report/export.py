"""The export contract's rows and the database's counts: what `export`, `eval` and the
ingest summary read back from a store."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quotes.db.claims import quote_claims
from quotes.db.models import Claim, Document, Quote, Source, Speaker


def export_rows(
    session: Session, where: Sequence[Any] = (), limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """Every quote in the export contract's shape, in document then text order, streamed.

    ``where`` (conditions on Quote, Document, Speaker) and ``limit`` page it in SQL; a page
    reads the claims of its own quotes only.
    """
    names = {i: n for i, n in session.execute(select(Speaker.id, Speaker.name))}
    # The document's first source: the one its path was read from.
    first = (
        select(func.min(Source.id))
        .where(Source.document_id == Document.id)
        .correlate(Document)
        .scalar_subquery()
    )
    query = (
        select(
            Quote,
            Document.path,
            Document.date,
            Source.url,
            Source.outlet,
            Source.title,
            Source.published,
        )
        .join(Document, Quote.document_id == Document.id)
        .outerjoin(Source, Source.id == first)
        .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
        .where(*where)
        .order_by(Quote.document_id, Quote.start)
        .limit(limit)
        .execution_options(yield_per=500)
    )
    if limit is None:
        claims = quote_claims(session)
        found: Iterator[Any] = iter(session.execute(query))
    else:
        page = session.execute(query).all()
        claims = quote_claims(session, [row[0].id for row in page])
        found = iter(page)
    for quote, path, day, url, outlet, title, published in found:
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
            "url": url,
            "outlet": outlet,
            "title": title,
            "published": published.isoformat() if published else None,
        }


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
