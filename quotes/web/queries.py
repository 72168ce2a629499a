"""The one door from the web pages to the read side: its answers, turned into ``rows``.

Every function the pages need of ``quotes.report`` is imported here and nowhere else in
``quotes.web``, so the pages depend on the read side through one module (``rows`` takes three
of its row types as they are: ``QuoteDetail``, ``SourceRow``, ``SheetClaim``):

- ``quotes.report.ask``: ``ask``, ``Filters`` (the ranking ``quotes ask`` prints)
- ``quotes.report.sheet_query``: ``build_sheet``, ``sheet_claim`` (an answer as a sheet's
  claim); ``quotes.report.sheet``: ``render``, ``FORMATS``, ``SheetClaim``
- ``quotes.report.audit``: ``audit_rows``, ``find_quote``, ``quote_detail``, ``context_of``
- ``quotes.report.highlight``: ``Excerpt`` (``text``, ``marks``, ``cut_before``, ``cut_after``)
- ``quotes.report.sources``: ``source_row`` (a source's columns as a row), ``SOURCE_FIELDS``,
  ``with_sources`` (claim mentions joined to their quotes' sources)

Decisions go through the same functions as ``quotes review``: ``quotes.db.reviews.record``
then ``quotes.db.claims.refresh_claims``; the queue's disputed filter reads
``quotes.db.reviews.decisions``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotes.attribute.registry import Registry
from quotes.db.claims import refresh_claims
from quotes.db.models import Claim, ClaimMention, Document, Quote, Source, Speaker
from quotes.db.reviews import Action, decisions, record
from quotes.report.ask import Filters, ask
from quotes.report.audit import (
    EVERYTHING,
    AuditFilter,
    audit_rows,
    context_of,
    find_quote,
    quote_detail,
)
from quotes.report.highlight import Excerpt
from quotes.report.resolve import resolve_speaker
from quotes.report.rows import OUTSIDE, SourceRow
from quotes.report.sheet import FORMATS, render
from quotes.report.sheet_query import build_sheet, sheet_claim
from quotes.report.sources import SOURCE_FIELDS, source_row, with_sources
from quotes.web.rows import (
    AskResult,
    ClaimQuoteRow,
    ClaimView,
    Context,
    Decided,
    DocumentView,
    Piece,
    Queue,
    QueueItem,
    QuoteView,
    RivalClaim,
    SheetView,
    SpeakerChoice,
)

SHEET_FORMATS: tuple[str, ...] = tuple(FORMATS)
# How a claim credited to nobody in the registry is named (as ``quotes ask`` names it).


def speaker_choices(registry: Registry) -> tuple[SpeakerChoice, ...]:
    """The registry's speakers by name, for pickers."""
    return tuple(sorted((SpeakerChoice(s.key, s.name) for s in registry), key=lambda c: c.name))


def lookup_speaker(registry: Registry, name: str) -> str:
    """The registry key of a name or alias as written (case aside), for a review decision;
    a near spelling is a ``RegistryError`` that offers the closest (never a silent guess)."""
    return resolve_speaker(registry, name, strict=True).speaker.key


def _context(excerpt: Excerpt) -> Context:
    pieces, pos = [], 0
    for start, end, mark in excerpt.marks:
        if pos < start:
            pieces.append(Piece(excerpt.text[pos:start], None))
        pieces.append(Piece(excerpt.text[start:end], mark))
        pos = end
    if pos < len(excerpt.text):
        pieces.append(Piece(excerpt.text[pos:], None))
    return Context(tuple(pieces), excerpt.cut_before, excerpt.cut_after)


def _distinct(sources: Iterable[SourceRow]) -> tuple[SourceRow, ...]:
    """Each source once, in order, told apart by what the page says of it: two records of one
    export alike in path, outlet, date, title, author, via and link are one line."""
    seen: dict[tuple[object, ...], SourceRow] = {}
    for s in sources:
        seen.setdefault((s.path, s.quote, s.outlet, s.date, s.title, s.author, s.via, s.link), s)
    return tuple(seen.values())


def ask_claims(session: Session, speaker_key: str, topic: str | None, limit: int) -> AskResult:
    """The speaker's claims about ``topic``, ranked exactly as ``quotes ask`` ranks them."""
    answer = ask(session, speaker_key, topic or None, Filters(), limit)
    return AskResult(
        speaker=answer.speaker,
        speaker_key=speaker_key,
        topic=topic,
        claims=tuple(sheet_claim(h) for h in answer.hits),
        notes=tuple(answer.notes),
        speaker_claims=answer.speaker_claims,
    )


def sheet_view(session: Session, registry: Registry, speaker_key: str) -> SheetView:
    """The speaker's quote sheet (every claim, oldest first), as the page shows it."""
    sheet = build_sheet(session, registry, speaker_key)
    claims = sorted(sheet.claims, key=lambda c: (c.date is None, c.date or date.min, c.claim_id))
    span = sheet.date_span
    return SheetView(
        key=sheet.speaker_key,
        name=sheet.name,
        roles=tuple(sheet.roles),
        claims=tuple(claims),
        source_count=sheet.source_count,
        first_date=span[0] if span else None,
        last_date=span[1] if span else None,
    )


