"""Run the sieves over an article's spans in order; the first that fires decides."""

from __future__ import annotations

from dataclasses import replace

from quotes.attribute.context import Context, find_sentence_subjects, find_speech_acts
from quotes.attribute.lexicon import Lexicon, default_lexicon
from quotes.attribute.registry import Registry
from quotes.attribute.sieves import SIEVES, Sieve
from quotes.extract.sentences import language, mask, sentences
from quotes.extract.splitter import paragraphs, split
from quotes.types import NO_ATTRIBUTION, Article, Attribution, ExtractedDocument, Quote, Span


def build_context(
    article: Article, spans: list[Span], registry: Registry, lexicon: Lexicon
) -> Context:
    masked = mask(article.text, spans, article.body_start)
    paras = tuple(paragraphs(masked, article.body_start))
    sents = tuple(sentences(masked, list(paras), language(article.text)))
    ctx = Context(article.text, masked, article.date, registry, lexicon, tuple(spans), paras, sents)
    return replace(
        ctx,
        acts=find_speech_acts(masked, sents, ctx),
        subjects=find_sentence_subjects(ctx),
        _sentence_starts=[],
    )


def attribute(
    article: Article,
    spans: list[Span],
    registry: Registry,
    lexicon: Lexicon | None = None,
    sieves: tuple[Sieve, ...] = SIEVES,
) -> list[Attribution]:
    """One attribution per span, in order; a span no sieve claims gets ``NO_ATTRIBUTION``."""
    ctx = build_context(article, spans, registry, lexicon or default_lexicon())
    found: list[Attribution] = []
    for span in spans:
        here = replace(ctx, earlier=tuple(found), _sentence_starts=[])
        result = NO_ATTRIBUTION
        for sieve in sieves:
            answer = sieve(span, here)
            if answer is not None:
                result = replace(answer, rule=sieve.__name__)
                break
        found.append(result)
    return found


def extract(
    article: Article, registry: Registry, lexicon: Lexicon | None = None
) -> ExtractedDocument:
    """Split an article into quotes and attribute each: the whole pure core in one call."""
    spans = split(article.text, article.body_start)
    attributions = attribute(article, spans, registry, lexicon)
    quotes = tuple(
        Quote(span, article.text[span.start : span.end], found)
        for span, found in zip(spans, attributions, strict=True)
    )
    return ExtractedDocument(article, quotes)
