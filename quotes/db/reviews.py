"""The review log: reviewers' decisions about quotes, and how they stand over re-ingest.

The log is append-only. A decision names its quote by document hash and text, and every
time a document's quotes are (re)written, ``apply_reviews`` finds the same words again and
sets the standing speaker from the latest decision that was not undone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotes.db.models import Document, Quote, Review, Speaker
from quotes.errors import QuotesError

Action = Literal["confirm", "speaker", "none", "reject", "undo"]
DECISIONS: tuple[str, ...] = ("confirm", "speaker", "none", "reject")
# The quote's review status each decision leaves behind.
STATUS = {"confirm": "confirmed", "speaker": "reassigned", "none": "none", "reject": "rejected"}


def standing(log: Sequence[Review]) -> Review | None:
    """The decision in force: the latest one that no later undo reversed."""
    undone = {r.undoes_id for r in log if r.action == "undo"}
    for review in sorted(log, key=lambda r: r.id, reverse=True):
        if review.action != "undo" and review.id not in undone:
            return review
    return None


def _speaker_key(session: Session, speaker_id: int | None) -> str | None:
    if speaker_id is None:
        return None
    return session.scalar(select(Speaker.key).where(Speaker.id == speaker_id))


def history(session: Session, quote: Quote) -> list[Review]:
    """Every log row about this quote, oldest first."""
    log = _log_for(session, quote.document.sha256)
    return matched(log, [quote]).get(quote.id, [])


def _log_for(session: Session, sha256: str) -> list[Review]:
    return list(
        session.scalars(select(Review).where(Review.document_sha256 == sha256).order_by(Review.id))
    )


def matched(log: Iterable[Review], quotes: Sequence[Quote]) -> dict[int, list[Review]]:
    """Log rows per quote id: same text, and of several quotes with that text the nearest."""
    by_text: dict[str, list[Quote]] = {}
    for quote in quotes:
        by_text.setdefault(quote.text, []).append(quote)
    found: dict[int, list[Review]] = {}
    for review in log:
        candidates = by_text.get(review.quote_text)
        if not candidates:
            continue
        quote = min(candidates, key=lambda q: abs(q.start - review.quote_start))
        found.setdefault(quote.id, []).append(review)
    return found


def record(
    session: Session,
    quote: Quote,
    action: Action,
    reviewer: str,
    speaker: str | None = None,
    note: str | None = None,
) -> Review:
    """Append a decision (or, for ``undo``, the reversal of the one in force) and apply it.

    ``speaker`` is a registry key and only goes with ``action="speaker"``.
    """
    if (action == "speaker") != (speaker is not None):
        raise QuotesError("a reassignment names a speaker, and only a reassignment does")
    undoes = None
    if action == "undo":
        current = standing(history(session, quote))
        if current is None:
            raise QuotesError(f"quote {quote.uid} has no decision to undo")
        undoes = current.id
    new_key = speaker
    if action == "confirm":
        new_key = _speaker_key(session, quote.speaker_id)
    row = Review(
        document_sha256=quote.document.sha256,
        quote_text=quote.text,
        quote_start=quote.start,
        action=action,
        speaker_key=new_key,
        old_speaker_key=_speaker_key(session, quote.speaker_id),
        note=note,
        reviewer=reviewer,
        undoes_id=undoes,
    )
    session.add(row)
    session.flush()
    apply_to(session, [quote])
    return row


def apply_reviews(session: Session, document_id: int) -> int:
    """Set the standing speaker of one document's quotes from the log; returns how many."""
    quotes = list(session.scalars(select(Quote).where(Quote.document_id == document_id)))
    return apply_to(session, quotes)


def apply_to(session: Session, quotes: Sequence[Quote]) -> int:
    """Give each quote the speaker and status of its standing decision, else the rules'."""
    if not quotes:
        return 0
    sha = quotes[0].document.sha256
    logs = matched(_log_for(session, sha), quotes)
    ids: dict[str, int] = {k: i for k, i in session.execute(select(Speaker.key, Speaker.id))}
    applied = 0
    for quote in quotes:
        decision = standing(logs.get(quote.id, []))
        if decision is None:
            quote.speaker_id, quote.review = quote.rule_speaker_id, None
            continue
        applied += 1
        quote.review = STATUS[decision.action]
        if decision.action in ("speaker", "confirm", "none"):
            key = decision.speaker_key
            if key is not None and key not in ids:
                # The registry lost the speaker the reviewer chose; the rules' answer stands
                # until the speaker returns, and `audit --disputed` shows the decision.
                quote.speaker_id = quote.rule_speaker_id
                continue
            quote.speaker_id = ids[key] if key is not None else None
        else:
            quote.speaker_id = quote.rule_speaker_id
    session.flush()
    return applied


@dataclass(frozen=True, slots=True)
class Decision:
    """A quote's standing decision beside the rules' answer, for audits and stats."""

    quote: Quote
    review: Review
    rule_speaker: str | None
    decided_speaker: str | None

    @property
    def disputed(self) -> bool:
        """The rules now say someone else than the reviewer (rejections have no speaker)."""
        return self.review.action != "reject" and self.rule_speaker != self.decided_speaker


def decisions(session: Session) -> list[Decision]:
    """Every reviewed quote with its standing decision, in document then text order."""
    keys: dict[int, str] = {i: k for i, k in session.execute(select(Speaker.id, Speaker.key))}
    quotes = session.scalars(
        select(Quote)
        .join(Document, Document.id == Quote.document_id)
        .where(Document.sha256.in_(select(Review.document_sha256)))
        .order_by(Quote.document_id, Quote.start)
    ).all()
    by_doc: dict[int, list[Quote]] = {}
    for quote in quotes:
        by_doc.setdefault(quote.document_id, []).append(quote)
    found = []
    for doc_quotes in by_doc.values():
        logs = matched(_log_for(session, doc_quotes[0].document.sha256), doc_quotes)
        for quote in doc_quotes:
            decision = standing(logs.get(quote.id, []))
            if decision is None:
                continue
            decided = decision.speaker_key if decision.action != "reject" else None
            rule = keys.get(quote.rule_speaker_id) if quote.rule_speaker_id else None
            found.append(Decision(quote, decision, rule, decided))
    return found


def orphans(session: Session) -> list[Review]:
    """Log rows whose words no stored quote has any more (the document or span changed)."""
    lost = []
    shas = session.scalars(select(Review.document_sha256).distinct()).all()
    for sha in shas:
        doc = session.scalar(select(Document).where(Document.sha256 == sha))
        log = _log_for(session, sha)
        found = {r.id for rows in matched(log, doc.quotes if doc else []).values() for r in rows}
        lost += [r for r in log if r.id not in found]
    return lost