def sheet_file(session: Session, registry: Registry, speaker_key: str, fmt: str) -> str:
    """The sheet as ``quotes sheet --format FMT`` writes it."""
    return render(build_sheet(session, registry, speaker_key), fmt)  # type: ignore[arg-type]


def _claim_quotes(session: Session, claim_id: int) -> tuple[str, list[ClaimQuoteRow]]:
    """The claim's longest variant and each quote behind it, one row per quote and source."""
    rows = session.execute(
        with_sources(
            select(
                ClaimMention.text,
                ClaimMention.norm,
                Quote.uid,
                Quote.rule,
                Quote.confidence,
                Quote.review,
                Quote.via,
                Source.path,
                Document.date,
                *SOURCE_FIELDS,
            )
        )
        .where(ClaimMention.claim_id == claim_id)
        .order_by(Document.date, Source.path, ClaimMention.id)
    ).all()
    longest, text = -1, ""
    quotes = []
    for words, norm, uid, rule, conf, review, via, path, day, *meta in rows:
        if len(norm) > longest:
            # Measured on normalised words, as the read side picks a claim's text.
            longest, text = len(norm), words
        source = source_row(path, day, via, uid, meta)
        quotes.append(ClaimQuoteRow(source, words, rule, conf, review))
    return text, quotes


def claim_view(session: Session, claim_id: int) -> ClaimView | None:
    """A claim's text, every quote and source behind it, and its rivals' side of a conflict."""
    claim = session.get(Claim, claim_id)
    if claim is None:
        return None
    speakers = {
        i: (k, n) for i, k, n in session.execute(select(Speaker.id, Speaker.key, Speaker.name))
    }
    key, name = speakers.get(claim.speaker_id or -1, (None, OUTSIDE))
    text, quotes = _claim_quotes(session, claim.id)
    sources = _distinct(q.source for q in quotes)
    rivals = []
    for other in session.scalars(
        select(Claim)
        .where(Claim.group_id == claim.group_id, Claim.id != claim.id)
        .order_by(Claim.id)
    ):
        other_text, other_quotes = _claim_quotes(session, other.id)
        other_name = speakers[other.speaker_id][1] if other.speaker_id in speakers else OUTSIDE
        rivals.append(RivalClaim(other.id, other_name, other_text, tuple(other_quotes)))
    return ClaimView(claim.id, name, key, text, tuple(quotes), sources, tuple(rivals))


def review_queue(
    session: Session,
    registry: Registry,
    filters: AuditFilter = EVERYTHING,
    disputed: bool = False,
) -> Queue:
    """Attributions to check in ``quotes audit`` order, worst first, with its filters.

    ``disputed`` keeps the reviewed quotes the rules now disagree with (``audit --disputed``).
    """
    rows = audit_rows(session, registry, filters)
    if disputed:
        wanted = {d.quote.id for d in decisions(session) if d.disputed}
        rows = [r for r in rows if r.quote.id in wanted]
    names = {s.key: s.name for s in registry}
    items = tuple(
        QueueItem(
            quote_id=r.quote.uid,
            text=r.quote.text,
            path=r.path,
            speaker=r.speaker,
            speaker_key=r.quote.speaker.key if r.quote.speaker else None,
            mention=r.quote.mention,
            rule=r.quote.rule,
            cue=r.quote.cue,
            confidence=r.quote.confidence,
            review=r.quote.review,
            risk=r.risk,
            flags=tuple(r.flags),
            context=_context(r.context),
            candidates=tuple(SpeakerChoice(k, names.get(k, k)) for k in r.nearby),
        )
        for r in rows
    )
    return Queue(items, len(items))


def quote_view(session: Session, quote_id: str) -> QuoteView:
    """What ``quotes show`` prints about one quote (``QuotesError`` for an unknown id)."""
    quote = find_quote(session, quote_id)
    return QuoteView(quote_detail(session, quote), _context(context_of(quote.document, quote)))


def document_view(session: Session, quote_id: str) -> DocumentView:
    """The article a quote was found in, split around the quote."""
    quote = find_quote(session, quote_id)
    doc = quote.document
    paths = session.scalars(
        select(Source.path).where(Source.document_id == doc.id).order_by(Source.id)
    ).all()
    return DocumentView(
        quote_id=quote.uid,
        paths=tuple(paths),
        date=doc.date,
        before=doc.text[: quote.start],
        quote=doc.text[quote.start : quote.end],
        after=doc.text[quote.end :],
    )


def decide(
    session: Session,
    quote_id: str,
    action: Action,
    reviewer: str,
    speaker_key: str | None = None,
    note: str | None = None,
) -> Decided:
    """Record a decision exactly as ``quotes review`` does: the log row, then the claims."""
    quote = find_quote(session, quote_id)
    row = record(session, quote, action, reviewer, speaker_key, note)
    refresh_claims(session, [quote])
    return Decided(
        quote.uid, row.action, quote.speaker.name if quote.speaker else None, quote.review
    )
