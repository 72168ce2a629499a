"""What a sieve may look at: the article (quotes masked), its structure, and earlier answers.

``Context`` is immutable: everything in it is worked out once per article before the first
sieve runs. The one thing that changes while an article is attributed -- the answers given
so far, and answers worth keeping because several sieves ask for them -- lives in an
explicit ``DocumentCache`` that the runner owns and fills.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from quotes.attribute.discourse import Discourse, build_discourse, is_opener
from quotes.attribute.lexicon import Lexicon
from quotes.attribute.phrases import (
    PAST_FORM,
    Phrase,
    Resolved,
    Shadows,
    _joined,
    coordinated,
    head_subject,
    is_masked,
    iter_tokens,
    last_tokens,
    resolve,
    subject_after,
    subject_before,
    trailing_name,
    unshadowed,
)
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
    span_starts: list[int]
    span_index: dict[Span, int]
    utterances: dict[int, list[Span]]


class DocumentCache:
    """The per-article state the sieves share, kept out of the immutable ``Context``.

    ``answers`` holds the final attributions of the spans attributed so far, in order: the
    runner appends each as it is decided, and only the runner writes it. ``memo`` holds
    answers of pure functions of (span, context) that several sieves ask for (the cue next
    to a span, a pattern's matches over the article), keyed by the asker.
    """

    __slots__ = ("answers", "memo", "scans")

    def __init__(self) -> None:
        self.answers: list[Attribution] = []
        self.memo: dict[Hashable, Any] = {}
        # Each lexicon pattern's matches over the whole article: (starts, matches).
        self.scans: dict[re.Pattern[str], tuple[list[int], list[re.Match[str]]]] = {}


Resolver = Callable[[Phrase], Resolved]
_DISCOURSE = "discourse"


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
    # Registry speakers whose surname the article also gives someone else: a bare surname
    # of theirs names nobody in the registry (``phrases.Shadows``, worked out on first ask).
    shadowed: Shadows | None = None
    # The article's language code ("en", "ru", …), which word orders to expect.
    language: str | None = None
    cache: DocumentCache = field(default_factory=DocumentCache, repr=False, compare=False)
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
            span_starts=[span.start for span in self.spans],
            span_index={span: i for i, span in enumerate(self.spans)},
            utterances=utterances,
        )
        # Derived once from the fields above, never changed after.
        object.__setattr__(self, "_lookup", lookup)

    @property
    def earlier(self) -> Sequence[Attribution]:
        """Final attributions of the spans attributed so far, in order."""
        return self.cache.answers

    @property
    def discourse(self) -> Discourse:
        """Every person the article names, for pronouns and titles that point back.

        Built on first use: most quotes are settled by a cue before anyone needs it.
        """
        found: Discourse | None = self.cache.memo.get(_DISCOURSE)
        if found is None:
            found = build_discourse(
                self.masked, self.sentences, self.registry, self.lexicon, self.day
            )
            self.cache.memo[_DISCOURSE] = found
        return found

    @property
    def memo(self) -> dict[Hashable, Any]:
        """The shared answers of ``cache`` (see ``DocumentCache``)."""
        return self.cache.memo

    def index_of(self, span: Span) -> int:
        return self._lookup.span_index[span]

    def quotes_between(self, start: int, end: int) -> int:
        """How many quotes open (their text starts) in ``[start, end)``."""
        starts = self._lookup.span_starts
        return bisect.bisect_left(starts, end) - bisect.bisect_left(starts, start)

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
        return unshadowed(resolve(phrase, self.day, self.registry, self.lexicon), self.shadowed)

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The sentence holding ``pos`` (the paragraph's, if the splitter gave none)."""
        i = bisect.bisect_right(self._lookup.sentence_starts, pos) - 1
        if i >= 0 and self.sentences[i][0] <= pos <= self.sentences[i][1]:
            return self.sentences[i]
        return self.paragraph_at(pos)

    def next_paragraph(self, end: int) -> tuple[int, int] | None:
        """The paragraph after the one ending at ``end``."""
        i = bisect.bisect_right(self._lookup.paragraph_starts, end)
        return self.paragraphs[i] if i < len(self.paragraphs) else None

    def paragraph_at(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._lookup.paragraph_starts, pos) - 1
        if i >= 0 and self.paragraphs[i][0] <= pos <= self.paragraphs[i][1]:
            return self.paragraphs[i]
        return pos, pos

    def matches(self, pattern: re.Pattern[str], start: int, end: int) -> list[re.Match[str]]:
        """``list(pattern.finditer(self.masked, start, end))`` for a lexicon word pattern.

        The article is scanned once per pattern and each call takes its slice of that scan:
        several sieves search the writer's sentence before every quote, and a long sentence
        with many quotes made that quadratic. The slice is the same answer when no match
        runs across ``start`` or ``end`` and no word character follows ``end`` (the pattern
        ends by looking for a non-word character); otherwise the range is scanned as asked.
        """
        found = self.cache.scans.get(pattern)
        if found is None:
            every = list(pattern.finditer(self.masked))
            found = self.cache.scans[pattern] = ([m.start() for m in every], every)
        starts, every = found
        if not starts:
            return []
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end, lo)
        masked = self.masked
        if (
            (lo > 0 and every[lo - 1].end() > start)
            or (hi > lo and every[hi - 1].end() > end)
            # a word character after ``end`` (what \w matches: str.isalnum or "_")
            or (end < len(masked) and (masked[end].isalnum() or masked[end] == "_"))
        ):
            return list(pattern.finditer(self.masked, start, end))
        return every[lo:hi]

    def open_mark_pos(self, span: Span) -> int:
        return self.text.rfind(span.open_mark, 0, span.start)

    def close_mark_pos(self, span: Span) -> int | None:
        if span.close_mark is None:
            return None
        return self.text.find(span.close_mark, span.end)


