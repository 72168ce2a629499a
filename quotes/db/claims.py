"""Claims in the database: grouping new quotes' sentences against what is stored."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from quotes.db import locks
from quotes.db.models import (
    Claim,
    ClaimGroup,
    ClaimKey,
    ClaimMention,
    Document,
    Quote,
    Source,
    Speaker,
)
from quotes.dedupe.claims import assign, claim_texts


def norm_hash(norm: str) -> str:
    return hashlib.blake2b(norm.encode(), digest_size=8).hexdigest()


class DbStore:
    """The KeyStore of ``quotes.dedupe.claims`` on the claim tables, within one session.

    It keeps the same books as the in-memory store (a group's first and longest-since text,
    a key posted again only when another group used it last), so grouping through the
    database and rebuilding in one pass give the same groups.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._latest: dict[int, int] = {}

    def exact(self, norm: str) -> int | None:
        query = (
            select(Claim.group_id)
            .join(ClaimMention, ClaimMention.claim_id == Claim.id)
            .where(ClaimMention.norm_hash == norm_hash(norm), ClaimMention.norm == norm)
            .order_by(ClaimMention.id)
            .limit(1)
        )
        return self.session.scalar(query)

    def postings(self, keys: list[int]) -> dict[int, list[int]]:
        rows = self.session.execute(
            select(ClaimKey.key, ClaimKey.group_id)
            .where(ClaimKey.key.in_(keys))
            .order_by(ClaimKey.id)
        )
        found: dict[int, list[int]] = {}
        for key, group in rows:
            found.setdefault(key, []).append(group)
        self._latest = {key: groups[-1] for key, groups in found.items()}
        return found

    def representatives(self, groups: list[int]) -> dict[int, list[str]]:
        if not groups:
            return {}
        rows = self.session.execute(
            select(ClaimGroup.id, ClaimGroup.first, ClaimGroup.second).where(
                ClaimGroup.id.in_(groups)
            )
        )
        return {g: [t for t in (first, second) if t] for g, first, second in rows}

    def new_group(self, norm: str) -> int:
        group = ClaimGroup(first=norm)
        self.session.add(group)
        self.session.flush()
        return group.id

    def add(self, group: int, keys: list[int], norm: str) -> None:
        row = self.session.get(ClaimGroup, group)
        assert row is not None
        if row.first != norm and (row.second is None or len(norm) > len(row.second)):
            row.second = norm
        self.session.add_all(
            ClaimKey(key=k, group_id=group) for k in keys if self._latest.get(k) != group
        )
        self.session.flush()


def add_claims(session: Session, document_id: int) -> int:
    """Group the sentences of one stored document's quotes into claims; returns how many.

    A quote a reviewer rejected (not a quote at all) makes no claim.
    """
    # One grouper at a time across processes, each seeing every group committed before it:
    # otherwise two workers meeting the same words at once would each start a group.
    locks.hold(session, locks.CLAIMS)
    quotes = session.scalars(
        select(Quote).where(Quote.document_id == document_id).order_by(Quote.start)
    )
    return _add_quotes(session, quotes)


def _add_quotes(session: Session, quotes: Iterable[Quote]) -> int:
    store = DbStore(session)
    count = 0
    for quote in quotes:
        if quote.review == "rejected":
            continue
        context = writer_context(quote)
        for piece in claim_texts(quote.text, quote.start, quote.kind):
            group = assign(store, piece.norm)
            claim = _claim(session, group, quote.speaker_id)
            session.add(
                ClaimMention(
                    claim_id=claim.id,
                    quote_id=quote.id,
                    start=piece.start,
                    end=piece.end,
                    text=piece.text,
                    norm=piece.norm,
                    norm_hash=norm_hash(piece.norm),
                    context=context,
                )
            )
            claim.reports += 1
            session.flush()
            count += 1
    return count


# Characters either side of a quote taken as its context when its sentence is unknown.
CONTEXT_WINDOW = 200


def writer_context(quote: Quote) -> str:
    """The writer's sentence around a quote (the subject is often named there)."""
    start, end = quote.sentence_start, quote.sentence_end
    if start is None or end is None:
        start, end = max(0, quote.start - CONTEXT_WINDOW), quote.end + CONTEXT_WINDOW
    return quote.document.text[start:end]


