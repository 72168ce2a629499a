"""Run the sieves over an article's spans in order; the first that fires decides."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

from quotes.attribute.context import Context, find_sentence_subjects, find_speech_acts
from quotes.attribute.lexicon import Lexicon, default_lexicon
from quotes.attribute.phrases import Phrase, Resolved, Shadows, resolve, unshadowed
from quotes.attribute.registry import Registry
from quotes.attribute.sieves import SIEVES, SUGGESTIONS, Sieve, resolve_speaker
from quotes.attribute.terms import TERM_CONFIDENCE, TERM_RULE, term_evidence
from quotes.extract.sentences import language, mask, sentences
from quotes.extract.splitter import paragraphs, split
from quotes.types import NO_ATTRIBUTION, Article, Attribution, ExtractedDocument, Quote, Span

# Nobody is quoted at this length in one paragraph: such a span is a mark left open.
MAX_QUOTE_CHARS = 20_000


def build_context(
    article: Article, spans: list[Span], registry: Registry, lexicon: Lexicon
) -> Context:
    """Everything the sieves read about one article, worked out once, before the first."""
    masked = mask(article.text, spans, article.body_start)
    paras = tuple(paragraphs(masked, article.body_start))
    # The article's own language (its record's, else detected) tells the splitter its
    # abbreviations (Czech "hod.", Polish "godz."); without one, a guess from the script.
    lang = article.language or language(article.text)
    sents = tuple(sentences(masked, list(paras), lang))

    shadowed = Shadows(masked, registry, lexicon)

    def resolver(phrase: Phrase) -> Resolved:
        return unshadowed(resolve(phrase, article.date, registry, lexicon), shadowed)

    subjects = find_sentence_subjects(masked, sents, lexicon, resolver)
    return Context(
        article.text,
        masked,
        article.date,
        registry,
        lexicon,
        tuple(spans),
        paras,
        sents,
        acts=find_speech_acts(masked, sents, lexicon, resolver, subjects),
        subjects=subjects,
        shadowed=shadowed,
        language=lang,
    )


def attribute(
    article: Article,
    spans: list[Span],
    registry: Registry,
    lexicon: Lexicon | None = None,
    sieves: tuple[Sieve, ...] = SIEVES,
) -> list[Attribution]:
    """One attribution per span, in order; a span no sieve claims gets ``NO_ATTRIBUTION``."""
    return [found for found, _ in _attribute(article, spans, registry, lexicon, sieves)[0]]


def _attribute(
    article: Article,
    spans: list[Span],
    registry: Registry,
    lexicon: Lexicon | None,
    sieves: tuple[Sieve, ...] = SIEVES,
    suggestions: tuple[Sieve, ...] = SUGGESTIONS,
) -> tuple[list[tuple[Attribution, Attribution | None]], Context]:
    """Each span's attribution and, when no sieve linked it to anyone, a suggested speaker."""
    candidates: list[Attribution | None] = []
    ctx = build_context(article, spans, registry, lexicon or default_lexicon())
    found = ctx.cache.answers  # the sieves read the answers so far as ``ctx.earlier``
    for span in spans:
        result = _first(span, ctx, sieves)
        candidate = None if result is not None else _first(span, ctx, suggestions)
        evidence = term_evidence(span, ctx)
        if evidence is not None:
            # The writer's own label for a thing: whoever a rule saw near it is a suggestion.
            if result is not None and result.speaker is not None:
                candidate = result
            result = Attribution(None, TERM_RULE, TERM_CONFIDENCE, evidence)
        candidates.append(candidate)
        found.append(result or NO_ATTRIBUTION)
    return list(zip(found, candidates, strict=True)), ctx


def _first(span: Span, ctx: Context, sieves: tuple[Sieve, ...]) -> Attribution | None:
    """The answer of the first sieve that fires, stamped with that sieve's name.

    A sieve links the quote to a mention; the mention is then resolved to a speaker.
    """
    for sieve in sieves:
        answer = sieve(span, ctx)
        if answer is not None:
            a = resolve_speaker(answer, ctx)
            # Built directly: dataclasses.replace costs more than the sieve on short quotes.
            return Attribution(
                a.speaker,
                sieve.__name__,
                a.confidence,
                a.cue,
                a.mention,
                a.mention_start,
                a.mention_end,
                a.via,
            )
    return None


def sentence_around(span: Span, sentences: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The writer's sentence(s) a quote sits in, marks included; the span itself if none.

    Sentences are found with quote contents masked, so one that touches the span holds it whole.
    """
    first = bisect.bisect_left(sentences, (span.start - 1, -1))
    if first > 0 and sentences[first - 1][1] >= span.start - 1:
        first -= 1
    start, end = span.start, span.end
    for s_start, s_end in sentences[first:]:
        if s_start > span.end + 1:
            break
        if s_end >= span.start - 1:
            start, end = min(start, s_start), max(end, s_end)
    return start, end


def extract(
    article: Article, registry: Registry, lexicon: Lexicon | None = None
) -> ExtractedDocument:
    """Split an article into quotes and attribute each: the whole pure core in one call."""
    spans = split(article.text, article.body_start)
    long = [s for s in spans if s.end - s.start > MAX_QUOTE_CHARS]
    warnings = tuple(
        f"{article.path}: a quote of {s.end - s.start:,} characters at offset {s.start}"
        f" (over {MAX_QUOTE_CHARS:,}) is almost surely an unclosed mark; skipped"
        for s in long
    )
    spans = [s for s in spans if s.end - s.start <= MAX_QUOTE_CHARS]
    attributions, ctx = _attribute(article, spans, registry, lexicon)
    quotes = tuple(
        Quote(
            replace(span, kind="term") if found.rule == TERM_RULE else span,
            article.text[span.start : span.end],
            found,
            sentence_around(span, ctx.sentences),
            candidate,
        )
        for span, (found, candidate) in zip(spans, attributions, strict=True)
    )
    return ExtractedDocument(article, quotes, warnings)