# "added by Republicans", not "added by phone" or "responded by pointing": a passive
# participle's agent.
PASSIVE_AGENT = re.compile(
    r"[ \t]+by[ \t]+(?!\w+ing\b|(?:tele)?phone\b|e-?mail\b|text\b|letter\b|video\w*\b|radio\b"
    r"|satellite\b|way\b|far\b|then\b|now\b|hand\b)"
)


def find_speech_acts(
    masked: str,
    sentences: Sequence[tuple[int, int]],
    lexicon: Lexicon,
    resolve: Resolver,
    subjects: Sequence[Resolved] = (),
) -> tuple[SpeechAct, ...]:
    """Every "subject + speech verb" of the writer's text, in order.

    A verb with no subject of its own takes the sentence's opening subject in two shapes:
    after an appositive ("Jo Hill, a director of Acme, said") and as a second verb of
    the subject's ("Hill left the room and said").
    """
    acts: list[SpeechAct] = []
    starts = [s.start for s in subjects]
    for s_start, s_end in sentences:
        for v_start, v_end, verb in lexicon.verb_spans(masked, s_start, s_end):
            if masked.startswith(" by", v_end) and PASSIVE_AGENT.match(masked, v_end):
                continue  # 'measures added by Republicans': a participle, no speech act
            relative = _relative_subject(masked, v_start, s_start, lexicon, resolve)
            if relative is not None:
                acts.append(SpeechAct(verb, v_start, v_end, relative))
                continue
            phrase = subject_before(masked, v_start, s_start, lexicon)
            if phrase is not None and _starts_clause(masked, phrase, s_start, lexicon):
                if phrase.text in lexicon.not_names:
                    # "Saturday at the convention Sen. Ann Baker said": the time word is
                    # no subject; the name next to the verb is.
                    phrase = trailing_name(masked, phrase.end, v_start) or phrase
                subject = resolve(head_subject(masked, phrase, lexicon))
            else:
                opening = _opening_subject(subjects, starts, s_start, v_start)
                if opening is None:
                    # "She greeted supporters and told them …": an opening pronoun.
                    opening = _opening_pronoun(masked, s_start, v_start, lexicon)
                if opening is None or not _shares_subject(masked, opening, v_start, lexicon):
                    opening = _set_off_subject(masked, s_start, v_start, lexicon, resolve)
                if opening is None:
                    opening = _inverted_subject(
                        masked, v_start, v_end, s_end, verb, lexicon, resolve
                    )
                    if opening is None:
                        continue
                subject = opening
                if subject.kind == "role":
                    # "The spokesman for Putin, Dmitry Peskov, said": the name it gives.
                    comma = masked.find(",", subject.end, v_start)
                    named = (
                        _appositive_name(masked, comma, v_start, resolve) if comma >= 0 else None
                    )
                    if named is not None and named.speaker == subject.speaker:
                        subject = named
            if subject.kind != "invalid":
                acts.append(SpeechAct(verb, v_start, v_end, subject))
    return tuple(acts)


