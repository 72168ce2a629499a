"""Claims for people: each utterance once, its longest wording, sources, dates, conflicts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from quotes.db.models import Claim, ClaimMention, Document, Quote, Source, Speaker
from quotes.report.rows import ClaimRow, SourceRow
from quotes.report.sources import SOURCE_FIELDS, by_date, source_row, with_sources


@dataclass(slots=True)
class _Gathered:
    """A claim's mentions as they are read, before they become one row."""

    speaker: str | None
    text: str
    norm: str
    conflict: bool
    dates: set[date] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    quotes: set[str] = field(default_factory=set)
    # Each place it was reported, by (path, record, quote), with what the input said of it.
    reports: dict[tuple[str, str, str], SourceRow] = field(default_factory=dict)


def claim_rows(
    session: Session,
    speaker_key: str | None = None,
    conflicts_only: bool = False,
    limit: int | None = None,
) -> Iterator[ClaimRow]:
    """Every claim (of one speaker, or only conflicting ones), in claim order; the first
    ``limit`` of them, chosen in SQL before any mention is read.

    A claim conflicts when its group (the same words) is credited to more than one speaker.
    """
    speakers_per_group = (
        select(Claim.group_id, func.count(func.distinct(Claim.speaker_id)).label("speakers"))
        .group_by(Claim.group_id)
        .subquery()
    )
    query = (
        with_sources(
            select(
                Claim.id,
                speakers_per_group.c.speakers,
                Speaker.name,
                ClaimMention.text,
                ClaimMention.norm,
                Source.path,
                Document.date,
                Quote.via,
                Quote.uid,
                *SOURCE_FIELDS,
            )
            .join(speakers_per_group, speakers_per_group.c.group_id == Claim.group_id)
            .join(ClaimMention, ClaimMention.claim_id == Claim.id)
        )
        .outerjoin(Speaker, Speaker.id == Claim.speaker_id)
        .order_by(Claim.id, ClaimMention.id)
    )
    if speaker_key is not None:
        query = query.where(Speaker.key == speaker_key)
    if conflicts_only:
        query = query.where(speakers_per_group.c.speakers > 1)
    if limit is not None:
        page = _claim_ids(speakers_per_group, speaker_key, conflicts_only).limit(limit)
        query = query.where(Claim.id.in_(page.scalar_subquery()))
    claims: dict[int, _Gathered] = {}
    for claim_id, speakers, speaker, text, norm, path, day, via, uid, *meta in session.execute(
        query
    ):
        claim = claims.setdefault(claim_id, _Gathered(speaker, text, norm, speakers > 1))
        if len(norm) > len(claim.norm):
            # The longest variant stands for the claim; measured on the normalised words so
            # an outlet's extra spaces or punctuation do not make it "longer".
            claim.text, claim.norm = text, norm
        claim.quotes.add(uid)
        report = source_row(path, day, via, uid, meta)
        claim.reports.setdefault((path, report.record, uid), report)
        if day:
            claim.dates.add(day)
        if via:
            claim.outlets.add(via)
    for claim_id, claim in claims.items():
        dates = sorted(claim.dates)
        reports = by_date(claim.reports.values())
        names = dict.fromkeys(r.name for r in reports)
        yield ClaimRow(
            claim_id=claim_id,
            speaker=claim.speaker,
            text=claim.text,
            sources=len({(path, record) for path, record, _ in claim.reports}),
            first_date=dates[0].isoformat() if dates else None,
            last_date=dates[-1].isoformat() if dates else None,
            outlets=(*names, *sorted(claim.outlets - names.keys())),
            quotes=tuple(sorted(claim.quotes)),
            conflict=claim.conflict,
            reports=tuple(reports),
        )


def _claim_ids(
    speakers_per_group: Any, speaker_key: str | None, conflicts_only: bool
) -> Select[Any]:
    """The ids of the claims ``claim_rows`` lists, in its order: a page is cut from these."""
    query = select(Claim.id).order_by(Claim.id)
    if speaker_key is not None:
        query = query.join(Speaker, Speaker.id == Claim.speaker_id).where(
            Speaker.key == speaker_key
        )
    if conflicts_only:
        query = query.join(
            speakers_per_group, speakers_per_group.c.group_id == Claim.group_id
        ).where(speakers_per_group.c.speakers > 1)
    # A claim with no mention left is not listed; neither may it fill a page.
    return query.where(Claim.id.in_(select(ClaimMention.claim_id)))


def count_claims(
    session: Session, speaker_key: str | None = None, conflicts_only: bool = False
) -> int:
    """How many claims ``claim_rows`` would give without a limit."""
    speakers_per_group = (
        select(Claim.group_id, func.count(func.distinct(Claim.speaker_id)).label("speakers"))
        .group_by(Claim.group_id)
        .subquery()
    )
    ids = _claim_ids(speakers_per_group, speaker_key, conflicts_only).order_by(None).subquery()
    return session.scalar(select(func.count()).select_from(ids)) or 0
