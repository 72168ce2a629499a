"""Stored quotes as listing rows, in document then text order."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session

from quotes.db.store import export_rows
from quotes.report.rows import QuoteRow


def quote_rows(
    session: Session,
    *,
    speaker: str | None = None,
    doc: str | None = None,
    kind: str | None = None,
    unattributed: bool = False,
) -> Iterator[QuoteRow]:
    """Every stored quote, or those of one speaker (by name), document path part or kind.

    The rows stream from the export query, so a filter costs a pass over every quote.
    """
    for values in export_rows(session):
        if (
            (speaker is None or values["speaker"] == speaker)
            and (doc is None or doc in values["doc"])
            and (kind is None or values["kind"] == kind)
            and (not unattributed or values["speaker"] is None)
        ):
            yield QuoteRow(values)