def _inverted_subject(
    masked: str,
    v_start: int,
    v_end: int,
    s_end: int,
    verb: str,
    lexicon: Lexicon,
    resolve: Resolver,
) -> Resolved | None:
    """``The paradox, says Carl Anthony, a historian, is that …``: an inverted cue set off
    by commas inside the sentence; the name after the verb speaks for the sentence."""
    before = v_start
    while before > 0 and masked[before - 1] in " \t":
        before -= 1
    if before == 0 or masked[before - 1] != ",":
        return None
    if " ".join(verb.casefold().split()) in lexicon.object_verbs:
        return None  # "…, told reporters": the words after it are its object
    phrase = subject_after(masked, v_end, s_end, lexicon)
    if phrase is None:
        return None
    rest = masked[phrase.end : s_end].lstrip(" \t")
    if rest[:1] not in (",", ".", ""):
        return None
    found = resolve(phrase)
    return found if found.named and found.kind in ("name", "role", "other") else None


# "who" and what may stand between it and its verb: "who also said", "who has in the past
# described", "who, on a press call Friday, criticized".
# The relative pronouns that stand for a person, in the lexicons' languages.
_WHO = frozenset(
    "who который которая которые котрий котра які který která kteří który która którzy".split()
)
_WHO_NEAR = re.compile(r"who|котор|котр|kter|któr")  # lowercase: a headline's "Who" is none
_RELATIVE = re.compile(rf"(,\s*)?\b({'|'.join(sorted(_WHO))})\b[,\s]*$", re.IGNORECASE)
_RELATIVE_GAP_TOKENS = 5
_RELATIVE_GAP_CHARS = 80  # far more than five words and a comma take
_ANTECEDENT_TOKENS = 8


def _relative_subject(
    masked: str, v_start: int, floor: int, lexicon: Lexicon, resolve: Resolver
) -> Resolved | None:
    """``Ann Baker, who said …``: the relative "who" speaks for the person it follows.

    The mention is the "who" itself (as a pronoun's is the pronoun), standing for its
    antecedent: the noun phrase right before it ("Attorney General Ann Baker", "the Mexican
    president"; not "the idea came from"), with or without a comma ("a tweet from Ann
    Baker who wrote", "Putin dismissed critics who say"): the relative's verb is the
    antecedent's, whoever the clause around it belongs to.
    """
    if _WHO_NEAR.search(masked, max(floor, v_start - _RELATIVE_GAP_CHARS), v_start) is None:
        return None  # most verbs have no "who" near them: skip the reading
    gap = last_tokens(masked, floor, v_start, _RELATIVE_GAP_TOKENS + 1)
    who = next((w for w in reversed(gap) if w.group().casefold() in _WHO), None)
    if who is None:
        return None
    between = [w for w in gap if w.start() > who.start()]
    rest = masked[who.end() : v_start]
    if "," in rest and not rest.lstrip().startswith(","):
        return None  # "who spoke on condition of anonymity, said": its clause has closed
    if len(between) > _RELATIVE_GAP_TOKENS or any(
        set(w.group()) == {"x"}
        or w.group().casefold() in lexicon.clause_words
        or lexicon.verbs.fullmatch(w.group())
        or PAST_FORM.fullmatch(w.group())  # "who founded the site tweeted": its own verb
        for w in between
    ):
        return None
    found = _RELATIVE.search(masked, max(floor, who.start() - 3), who.end() + 1)
    if found is None or found.start(2) != who.start():
        return None
    before = found.start()
    # A name ends the phrase: its capitalised words ("The talks involved [Vladimir Putin]");
    # else the noun phrase back to a preposition ("a lecture from [the Mexican president]").
    phrase = trailing_name(masked, floor, before)
    if phrase is None or _after_of(masked, floor, phrase.start):
        # "the wife of Putin, who said": the whole phrase, whose head is not Putin
        phrase = _antecedent(masked, floor, before, lexicon)
    if phrase is None:
        return None
    antecedent = resolve(phrase)
    if antecedent.kind not in ("name", "role", "other", "pronoun"):
        return None
    if antecedent.kind == "pronoun" and antecedent.title is None:
        return None  # "he, who said": no antecedent a relative points to
    if antecedent.speaker is not None and antecedent.end != phrase.end:
        return None  # "a lecture from Putin's host, who said": the host, not Putin
    return replace(antecedent, surface=who.group(), start=who.start(), end=who.end())


