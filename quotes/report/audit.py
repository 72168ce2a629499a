"""What a reviewer reads: attributions worst first, one quote in full, accuracy by rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from quotes.attribute.registry import Registry
from quotes.attribute.sieves import FALLBACK_RULES
from quotes.db.models import Claim, ClaimMention, Document, Quote, Source, Speaker
from quotes.db.reviews import Decision, decisions, history
from quotes.errors import QuotesError
from quotes.report.highlight import REACH, Excerpt, excerpt
from quotes.report.rows import (
    OTHER,
    OUTSIDE,
    Candidate,
    ClaimDetail,
    DisputeRow,
    Evidence,
    GoldRow,
    LogEntry,
    OtherReport,
    QuoteDetail,
    SourceRow,
    StatRow,
    file_name,
    utc_text,
)
from quotes.report.sources import SOURCE_FIELDS, document_sources, source_row

# How much each worry adds to a quote's risk, beside its missing confidence. A conflict is
# the strongest sign: another source credits someone else with the same words.
WEIGHTS = {
    "conflict": 0.4,
    "fallback": 0.25,
    "name nearby": 0.3,
    "candidate": 0.3,
    "low confidence": 0.0,
}
LOW_CONFIDENCE = 0.6
# Characters around an unattributed quote searched for a registry name.
NAME_REACH = 300


def find_quote(session: Session, ref: str) -> Quote:
    """A quote by its id, or by an unambiguous start of it (at least four characters)."""
    ref = ref.strip().lower()
    exact = session.scalar(select(Quote).where(Quote.uid == ref))
    if exact is not None:
        return exact
    if len(ref) < 4:
        raise QuotesError(f"no quote {ref!r}: give the id as `quotes list` shows it")
    # autoescape: a '%' or '_' in what was typed is a character, not a LIKE wildcard.
    prefix = Quote.uid.startswith(ref, autoescape=True)
    found = session.scalars(select(Quote).where(prefix).limit(6)).all()
    if not found:
        raise QuotesError(f"no quote {ref!r}: ids are listed by `quotes list` and `quotes audit`")
    if len(found) > 1:
        shown = ", ".join(q.uid for q in found[:5])
        raise QuotesError(f"{ref!r} starts several quote ids ({shown}); give more of it")
    return found[0]


def conflicted_quotes(session: Session, among: list[int] | None = None) -> set[int]:
    """Quotes (of ``among``, else all) in a claim whose same words another speaker is also
    credited with."""
    groups = (
        select(Claim.group_id)
        .group_by(Claim.group_id)
        .having(func.count(func.distinct(func.coalesce(Claim.speaker_id, -1))) > 1)
    )
    query = (
        select(ClaimMention.quote_id)
        .join(Claim, Claim.id == ClaimMention.claim_id)
        .where(Claim.group_id.in_(groups))
    )
    if among is not None:
        query = query.where(ClaimMention.quote_id.in_(among))
    return set(session.scalars(query))


def names_nearby(registry: Registry, doc: Document, quote: Quote) -> list[str]:
    """Registry speakers named or titled near a quote, outside its marks."""
    return _names_nearby_in(registry, doc.text, 0, doc.date, quote)


def _names_nearby_in(
    registry: Registry, text: str, offset: int, day: Any, quote: Quote
) -> list[str]:
    """``names_nearby`` in ``text``, the document from ``offset`` on."""
    start, end = quote.start - offset, quote.end - offset
    windows = [(max(0, start - NAME_REACH), start), (end, end + NAME_REACH)]
    keys: list[str] = []
    for low, high in windows:
        for m in (
            *registry.find_names(text, low, high),
            *registry.find_roles(text, day, low, high),
        ):
            if m.speaker not in keys:
                keys.append(m.speaker)
    return keys


@dataclass(frozen=True, slots=True)
class AuditRow:
    """A stored attribution to check: the quote, its worries (flags) and how risky it is."""

    COLUMNS: ClassVar[tuple[str, ...]] = tuple(
        (
            "id risk flags speaker mention rule cue confidence review doc start end text "
            "context names_nearby candidate"
        ).split()
    )
    TABLE: ClassVar[tuple[str, ...]] = tuple(
        "id risk flags speaker rule conf review source context".split()
    )

    quote: Quote
    path: str
    speaker: str | None
    flags: tuple[str, ...]
    risk: float
    context: Excerpt
    nearby: tuple[str, ...] = ()
    candidate: str | None = None

    def to_dict(self) -> dict[str, Any]:
        q = self.quote
        return {
            "id": q.uid,
            "risk": round(self.risk, 3),
            "flags": list(self.flags),
            "speaker": self.speaker,
            "mention": q.mention,
            "rule": q.rule,
            "cue": q.cue,
            "confidence": q.confidence,
            "review": q.review,
            "doc": self.path,
            "start": q.start,
            "end": q.end,
            "text": q.text,
            "context": self.context.plain(),
            "names_nearby": list(self.nearby),
            "candidate": self.candidate,
        }

    def flat(self) -> dict[str, Any]:
        return self.to_dict()

    def table_row(self) -> dict[str, Any]:
        """The context stays an ``Excerpt``: a terminal shows its cue and mention styled."""
        q = self.quote
        return {
            "id": q.uid,
            "risk": f"{self.risk:.2f}",
            "flags": ", ".join(self.flags),
            "speaker": self.speaker
            or (f"({self.candidate}?)" if self.candidate else f"({q.mention or 'unknown'})"),
            "rule": q.rule,
            "conf": f"{q.confidence:.2f}",
            "review": q.review or "",
            "source": file_name(self.path),
            "context": self.context,
        }


def context_of(doc: Document, quote: Quote) -> Excerpt:
    return _context_in(doc.text, 0, len(doc.text), quote)


def _context_in(text: str, offset: int, length: int, quote: Quote) -> Excerpt:
    """The excerpt of ``quote`` from ``text``, which is the document from ``offset`` on
    (``length`` characters in all): the same excerpt as from the whole text."""
    sentence = (
        (quote.sentence_start - offset, quote.sentence_end - offset)
        if quote.sentence_start is not None and quote.sentence_end is not None
        else None
    )
    mention = (
        (quote.mention_start - offset, quote.mention_end - offset)
        if quote.mention_start is not None and quote.mention_end is not None
        else None
    )
    span = (quote.start - offset, quote.end - offset)
    return excerpt(text, span, sentence, mention, quote.cue, offset, length)


# What of a document the audit reads around a quote: the name reach and the excerpt's
# reach, with room for a name or cue that straddles the edge.
_MARGIN = max(NAME_REACH, REACH) + 100


def _window(quote: Quote) -> tuple[int, int]:
    """The part of the document (start, end) that a quote's audit row is made from."""
    low, high = quote.start, quote.end
    if quote.sentence_start is not None and quote.sentence_end is not None:
        low, high = min(low, quote.sentence_start), max(high, quote.sentence_end)
    if (
        quote.mention_start is not None
        and quote.mention_end is not None
        and abs(quote.mention_start - quote.start) <= 2 * REACH
    ):
        low, high = min(low, quote.mention_start), max(high, quote.mention_end)
    return max(0, low - _MARGIN), high + _MARGIN


