"""What a reviewer reads: attributions worst first, one quote in full, accuracy by rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quotes.attribute.registry import Registry
from quotes.attribute.sieves import FALLBACK_RULES
from quotes.db.models import Claim, ClaimMention, Document, Quote, Source, Speaker
from quotes.db.reviews import Decision, decisions, history
from quotes.errors import QuotesError
from quotes.report.highlight import Excerpt, excerpt
from quotes.report.rows import (
    OTHER,
    Candidate,
    ClaimDetail,
    DisputeRow,
    Evidence,
    GoldRow,
    LogEntry,
    OtherReport,
    QuoteDetail,
    StatRow,
    file_name,
    utc_text,
)
from quotes.report.sources import document_sources

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
    found = session.scalars(select(Quote).where(Quote.uid.startswith(ref)).limit(6)).all()
    if not found:
        raise QuotesError(f"no quote {ref!r}: ids are listed by `quotes list` and `quotes audit`")
    if len(found) > 1:
        shown = ", ".join(q.uid for q in found[:5])
        raise QuotesError(f"{ref!r} starts several quote ids ({shown}); give more of it")
    return found[0]


def conflicted_quotes(session: Session) -> set[int]:
    """Quotes in a claim whose same words another speaker is also credited with."""
    groups = (
        select(Claim.group_id)
        .group_by(Claim.group_id)
        .having(func.count(func.distinct(func.coalesce(Claim.speaker_id, -1))) > 1)
    )
    return set(
        session.scalars(
            select(ClaimMention.quote_id)
            .join(Claim, Claim.id == ClaimMention.claim_id)
            .where(Claim.group_id.in_(groups))
        )
    )


def names_nearby(registry: Registry, doc: Document, quote: Quote) -> list[str]:
    """Registry speakers named or titled near a quote, outside its marks."""
    text = doc.text
    windows = [(max(0, quote.start - NAME_REACH), quote.start), (quote.end, quote.end + NAME_REACH)]
    keys: list[str] = []
    for start, end in windows:
        for m in (
            *registry.find_names(text, start, end),
            *registry.find_roles(text, doc.date, start, end),
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
    sentence = (
        (quote.sentence_start, quote.sentence_end)
        if quote.sentence_start is not None and quote.sentence_end is not None
        else None
    )
    mention = (
        (quote.mention_start, quote.mention_end)
        if quote.mention_start is not None and quote.mention_end is not None
        else None
    )
    return excerpt(doc.text, (quote.start, quote.end), sentence, mention, quote.cue)


def audit_rows(
    session: Session,
    registry: Registry,
    *,
    speaker: str | None = None,
    rule: str | None = None,
    below: float | None = None,
    unreviewed: bool = False,
    doc: str | None = None,
) -> list[AuditRow]:
    """Attributions to check, worst first; reviewed ones after every unreviewed one.

    Risk is the missing confidence plus a weight per worry: a fallback rule (no cue links
    speaker and quote), a conflicting claim, no registry speaker though one is named near.
    """
    query = (
        select(Quote, Document, Speaker.name)
        .join(Document, Document.id == Quote.document_id)
        .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
        .order_by(Quote.document_id, Quote.start)
    )
    if speaker is not None:
        query = query.where(Speaker.key == speaker)
    if rule is not None:
        query = query.where(Quote.rule == rule)
    if below is not None:
        query = query.where(Quote.confidence < below)
    if unreviewed:
        query = query.where(Quote.review.is_(None))
    if doc is not None:
        query = query.where(Document.path.contains(doc, autoescape=True))
    conflicts = conflicted_quotes(session)
    speaker_names = dict(session.execute(select(Speaker.id, Speaker.name)).all())
    rows = []
    for quote, document, name in session.execute(query):
        flags = []
        if quote.confidence < LOW_CONFIDENCE:
            flags.append("low confidence")
        if quote.rule in FALLBACK_RULES:
            flags.append("fallback")
        if quote.id in conflicts:
            flags.append("conflict")
        candidate = None
        if quote.speaker_id is None and quote.candidate_speaker_id is not None:
            candidate = speaker_names.get(quote.candidate_speaker_id)
            flags.append("candidate")
        nearby = names_nearby(registry, document, quote) if quote.speaker_id is None else []
        if nearby and candidate is None:
            flags.append("name nearby")
        risk = (1 - quote.confidence) + sum(WEIGHTS[f] for f in flags)
        context = context_of(document, quote)
        rows.append(
            AuditRow(
                quote, document.path, name, tuple(flags), risk, context, tuple(nearby), candidate
            )
        )
    rows.sort(key=lambda r: (r.quote.review is not None, -r.risk))
    return rows


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
        others = session.execute(
            select(Quote.uid, Source.path, Document.date, Quote.via, Claim.speaker_id)
            .join(ClaimMention, ClaimMention.quote_id == Quote.id)
            .join(Claim, Claim.id == ClaimMention.claim_id)
            .join(Document, Document.id == Quote.document_id)
            .join(Source, Source.document_id == Document.id)
            .where(Claim.group_id == claim.group_id, Quote.id != quote.id)
            .order_by(Document.date, Source.path)
        ).all()
        reports = tuple(
            OtherReport(
                uid, path, day.isoformat() if day else None, via, names.get(sid) if sid else None
            )
            for uid, path, day, via, sid in others
        )
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


def describe(detail: QuoteDetail) -> str:
    """``quote_detail`` for a person: the quote, its evidence, claims and review history."""
    ev = detail.evidence
    speaker = detail.speaker or f"none of the registry ({ev.mention or 'unknown'})"
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
            lines.append(
                f"  also {other.quote} in {other.path} ({other.date or 'undated'}"
                f"{', via ' + other.via if other.via else ''}),"
                f" credited to {other.speaker or 'none of the registry'}"
            )
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