def _after_of(masked: str, floor: int, start: int) -> bool:
    previous = last_tokens(masked, floor, start, 1)
    return bool(previous) and previous[-1].group().casefold() in ("of", "de", "von")


def _antecedent(masked: str, floor: int, end: int, lexicon: Lexicon) -> Phrase | None:
    """The noun phrase ending at ``end``: the words back to a preposition, clause word or
    verb ("a lecture from [the Mexican president]", "said [Chicago Alderman Ann Baker]")."""
    run: list[re.Match[str]] = []
    for tok in reversed(last_tokens(masked, floor, end, _ANTECEDENT_TOKENS)):
        if run and not _joined(masked, tok, run[0].start()):
            break
        if not run and masked[tok.end() : end].strip():
            return None
        folded = tok.group().casefold()
        if (
            set(folded) == {"x"}
            or folded in lexicon.phrase_stops
            or folded in lexicon.clause_words
            or lexicon.verbs.fullmatch(tok.group())
        ):
            break
        run.insert(0, tok)
        if folded in _DETERMINERS:
            break  # a noun phrase opens with its determiner ("the wife of Putin")
    if not run:
        return None
    return Phrase(run[0].start(), run[-1].end(), masked[run[0].start() : run[-1].end()])


_DETERMINERS = frozenset("the a an his her its their this that these those".split())


# A party-and-state tag closing a name phrase: "Rep. Ann Baker (D-Md.)".
_TAG_END = re.compile(r"\s*\([^()\n]{1,24}\)\s*$")
# How many words the phrase before an appositive may run to ("Ohio Sen. Ann Baker's
# campaign", "Democratic front-runner Ann Baker").
_SET_OFF_TOKENS = 8


def _set_off_subject(
    masked: str, s_start: int, v_start: int, lexicon: Lexicon, resolve: Resolver
) -> Resolved | None:
    """``One attendee, who spoke on the condition of anonymity, said``: the words the
    sentence opens with, up to the comma that sets off what stands between them and the
    verb, are its subject when they are a short noun phrase (no verb, clause word or
    quote in them) and a comma closes the aside right before the verb."""
    stamp = _STAMP.match(masked, s_start, v_start)
    start = stamp.end() if stamp else s_start
    comma = masked.find(",", start, v_start)
    if comma < 0 or v_start - comma > _APPOSITIVE_CHARS:
        return None
    between = masked[comma:v_start]
    if ";" in between or not between.rstrip().endswith(",") or between.strip() == ",":
        return None
    tag = _TAG_END.search(masked, start, comma)
    end = tag.start() if tag else comma
    words = list(iter_tokens(masked, start, end))
    if not words or len(words) > _SET_OFF_TOKENS or masked[words[-1].end() : end].strip():
        return None
    if is_opener(words[0].group()) and not (
        len(words) > 1 and words[0].group().casefold() in _ARTICLES
    ):
        return None  # "But, …", "However, …": an opening word, no subject ("A source, …" is one)
    for word in words:
        folded = word.group().casefold()
        if (
            set(folded) == {"x"}
            or folded in lexicon.clause_words
            or folded in lexicon.phrase_stops  # "Tuesday at the university in Berea, …"
            or folded in lexicon.between
            or lexicon.verbs.fullmatch(word.group())
        ):
            return None
    if words[0].group().casefold() in _FREE_RELATIVES:
        return None  # "Whatever Putin thinks, …": a clause, not a noun phrase
    phrase = Phrase(words[0].start(), words[-1].end(), masked[words[0].start() : words[-1].end()])
    subject = resolve(phrase)
    if subject.kind in ("invalid", "pronoun"):
        return None
    if subject.speaker is not None and subject.end != phrase.end:
        return None  # a registry name must head the phrase, not stand inside a clause
    named = _appositive_name(masked, comma, v_start, resolve)
    if named is not None and (
        (subject.speaker is None and not subject.named)
        or (subject.kind == "role" and named.speaker == subject.speaker)
    ):
        return named  # "The spokesman for Putin, Dmitry Peskov, said": the name it gives
    return subject