def refresh_claims(session: Session, quotes: Sequence[Quote]) -> int:
    """Re-file quotes whose speaker or review changed under the claims they now belong to.

    Their old mentions go, claims left with no mention go with them, and the quotes are
    grouped again (a rejected quote is not).
    """
    locks.hold(session, locks.CLAIMS)
    ids = [q.id for q in quotes]
    touched = set(
        session.scalars(select(ClaimMention.claim_id).where(ClaimMention.quote_id.in_(ids)))
    )
    session.execute(delete(ClaimMention).where(ClaimMention.quote_id.in_(ids)))
    if touched:
        remaining = (
            select(func.count(ClaimMention.id))
            .where(ClaimMention.claim_id == Claim.id)
            .scalar_subquery()
        )
        session.execute(update(Claim).where(Claim.id.in_(touched)).values(reports=remaining))
        still_used = select(ClaimMention.claim_id).where(ClaimMention.claim_id.in_(touched))
        session.execute(delete(Claim).where(Claim.id.in_(touched), Claim.id.not_in(still_used)))
    session.expire_all()
    return _add_quotes(session, sorted(quotes, key=lambda q: (q.document_id, q.start)))


def _claim(session: Session, group: int, speaker_id: int | None) -> Claim:
    speaker = Claim.speaker_id.is_(None) if speaker_id is None else Claim.speaker_id == speaker_id
    claim = session.scalar(select(Claim).where(Claim.group_id == group, speaker))
    if claim is None:
        claim = Claim(group_id=group, speaker_id=speaker_id)
        session.add(claim)
        session.flush()
    return claim


def rebuild(session: Session) -> int:
    """Drop every claim and group all stored quotes again, in ingest order."""
    locks.hold(session, locks.CLAIMS)
    for table in (ClaimMention, Claim, ClaimKey, ClaimGroup):
        session.execute(delete(table))
    total = 0
    for document_id in session.scalars(select(Document.id).order_by(Document.id)).all():
        total += add_claims(session, document_id)
    return total


def claim_rows(session: Session, conflicts_only: bool = False) -> Iterator[dict[str, Any]]:
    """Claims for people: speaker, canonical (longest) text, sources, dates, conflict mark."""
    speakers_per_group = dict(
        session.execute(
            select(Claim.group_id, func.count(func.distinct(Claim.speaker_id))).group_by(
                Claim.group_id
            )
        ).all()
    )
    query = (
        select(
            Claim.id,
            Claim.group_id,
            Speaker.name,
            ClaimMention.text,
            ClaimMention.norm,
            Source.path,
            Document.date,
            Quote.via,
            Quote.uid,
        )
        .join(ClaimMention, ClaimMention.claim_id == Claim.id)
        .join(Quote, Quote.id == ClaimMention.quote_id)
        .join(Document, Document.id == Quote.document_id)
        .join(Source, Source.document_id == Document.id)
        .outerjoin(Speaker, Speaker.id == Claim.speaker_id)
        .order_by(Claim.id, ClaimMention.id)
    )
    claims: dict[int, dict[str, Any]] = {}
    for claim_id, group, speaker, text, norm, path, day, via, uid in session.execute(query):
        row = claims.setdefault(
            claim_id,
            {
                "claim_id": claim_id,
                "speaker": speaker,
                "text": text,
                "norm": norm,
                "sources": set(),
                "dates": set(),
                "outlets": set(),
                "quotes": set(),
                "conflict": speakers_per_group.get(group, 0) > 1,
            },
        )
        if len(norm) > len(row["norm"]):
            # The longest variant stands for the claim; measured on the normalised words so
            # an outlet's extra spaces or punctuation do not make it "longer".
            row["text"], row["norm"] = text, norm
        row["sources"].add(path)
        row["quotes"].add(uid)
        if day:
            row["dates"].add(day)
        if via:
            row["outlets"].add(via)
    for row in claims.values():
        if conflicts_only and not row["conflict"]:
            continue
        dates = sorted(row.pop("dates"))
        row.pop("norm")
        yield {
            "claim_id": row["claim_id"],
            "speaker": row["speaker"],
            "text": row["text"],
            "sources": len(row["sources"]),
            "first_date": dates[0].isoformat() if dates else None,
            "last_date": dates[-1].isoformat() if dates else None,
            "outlets": sorted(row["outlets"])
            + sorted(p.rsplit("/", 1)[-1] for p in row["sources"]),
            "quotes": sorted(row["quotes"]),
            "conflict": row["conflict"],
        }


def quote_claims(session: Session) -> dict[int, list[int]]:
    """Claim ids of every quote (by quote row id), in text order."""
    found: dict[int, list[int]] = {}
    for quote_id, claim_id in session.execute(
        select(ClaimMention.quote_id, ClaimMention.claim_id).order_by(ClaimMention.start)
    ):
        found.setdefault(quote_id, []).append(claim_id)
    return found
