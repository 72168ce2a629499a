"""Running the current rules and registry again over stored documents."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from quotes.attribute.registry import Registry
from quotes.attribute.runner import extract
from quotes.db.claims import add_claims
from quotes.db.models import Document, Quote, table_of
from quotes.db.reviews import apply_reviews
from quotes.db.store import quote_values, speaker_ids
from quotes.types import Article


@dataclass(frozen=True, slots=True)
class Reattributed:
    quotes: int
    changed: int
    reviewed: int


def stored_documents(session: Session, path_contains: str | None = None) -> list[int]:
    query = select(Document.id).order_by(Document.id)
    if path_contains:
        query = query.where(Document.path.contains(path_contains, autoescape=True))
    return list(session.scalars(query))


def reattribute_document(session: Session, document_id: int, registry: Registry) -> Reattributed:
    """Replace one document's quotes with what the rules find now, decisions re-applied.

    The stored text is the input, so the offsets and ids of unchanged quotes stay the same.
    ``changed`` counts quotes (by offsets) whose rules' speaker differs from before.
    """
    document = session.get(Document, document_id)
    assert document is not None
    article = Article(
        path=document.path,
        text=document.text,
        sha256=document.sha256,
        date=document.date,
        body_start=document.body_start,
    )
    extracted = extract(article, registry)
    before = {
        (start, end): speaker
        for start, end, speaker in session.execute(
            select(Quote.start, Quote.end, Quote.rule_speaker_id).where(
                Quote.document_id == document_id
            )
        )
    }
    # Mentions of these quotes go with them (ON DELETE CASCADE); claims are regrouped after.
    session.execute(delete(Quote).where(Quote.document_id == document_id))
    session.expire(document, ["quotes"])
    rows = quote_values(document.sha256, document.path, extracted.quotes, speaker_ids(session))
    if rows:
        values = [{**row, "document_id": document_id} for row in rows]
        session.connection().execute(insert(table_of(Quote)), values)
    reviewed = apply_reviews(session, document_id)
    add_claims(session, document_id)
    changed = sum(
        1
        for r in rows
        if (r["start"], r["end"]) in before and before[r["start"], r["end"]] != r["rule_speaker_id"]
    )
    return Reattributed(len(rows), changed, reviewed)