def _appositive_name(masked: str, comma: int, v_start: int, resolve: Resolver) -> Resolved | None:
    """The aside between the subject's comma and the verb's, when it is a name alone."""
    end = masked.rfind(",", comma + 1, v_start)
    if end < 0:
        return None
    words = list(iter_tokens(masked, comma + 1, end))
    if not words or len(words) > _NAME_TOKENS or not all(w.group()[:1].isupper() for w in words):
        return None
    found = resolve(
        Phrase(words[0].start(), words[-1].end(), masked[words[0].start() : words[-1].end()])
    )
    return found if found.named and found.kind in ("name", "other") else None


_NAME_TOKENS = 4  # "Dmitry Sergeyevich Peskov", "Mary Ann de la Cruz"
_FREE_RELATIVES = frozenset({"whatever", "whoever", "whichever", "wherever", "whenever"})
_ARTICLES = frozenset({"a", "an", "the", "der", "die", "das", "ein", "eine"})


def _opening_subject(
    subjects: Sequence[Resolved], starts: list[int], s_start: int, v_start: int
) -> Resolved | None:
    i = bisect.bisect_left(starts, s_start)
    if i < len(subjects) and subjects[i].end < v_start:
        return subjects[i]
    return None


# How far an appositive or a first clause may run between a subject and its verb; a
# semicolon in between makes the verb another clause's.
_APPOSITIVE_CHARS = 160


# Marks that set an aside off on both sides: commas, dashes.
_ASIDE_MARKS = frozenset(",—–")


def _shares_subject(masked: str, subject: Resolved, v_start: int, lexicon: Lexicon) -> bool:
    """Whether a verb belongs to the sentence's opening subject across what stands between.

    ``Hill, a director of Acme, said``: a comma right after the subject and one right
    before the verb enclose an appositive. ``Hill left and said``: a joined second clause.
    """
    if v_start - subject.end > _APPOSITIVE_CHARS:
        return False
    between = masked[subject.end : v_start]
    if ";" in between:
        return False
    inner = between.strip()
    if inner[:1] == inner[-1:] and inner[:1] in _ASIDE_MARKS and len(inner) > 1:
        return True  # "Hill, a director of Acme, said", "Hill — a director — said"
    if inner == "," and masked[max(0, subject.start - 3) : subject.start].rstrip()[-1:] == ",":
        # "The F.B.I. director, James B. Comey, said": the comma closes the name set off
        # after a title. After a name that opens the sentence it opens an aside instead:
        # "Putin, dubbed "the tsar" by his critics, said" (the participle is no act).
        return True
    # (a comma inside a number, "2,000 supporters", sets nothing off)
    if not coordinated(masked, v_start, subject.end, lexicon):
        return False
    # "Nieto compared X with Y, and urged …": one comma, right before the conjunction that
    # joins the second verb, still leaves that verb the subject's.
    commas = _CLAUSE_COMMA.findall(between)
    return not commas or (len(commas) == 1 and _COMMA_JOIN.search(between) is not None)


_COMMA_JOIN = re.compile(r",\s*(?:and|but|und|aber|и|но)\s*$")


_CLAUSE_COMMA = re.compile(r",(?!\d)")


