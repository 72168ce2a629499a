"""Frozen records passed between the stages: read -> split -> attribute -> store."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Literal

# "term": a phrase the writer quotes to name a thing or as a label ("the 'Zapad' exercises",
# scare quotes): nobody's speech, so it never gets a speaker.
Kind = Literal["full", "fragment", "term"]


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """Where an article was reported, as far as its input says: every field may be unknown."""

    # The site's own name, else the registered domain of its URL ("tass.ru").
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: date | None = None
    # The record inside a multi-article file ("line 12", "row 3", a WARC record id); None
    # when the file is the article.
    record: str | None = None


NO_SOURCE_META = SourceMeta()


@dataclass(frozen=True, slots=True)
class Article:
    """A decoded input file. Offsets everywhere index ``text`` exactly."""

    path: str
    text: str
    sha256: str
    date: date | None
    # Where the article proper starts: after the optional leading ` date YYYY-MM-DD` token.
    body_start: int = 0
    # Things the reader noticed but could live with (a malformed date token, say).
    warnings: tuple[str, ...] = ()
    source: SourceMeta = NO_SOURCE_META
    # ISO 639-1 code: the record's own, else detected; None when neither says.
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """One quoted span: ``text[start:end]`` is the quote without its marks."""

    start: int
    end: int
    open_mark: str
    # None when the paragraph ends before the quote is closed (multi-paragraph convention).
    close_mark: str | None
    paragraph: int
    # Spans of one utterance (a quote running over several paragraphs) share this index.
    utterance: int
    kind: Kind


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a sieve says spoke a span, with the evidence for it.

    ``speaker`` is a registry key, or None when the speaker is not in the registry
    (then ``mention`` keeps what the text calls them, if anything).
    """

    speaker: str | None
    rule: str
    confidence: float
    cue: str | None = None
    mention: str | None = None
    mention_start: int | None = None
    mention_end: int | None = None
    via: str | None = None


NO_ATTRIBUTION = Attribution(speaker=None, rule="none", confidence=0.0)


@dataclass(frozen=True, slots=True)
class Quote:
    """A span with its text and attribution.

    ``attribution`` rests on a speech link (a cue, a label, an ``according to``, a resolved
    pronoun); a guess without one ("the registry name nearest the quote") is only a
    ``candidate`` for a reviewer, and never reaches ``attribution.speaker``.
    """

    span: Span
    text: str
    attribution: Attribution
    # The writer's sentence around the quote, as (start, end) offsets into the article.
    sentence: tuple[int, int] | None = None
    candidate: Attribution | None = None


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """Everything the pure core found in one article, ready to store."""

    article: Article
    quotes: tuple[Quote, ...]
    warnings: tuple[str, ...] = ()


def quote_uid(doc_sha256: str, start: int, end: int) -> str:
    """A stable public id for a quote: the same document text gives the same ids."""
    return hashlib.sha1(f"{doc_sha256}:{start}:{end}".encode()).hexdigest()[:12]
