"""A speaker's quote sheet from the database: every claim with its sources and standing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from quotes.attribute.registry import Registry
from quotes.report.ask import Filters, Hit, ask
from quotes.report.sheet import Sheet, SheetClaim


def build_sheet(
    session: Session, registry: Registry, speaker_key: str, filters: Filters | None = None
) -> Sheet:
    """Every claim of one speaker (rejected quotes make none), for ``sheet.render``."""
    speaker = registry.get(speaker_key)
    answer = ask(session, speaker_key, None, filters, limit=None)
    claims = [sheet_claim(hit) for hit in answer.hits]
    roles = list(dict.fromkeys(_role(r.title, r.start, r.end) for r in speaker.roles))
    return Sheet(speaker_key, speaker.name, roles, claims, datetime.now(UTC))


def sheet_claim(hit: Hit) -> SheetClaim:
    """One of ``ask``'s answers as a sheet (and the web's ask page) shows a claim."""
    return SheetClaim(
        claim_id=hit.claim_id,
        text=hit.text,
        sentence=hit.context,
        kind=hit.kind,
        date=hit.first_date,
        sources=hit.sources,
        confidence=hit.confidence,
        rule=hit.rule,
        review=hit.review,
        conflict=hit.conflict,
        conflict_with=hit.conflict_with,
    )


def _role(title: str, start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return title
    return f"{title} ({start.isoformat() if start else '…'} to {end.isoformat() if end else 'now'})"