def _opening_pronoun(masked: str, s_start: int, v_start: int, lexicon: Lexicon) -> Resolved | None:
    """The personal pronoun a sentence opens with ("She", "But he"), as a subject."""
    for tok in iter_tokens(masked, s_start, v_start):
        word = tok.group().casefold()
        gender = lexicon.pronouns.get(word)
        if gender is not None:
            if gender == "n":
                return None  # "it", "we": the statement or the writer, as for the sieves
            return Resolved("pronoun", None, tok.group(), tok.start(), tok.end(), gender or None)
        if not is_opener(tok.group()):
            return None
    return None


def find_sentence_subjects(
    masked: str, sentences: Sequence[tuple[int, int]], lexicon: Lexicon, resolve: Resolver
) -> tuple[Resolved, ...]:
    """Who each sentence opens with, when it names someone: roughly the sentence's subject.

    "Ukrainian President Volodymyr Zelenskiy, speaking in Kyiv, rejected it." opens with
    Zelenskiy, so a "he said" that follows is not pinned on a registry speaker named earlier.
    A sentence that opens with a conjunction or label ("But", "When", "WATCH") opens with
    nobody.
    """
    found: list[Resolved] = []
    for s_start, s_end in sentences:
        stamp = _STAMP.match(masked, s_start, s_end) or _DATELINE.match(masked, s_start, s_end)
        start = stamp.end() if stamp else s_start
        run = _subject_run(masked, start, s_end, lexicon)
        if run is None:
            # "After the talks, Putin left": the subject follows an opening phrase.
            comma = masked.find(",", start, min(s_end, start + _OPENING_PHRASE_CHARS))
            run = _subject_run(masked, comma + 1, s_end, lexicon) if comma >= 0 else None
            if run is None and comma >= 0:
                # "On Thursday, after months of silence, Warren endorsed …": two opening
                # phrases, the second a subordinate one.
                second = masked.find(",", comma + 1, min(s_end, comma + 1 + _OPENING_PHRASE_CHARS))
                run = _subject_run(masked, second + 1, s_end, lexicon) if second >= 0 else None
            if run:
                # "On the topic of a tough guy, Mr. Putin, Mr. Trump was asked": a name set off
                # by commas inside the opening phrase, then the subject.
                after = _APPOSITIVE_NAME.match(masked, run[-1].end(), s_end)
                later = _subject_run(masked, after.end(), s_end, lexicon) if after else None
                if later:
                    run = later
        resolved = None
        if run:
            phrase = Phrase(run[0].start(), run[-1].end(), masked[run[0].start() : run[-1].end()])
            resolved = resolve(phrase)
        if resolved is None or not resolved.named:
            resolved = _described_person(masked, start, s_end, lexicon, resolve)
        if resolved is not None and resolved.named:
            found.append(resolved)
    return tuple(found)


# What may open a description of a person, and how many words it may run to.
_DESCRIPTION_WORDS = 4
_DESCRIPTION_CHARS = 80  # enough for a determiner, four words and a noun
_AGED = re.compile(r"\d{1,3}-year-old")


def _described_person(
    masked: str, start: int, end: int, lexicon: Lexicon, resolve: Resolver
) -> Resolved | None:
    """``His host greeted him.``, ``The Russian president smiled.``, ``The 34-year-old left
    prison.``: a sentence that opens on a description of one person, then its verb, has
    that person for its subject, named or not, so a pronoun after it does not reach past
    them to a name further back. A registry title still names its holder."""
    if lexicon.person_opener.match(masked, start, end) is None:
        return None  # most sentences open otherwise: no tokens read
    head = masked[start : min(end, start + _DESCRIPTION_CHARS)].casefold().split()[1:]
    if not any(w.strip(".,;:") in lexicon.person_nouns or "-year-old" in w for w in head):
        return None  # no person noun among the first words: no description to read
    words = _Words(masked, start, end)
    first = words.at(0)
    if first is None or first.group().casefold() not in lexicon.person_openers:
        return None
    previous = first
    for i in range(1, _DESCRIPTION_WORDS + 1):
        tok = words.at(i)
        if tok is None or not _joined(masked, previous, tok.start()):
            return None
        word = tok.group()
        folded = word.casefold()
        if folded in lexicon.person_nouns or _AGED.fullmatch(folded):
            after = words.at(i + 1)
            while (
                after is not None
                and after.group().casefold() in lexicon.person_nouns
                and _joined(masked, tok, after.start())
            ):
                i += 1  # "The billionaire businessman": the last noun is the head
                tok, after = after, words.at(i + 1)
            if (
                after is None
                or not _joined(masked, tok, after.start())
                or not after.group().islower()
                or after.group() in lexicon.name_phrase_words  # "the head of", "the man and"
                or after.group() in lexicon.clause_words
            ):
                return None
            phrase = Phrase(first.start(), tok.end(), masked[first.start() : tok.end()])
            found = resolve(phrase)
            if found.speaker is not None or found.kind == "pronoun":
                return found  # "The Russian president": Putin; "the president": a title
            return Resolved("other", None, phrase.text, phrase.start, phrase.end, named=True)
        if is_masked(word) or folded in lexicon.clause_words or lexicon.verbs.fullmatch(word):
            return None
        previous = tok
    return None


