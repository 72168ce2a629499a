"""Stored quotes as listing rows, in document then text order, filtered and paged in SQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from quotes.db.models import Document, Quote, Speaker
from quotes.report.export import export_rows
from quotes.report.rows import QuoteRow

# The review status of a quote a reviewer found not to be a quote at all.
REJECTED = "rejected"


def _conditions(
    speaker: str | None, doc: str | None, kind: str | None, unattributed: bool, rejected: bool
) -> list[Any]:
    where: list[Any] = []
    if speaker is not None:
        where.append(Speaker.name == speaker)
    if doc is not None:
        where.append(Document.path.contains(doc, autoescape=True))
    if kind is not None:
        where.append(Quote.kind == kind)
    if unattributed:
        where.append(Quote.speaker_id.is_(None))
    if not rejected:
        where.append(or_(Quote.review.is_(None), Quote.review != REJECTED))
    return where


def quote_rows(
    session: Session,
    *,
    speaker: str | None = None,
    doc: str | None = None,
    kind: str | None = None,
    unattributed: bool = False,
    rejected: bool = False,
    limit: int | None = None,
) -> Iterator[QuoteRow]:
    """Stored quotes: of one speaker (by name), document path part or kind; the first
    ``limit`` of them. Quotes a reviewer rejected (not quotes at all) only with ``rejected``.
    """
    where = _conditions(speaker, doc, kind, unattributed, rejected)
    for values in export_rows(session, where, limit):
        yield QuoteRow(values)


def count_quotes(
    session: Session,
    *,
    speaker: str | None = None,
    doc: str | None = None,
    kind: str | None = None,
    unattributed: bool = False,
    rejected: bool = False,
) -> int:
    """How many quotes ``quote_rows`` would give without a limit."""
    query = (
        select(func.count(Quote.id))
        .join(Document, Quote.document_id == Document.id)
        .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
        .where(*_conditions(speaker, doc, kind, unattributed, rejected))
    )
    return session.scalar(query) or 0
