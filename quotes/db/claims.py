"""Claims in the database: grouping new quotes' sentences against what is stored."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from quotes.db import locks
from quotes.db.claim_store import IN_CHUNK, DocumentStore, chunks, norm_hash
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
from quotes.dedupe.claims import ClaimText, assign, block_keys, claim_texts


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
    """Group the quotes' sentences (in the order given) and store them as claim mentions."""
    pieces: list[tuple[Quote, ClaimText, str]] = []
    for quote in quotes:
        if quote.review == "rejected":
            continue
        context = writer_context(quote)
        pieces.extend(
            (quote, piece, context) for piece in claim_texts(quote.text, quote.start, quote.kind)
        )
    if not pieces:
        return 0
    keys = [block_keys(piece.norm) for _, piece, _ in pieces]
    store = DocumentStore(session, [(p.norm, k) for (_, p, _), k in zip(pieces, keys, strict=True)])
    groups = [assign(store, piece.norm, k) for (_, piece, _), k in zip(pieces, keys, strict=True)]
    ids = store.save()
    claims = _claim_ids(
        session,
        [(ids.get(g, g), q.speaker_id) for (q, _, _), g in zip(pieces, groups, strict=True)],
    )
    session.execute(
        insert(ClaimMention),
        [
            {
                "claim_id": claim,
                "quote_id": quote.id,
                "start": piece.start,
                "end": piece.end,
                "text": piece.text,
                "norm": piece.norm,
                "norm_hash": norm_hash(piece.norm),
                "context": context,
                "speaker_id": quote.speaker_id,
            }
            for (quote, piece, context), claim in zip(pieces, claims, strict=True)
        ],
    )
    return len(pieces)


def _claim_ids(session: Session, pairs: list[tuple[int, int | None]]) -> list[int]:
    """The claim of each (group, speaker) pair, made when missing; their reports counted.

    New claims are made in order of first use, as one at a time would make them.
    """
    found: dict[tuple[int, int | None], int] = {}
    reports: dict[int, int] = {}
    groups = sorted({group for group, _ in pairs})
    for part in chunks(groups, IN_CHUNK):
        rows = session.execute(
            select(Claim.id, Claim.group_id, Claim.speaker_id, Claim.reports).where(
                Claim.group_id.in_(part)
            )
        )
        for claim, group, speaker, count in rows:
            found.setdefault((group, speaker), claim)
            reports[claim] = count
    added = Counter(pairs)
    missing = list(dict.fromkeys(p for p in pairs if p not in found))
    if missing:
        made = session.scalars(
            insert(Claim).returning(Claim.id, sort_by_parameter_order=True),
            [{"group_id": g, "speaker_id": s, "reports": added[(g, s)]} for g, s in missing],
        ).all()
        found.update(zip(missing, made, strict=True))
    stored = [
        {"id": found[pair], "reports": reports[found[pair]] + n}
        for pair, n in added.items()
        if found[pair] in reports
    ]
    if stored:
        session.execute(update(Claim), stored)
    return [found[pair] for pair in pairs]


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