def _subject_run(masked: str, start: int, end: int, lexicon: Lexicon) -> list[re.Match[str]] | None:
    """The capitalised words a clause opens with, past any opener ("But", "WATCH"); None
    when an opener is followed by a lowercase word (an opening phrase, not a subject)."""
    run: list[re.Match[str]] = []
    opened = False
    words = _Words(masked, start, end)  # read only as far as the run goes
    i = 0
    while (tok := words.at(i)) is not None:
        if run and not _joined(masked, run[-1], tok.start()):
            break
        word = tok.group()
        i += 1
        if not run and not opened and word.casefold() in _COORDINATORS:
            opened = True  # "And then Ann Baker went …": the main clause goes on
            continue
        if not run and not opened and word.casefold() in lexicon.phrase_stops:
            return None  # "In a Fox interview, …": a prepositional phrase, no subject
        if not run and not opened and word.casefold() in _SUBORDINATORS:
            return None  # "As Ann Baker spoke, …": that clause's subject, not the sentence's
        if not run and is_opener(word):
            opened = True
            continue
        if not run and _opening_modifier(masked, word, words.at(i), lexicon):
            return None  # "Hastily politicizing the tragedy, …": an opening phrase
        if (
            word.islower()
            and word not in lexicon.name_phrase_words
            and not (run and _title_before_name(masked, words, i - 1, lexicon))
        ):
            break
        run.append(tok)
        if len(run) >= _SUBJECT_TOKENS:
            break
    while run and run[-1].group().islower():
        run.pop()  # a name phrase ends in a name
    return None if opened and not run else run


# Conjunctions that open a main clause, so the subject follows ("And then Ann Baker …");
# "As", "When", "After" open a subordinate one, whose subject is not the sentence's.
_COORDINATORS = frozenset({"and", "but", "so", "yet", "or", "nor"})
_SUBORDINATORS = frozenset(
    "as when while after before since because although though if once until unless".split()
)


def _opening_modifier(
    masked: str, word: str, following: re.Match[str] | None, lexicon: Lexicon
) -> bool:
    """A capitalised -ly or -ing word opening a phrase ("Hastily politicizing", "Having
    lost"): the next word is lowercase and no speech verb ("Browning said" is a name)."""
    if not word.endswith(("ly", "ing")) or len(word) < 5 or following is None:
        return False
    nxt = following.group()
    return nxt.islower() and lexicon.verbs.fullmatch(nxt) is None


class _Words:
    """A sentence's tokens, read from the text only as far as a reader asks."""

    __slots__ = ("_read", "_source")

    def __init__(self, masked: str, start: int, end: int) -> None:
        self._source = iter_tokens(masked, start, end)
        self._read: list[re.Match[str]] = []

    def at(self, i: int) -> re.Match[str] | None:
        while len(self._read) <= i:
            found = next(self._source, None)
            if found is None:
                return None
            self._read.append(found)
        return self._read[i]


# Lowercase title words that may stand between capitalised ones in a subject: "Minnesota
# state delegate Mary Susan", "Former House speaker Newt Gingrich". Without a tagger, a
# title is told from a verb ("Putin met Lukashenko") by the endings of nouns of office.
_TITLE_WORDS = 2
_TITLE_ENDINGS = (
    "er",
    "or",
    "ist",
    "ent",
    "ant",
    "ate",
    "man",
    "woman",
    "ian",
    "ive",
    "eur",
    "ee",
    "ff",
)


