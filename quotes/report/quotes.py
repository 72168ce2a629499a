"""Stored quotes as listing rows, in document then text order, filtered and paged in SQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from quotes.db.models import Document, Quote, Speaker
from quotes.report.export import export_rows
from quotes.report.rows import QuoteRow

# The review status of a quote a reviewer found not to be a quote at all.
REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    """Which stored quotes a listing shows: one speaker (by name), a document path part, a
    kind, the unattributed only; quotes a reviewer rejected (not quotes at all) only with
    ``rejected``."""

    speaker: str | None = None
    doc: str | None = None
    kind: str | None = None
    unattributed: bool = False
    rejected: bool = False


# Every stored quote a reviewer did not reject.
ALL_QUOTES = QuoteFilter()


def _conditions(filters: QuoteFilter) -> list[Any]:
    where: list[Any] = []
    if filters.speaker is not None:
        where.append(Speaker.name == filters.speaker)
    if filters.doc is not None:
        where.append(Document.path.contains(filters.doc, autoescape=True))
    if filters.kind is not None:
        where.append(Quote.kind == filters.kind)
    if filters.unattributed:
        where.append(Quote.speaker_id.is_(None))
    if not filters.rejected:
        where.append(or_(Quote.review.is_(None), Quote.review != REJECTED))
    return where


def quote_rows(
    session: Session, filters: QuoteFilter = ALL_QUOTES, limit: int | None = None
) -> Iterator[QuoteRow]:
    """The stored quotes ``filters`` keeps; the first ``limit`` of them."""
    for values in export_rows(session, _conditions(filters), limit):
        yield QuoteRow(values)


def count_quotes(session: Session, filters: QuoteFilter = ALL_QUOTES) -> int:
    """How many quotes ``quote_rows`` would give without a limit."""
    query = (
        select(func.count(Quote.id))
        .join(Document, Quote.document_id == Document.id)
        .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
        .where(*_conditions(filters))
    )
    return session.scalar(query) or 0
