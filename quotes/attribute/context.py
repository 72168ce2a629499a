"""What a sieve may look at: the article (quotes masked), its structure, and earlier answers."""

from __future__ import annotations

import bisect
import re
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
    # The registry speaker each sentence opens with, roughly its subject ("Putin met ...").
    subjects: tuple[Resolved, ...] = ()
    # Final attributions of the spans before the one being attributed, in order.
    earlier: tuple[Attribution, ...] = ()
    _sentence_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._sentence_starts.extend(s for s, _ in self.sentences)

    def resolve(self, phrase: Phrase) -> Resolved:
        return resolve(phrase, self.day, self.registry, self.lexicon)

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The sentence holding ``pos`` (the paragraph's, if the splitter gave none)."""
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and self.sentences[i][0] <= pos <= self.sentences[i][1]:
            return self.sentences[i]
        return self.paragraph_at(pos)

    def paragraph_at(self, pos: int) -> tuple[int, int]:
        for start, end in self.paragraphs:
            if start <= pos <= end:
                return start, end
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
        for verb in ctx.lexicon.verbs.finditer(masked, s_start, s_end):
            phrase = subject_before(masked, verb.start(), s_start, ctx.lexicon)
            if phrase is None or not _starts_clause(masked, phrase, s_start, ctx):
                continue
            subject = ctx.resolve(phrase)
            if subject.kind != "invalid":
                acts.append(SpeechAct(verb.group(), verb.start(), verb.end(), subject))
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