def _title_before_name(masked: str, words: _Words, i: int, lexicon: Lexicon) -> bool:
    """Whether lowercase ``words.at(i)`` is a title word: a capitalised word follows within
    ``_TITLE_WORDS``, joined, with no clause word, preposition or verb on the way."""
    previous = None
    for j in range(i, i + _TITLE_WORDS + 1):
        tok = words.at(j)
        if tok is None:
            return False
        if previous is not None and not _joined(masked, previous, tok.start()):
            return False
        previous = tok
        word = tok.group()
        if word[:1].isupper():
            return j > i
        folded = word.casefold()
        if (
            not word.isalpha()
            or not folded.endswith(_TITLE_ENDINGS)
            or folded in lexicon.clause_words
            or folded in lexicon.phrase_stops
            or folded in lexicon.between
            or lexicon.verbs.fullmatch(word)
        ):
            return False
    return False


# A comma, then a capitalised word: where a second name follows a name set off by commas.
_APPOSITIVE_NAME = re.compile(r",[ \t]+(?=[A-ZÀ-ÖØ-ÞА-ЯЁ])")
# How far into a sentence an opening phrase ("After the talks,") may run before its comma.
_OPENING_PHRASE_CHARS = 60


_STAMP = re.compile(r"\s*\d[\d:.]*\s+")
# A wire story's dateline before its first sentence: "MOSCOW —", "LA CROSSE, Wisc. —",
# "WASHINGTON, Dec. 8 (UPI) —", "Washington (AFP) –". A place in capitals, or any place
# with the agency in brackets, then a dash and a capitalised word ("NATO – the alliance –
# said" is no dateline).
_DATELINE = re.compile(
    r"\s*(?:"
    r"[A-Z][A-Z'’.-]+(?:\s[A-Z][A-Z'’.-]+)*(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?"
    r"(?:,?\s*[A-Z][a-z]{2,3}\.?\s+\d{1,2})?(?:\s*\([^()\n]{1,24}\))?"
    r"|[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2}(?:,\s*[A-Z][a-z]{2,3}\.?\s+\d{1,2})?"
    r"\s*\([^()\n]{1,24}\)"
    r")\s*[-–—]{1,2}\s+(?=[A-Z])"
)
# The whole of the text before a subject being a time stamp (``\s*`` takes a final newline,
# so this is ``^\s*[\d:.]+\s*$`` on that text).
_STAMP_ONLY = re.compile(r"\s*[\d:.]+\s*")

# How many words a sentence's opening subject may run to ("Belarusian President Alexander
# Lukashenko"); longer openings are not a subject this simple reading can trust.
_SUBJECT_TOKENS = 6


def _starts_clause(masked: str, phrase: Phrase, floor: int, lexicon: Lexicon) -> bool:
    """A subject opens its clause: it follows the sentence start, a comma, or a clause word."""
    # Read back from the phrase, not the whole sentence: a long sentence holds many verbs.
    end = phrase.start
    while end > floor and masked[end - 1].isspace():
        end -= 1
    # A time stamp opening a live-blog line ("10:05 Lukashenko says") starts nothing.
    if end == floor or _STAMP_ONLY.fullmatch(masked, floor, phrase.start):
        return True
    last = masked[end - 1]
    if last in ",;:—–(" or masked.endswith((" -", "--"), floor, end):
        return True
    if last in "\"“”»«'’":
        # A quote ended the sentence before this one ('"…" He said …'), or the subject
        # opens the attribution after a quote ('"…," he said, adding that …').
        return True
    start = end
    while start > floor and (masked[start - 1].isalnum() or masked[start - 1] == "_"):
        start -= 1  # the last word: the characters ``\w`` matches
    word = masked[start:end].casefold()
    # "Peskov said Putin had told him: …": a subject right after a speech verb opens the
    # reported clause, whose verb may introduce a quote of its own.
    return (
        word in lexicon.clause_words
        or word in lexicon.phrase_stops
        or lexicon.verbs.fullmatch(masked, start, end) is not None
    )
