"""What a sieve may look at: the article (quotes masked), its structure, and earlier answers."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from quotes.attribute.lexicon import Lexicon
from quotes.attribute.phrases import Phrase, Resolved, _joined, resolve, subject_before, tokens
from quotes.attribute.registry import Registry
from quotes.types import Attribution, Span


@dataclass(frozen=True, slots=True)
class SpeechAct:
    """A speech verb of the writer's text with its subject: "Lukashenko also said ..."."""

    verb: str
    verb_start: int
    verb_end: int
    subject: Resolved


@dataclass(frozen=True, slots=True)
class _Lookup:
    sentence_starts: list[int]
    paragraph_starts: list[int]
    act_starts: list[int]
    subject_starts: list[int]
    span_index: dict[Span, int]
    utterances: dict[int, list[Span]]


@dataclass(frozen=True)
class Context:
    """One article as the sieves see it. ``masked`` blanks every quote's content."""

    text: str
    masked: str
    day: date | None
    registry: Registry
    lexicon: Lexicon
    spans: tuple[Span, ...]
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[tuple[int, int], ...]
    acts: tuple[SpeechAct, ...] = ()
    # Who each sentence opens with when it names someone, roughly its subject.
    subjects: tuple[Resolved, ...] = ()
    # Final attributions of the spans attributed so far, in order (the runner appends).
    earlier: Sequence[Attribution] = ()
    _lookup: _Lookup = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Sorted positions for bisection: a long article must not make every lookup linear.
        utterances: dict[int, list[Span]] = {}
        for span in self.spans:
            utterances.setdefault(span.utterance, []).append(span)
        lookup = _Lookup(
            sentence_starts=[s for s, _ in self.sentences],
            paragraph_starts=[s for s, _ in self.paragraphs],
            act_starts=[a.verb_start for a in self.acts],
            subject_starts=[s.start for s in self.subjects],
            span_index={span: i for i, span in enumerate(self.spans)},
            utterances=utterances,
        )
        object.__setattr__(self, "_lookup", lookup)

    def index_of(self, span: Span) -> int:
        return self._lookup.span_index[span]

    def siblings(self, span: Span) -> list[Span]:
        """The other spans of the same utterance (a quote running over paragraphs)."""
        return [s for s in self._lookup.utterances[span.utterance] if s != span]

    def acts_between(self, start: int, end: int) -> tuple[SpeechAct, ...]:
        lo = bisect.bisect_left(self._lookup.act_starts, start)
        hi = bisect.bisect_left(self._lookup.act_starts, end)
        return self.acts[lo:hi]

    def subjects_between(self, start: int, end: int) -> tuple[Resolved, ...]:
        lo = bisect.bisect_left(self._lookup.subject_starts, start)
        hi = bisect.bisect_left(self._lookup.subject_starts, end)
        return self.subjects[lo:hi]

    def previous_paragraph(self, start: int) -> tuple[int, int] | None:
        i = bisect.bisect_left(self._lookup.paragraph_starts, start) - 1
        return self.paragraphs[i] if i >= 0 else None

    def resolve(self, phrase: Phrase) -> Resolved:
        return resolve(phrase, self.day, self.registry, self.lexicon)

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The sentence holding ``pos`` (the paragraph's, if the splitter gave none)."""
        i = bisect.bisect_right(self._lookup.sentence_starts, pos) - 1
        if i >= 0 and self.sentences[i][0] <= pos <= self.sentences[i][1]:
            return self.sentences[i]
        return self.paragraph_at(pos)

    def paragraph_at(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._lookup.paragraph_starts, pos) - 1
        if i >= 0 and self.paragraphs[i][0] <= pos <= self.paragraphs[i][1]:
            return self.paragraphs[i]
        return pos, pos

    def open_mark_pos(self, span: Span) -> int:
        return self.text.rfind(span.open_mark, 0, span.start)

    def close_mark_pos(self, span: Span) -> int | None:
        if span.close_mark is None:
            return None
        return self.text.find(span.close_mark, span.end)


def find_speech_acts(
    masked: str, sentences: tuple[tuple[int, int], ...], ctx: Context
) -> tuple[SpeechAct, ...]:
    """Every "subject + speech verb" of the writer's text, in order."""
    acts: list[SpeechAct] = []
    for s_start, s_end in sentences:
        for v_start, v_end, verb in ctx.lexicon.verb_spans(masked, s_start, s_end):
            phrase = subject_before(masked, v_start, s_start, ctx.lexicon)
            if phrase is None or not _starts_clause(masked, phrase, s_start, ctx):
                continue
            subject = ctx.resolve(phrase)
            if subject.kind != "invalid":
                acts.append(SpeechAct(verb, v_start, v_end, subject))
    return tuple(acts)


def find_sentence_subjects(ctx: Context) -> tuple[Resolved, ...]:
    """Who each sentence opens with, when it names someone: roughly the sentence's subject.

    "Ukrainian President Volodymyr Zelenskiy, speaking in Kyiv, rejected it." opens with
    Zelenskiy, so a "he said" that follows is not pinned on a registry speaker named earlier.
    """
    found: list[Resolved] = []
    for s_start, s_end in ctx.sentences:
        run: list[re.Match[str]] = []
        stamp = _STAMP.match(ctx.masked, s_start, s_end)
        for tok in tokens(ctx.masked, stamp.end() if stamp else s_start, s_end):
            if run and not _joined(ctx.masked, run[-1], tok.start()):
                break
            word = tok.group()
            if word.islower() and word not in ctx.lexicon.name_phrase_words:
                break
            run.append(tok)
            if len(run) >= _SUBJECT_TOKENS:
                break
        if not run:
            continue
        phrase = Phrase(run[0].start(), run[-1].end(), ctx.masked[run[0].start() : run[-1].end()])
        resolved = ctx.resolve(phrase)
        if resolved.named:
            found.append(resolved)
    return tuple(found)


_STAMP = re.compile(r"\s*\d[\d:.]*\s+")
_LEADING_STAMP = re.compile(r"^\s*[\d:.]+\s*$")

# How many words a sentence's opening subject may run to ("Belarusian President Alexander
# Lukashenko"); longer openings are not a subject this simple reading can trust.
_SUBJECT_TOKENS = 6


def _starts_clause(masked: str, phrase: Phrase, floor: int, ctx: Context) -> bool:
    """A subject opens its clause: it follows the sentence start, a comma, or a clause word."""
    # A time stamp opening a live-blog line ("10:05 Lukashenko says") starts nothing.
    before = _LEADING_STAMP.sub("", masked[floor : phrase.start]).rstrip()
    if not before or before[-1] in ",;:—–(" or before.endswith((" -", "--")):
        return True
    if before[-1] in "\"“”»«'’" and phrase.text[:1].isupper():
        return True  # a quote ended the sentence before this one: '"…" He said …'
    last = re.findall(r"\w+$", before)
    word = last[0].casefold() if last else ""
    return word in ctx.lexicon.clause_words or word in ctx.lexicon.phrase_stops
