"""What the archive holds, by outlet: documents, quotes, and the dates they span.

A document carried by two outlets counts for each; one carried twice by the same outlet
(two records of one export) counts once. A source's date is its publication date, else its
document's date. Sources whose input named no outlet share one row with ``outlet`` None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TypeVarTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from quotes.db.models import ClaimMention, Document, Quote, Source
from quotes.report.rows import OutletRow, SourceRow

__all__ = [
    "SOURCE_FIELDS",
    "OutletRow",
    "by_date",
    "document_sources",
    "outlet_rows",
    "source_row",
    "with_sources",
]


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


# What a query selects of a source after its path, its document's date, via and quote id,
# for ``source_row``: the input's own account of where the article appeared.
SOURCE_FIELDS = (
    Source.outlet,
    Source.url,
    Source.title,
    Source.author,
    Source.published,
    Source.record,
)


# Whatever columns the query selects: the joins add none.
_Row = TypeVarTuple("_Row")


def with_sources(query: Select[*_Row]) -> Select[*_Row]:
    """``query`` over claim mentions, joined to each mention's quote, its document and every
    source of that document: one row per mention and source, the columns above in reach."""
    return (
        query.join(Quote, Quote.id == ClaimMention.quote_id)
        .join(Document, Document.id == Quote.document_id)
        .join(Source, Source.document_id == Document.id)
    )


def source_row(
    path: str, day: date | None, via: str | None, quote: str, meta: Sequence[Any] = ()
) -> SourceRow:
    """A ``SourceRow`` from a source's path, its document's date, ``via``, the quote id and
    the values of ``SOURCE_FIELDS`` (``meta``); its date is the publication date when known."""
    outlet, url, title, author, published, record = meta or (None,) * len(SOURCE_FIELDS)
    published_day = _day(published)
    return SourceRow(
        path=path,
        date=published_day or _day(day),
        via=via,
        quote=quote,
        outlet=outlet,
        url=url,
        title=title,
        author=author,
        published=published_day,
        record=record or "",
    )


def by_date(rows: Iterable[SourceRow]) -> list[SourceRow]:
    """Oldest first, undated last, then by name and place, so every listing agrees."""
    return sorted(
        rows, key=lambda r: (r.date is None, r.date or date.min, r.name, r.path, r.record)
    )


def document_sources(session: Session, document: Document, quote: Quote) -> tuple[SourceRow, ...]:
    """Every source of ``document`` as ``quote`` was found there, in the order they came."""
    query = (
        select(Source.path, *SOURCE_FIELDS)
        .where(Source.document_id == document.id)
        .order_by(Source.id)
    )
    return tuple(
        source_row(path, document.date, quote.via, quote.uid, meta)
        for path, *meta in session.execute(query)
    )