def _risk_bound() -> tuple[Any, Any]:
    """SQL for whether a quote is reviewed, and the most risk it can have.

    The bound is the risk itself but for "name nearby", which needs the document's words
    and is counted as present: no quote can rank above its bound, so reading quotes in
    bound order finds the worst ones while reading only as many documents as it must.
    """
    conflicted = (
        select(ClaimMention.quote_id)
        .join(Claim, Claim.id == ClaimMention.claim_id)
        .where(
            Claim.group_id.in_(
                select(Claim.group_id)
                .group_by(Claim.group_id)
                .having(func.count(func.distinct(func.coalesce(Claim.speaker_id, -1))) > 1)
            )
        )
    )
    unlinked = Quote.speaker_id.is_(None)
    bound = (
        (1.0 - Quote.confidence)
        + case((Quote.rule.in_(FALLBACK_RULES), WEIGHTS["fallback"]), else_=0.0)
        + case((Quote.id.in_(conflicted), WEIGHTS["conflict"]), else_=0.0)
        + case(
            (and_(unlinked, Quote.candidate_speaker_id.is_not(None)), WEIGHTS["candidate"]),
            else_=0.0,
        )
        + case(
            (and_(unlinked, Quote.candidate_speaker_id.is_(None)), WEIGHTS["name nearby"]),
            else_=0.0,
        )
    )
    reviewed = case((Quote.review.is_not(None), 1), else_=0)
    return reviewed, bound


