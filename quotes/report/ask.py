"""What did X say about Y: a speaker's claims, ranked by a topic or by how widely reported."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from quotes.db.models import Claim, ClaimMention, Document, Quote, Source, Speaker
from quotes.report.rows import OUTSIDE, AskRow, SourceRow
from quotes.report.search import Term, plan, ranked_mentions, ranked_quote_words, topic_words
from quotes.report.sources import SOURCE_FIELDS, source_row, with_sources

# How many of the speaker's best mentions a topic search ranks claims from. When they hold
# fewer claims than asked for, every mention is ranked, so the number trades the cost of
# each search (a lookup per mention) against how often that happens: without filters only
# claims reported many times over share the best mentions; filters may drop most of them.
TOP_MENTIONS = 500
TOP_MENTIONS_FILTERED = 2000


@dataclass(frozen=True, slots=True)
class Filters:
    """Which quotes of a speaker's claims ``ask`` and ``sheet`` go by: those in documents dated
    from ``since`` to ``until`` (both included), of one ``kind``, attributed with at least
    ``min_confidence``. ``Filters()`` keeps every quote."""

    since: date | None = None
    until: date | None = None
    kind: str | None = None
    min_confidence: float | None = None


@dataclass(slots=True)
class Hit:
    claim_id: int
    text: str
    kind: str
    confidence: float
    score: float
    context: str | None
    # Who else (by name) the same words are credited to: a conflict when not empty.
    conflict_with: list[str] = field(default_factory=list)
    # Where it was reported: the listing, the sheet and the pages take them as they are.
    sources: list[SourceRow] = field(default_factory=list)
    rule: str = ""
    review: str | None = None

    @property
    def conflict(self) -> bool:
        return bool(self.conflict_with)

    @property
    def first_date(self) -> date | None:
        days = [s.date for s in self.sources if s.date]
        return min(days) if days else None

    def row(self, speaker: str) -> AskRow:
        day = self.first_date
        return AskRow(
            claim_id=self.claim_id,
            speaker=speaker,
            date=day.isoformat() if day else None,
            text=self.text,
            kind=self.kind,
            confidence=self.confidence,
            score=round(self.score, 4),
            conflict=self.conflict,
            conflict_with=tuple(self.conflict_with),
            rule=self.rule,
            review=self.review,
            sources=tuple(self.sources),
            context=self.context,
        )


@dataclass(slots=True)
class Answer:
    speaker: str
    topic: str | None
    hits: list[Hit]
    notes: list[str]
    # When nothing was found, how many claims the speaker has at all, so "nothing on this
    # topic" and "never quoted" can be told apart (otherwise the number found).
    speaker_claims: int


def ask(
    session: Session,
    speaker_key: str,
    topic: str | None = None,
    filters: Filters | None = None,
    limit: int | None = 20,
) -> Answer:
    """The speaker's claims about ``topic`` best first (all claims, most reported first)."""
    filters = filters or Filters()
    speaker = session.scalar(select(Speaker).where(Speaker.key == speaker_key))
    name = speaker.name if speaker else speaker_key
    if speaker is None:
        return Answer(name, topic, [], [], 0)
    notes: list[str] = []
    query = _mentions(filters)
    terms: list[Term] = []
    if topic and topic_words(topic):
        terms, notes = plan(session, topic)
        if not terms:
            return Answer(name, topic, [], notes, _claim_count(session, speaker.id))
    elif topic and topic.strip():
        notes.append(f"{topic!r} has no words to search for; showing every claim")
    query = _filtered(query, filters)
    if not terms and filters == Filters():
        ranked = _most_reported(session, speaker.id, limit)
    elif not terms:
        query = query.join(Claim, Claim.id == ClaimMention.claim_id)
        query = query.where(Claim.speaker_id == speaker.id)
        ranked = _run(session, query, func.count(ClaimMention.id), limit)
    else:
        # The search matches the speaker's mentions only: no claim to join for the speaker.
        ranked = []
        if limit is not None:
            # The speaker's best mentions first. The claims they hold rank above all others,
            # so when there are enough of them after the filters the answer is exact. On
            # PostgreSQL one term is looked for in the quotes' own words before the writer's
            # sentences: those mentions rank above the rest (see ranked_quote_words).
            top = _top(filters, limit)
            for best in (ranked_quote_words, ranked_mentions):
                hits = best(session, terms, speaker.id, top)
                if hits is None:
                    continue
                ranked = _run(
                    session,
                    query.join(hits, hits.c.mention_id == ClaimMention.id),
                    func.max(hits.c.score),
                    limit,
                )
                if len(ranked) >= limit:
                    break
        if limit is None or len(ranked) < limit:
            hits = ranked_mentions(session, terms, speaker.id)
            ranked = _run(
                session,
                query.join(hits, hits.c.mention_id == ClaimMention.id),
                func.max(hits.c.score),
                limit,
            )
    found = _details(session, ranked)
    total = len(found) if found else _claim_count(session, speaker.id)
    return Answer(name, topic, found, notes, total)


