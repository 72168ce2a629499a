"""What the archive holds, by outlet: documents, quotes, and the dates they span.

A document carried by two outlets counts for each; one carried twice by the same outlet
(two records of one export) counts once. A source's date is its publication date, else its
document's date. Sources whose input named no outlet share one row with ``outlet`` None.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quotes.db.models import Document, Quote, Source
from quotes.report.rows import OutletRow

__all__ = ["OutletRow", "outlet_rows"]


def outlet_rows(session: Session) -> list[OutletRow]:
    """One row per outlet, most documents first, then by name (unknown outlet last)."""
    day = func.coalesce(Source.published, Document.date)
    carried = (
        select(
            Source.outlet.label("outlet"),
            Source.document_id.label("document_id"),
            func.min(day).label("first"),
            func.max(day).label("last"),
        )
        .join(Document, Document.id == Source.document_id)
        .group_by(Source.outlet, Source.document_id)
        .subquery()
    )
    counted = (
        select(Quote.document_id.label("document_id"), func.count(Quote.id).label("quotes"))
        .group_by(Quote.document_id)
        .subquery()
    )
    documents = func.count(carried.c.document_id)
    query = (
        select(
            carried.c.outlet,
            documents,
            func.coalesce(func.sum(counted.c.quotes), 0),
            func.min(carried.c.first),
            func.max(carried.c.last),
        )
        .outerjoin(counted, counted.c.document_id == carried.c.document_id)
        .group_by(carried.c.outlet)
        .order_by(carried.c.outlet.is_(None), documents.desc(), carried.c.outlet)
    )
    return [
        OutletRow(outlet, int(docs), int(quotes), _day(first), _day(last))
        for outlet, docs, quotes, first, last in session.execute(query)
    ]


def _day(value: object) -> date | None:
    # func.min over a subquery's column loses the Date type on SQLite, which stores ISO text.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
