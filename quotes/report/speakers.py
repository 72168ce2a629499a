"""The speaker registry with what the database holds of each speaker."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from quotes.attribute.registry import Registry
from quotes.db.models import Claim, ClaimMention, Quote, Speaker
from quotes.report.rows import OTHER, OUTSIDE, SpeakerRow

# A registry speaker not yet stored has nothing, not the unattributed quotes' counts.
_NOT_STORED = -1


def _counted(session: Session, query: Any) -> dict[int | None, int]:
    return {speaker_id: count for speaker_id, count in session.execute(query)}


def roles_of(roles: Any) -> str:
    """A speaker's role titles, each once, in registry order."""
    return "; ".join(dict.fromkeys(r.title for r in roles))


def speaker_rows(session: Session, registry: Registry) -> list[SpeakerRow]:
    """A row per registry speaker, in registry order, and one for quotes of nobody in it.

    Quotes a reviewer rejected (not quotes at all) are counted for nobody.
    """
    ids = dict(session.execute(select(Speaker.key, Speaker.id)).all())
    kept = or_(Quote.review.is_(None), Quote.review != "rejected")
    quotes = _counted(
        session, select(Quote.speaker_id, func.count()).where(kept).group_by(Quote.speaker_id)
    )
    documents = _counted(
        session,
        select(Quote.speaker_id, func.count(func.distinct(Quote.document_id)))
        .where(kept)
        .group_by(Quote.speaker_id),
    )
    claims = _counted(
        session,
        select(Claim.speaker_id, func.count(func.distinct(Claim.id)))
        .join(ClaimMention, ClaimMention.claim_id == Claim.id)
        .group_by(Claim.speaker_id),
    )

    def row(key: str, name: str, speaker_id: int | None, roles: str) -> SpeakerRow:
        return SpeakerRow(
            key,
            name,
            quotes.get(speaker_id, 0),
            claims.get(speaker_id, 0),
            documents.get(speaker_id, 0),
            roles,
        )

    rows = [row(s.key, s.name, ids.get(s.key, _NOT_STORED), roles_of(s.roles)) for s in registry]
    rows.append(row(OTHER, f"({OUTSIDE})", None, ""))
    return rows
