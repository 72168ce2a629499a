"""What the pages show: frozen rows the adapter (``queries``) fills, the templates read.

Nothing here knows how the read side stores or computes them, so the read side can change
shape without touching a template. The exception is a row of the read side that is already
what a page shows (from ``quotes.report.rows`` a quote's ``QuoteDetail`` and every
``SourceRow``, from ``quotes.report.sheet`` a sheet's ``SheetClaim``): the page takes it as
it is, rather than a copy of its fields kept in step by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from quotes.report.rows import QuoteDetail, SourceRow
from quotes.report.sheet import SheetClaim

Mark = Literal["quote", "cue", "mention"]


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the writer's text, marked as part of the quote, the cue, the mention or none."""

    text: str
    mark: Mark | None


@dataclass(frozen=True, slots=True)
class Context:
    """The writer's sentence around a quote, in pieces, with ellipses where it was cut."""

    pieces: tuple[Piece, ...]
    cut_before: bool
    cut_after: bool


@dataclass(frozen=True, slots=True)
class AskResult:
    """The ask page's answer: ``speaker``'s claims about ``topic`` (every claim without one),
    ranked as ``quotes ask`` ranks them, with the search's notes on how the topic was read."""

    speaker: str
    speaker_key: str
    topic: str | None
    claims: tuple[SheetClaim, ...]
    notes: tuple[str, ...]
    # How many claims the speaker has at all (when none matched), to tell the two apart.
    speaker_claims: int


@dataclass(frozen=True, slots=True)
class SpeakerChoice:
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class SheetView:
    """A speaker's quote sheet: header facts and every claim in date order."""

    key: str
    name: str
    roles: tuple[str, ...]
    claims: tuple[SheetClaim, ...]
    source_count: int
    first_date: date | None
    last_date: date | None


@dataclass(frozen=True, slots=True)
class ClaimQuoteRow:
    """A quote behind a claim: the source it stands in, its words as that source has them,
    and its attribution."""

    source: SourceRow
    text: str
    rule: str
    confidence: float
    review: str | None


@dataclass(frozen=True, slots=True)
class RivalClaim:
    """The same words credited to another speaker (or to nobody in the registry): that
    claim, which the page links to, and its quotes, shown beside the claim's own."""

    claim_id: int
    speaker: str
    text: str
    quotes: tuple[ClaimQuoteRow, ...]


@dataclass(frozen=True, slots=True)
class ClaimView:
    claim_id: int
    speaker: str
    speaker_key: str | None
    text: str
    quotes: tuple[ClaimQuoteRow, ...]
    sources: tuple[SourceRow, ...]
    rivals: tuple[RivalClaim, ...]


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One attribution to check, with everything the reviewer decides from."""

    quote_id: str
    text: str
    path: str
    speaker: str | None
    speaker_key: str | None
    mention: str | None
    rule: str
    cue: str | None
    confidence: float
    review: str | None
    risk: float
    flags: tuple[str, ...]
    context: Context
    # Registry speakers named near a quote credited to nobody: a suggestion, never an answer.
    candidates: tuple[SpeakerChoice, ...]


@dataclass(frozen=True, slots=True)
class Queue:
    items: tuple[QueueItem, ...]
    total: int


@dataclass(frozen=True, slots=True)
class QuoteView:
    """Everything ``quotes show`` prints about one quote: the read side's own row, which shows
    exactly what the page shows of it, with its context in the pages' marked pieces."""

    detail: QuoteDetail
    context: Context


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A stored article with one of its quotes marked: where a source link leads."""

    quote_id: str
    paths: tuple[str, ...]
    date: date | None
    before: str
    quote: str
    after: str


@dataclass(frozen=True, slots=True)
class Decided:
    """What a review action left: the quote's speaker and status as they now stand."""

    quote_id: str
    action: str
    speaker: str | None
    review: str | None