def _top(filters: Filters, limit: int) -> int:
    """How many best mentions to rank ``limit`` claims from before ranking them all."""
    if filters == Filters():
        return max(TOP_MENTIONS, 25 * limit)
    return max(TOP_MENTIONS_FILTERED, 50 * limit)


def _mentions(filters: Filters) -> Any:
    """The mentions' claim ids, one row per claim, before any speaker, topic or filter.

    The quote is joined as its confidence breaks ties; the document only for a date filter,
    as each join costs a lookup per ranked mention.
    """
    query = (
        select(ClaimMention.claim_id)
        .join(Quote, Quote.id == ClaimMention.quote_id)
        .group_by(ClaimMention.claim_id)
    )
    if filters.since or filters.until:
        query = query.join(Document, Document.id == Quote.document_id)
    return query


def _claim_count(session: Session, speaker_id: int) -> int:
    query = select(func.count(Claim.id)).where(Claim.speaker_id == speaker_id)
    return session.scalar(query) or 0


def _most_reported(session: Session, speaker_id: int, limit: int | None) -> list[tuple[int, float]]:
    """The speaker's claims by how often they were reported, read off the index."""
    query = (
        select(Claim.id, Claim.reports)
        .where(Claim.speaker_id == speaker_id, Claim.reports > 0)
        .order_by(Claim.reports.desc(), Claim.id.desc())
        .limit(limit)
    )
    return [(claim_id, float(reports)) for claim_id, reports in session.execute(query)]


def _run(
    session: Session, query: Any, score: ColumnElement[Any], limit: int | None
) -> list[tuple[int, float]]:
    ordered = query.add_columns(score.label("score")).order_by(
        score.desc(), func.max(Quote.confidence).desc(), ClaimMention.claim_id
    )
    return [(claim_id, float(s)) for claim_id, s in session.execute(ordered.limit(limit))]


def _filtered(query: Any, filters: Filters) -> Any:
    if filters.since:
        query = query.where(Document.date >= filters.since)
    if filters.until:
        query = query.where(Document.date <= filters.until)
    if filters.kind:
        query = query.where(Quote.kind == filters.kind)
    if filters.min_confidence is not None:
        query = query.where(Quote.confidence >= filters.min_confidence)
    return query


def _details(session: Session, ranked: list[tuple[int, float]]) -> list[Hit]:
    """Text (longest variant), sources, kind and confidence of each ranked claim."""
    if not ranked:
        return []
    ids = [claim_id for claim_id, _ in ranked]
    groups = dict(session.execute(select(Claim.id, Claim.group_id).where(Claim.id.in_(ids))).all())
    credited: dict[int, list[tuple[int, str]]] = {}
    for claim_id, group, name in session.execute(
        select(Claim.id, Claim.group_id, Speaker.name)
        .outerjoin(Speaker, Speaker.id == Claim.speaker_id)
        .where(Claim.group_id.in_(set(groups.values())))
    ):
        credited.setdefault(group, []).append((claim_id, name or OUTSIDE))
    hits = {}
    for claim_id, score in ranked:
        others = sorted({n for c, n in credited[groups[claim_id]] if c != claim_id})
        hits[claim_id] = Hit(claim_id, "", "fragment", 0.0, score, None, others)
    longest: dict[int, int] = {}
    rows = session.execute(
        with_sources(
            select(
                ClaimMention.claim_id,
                ClaimMention.text,
                ClaimMention.norm,
                ClaimMention.context,
                Quote.uid,
                Quote.kind,
                Quote.confidence,
                Quote.via,
                Quote.rule,
                Quote.review,
                Source.path,
                Document.date,
                *SOURCE_FIELDS,
            )
        )
        .where(ClaimMention.claim_id.in_(ids))
        .order_by(Document.date, Source.path, ClaimMention.id)
    )
    for r in rows:
        hit = hits[r.claim_id]
        if len(r.norm) > longest.get(r.claim_id, -1):
            # Measured on normalised words, so an outlet's extra punctuation is not "longer".
            longest[r.claim_id] = len(r.norm)
            hit.text, hit.context, hit.rule, hit.review = r.text, r.context, r.rule, r.review
        if r.kind == "full":
            hit.kind = "full"
        hit.confidence = max(hit.confidence, r.confidence)
        here = (r.path, r.record, r.uid)
        if not any((s.path, s.record, s.quote) == here for s in hit.sources):
            meta = r[-len(SOURCE_FIELDS) :]  # the row ends with SOURCE_FIELDS
            hit.sources.append(source_row(r.path, r.date, r.via, r.uid, meta))
    return [hits[claim_id] for claim_id, _ in ranked]