# Quotes read from the database at a time, with the windows of their documents.
_BATCH = 200
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which attributions an audit looks at: one speaker (registry key), one rule, those
    below a confidence, the unreviewed only, one document path part."""

    speaker: str | None = None
    rule: str | None = None
    below: float | None = None
    unreviewed: bool = False
    doc: str | None = None


# The audit of every stored attribution.
EVERYTHING = AuditFilter()


def audit_page(
    session: Session,
    registry: Registry,
    filters: AuditFilter = EVERYTHING,
    limit: int | None = None,
) -> tuple[int, list[AuditRow]]:
    """How many quotes match, and the ``limit`` worst (all without one), worst first.

    Risk is the missing confidence plus a weight per worry: a fallback rule (no cue links
    speaker and quote), a conflicting claim, no registry speaker though one is named near.
    Reviewed quotes come after every unreviewed one; ties in document then text order.
    The database sorts narrow rows (ids and numbers, never document text) and only a window
    of each document around the quotes read is fetched.
    """
    reviewed, bound = _risk_bound()
    speaker, rule, below, doc = filters.speaker, filters.rule, filters.below, filters.doc
    where: list[Any] = []
    if speaker is not None:
        where.append(Quote.speaker_id.in_(select(Speaker.id).where(Speaker.key == speaker)))
    if rule is not None:
        where.append(Quote.rule == rule)
    if below is not None:
        where.append(Quote.confidence < below)
    if filters.unreviewed:
        where.append(Quote.review.is_(None))
    if doc is not None:
        where.append(
            Quote.document_id.in_(
                select(Document.id).where(Document.path.contains(doc, autoescape=True))
            )
        )
    total = session.scalar(select(func.count(Quote.id)).where(*where)) or 0
    ranked = (
        select(Quote.id, reviewed, bound)
        .where(*where)
        .order_by(reviewed, bound.desc(), Quote.document_id, Quote.start)
        .execution_options(yield_per=_BATCH)
    )
    names = dict(session.execute(select(Speaker.id, Speaker.name)).all())
    lengths: dict[int, int] = {}
    best: list[tuple[tuple[int, float, int, int], AuditRow]] = []
    batch: list[int] = []

    def full() -> bool:
        return limit is not None and len(best) >= limit

    def done(was_reviewed: int, most: float) -> bool:
        """Whether no quote from here on can enter the page."""
        if not full():
            return False
        last = best[-1][0]
        return (was_reviewed, -most) > (last[0], last[1] + _EPSILON)

    def flush() -> None:
        for row in _rows(session, registry, batch, names, lengths):
            q = row.quote
            key = (int(q.review is not None), -row.risk, q.document_id, q.start)
            best.append((key, row))
        best.sort(key=lambda pair: pair[0])
        if limit is not None:
            del best[limit:]
        batch.clear()

    for quote_id, was_reviewed, most in session.execute(ranked):
        if batch and done(was_reviewed, float(most)):
            flush()
        if done(was_reviewed, float(most)):
            break
        batch.append(quote_id)
        if len(batch) >= _BATCH:
            flush()
    if batch:
        flush()
    return total, [row for _, row in best]


def _rows(
    session: Session,
    registry: Registry,
    ids: list[int],
    names: dict[int, str],
    lengths: dict[int, int],
) -> list[AuditRow]:
    """The audit rows of these quotes, from windows of their documents."""
    quotes = session.execute(
        select(Quote, Document.path, Document.date)
        .join(Document, Document.id == Quote.document_id)
        .where(Quote.id.in_(ids))
    ).all()
    missing = {q.document_id for q, _, _ in quotes} - set(lengths)
    if missing:
        lengths.update(
            session.execute(
                select(Document.id, func.length(Document.text)).where(Document.id.in_(missing))
            ).all()
        )
    conflicts = conflicted_quotes(session, ids)
    rows = []
    for quote, path, day in quotes:
        start, end = _window(quote)
        text = session.scalar(
            select(func.substr(Document.text, start + 1, end - start)).where(
                Document.id == quote.document_id
            )
        )
        rows.append(
            _audit_row(registry, quote, path, day, text or "", start, lengths, names, conflicts)
        )
    return rows


def _audit_row(
    registry: Registry,
    quote: Quote,
    path: str,
    day: Any,
    text: str,
    offset: int,
    lengths: dict[int, int],
    names: dict[int, str],
    conflicts: set[int],
) -> AuditRow:
    flags = []
    if quote.confidence < LOW_CONFIDENCE:
        flags.append("low confidence")
    if quote.rule in FALLBACK_RULES:
        flags.append("fallback")
    if quote.id in conflicts:
        flags.append("conflict")
    candidate = None
    if quote.speaker_id is None and quote.candidate_speaker_id is not None:
        candidate = names.get(quote.candidate_speaker_id)
        flags.append("candidate")
    nearby = (
        _names_nearby_in(registry, text, offset, day, quote) if quote.speaker_id is None else []
    )
    if nearby and candidate is None:
        flags.append("name nearby")
    risk = (1 - quote.confidence) + sum(WEIGHTS[f] for f in flags)
    context = _context_in(text, offset, lengths[quote.document_id], quote)
    name = names.get(quote.speaker_id) if quote.speaker_id is not None else None
    return AuditRow(quote, path, name, tuple(flags), risk, context, tuple(nearby), candidate)


def audit_rows(
    session: Session,
    registry: Registry,
    filters: AuditFilter = EVERYTHING,
    limit: int | None = None,
) -> list[AuditRow]:
    """Attributions to check, worst first (``audit_page`` without the count)."""
    return audit_page(session, registry, filters, limit)[1]


def _candidate(quote: Quote, names: dict[int, str]) -> Candidate | None:
    if quote.candidate_speaker_id is None or quote.candidate_rule is None:
        return None
    return Candidate(
        names.get(quote.candidate_speaker_id, "?"),
        quote.candidate_rule,
        quote.candidate_confidence or 0.0,
        quote.candidate_mention,
        quote.candidate_mention_start,
        quote.candidate_mention_end,
    )


def _other_reports(
    session: Session, group_id: int, quote: Quote, names: dict[int, str]
) -> tuple[OtherReport, ...]:
    """The other quotes of a claim group, each with every source of its document: oldest
    document first, undated last, then by where the first source was read."""
    rows = session.execute(
        select(Quote.uid, Quote.via, Claim.speaker_id, Document.date, Source.path, *SOURCE_FIELDS)
        .join(ClaimMention, ClaimMention.quote_id == Quote.id)
        .join(Claim, Claim.id == ClaimMention.claim_id)
        .join(Document, Document.id == Quote.document_id)
        .join(Source, Source.document_id == Document.id)
        .where(Claim.group_id == group_id, Quote.id != quote.id)
        .order_by(Quote.id, Source.id)
    )
    # One quote holding two sentences of the group is met twice: it is one report all the same.
    found: dict[str, tuple[Any, dict[tuple[str, str], SourceRow]]] = {}
    for uid, via, sid, day, path, *meta in rows:
        _, sources = found.setdefault(uid, ((uid, via, sid, day), {}))
        row = source_row(path, day, via, uid, meta)
        sources.setdefault((row.path, row.record), row)
    reports = [
        OtherReport(
            uid,
            next(iter(sources.values())).path,
            day.isoformat() if day else None,
            via,
            names.get(sid) if sid else None,
            tuple(sources.values()),
        )
        for (uid, via, sid, day), sources in found.values()
    ]
    return tuple(sorted(reports, key=lambda r: (r.date is None, r.date or "", r.path, r.quote)))


def quote_detail(session: Session, quote: Quote) -> QuoteDetail:
    """Everything about one quote: evidence, context, claim, other sources, review history."""
    document = quote.document
    names: dict[int, str] = {i: n for i, n in session.execute(select(Speaker.id, Speaker.name))}
    mentions = session.scalars(
        select(ClaimMention).where(ClaimMention.quote_id == quote.id).order_by(ClaimMention.start)
    ).all()
    claims = []
    for mention in mentions:
        claim = session.get(Claim, mention.claim_id)
        assert claim is not None
        reports = _other_reports(session, claim.group_id, quote, names)
        claims.append(ClaimDetail(claim.id, mention.text, reports))
    return QuoteDetail(
        id=quote.uid,
        text=quote.text,
        kind=quote.kind,
        doc=document.path,
        sources=document_sources(session, document, quote),
        date=document.date.isoformat() if document.date else None,
        start=quote.start,
        end=quote.end,
        marks=(quote.open_mark, quote.close_mark),
        speaker=names.get(quote.speaker_id) if quote.speaker_id else None,
        rule_speaker=names.get(quote.rule_speaker_id) if quote.rule_speaker_id else None,
        review=quote.review,
        evidence=Evidence(
            quote.rule,
            quote.cue,
            quote.mention,
            quote.mention_start,
            quote.mention_end,
            quote.confidence,
            quote.via,
        ),
        context=context_of(document, quote).plain(),
        claims=tuple(claims),
        history=tuple(
            LogEntry(
                utc_text(r.created_at),
                r.reviewer,
                r.action,
                r.old_speaker_key,
                r.speaker_key,
                r.note,
                r.undoes_id,
            )
            for r in history(session, quote)
        ),
        candidate=_candidate(quote, names),
    )


def _suggested(candidate: Candidate | None) -> str:
    if candidate is None:
        return "-"
    at = f" [{candidate.mention_start}:{candidate.mention_end}]"
    mention = f", mention {candidate.mention}{at}" if candidate.mention else ""
    return (
        f"{candidate.speaker} (suggested by {candidate.rule}, confidence"
        f" {candidate.confidence:.2f}{mention}; no speech link, not the speaker)"
    )


def _also(other: OtherReport) -> list[str]:
    """The other quote cited by its first source as ``sources:`` cites one, then a line for
    each further source: a document two outlets carried names both, since either may be
    the one a journalist can link to."""
    cited = [s.cite() for s in other.sources] or [f"{other.path}, {other.date or 'undated'}"]
    via = f", via {other.via}" if other.via else ""
    credit = f"credited to {other.speaker or OUTSIDE}"
    return [f"  also {other.quote} in {cited[0]}{via}, {credit}"] + [
        f"    and in {more}" for more in cited[1:]
    ]


def describe(detail: QuoteDetail) -> str:
    """``quote_detail`` for a person: the quote, its evidence, claims and review history."""
    ev = detail.evidence
    speaker = detail.speaker or f"{OUTSIDE} ({ev.mention or 'unknown'})"
    mention_at = f" [{ev.mention_start}:{ev.mention_end}]" if ev.mention_start is not None else ""
    ruled = f"  (rules said {detail.rule_speaker or 'none'})" if detail.review else ""
    lines = [
        f"quote {detail.id}  ({detail.kind}, {detail.doc}"
        f" [{detail.start}:{detail.end}], {detail.date or 'undated'})",
        f"  “{detail.text}”",
        "",
        f"speaker:    {speaker}{ruled}",
        f"review:     {detail.review or 'not reviewed'}",
        f"rule:       {ev.rule}  confidence {ev.confidence:.2f}",
        f"cue:        {ev.cue or '-'}",
        f"mention:    {ev.mention or '-'}{mention_at}",
        f"via:        {ev.via or '-'}",
        f"candidate:  {_suggested(detail.candidate)}",
        *(
            f"{'sources:' if i == 0 else '':<12}{source.cite()}"
            for i, source in enumerate(detail.sources)
        ),
        f"context:    {detail.context}",
    ]
    for claim in detail.claims:
        lines.append(f"claim {claim.claim_id}: {claim.sentence}")
        for other in claim.other_sources:
            lines.extend(_also(other))
        if not claim.other_sources:
            lines.append("  no other source")
    lines.append("history:" if detail.history else "history:    none")
    for h in detail.history:
        change = f"{h.old or 'none'} -> {h.new or 'none'}" if h.action != "undo" else ""
        lines.append(
            f"  {h.at}  {h.reviewer}  {h.action} {change}"
            + (f"  (undoes #{h.undoes})" if h.undoes else "")
            + (f"  “{h.note}”" if h.note else "")
        )
    return "\n".join(lines)


@dataclass(slots=True)
class Tally:
    """Reviewed attributions of one rule or speaker: kept, corrected, not quotes."""

    name: str
    agreed: int = 0
    corrected: int = 0
    rejected: int = 0

    @property
    def reviewed(self) -> int:
        return self.agreed + self.corrected + self.rejected

    @property
    def precision(self) -> float | None:
        judged = self.agreed + self.corrected
        return round(self.agreed / judged, 4) if judged else None


def review_stats(found: list[Decision]) -> list[StatRow]:
    """Precision by rule and by the rules' speaker, from standing decisions alone.

    A rule is right when the reviewer's speaker is the one it gave; a rejected quote (not a
    quote at all) is counted apart, as the splitter's error rather than the rule's.
    """
    by: dict[str, dict[str, Tally]] = {"rule": {}, "speaker": {}}
    for d in found:
        for axis, name in (("rule", d.quote.rule), ("speaker", d.rule_speaker or OTHER)):
            tally = by[axis].setdefault(name, Tally(name))
            if d.review.action == "reject":
                tally.rejected += 1
            elif d.disputed:
                tally.corrected += 1
            else:
                tally.agreed += 1
    return [
        StatRow(axis, t.name, t.reviewed, t.agreed, t.corrected, t.rejected, t.precision)
        for axis, tallies in by.items()
        for t in sorted(tallies.values(), key=lambda t: t.name)
    ]


def dispute_rows(found: list[Decision]) -> list[DisputeRow]:
    """Standing reviews the rules' current answer disagrees with, in log order."""
    return [
        DisputeRow(
            id=d.quote.uid,
            rules_say=d.rule_speaker or OTHER,
            reviewer_says=d.decided_speaker or OTHER,
            action=d.review.action,
            reviewer=d.review.reviewer,
            at=utc_text(d.review.created_at),
            note=d.review.note,
            text=d.quote.text,
        )
        for d in found
        if d.disputed
    ]


def gold_rows(session: Session, registry: Registry) -> list[GoldRow]:
    """Reviewed attributions in the gold format ``quotes eval --gold`` reads."""
    shorts = {s.key: s.short for s in registry}
    rows = []
    for d in decisions(session):
        if d.review.action == "reject":
            continue
        q = d.quote
        speaker = shorts.get(d.decided_speaker, d.decided_speaker) if d.decided_speaker else None
        day = d.review.created_at.date().isoformat()
        why = d.review.note or f"{d.review.action} by {d.review.reviewer} on {day}"
        rows.append(
            GoldRow(
                q.document.path, " ".join(q.text.split()[:8]), speaker or OTHER, q.kind, q.via, why
            )
        )
    return rows
