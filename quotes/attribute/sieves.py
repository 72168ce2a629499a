"""The attribution sieves, most precise first. Each is pure: ``(span, ctx) -> Attribution | None``.

A sieve returns None when its pattern is not there. The runner, not the sieve, skips spans
already attributed and stamps the sieve's name as the attribution's ``rule``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from quotes.attribute import confidence as C
from quotes.attribute.context import Context, SpeechAct
from quotes.attribute.cues import (
    Cue,
    closing_cue,
    cue_after,
    cue_before,
    known_surname,
    opening_label,
)
from quotes.attribute.discourse import PRONOUN_GENDERS, PersonMention, is_opener
from quotes.attribute.lexicon import Lexicon
from quotes.attribute.phrases import (
    Phrase,
    Resolved,
    coordinated,
    is_masked,
    iter_tokens,
    last_tokens,
    subject_after,
    tokens,
)
from quotes.attribute.terms import TERM_RULE
from quotes.types import Attribution, Span

Sieve = Callable[[Span, Context], Attribution | None]

# Rules of quotes nobody is linked to: no quote goes on from one of these.
UNLINKED = frozenset({"none", TERM_RULE})
# The gender a lexicon gives a pronoun that never stands for a person ("it", the writer's "I").
NOT_A_PERSON = "n"

_SPOKEN = ("name", "other", "outlet")


def _from(
    resolved: Resolved, confidence: float, cue: str | None, via: str | None = None
) -> Attribution:
    return Attribution(
        speaker=resolved.speaker,
        rule="",
        confidence=confidence,
        cue=cue,
        mention=resolved.surface,
        mention_start=resolved.start,
        mention_end=resolved.end,
        via=via,
    )


def _cues(span: Span, ctx: Context) -> list[Cue]:
    return [c for c in (cue_after(span, ctx), cue_before(span, ctx)) if c is not None]


def quoted_as_saying(span: Span, ctx: Context) -> Attribution | None:
    """An outlet quoting a speaker: ``"…," Belta quoted Lukashenko as saying`` (via Belta)."""
    text, lex = ctx.masked, ctx.lexicon
    close = ctx.close_mark_pos(span)
    regions = []
    if close is not None:
        s_end = ctx.sentence_at(close)[1]
        regions.append((close + 1, max(s_end, close + 1)))
    open_pos = ctx.open_mark_pos(span)
    regions.append((ctx.sentence_at(open_pos)[0], open_pos))
    for start, end in regions:
        for verb in ctx.matches(lex.quote_verbs, start, end):
            as_saying = next(iter(ctx.matches(lex.quoted_as, verb.end(), end)), None)
            if as_saying is None:
                if close is not None and start == close + 1:
                    quoted = _outlet_quoting(ctx, start, verb, end)
                    if quoted is not None:
                        return _from(quoted[0], C.QUOTED_AS_SAYING, verb.group(), quoted[1])
                continue
            words = tokens(text, verb.end(), as_saying.start())
            if not words or len(words) > 8:
                continue
            phrase = Phrase(
                words[0].start(), words[-1].end(), text[words[0].start() : words[-1].end()]
            )
            source = text[start : verb.start()]
            via = ctx.lexicon.outlet_name(source.strip(" ,—–-")) if lex.is_outlet(source) else None
            cue = f"{verb.group()} … {as_saying.group()}"
            gender = _OBJECT_PRONOUNS.get(phrase.text.casefold())
            if gender is not None:
                # "…," his press service quoted him as saying: whoever "him" is.
                him = Resolved("pronoun", None, phrase.text, phrase.start, phrase.end, gender)
                found = _pronoun(ctx, him, cue)
                return None if found is None else replace(found, via=via)
            speaker = ctx.resolve(phrase)
            if speaker.kind not in ("name", "role", "other"):
                continue
            return _from(speaker, C.QUOTED_AS_SAYING, cue, via)
        for passive in ctx.matches(lex.passive_quoted, start, end):
            speaker_phrase = _phrase_before(ctx, passive.start(), start)
            if speaker_phrase is None:
                continue
            speaker = ctx.resolve(speaker_phrase)
            if speaker.kind in ("name", "role", "other"):
                # "was quoted by Belta as saying" or "was quoted as saying by Belta"
                by = re.search(r"\bby\s+([^,.;:!?]+)", text[passive.end() : end])
                source = by.group(1) if by else ""
                source = re.sub(r"\s+as\s+\w+.*$", "", source)
                via = lex.outlet_name(source) if source and lex.is_outlet(source) else None
                return _from(speaker, C.PASSIVE_QUOTED, passive.group(), via)
    return None


_ARTICLE_WORDS = frozenset("the a an der die das den dem des".split())
# How many words may follow a quoting verb when they name an outlet and whom it quotes.
_OUTLET_QUOTING_WORDS = 8


def _outlet_quoting(
    ctx: Context, after_close: int, verb: re.Match[str], end: int
) -> tuple[Resolved, str] | None:
    """``„…,“ citovala Lukašenka agentura Belta``, ``„…,“ vahendas Belta Lukašenka sõnu``:
    a quoting verb right after the quote, then an outlet and the person it quotes, in
    either order (the outlet the verb's subject, the person its object). The words left
    when the outlet, its common nouns and "words" are taken out must be one name."""
    text, lex = ctx.masked, ctx.lexicon
    if text[after_close : verb.start()].strip(" \t,—–-"):
        return None  # the verb must follow the quote: "…," citovala …
    words = tokens(text, verb.end(), end)
    outlet = lex.outlets.search(text, verb.end(), end) or next(
        (w for w in words if is_masked(w.group())),
        None,  # «Интерфакс», in its own marks
    )
    if outlet is None or not words or len(words) > _OUTLET_QUOTING_WORDS:
        return None
    rest = [
        w
        for w in words
        if not outlet.start() <= w.start() < outlet.end()
        and not lex.outlet_words.fullmatch(w.group())
        and w.group().casefold() not in lex.not_speakers
        and w.group() not in _ARTICLE_WORDS  # "zitiert die Agentur Tass den Kremlsprecher"
    ]
    if not rest or any(text[a.end() : b.start()].strip() for a, b in pairwise(rest)):
        return None
    speaker = ctx.resolve(
        Phrase(rest[0].start(), rest[-1].end(), text[rest[0].start() : rest[-1].end()])
    )
    if not speaker.is_someone(pronoun=False):
        return None
    if is_masked(outlet.group()):
        return speaker, ctx.text[outlet.start() : outlet.end()]
    return speaker, lex.outlet_name(outlet.group())


# Object pronouns after "quoted": "quoted him as saying", "цитирует его".
_OBJECT_PRONOUNS = {"him": "m", "her": "f", "them": ""}


def _phrase_before(ctx: Context, end: int, floor: int) -> Phrase | None:
    words = tokens(ctx.masked, floor, end)[-8:]
    if not words:
        return None
    return Phrase(words[0].start(), words[-1].end(), ctx.masked[words[0].start() : words[-1].end()])


# Marks of a quote inside a quote, opening -> closing.
_INNER_MARKS = {"'": "'", "‘": "’", "‚": "‘", "„": "“", "‹": "›", "’": "’"}
# Words that may stand between an inner speech verb and the quote it introduces
# ("had told him:", "told reporters,").
_INNER_TAIL = frozenset(
    "him her me us them reporters journalists the press that ему ей мне нам ihm ihr mir uns".split()
)
_INNER_TAIL_WORDS = 3


def nested_speech(span: Span, ctx: Context) -> Attribution | None:
    """Words one speaker reports another said: they are the inner speaker's.

    ``Peskov said Putin had told him: "…"`` gives Putin. A quote that is wholly a quote
    inside a quote (``Peskov said: "'…'"``) with no inner speaker named goes to nobody.
    """
    act = _inner_act(span, ctx)
    if act is not None:
        subject = act.subject
        confidence = C.NESTED_REGISTRY if subject.speaker else C.NESTED_OTHER
        return _from(subject, confidence, act.verb)
    quoted = ctx.text[span.start : span.end].strip()
    closing = _INNER_MARKS.get(quoted[:1])
    if closing and len(quoted) > 2 and quoted.rstrip(".,;:!?…")[-1:] == closing:
        return Attribution(None, "", C.NESTED_NOBODY, "quote inside a quote")
    return None


def _inner_act(span: Span, ctx: Context) -> SpeechAct | None:
    """The second speech verb of a reporting sentence, when it introduces the quote."""
    open_pos = ctx.open_mark_pos(span)
    s_start = ctx.sentence_at(open_pos)[0]
    between = ctx.acts_between(s_start, open_pos)
    if len(between) < 2:
        return None  # most sentences: one speech verb, or none
    acts = [a for a in between if a.subject.is_someone()]
    # "Trump said he believes …": a pronoun after the outer verb is usually the outer
    # speaker again, which the pronoun sieves resolve.
    if len(acts) < 2 or acts[-1].subject.kind == "pronoun":
        return None
    if len(acts) < 2:
        return None
    last = acts[-1]
    if last.subject.surface == acts[0].subject.surface:
        return None
    tail = ctx.masked[last.verb_end : open_pos].strip()
    if not tail.endswith((":", ",")):
        return None  # a fragment inside the sentence, not words the inner verb introduces
    tail = tail[:-1]
    words = tail.split()
    if re.search(r"[.;!?\"“”«»]", tail) or len(words) > _INNER_TAIL_WORDS:
        return None
    if any(w.casefold() not in _INNER_TAIL for w in words):
        return None
    return last


def cue_after_quote(span: Span, ctx: Context) -> Attribution | None:
    """A named speaker with a verb right after the quote: ``"…," Peskov said`` / ``said Peskov``.

    A fragment whose own clause hands it to a speaker right before it (``which Lukashenko
    called "historic," Putin said little``) is that speaker's: the cue after is not its.
    """
    if span.kind == "fragment" and _own_verb_before(span, ctx):
        return None
    return _named_cue(cue_after(span, ctx), C.CUE_AFTER_REGISTRY, C.CUE_AFTER_OTHER)


def _own_verb_before(span: Span, ctx: Context) -> bool:
    open_pos = ctx.open_mark_pos(span)
    acts = ctx.acts_between(ctx.sentence_at(open_pos)[0], open_pos)
    if not acts or not (acts[-1].subject.speaker or acts[-1].subject.kind == "name"):
        return False  # "Nothing the president said "…," the senator said": no name of its own
    return not ctx.masked[acts[-1].verb_end : open_pos].strip()


def cue_before_quote(span: Span, ctx: Context) -> Attribution | None:
    """A named speaker with a verb right before the quote: ``Putin said: "…"``, ``Peskov: "…"``.

    Not when the verb repeats someone else's words named before the quote (``Lukashenko
    recalled Putin's words: "…"``): ``possessive_speech`` gives those to their owner.
    """
    cue = cue_before(span, ctx)
    if (
        cue is not None
        and cue.verb.casefold() in _REPEATING
        and _POSSESSIVE_SPEECH.search(ctx.masked, cue.verb_start, ctx.open_mark_pos(span))
    ):
        return None
    return _named_cue(cue, C.CUE_BEFORE_REGISTRY, C.CUE_BEFORE_OTHER)


# Verbs that hand on another's words: their object's owner speaks, not their subject.
_REPEATING = frozenset(
    "recalled recalls repeated repeats quoted quotes cited cites echoed echoes invoked"
    " invokes paraphrased".split()
)


def _named_cue(cue: Cue | None, registry: float, other: float) -> Attribution | None:
    """The cue's speaker when it is named (a pronoun is ``pronoun_cue``'s to resolve)."""
    if cue is None or cue.subject.kind not in _SPOKEN:
        return None
    return _from(cue.subject, registry if cue.subject.speaker else other, cue.verb, cue.via)


def according_to(span: Span, ctx: Context) -> Attribution | None:
    """A person as the source: ``"…," according to Peskov`` / ``According to Putin, "…"``."""
    text, lex = ctx.masked, ctx.lexicon
    close = ctx.close_mark_pos(span)
    if close is not None:
        lead = re.compile(r"[ \t]*[,;]?[ \t]*").match(text, close + 1)
        at = lead.end() if lead else close + 1
        marker = lex.according_to.match(text, at)
        if marker:
            phrase = _source_phrase(text, marker.end(), ctx.sentence_at(close)[1], lex)
            found = _person(ctx, phrase)
            if found:
                return _source(ctx, found, marker.group())
    open_pos = ctx.open_mark_pos(span)
    s_start = ctx.sentence_at(open_pos)[0]
    # Where text[s_start:open_pos].rstrip().rstrip(",:").rstrip() ends, without the copies.
    end = open_pos
    while end > s_start and text[end - 1].isspace():
        end -= 1
    while end > s_start and text[end - 1] in ",:":
        end -= 1
    while end > s_start and text[end - 1].isspace():
        end -= 1
    for marker in ctx.matches(lex.according_to, s_start, end):
        phrase = _source_phrase(text, marker.end(), end, lex)
        found = _person(ctx, phrase)
        if found and found.end == end:
            return _source(ctx, found, marker.group())
    their = _their_words(text, s_start, end)
    own, group = their if their is not None else (None, 0)
    if (
        own is not None
        and (
            own.end() == end
            # "Tema sõnul jätkab Venemaa "…"", "Podle něj je situace „…“": opening the
            # sentence, with no speech verb or other quote between it and the quote.
            or (
                not text[s_start : own.start()].strip()
                and not ctx.acts_between(own.end(), open_pos)
                and not _quote_between(ctx, span, (own.end(), open_pos))
            )
        )
    ):
        # "По его словам, «…»": the pronoun inside the phrase is the source.
        him = _person(ctx, Phrase(own.start(group), own.end(group), own.group(group)))
        if him is not None:
            return _source(ctx, him, own.group())
    sentence = _according_in_sentence(span, ctx)
    if sentence is not None:
        return sentence
    postposed = next(iter(ctx.matches(lex.according_after, s_start, open_pos)), None)
    if postposed:
        words = tokens(text, s_start, postposed.start())[-4:]
        if words:
            found = _person(
                ctx,
                Phrase(words[0].start(), words[-1].end(), text[words[0].start() : words[-1].end()]),
            )
            if found:
                return _source(ctx, found, postposed.group())
    return None


def _according_in_sentence(span: Span, ctx: Context) -> Attribution | None:
    """``According to Ann Baker, the plan had "no future"`` / ``the plan had "no
    future", according to Ann Baker``: the source of the whole sentence is the quote's,
    when no speech verb or other quote stands between them to claim it for someone else.
    """
    text, lex = ctx.masked, ctx.lexicon
    open_pos = ctx.open_mark_pos(span)
    close = ctx.close_mark_pos(span)
    s_start, s_end = ctx.sentence_at(open_pos)
    for marker in ctx.matches(lex.according_to, s_start, s_end):
        before = marker.end() <= open_pos
        if not before and (close is None or marker.start() < close):
            continue
        phrase = _source_phrase(text, marker.end(), open_pos if before else s_end, lex)
        if before and phrase is not None and text[phrase.end : phrase.end + 1] != ",":
            # No comma closes the source: "Laut Scholz ist die Lage", "According to
            # Baker the plan": the name is the capitalised words up to a lowercase one.
            phrase = _name_before_clause(text, phrase)
        found = _person(ctx, phrase) or _outlet(ctx, phrase)
        if found is None:
            continue
        gap = (found.end, open_pos) if before else (close or span.end, marker.start())
        if before and text[found.end : found.end + 1] != "," and not _verb_follows(text, found.end):
            continue  # the source's clause must close before the sentence goes on
        if ctx.acts_between(*gap) or (
            _quote_between(ctx, span, gap) and not _same_source_between(ctx, span, found, gap)
        ):
            continue
        attribution = _source(ctx, found, marker.group())
        if attribution is None:
            return None
        return replace(attribution, confidence=min(attribution.confidence, C.ACCORDING_SENTENCE))
    return None


# Words after "According to X" that carry the source phrase on ("X and Y", "X of Acme").
_SOURCE_GOES_ON = frozenset(
    "and or of from at in for with und oder sowie von vom der des aus bei im".split()
)


def _name_before_clause(text: str, phrase: Phrase) -> Phrase:
    """``phrase`` cut after the capitalised run it opens with, when a word that does not
    carry the name on follows the run ("Baker the plan" is Baker); else as it is."""
    words = tokens(text, phrase.start, phrase.end)
    run = []
    for tok in words:
        if not tok.group()[:1].isupper():
            break
        run.append(tok)
    if not run or len(run) == len(words) or not _verb_follows(text, run[-1].end()):
        return phrase
    return Phrase(run[0].start(), run[-1].end(), text[run[0].start() : run[-1].end()])


def _verb_follows(text: str, end: int) -> bool:
    """``Laut Scholz ist die Lage …``, ``According to Baker the plan …``: without a comma,
    the source phrase ends where a lowercase word that does not carry it on follows."""
    following = tokens(text, end, min(len(text), end + 40))
    if not following or text[end : following[0].start()].strip():
        return False
    word = following[0].group()
    return word.islower() and word not in _SOURCE_GOES_ON


def _outlet(ctx: Context, phrase: Phrase | None) -> Resolved | None:
    """An outlet as a source ("according to the newspaper"): a mention, no speaker."""
    if phrase is None:
        return None
    if not ctx.lexicon.is_outlet(phrase.text):
        return None
    return Resolved("outlet", None, phrase.text, phrase.start, phrase.end)


# "по его словам", "tema sõnul", "podle něj", "według niego", "ihm zufolge": according to a
# pronoun. One alternation, each alternative holding the pronoun in its one group.
_BY_THEIR_WORDS = re.compile(
    "|".join(
        rf"(?<!\w)(?:{pattern})(?!\w)"
        for pattern in (
            r"(?:[Пп]о|[Зз]а)\s+(его|её|ее|його|її)\s+(?:словам|словами|мнению|думку|данным)",
            r"([Tt]ema|[Tt]a)\s+(?:sõnul|hinnangul)",
            r"[Pp]odle\s+(něj|něho|ní)",
            r"[Pp]odle\s+(jeho|jejích|jejich)\s+slov",
            r"[Ww]edług\s+(niego|niej)",
            r"([Jj]ego|[Jj]ej)\s+zdaniem",
            r"([Ii]hm|[Ii]hr)\s+zufolge",
            r"[Nn]ach\s+(seinen|ihren)\s+Worten",
        )
    )
)


def _their_words(text: str, start: int, end: int) -> tuple[re.Match[str], int] | None:
    """The first "according to him" of ``text[start:end]`` and the group of its pronoun."""
    found = _BY_THEIR_WORDS.search(text, start, end)
    if found is None or found.lastindex is None:
        return None
    return found, found.lastindex


def _same_source_between(ctx: Context, span: Span, source: Resolved, gap: tuple[int, int]) -> bool:
    """Whether every earlier quote in the gap went to the same "according to" source
    (``According to X, it had "a" and "b" results``: both are X's)."""
    index = ctx.index_of(span)
    between = [i for i in range(index) if gap[0] <= ctx.spans[i].start < gap[1]]
    return bool(between) and all(
        ctx.earlier[i].rule == according_to.__name__
        and ctx.earlier[i].mention_start == source.start
        for i in between
    )


def _quote_between(ctx: Context, span: Span, gap: tuple[int, int]) -> bool:
    own = 1 if gap[0] <= span.start < gap[1] else 0
    return ctx.quotes_between(*gap) > own


_WORD_AFTER = re.compile(r"\s*(\w+)")


def _source_phrase(text: str, start: int, end: int, lex: Lexicon) -> Phrase | None:
    """The source after ``according to``: a speaker phrase, or a pronoun ("to him")."""
    word = _WORD_AFTER.match(text, start, end)
    phrase = subject_after(text, start, end, lex)
    if word and word.group(1).casefold() in PRONOUN_GENDERS:
        if phrase is not None and phrase.start == word.start(1) and phrase.end > word.end(1):
            return phrase  # "according to his physician": the physician, not "him"
        return Phrase(word.start(1), word.end(1), word.group(1))
    return phrase


def _source(ctx: Context, found: Resolved, cue: str) -> Attribution | None:
    """``according to Peskov`` names him; ``according to him`` points back to someone."""
    if found.kind == "pronoun":
        return _pronoun(ctx, found, cue)
    return _from(found, C.ACCORDING_TO, cue)


def _person(ctx: Context, phrase: Phrase | None) -> Resolved | None:
    if phrase is None:
        return None
    gender = PRONOUN_GENDERS.get(phrase.text.casefold())
    if gender is not None:  # "according to him", "по его словам"
        return Resolved("pronoun", None, phrase.text, phrase.start, phrase.end, gender or None)
    resolved = ctx.resolve(phrase)
    return (
        resolved
        if resolved.kind in ("name", "role", "other") and not ctx.lexicon.is_outlet(phrase.text)
        else None
    )


def role_cue(span: Span, ctx: Context) -> Attribution | None:
    """A title as the speaker, resolved by the article's date.

    ``"…," said the Kremlin spokesman``; ``"…," the Belarusian leader said``.
    """
    for cue in _cues(span, ctx):
        if cue.subject.kind == "role":
            return _from(cue.subject, C.ROLE_CUE, cue.verb, cue.via)
    return None


def pronoun_cue(span: Span, ctx: Context) -> Attribution | None:
    """A pronoun as the speaker (``"…," he further said``), resolved to the last speaker before."""
    for cue in _cues(span, ctx):
        if cue.subject.kind == "pronoun":
            found = _pronoun(ctx, cue.subject, cue.verb)
            if found is not None:
                return replace(found, via=cue.via)
    return None


def _pronoun(ctx: Context, pronoun: Resolved, cue: str | None) -> Attribution | None:
    """A pronoun or bare title resolved: to the latest speaker near it, else to the most
    salient compatible person the article named before it (headline and lede included)."""
    if pronoun.gender == NOT_A_PERSON:
        # "…," it read / I wrote: the mention, never a person's name behind it.
        return Attribution(
            None, "", C.PRONOUN_UNRESOLVED, cue, pronoun.surface, pronoun.start, pronoun.end
        )
    antecedent = None
    topic = _fronted_topic(ctx, pronoun)
    if cue is not None and " ".join(cue.casefold().split()) in _CONTINUING:
        # "He added": the speaker of the quotes before goes on, even past a sentence about
        # someone else ("Putin has not spoken on it.").
        antecedent = _last_quoted(ctx, pronoun.start, pronoun.gender)
        if antecedent is not None and _same_person(antecedent, topic):
            antecedent = None
    if antecedent is None:
        antecedent = last_speaker(ctx, pronoun.start, pronoun.gender, pronoun.title, topic)
    if antecedent is UNSURE:
        return Attribution(
            None, "", C.PRONOUN_UNRESOLVED, cue, pronoun.surface, pronoun.start, pronoun.end
        )
    if antecedent is not None:
        confidence = C.PRONOUN_REGISTRY if antecedent.speaker else C.PRONOUN_OTHER
        speaker = antecedent.speaker
    else:
        person = ctx.discourse.antecedent(pronoun.start, pronoun.gender, pronoun.title)
        if person is not None and topic is not None and _same_person(person, topic):
            person = None
        if person is None:
            # Linked to "he", who is not known: the mention, and no speaker.
            return Attribution(
                None, "", C.PRONOUN_UNRESOLVED, cue, pronoun.surface, pronoun.start, pronoun.end
            )
        confidence = C.DISCOURSE_REGISTRY if person.speaker else C.DISCOURSE_OTHER
        speaker = person.speaker
    return Attribution(speaker, "", confidence, cue, pronoun.surface, pronoun.start, pronoun.end)


def _fronted_topic(ctx: Context, pronoun: Resolved) -> Resolved | None:
    """``Putin, he said, "will lose this war."``: the name that opens the sentence, set off
    by a comma right before a pronoun's cue, is what the speaker talks about. The pronoun
    cannot mean that name (it would have read "Putin said"); it means someone named before.
    """
    s_start = ctx.sentence_at(pronoun.start)[0]
    for subject in ctx.subjects_between(s_start, pronoun.start):
        if subject.named and ctx.masked[subject.end : pronoun.start].strip() == ",":
            return subject
    return None


def _same_person(found: Resolved | PersonMention, topic: Resolved | None) -> bool:
    if topic is None:
        return False
    if topic.speaker is not None or found.speaker is not None:
        return found.speaker == topic.speaker
    return found.surface == topic.surface or found.start == topic.start


# Cues that continue an utterance: their pronoun is the last quoted speaker.
_CONTINUING = frozenset(
    [
        *"added adds continued continues добавил добавила продолжил продолжила додав додала"
        " dodał dodała dodal dodala lisas jätkas pridūrė piebilda".split(),
        "went on",
        "goes on",
    ]
)


_CONTINUING_PARAGRAPHS = 2


def _last_quoted(ctx: Context, pos: int, gender: str | None) -> Resolved | None:
    """The speaker of the latest quote before ``pos`` in its paragraph or the two before,
    when the registry names them and their gender does not rule the pronoun out."""
    floor = ctx.paragraph_at(pos)[0]
    for _ in range(_CONTINUING_PARAGRAPHS):
        previous = ctx.previous_paragraph(floor)
        if previous is None:
            break
        floor = previous[0]
    for i in range(len(ctx.earlier) - 1, -1, -1):
        span, found = ctx.spans[i], ctx.earlier[i]
        if span.start < floor:
            return None
        if span.start >= pos or found.speaker is None:
            continue
        known = ctx.registry.get(found.speaker).gender
        if gender and known and known != gender:
            return None
        if any(
            a.subject.speaker != found.speaker for a in _named_acts(ctx.acts_between(span.end, pos))
        ):
            return None  # '… Putin said the West was weak. "…," he added': Putin goes on
        return Resolved(
            "name",
            found.speaker,
            found.mention or "",
            found.mention_start or span.start,
            found.mention_end or span.end,
        )
    return None


def continuation(span: Span, ctx: Context) -> Attribution | None:
    """A paragraph of a quote that runs over several: it shares the utterance's cue."""
    for sibling in ctx.siblings(span):
        if sibling.start > span.start and sibling.open_mark != span.open_mark:
            continue  # a quote of another family inside a quoted text has its own speaker
        for sieve in CUE_SIEVES:
            found = sieve(sibling, ctx)
            if found is not None:
                return _inherit(found, C.CONTINUATION_FACTOR)
    return None


def follows_previous_quote(span: Span, ctx: Context) -> Attribution | None:
    """A cue-less quote that goes on from the one before: same speaker.

    Either the next sentence of the same paragraph (``"…," Putin said. "…"``) with nobody
    else named in between, or a paragraph of nothing but quote right after a quoted one.
    """
    index = _previous_speech(ctx, ctx.index_of(span), span.paragraph)
    if index == 0 or span.kind != "full" or ctx.earlier[index - 1].rule in UNLINKED:
        return None
    previous, before = ctx.spans[index - 1], ctx.earlier[index - 1]
    if _closed_by_attribution(span, ctx):
        return None  # '"…" that it works, he said.': the sentence's own cue speaks for it
    if previous.paragraph == span.paragraph:
        if _cue_sentence_only(previous, before, span, ctx):
            return _inherit(before, C.FOLLOWS_SAME_PARAGRAPH)
        between = ctx.masked[previous.end : ctx.open_mark_pos(span)]
        # The previous quote's own speaker phrase ("said Acme president Tom Baker") names
        # nobody else, word by word.
        own = (
            (before.mention_start - previous.end, before.mention_end - previous.end)
            if before.mention_start is not None and before.mention_end is not None
            else (0, 0)
        )
        others = [
            m
            for m in tokens(between, 0, len(between))
            if m.group()[:1].isupper()
            and m.group() != before.mention
            and not own[0] <= m.start() < own[1]
            and m.group() not in ctx.lexicon.not_names
        ]
        if _description_opens_sentence(ctx, previous.end, ctx.open_mark_pos(span)):
            return None
        if not others:
            return _inherit(before, C.FOLLOWS_SAME_PARAGRAPH)
        if _writer_aside_only(ctx, previous, before, span):
            return _inherit(before, C.FOLLOWS_AFTER_ASIDE)
        return None
    p_start, p_end = ctx.paragraph_at(span.start)
    if ctx.masked[p_start:p_end].strip(_QUOTE_ONLY) != "":
        return None  # the paragraph has words of its own besides the quote
    if previous.paragraph != span.paragraph - 1:
        return None
    return _inherit(before, C.FOLLOWS_NEXT_PARAGRAPH)


# Words opening a sentence that may bring in someone new ("The mayor disagreed.", "Another
# delegate was blunter."): after one, a quote is not taken to go on from the one before.
_NEW_PERSON_OPENERS = frozenset(
    "the a an another other others some many one his her their its this that these those"
    " critics officials".split()
)


def _writer_aside_only(ctx: Context, previous: Span, before: Attribution, span: Span) -> bool:
    """Whether the writer's sentences between two quotes of a paragraph bring in nobody new.

    ``"…," Baker said. They lie far from Mason City. "…"``: the words between name places,
    not a speaker; no speech verb, no other sentence subject, no other registry speaker,
    and no sentence that opens on a description ("The mayor disagreed.") that could be one.
    """
    open_pos = ctx.open_mark_pos(span)
    if before.mention_start is None or before.mention is None:
        return False
    end = _rstrip(ctx.masked, previous.end, open_pos)
    if end <= previous.end or ctx.masked[end - 1] not in ".!?":
        return False  # the quote does not open a sentence ("…, put it: "…"", "Adding, "…"")
    surname = before.mention.split()[-1]
    if any(
        a.subject.start != before.mention_start for a in ctx.acts_between(previous.end, open_pos)
    ):
        return False  # another speech verb than the previous quote's own cue
    for subject in ctx.subjects_between(previous.end, open_pos):
        if subject.start != before.mention_start and subject.surface.split()[-1] != surname:
            return False
    names = ctx.registry.find_names(ctx.masked, previous.end, open_pos)
    return all(m.speaker == before.speaker for m in names)


def _description_opens_sentence(ctx: Context, start: int, end: int) -> bool:
    """Whether a sentence of ``[start, end)`` opens on words that may name a new speaker."""
    first = bisect.bisect_left(ctx.sentences, (start, -1))
    for s_start, _ in ctx.sentences[first:]:
        if s_start >= end:
            break
        opening = tokens(ctx.masked, s_start, min(end, s_start + 40))
        if opening and opening[0].group().casefold() in _NEW_PERSON_OPENERS:
            return True
    return False


def _closed_by_attribution(span: Span, ctx: Context) -> bool:
    """Whether the quote's sentence ends on an attribution of its own after the quote."""
    s_end = ctx.sentence_at(ctx.open_mark_pos(span))[1]
    return any(
        a.verb_start > span.end and _closing_attribution(ctx, a)
        for a in ctx.acts_between(span.end, s_end)
    )


def between_own_words(span: Span, ctx: Context) -> Attribution | None:
    """A paragraph of nothing but quote, between a paragraph about someone and that
    person's attributed quote: theirs.

    ``Baker is upbeat. ¶ "We will win." ¶ "Nobody doubts it," Baker notes.``: the writer
    introduces, quotes, and attributes at the end of the run. The paragraph before must
    open on the same person the next quote's cue names, with no quote of its own.
    """
    if span.kind != "full":
        return None
    p_start, p_end = ctx.paragraph_at(span.start)
    if ctx.masked[p_start:p_end].strip(_QUOTE_ONLY) != "":
        return None
    index = ctx.index_of(span)
    if index + 1 >= len(ctx.spans):
        return None
    following = ctx.spans[index + 1]
    if following.paragraph != span.paragraph + 1 or following.utterance == span.utterance:
        return None
    previous = ctx.previous_paragraph(p_start)
    if previous is None or ctx.quotes_between(previous[0], previous[1]):
        return None
    found = next((a for sieve in CUE_SIEVES if (a := sieve(following, ctx)) is not None), None)
    if found is None or found.mention is None or found.mention_start is None:
        return None
    surname = found.mention.split()[-1]
    subjects = ctx.subjects_between(previous[0], previous[1])
    if not subjects or subjects[0].surface.split()[-1] != surname:
        return None
    return _inherit(found, C.BETWEEN_OWN_WORDS)


def _previous_speech(ctx: Context, index: int, paragraph: int) -> int:
    """``index``, stepped back over the writer's terms of the same paragraph: in ``"…,"
    Clinton said on ABC's "This Week." "…"`` the show's name stands between two quotes of
    one speaker."""
    while (
        index > 1
        and ctx.earlier[index - 1].rule == TERM_RULE
        and ctx.spans[index - 1].paragraph == paragraph
    ):
        index -= 1
    return index


def _cue_sentence_only(previous: Span, before: Attribution, span: Span, ctx: Context) -> bool:
    """Whether all between two quotes is the first one's cue sentence.

    ``"…," said Jo Baker, a director of Acme Corp. "…"``: the names in an appositive are
    no new speaker; a sentence of the writer's after the cue would be ("Acme disagreed.").
    """
    if before.mention_start is None:
        return False
    open_pos = ctx.open_mark_pos(span)
    if not previous.end <= before.mention_start < open_pos:
        return False
    s_start, s_end = ctx.sentence_at(before.mention_start)
    if any(ch.isalnum() for ch in ctx.masked[previous.end : s_start]):
        return False  # a sentence of the writer's before the cue's
    # What the splitter cut off an abbreviation at the cue's end ("R-S. | C.") is still it.
    rest = _INITIALS.sub("", ctx.masked[s_end:open_pos])
    return not any(ch.isalnum() for ch in rest)


_INITIALS = re.compile(r"(?<!\w)(?:[A-Z]\.)+(?!\w)")


# Nouns of someone's speech: "Lukashenko's claim that", "Putin's promise to".
_SPEECH_NOUNS = (
    "claims? assertions? promises? pledges? vows? words remarks comments statements? warnings?"
    " threats? calls? demands? insistence boasts? accusations? charges? suggestions?"
    " descriptions? characterizations? characterisations? contentions? arguments? predictions?"
    " declarations? denials? admissions? assurances? complaints?"
).split()
_POSSESSIVE_SPEECH = re.compile(
    r"([A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*){0,3})['’]s?[ \t]+(?:[a-z]+[ \t]+)?"
    rf"(?P<noun>{'|'.join(_SPEECH_NOUNS)})\b(?P<tail>[ \t]+(?:that|to|of|about)\b[^,;:.!?()]*?)?"
    r"[ \t]*(?P<sep>[,:—–])?[ \t]*\Z"
)
# What may stand in the tail before the quote without making it a clause of its own.
_POSSESSIVE_TAIL_TOKENS = 7
_TAIL_VERBS = frozenset("was were is are be been being has have had by as".split())


_POSSESSOR_OPENS = re.compile(
    r"[ \t]*([A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*){0,3})['’]s?[ \t]+"
    rf"(?P<noun>{'|'.join(_SPEECH_NOUNS)})\b"
)


def _possessor_after(span: Span, ctx: Context) -> Attribution | None:
    """``"We will not retreat." Lukashenko's words came after the vote``: a full quote
    ending its sentence, and the next one opening with a noun of speech and its owner."""
    close = ctx.close_mark_pos(span)
    if span.kind != "full" or close is None or ctx.masked[span.end - 1 : span.end] not in ".!?":
        return None
    found = _POSSESSOR_OPENS.match(ctx.masked, close + len(span.close_mark or ""))
    if found is None:
        return None
    owner = ctx.resolve(Phrase(found.start(1), found.end(1), found.group(1)))
    if not owner.named or owner.kind not in ("name", "role", "other"):
        return None
    confidence = C.POSSESSIVE_REGISTRY if owner.speaker else C.POSSESSIVE_OTHER
    return _from(owner, confidence, found.group("noun"))


def possessive_speech(span: Span, ctx: Context) -> Attribution | None:
    """``Zelensky denied Lukashenko's claim that Kyiv "started it"``, ``mocked Putin's
    promise to "denazify" Ukraine``: a noun of speech with its possessor right before the
    quote gives the words to the possessor, not to the sentence's subject."""
    open_pos = ctx.open_mark_pos(span)
    if open_pos < 0:
        return None
    after = _possessor_after(span, ctx)
    if after is not None:
        return after
    s_start = ctx.sentence_at(open_pos)[0]
    floor = max(s_start, open_pos - 160)  # a possessor, a noun and a short "that" clause
    if "'" not in ctx.masked[floor:open_pos] and "’" not in ctx.masked[floor:open_pos]:
        return None
    found = _POSSESSIVE_SPEECH.search(ctx.masked, floor, open_pos)
    if found is None or not (found.group("tail") or found.group("sep")):
        return None  # 'that Ginsburg's comments "show bias"': the noun phrase is its subject
    if found.group("tail"):
        words = tokens(ctx.masked, found.start("tail"), found.end("tail"))
        if len(words) > _POSSESSIVE_TAIL_TOKENS or any(
            w.group().casefold() in _TAIL_VERBS or ctx.lexicon.verbs.fullmatch(w.group())
            for w in words
        ):
            return None
    if ctx.acts_between(found.end(1), open_pos):
        return None  # a speech verb of its own between the noun and the quote
    if not found.group("tail"):
        # "Peskov dismissed Zelensky's claims: "…"" answers them; "Lukashenko recalled
        # Putin's words: "…"" hands them on. Only a verb that repeats gives them the owner.
        verbs = ctx.matches(ctx.lexicon.verbs, s_start, found.start(1))
        if any(v.group().casefold() not in _REPEATING for v in verbs):
            return None
    phrase = Phrase(found.start(1), found.end(1), found.group(1))
    owner = ctx.resolve(phrase)
    if not owner.named or owner.kind not in ("name", "role", "other"):
        return None
    confidence = C.POSSESSIVE_REGISTRY if owner.speaker else C.POSSESSIVE_OTHER
    return _from(owner, confidence, found.group("noun"))


def enclosing_speech(span: Span, ctx: Context) -> Attribution | None:
    """A quote sunk in a sentence of reported speech: ``Lukashenko claimed the forces will "…"``."""
    s_start, s_end = ctx.sentence_at(ctx.open_mark_pos(span))
    acts = [a for a in ctx.acts_between(s_start, s_end) if a.subject.kind != "outlet"]
    before = [a for a in acts if a.verb_start < span.start]
    # An act after the quote speaks for it only in the quote's own clause: '"…" and Ann
    # Baker says' opens another clause, with a speaker of its own.
    # A relative's act after the quote ("… the "right direction", against 24 percent who
    # said otherwise") is its antecedent's, not the quote's.
    after = [
        a
        for a in acts
        if a.verb_start > span.end
        and not _joined_clause(ctx, span, a)
        and not _bare_relative(ctx, a)
        and not _in_aside(ctx, span, a)
    ]
    act = _governing(ctx, before, span.start) if before else (after[0] if after else None)
    absolute = _absolute_participle(span, ctx, s_start, before[-1].verb_end if before else s_start)
    if absolute is not None:
        return absolute
    if act is None:
        return (
            _closing_cue(span, ctx)
            or _participle_speech(span, ctx, s_start, s_end)
            or _labelled_line(span, ctx)
        )
    subject = act.subject
    if subject.kind == "pronoun":
        found = _pronoun(ctx, subject, act.verb)
        if found is None:
            return None
        return replace(found, confidence=min(found.confidence, C.ENCLOSING_PRONOUN))
    return _from(subject, C.ENCLOSING_REGISTRY if subject.speaker else C.ENCLOSING_OTHER, act.verb)


def _in_aside(ctx: Context, span: Span, act: SpeechAct) -> bool:
    """``Putin, dubbed "the tsar" by his critics, said …``, ``Lukashenko, whom critics call
    "…", said``: a quote in the aside a comma opens between a subject and its verb is the
    aside's (another's label, a question put), not words the verb reports."""
    open_pos = ctx.open_mark_pos(span)
    return act.subject.end <= open_pos and "," in ctx.masked[act.subject.end : open_pos]


def after_reported_speech(span: Span, ctx: Context) -> Attribution | None:
    """A quote opening the sentence after one of reported speech is the same speaker's.

    ``Baker says the rules are unfair. "Nobody asked us."``: the writer paraphrases, then
    quotes. Only when the sentence before has one speaker and no quote of its own.
    """
    open_pos = ctx.open_mark_pos(span)
    if span.kind != "full" or open_pos < 0:
        return None
    p_start, p_end = ctx.paragraph_at(span.start)
    end = open_pos
    while end > p_start and ctx.masked[end - 1].isspace():
        end -= 1
    if end <= p_start:
        # A paragraph of nothing but quote after a paragraph of reported speech.
        previous = ctx.previous_paragraph(p_start)
        if previous is None or ctx.masked[p_start:p_end].strip(_QUOTE_ONLY) != "":
            return None
        p_start, end = previous[0], _rstrip(ctx.masked, previous[0], previous[1])
    if end <= p_start or ctx.masked[end - 1] not in ".!?:":
        return None  # the quote does not open a sentence of its own
    s_start = ctx.sentence_at(end - 1)[0]
    if s_start < p_start:
        return None
    index = ctx.index_of(span)
    if index > 0 and ctx.spans[index - 1].end > s_start:
        return None  # a quote in that sentence: the rules for quotes in a row decide
    acts = _named_or_pronoun(ctx.acts_between(s_start, end))
    if not acts or len({(a.subject.surface, a.subject.start) for a in acts}) > 1:
        return None
    subject = acts[0].subject
    if subject.kind == "pronoun":
        found = _pronoun(ctx, subject, acts[0].verb)
        if found is None:
            return None
        return replace(found, confidence=min(found.confidence, C.AFTER_REPORTED_PRONOUN))
    confidence = C.AFTER_REPORTED_REGISTRY if subject.speaker else C.AFTER_REPORTED_OTHER
    return _from(subject, confidence, acts[0].verb)


# What a paragraph made of a quote alone holds once its words are masked.
_QUOTE_ONLY = " \"“”«»„'‘’x\t.,"


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def colon_introduction(span: Span, ctx: Context) -> Attribution | None:
    """A full quote after a colon ending a sentence whose subject is a person.

    ``In an interview, Ann Baker went even further: "It is the end."``: no speech verb,
    but the colon hands the sentence's subject the words.
    """
    open_pos = ctx.open_mark_pos(span)
    if span.kind != "full" or open_pos < 0:
        return None
    end = _rstrip(ctx.masked, 0, open_pos)
    if end == 0 or ctx.masked[end - 1] != ":":
        return None
    s_start = ctx.sentence_at(end - 1)[0]
    index = ctx.index_of(span)
    if index > 0 and ctx.spans[index - 1].end > s_start:
        return None  # another quote in the sentence: its rules decide
    source = _from_source(ctx, s_start, end - 1)
    if source is not None:
        return _from(source, C.COLON_OTHER if source.speaker is None else C.COLON_REGISTRY, ":")
    if _ADDRESSED.search(ctx.masked, s_start, end):
        return None  # "Putin was asked: …": the subject is spoken to, not speaking
    last = last_tokens(ctx.masked, s_start, end - 1, 1)
    if (
        last
        and ctx.lexicon.verbs.fullmatch(last[-1].group())
        and coordinated(ctx.masked, last[-1].start(), s_start, ctx.lexicon)
    ):
        return None  # "…, the mayor stayed, and added:": the verb's rules found no subject
    quoting = _QUOTING.search(ctx.masked, s_start, end)
    if quoting is not None:
        # "Putin quoted Tolstoy: …", "Frank quotes Carter adviser Ann Kahn:": the words are
        # the quoted person's when the verb's object names one, else nobody's.
        return _quoted_object(ctx, quoting.end(), end - 1)
    sender = _FROM_NAME.search(ctx.masked, s_start, end - 1)
    found = _quoted_object(ctx, sender.end(), end - 1) if sender is not None else None
    if (
        found is not None
        and sender is not None
        and _JOINT_WORDS.search(ctx.masked, sender.end(), end)
    ):
        return None  # "a statement from Putin and Lukashenko:": nobody's alone
    if found is not None and (
        found.speaker is not None
        or (found.mention is not None and known_surname(ctx, found.mention.split()[-1]))
    ):
        # "Putin heard from Shoigu:", "Peskov read a letter from Lukashenko:": the words
        # come from the person named, not from the sentence's subject ("Putin flew in
        # from Sochi:" names a place, and the subject keeps the words).
        return found
    subjects = ctx.subjects_between(s_start, end)
    if subjects:
        subject = subjects[0]
        if not (subject.speaker or " " in subject.surface or known_surname(ctx, subject.surface)):
            return None  # "Likewise,", "Wait,", "in Aspen, Colo.,": no person
        if _JOINT.match(ctx.masked, subject.end, end):
            return None  # "Putin and Lukashenko: …": a joint voice is nobody's alone
        confidence = C.COLON_REGISTRY if subject.speaker else C.COLON_OTHER
        return _from(subject, confidence, ":")
    pronoun = _opening_pronoun(ctx, s_start, end)
    if pronoun is None:
        return None
    found = _pronoun(ctx, pronoun, ":")
    if found is None:
        return None
    return replace(found, confidence=min(found.confidence, C.COLON_PRONOUN))


# A passive verb of speaking to someone: its subject hears the words after the colon.
_ADDRESSED = re.compile(
    r"\b(?:was|were|is|are|been|being|be|got|gets|get)\s+(?:\w+ly\s+)?"
    r"(?:asked|told|questioned|pressed|challenged|reminded|warned|informed|urged)\b"
    r"|\b(?:wurde|wurden|wird|werden)\s+(?:\w+\s+)?(?:gefragt|gebeten|aufgefordert)\b"
)


MAX_PHRASE_WORDS = 6
_QUOTING = re.compile(r"\b(?:quoted|quoting|quotes|cited|citing|cites|recited|reciting)\b")


def _quoted_object(ctx: Context, start: int, end: int) -> Attribution | None:
    words = tokens(ctx.masked, start, end)
    if not words or ctx.masked[words[-1].end() : end].strip():
        return None
    stop = next(
        (i for i, w in enumerate(words) if i and w.group() in ctx.lexicon.phrase_stops), None
    )
    words = words[:stop]  # "Leonardo da Vinci in Italian": the name before its preposition
    if len(words) > MAX_PHRASE_WORDS:
        return None
    phrase = Phrase(
        words[0].start(), words[-1].end(), ctx.masked[words[0].start() : words[-1].end()]
    )
    found = ctx.resolve(phrase)
    if not found.named or found.kind not in ("name", "role", "other"):
        return None
    return _from(found, C.COLON_REGISTRY if found.speaker else C.COLON_OTHER, ":")


_JOINT_WORDS = re.compile(r"(?<!\w)(?:and|und|и|і|a|i|ja)(?!\w)")
# A word that hands on someone's words, "from" and a capitalised name closing the words
# before a colon: "heard from Shoigu:", "a statement from Putin:". Not "a call from Putin
# on Monday:", which does not say whose the words after it are.
_FROM_NAME = re.compile(
    r"(?<!\w)(?:heard|hears|statement|message|letter|words|note|telegram|greetings?|reply"
    r"|response|answer|Botschaft|Brief|Nachricht|Worte|послание|письмо|слова)"
    r"[ \t]+(?:from|von|от)[ \t]+(?=[A-ZА-ЯЁ][^:]{0,60}$)"
)


# The label opens its sentence: "He flew in from Moscow:" names no source.
_FROM_SOURCE = re.compile(
    r"(?:(?:More|Excerpts?|Highlights?|Read\s+more)\s+)?(?:[Ff]rom|FROM)\s+(\S.{0,80})"
)


def _from_source(ctx: Context, s_start: int, colon: int) -> Resolved | None:
    """``More from Jones: "…"``, ``From the report: "…"``: what the words come from, named
    right before the colon, is their source."""
    opening = _opening_word_at(ctx, s_start, colon)
    found = _FROM_SOURCE.fullmatch(ctx.masked, opening, colon) if opening >= 0 else None
    if found is None:
        return None
    phrase = Phrase(found.start(1), colon, ctx.masked[found.start(1) : colon])
    resolved = ctx.resolve(phrase)
    if resolved.kind == "invalid" or resolved.kind == "pronoun":
        return None
    return resolved if resolved.named or resolved.kind in ("other", "outlet") else None


def _opening_word_at(ctx: Context, s_start: int, end: int) -> int:
    """Where the sentence's first word stands, past a headline dash ("POLLS - More from")."""
    dash = max(ctx.masked.rfind(" - ", s_start, end), ctx.masked.rfind(" — ", s_start, end))
    first = tokens(ctx.masked, dash + 3 if dash >= 0 else s_start, end)
    return first[0].start() if first else -1


_JOINT = re.compile(r"\s+(?:and|und|и|і|i|a|ja|ir|un|et|&)\s+\w", re.IGNORECASE)


def _named_or_pronoun(acts: tuple[SpeechAct, ...]) -> list[SpeechAct]:
    return [a for a in acts if a.subject.kind in ("name", "role", "other", "pronoun")]


_OPENING_MARKS = " \t\"“„«‘‚'"


def _bare_relative(ctx: Context, act: SpeechAct) -> bool:
    """``24 percent who said``: a relative with no comma before it, restricting its noun."""
    if act.subject.surface.casefold() not in _SUBJECT_RELATIVES:
        return False
    return ctx.masked[max(0, act.subject.start - 2) : act.subject.start].strip() != ","


def _governing(ctx: Context, before: list[SpeechAct], quote_start: int) -> SpeechAct:
    """The act whose clause holds a quote after them: the sentence's first, unless a later
    one opens a clause of its own ("X accuses Y of "…" and Ann Baker says "…"") or a
    relative clause with a speaker of its own holds the quote ("X faulted the plan, which
    an inquiry said was "careless""; "whom he called" is the subject's own voice again)."""
    act = before[0]
    for later in before[1:]:
        if _opening_subordinate(ctx, act, later):
            act = later
            continue
        words = last_tokens(ctx.masked, act.verb_end, later.subject.start, 1)
        if not words:
            continue
        word = words[-1].group().casefold()
        # (the comma that introduces the quote, '… who asked, "…"', closes nothing)
        gap = ctx.masked[later.verb_end : quote_start].rstrip(_OPENING_MARKS).rstrip(" \t,:")
        own_clause = "," not in gap
        if (
            word in _NEW_CLAUSE
            or (word in _SUBORDINATE and own_clause)
            or (word in _OBJECT_RELATIVES and later.subject.kind != "pronoun" and own_clause)
            # "Lukashenko thanked Putin, who called him "a friend"": the relative's own act
            or (later.subject.surface.casefold() in _SUBJECT_RELATIVES and own_clause)
        ):
            act = later
    return act


def _opening_subordinate(ctx: Context, act: SpeechAct, later: SpeechAct) -> bool:
    """``Although Putin criticised the plan, Peskov said it was "…"``: the first act sits
    in a subordinate clause opening the sentence, closed by a comma; the main clause's
    act after that comma governs what follows."""
    s_start = ctx.sentence_at(act.verb_start)[0]
    first = next(iter_tokens(ctx.masked, s_start, act.subject.end), None)
    if first is None or first.group().casefold() not in _OPENING_SUBORDINATE:
        return False
    comma = ctx.masked.find(",", act.verb_end, later.subject.start)
    return comma >= 0 and later.subject.start > comma


_OPENING_SUBORDINATE = frozenset(
    "although though while whereas when after before because since if as once".split()
)


def _joined_clause(ctx: Context, span: Span, act: SpeechAct) -> bool:
    """Whether a conjunction stands between the quote and a later act's subject, one that
    opens a clause of its own: not the attribution closing the sentence (``…"conversant"
    and more willing to act, Ban said.``), which speaks for all of it."""
    start = ctx.close_mark_pos(span) or span.end
    between = tokens(ctx.masked, start, act.subject.start)
    if not any(t.group().casefold() in _NEW_CLAUSE for t in between):
        return False
    return not _closing_attribution(ctx, act)


# How many words may follow a sentence's closing attribution ("Ban said in an interview").
_CLOSING_TAIL_WORDS = 5


def _closing_attribution(ctx: Context, act: SpeechAct) -> bool:
    """``…, Ban said.``: a comma, the subject and its verb, then at most a short tail."""
    text = ctx.masked
    before = act.subject.start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    if before == 0 or text[before - 1] != ",":
        return False
    s_end = ctx.sentence_at(act.verb_start)[1]
    tail = tokens(text, act.verb_end, s_end)
    return len(tail) <= _CLOSING_TAIL_WORDS and not any(
        t.group().casefold() in ctx.lexicon.clause_words for t in tail
    )


# "…, which an inquiry said was "careless"": a relative clause with a speaker of its own.
_OBJECT_RELATIVES = frozenset({"which", "whom", "what"})
# "X issued a statement after Y told a town hall that … "…"": a subordinate clause with a
# speaker of its own.
_SUBORDINATE = frozenset("after before when because since although though until once".split())
_SUBJECT_RELATIVES = frozenset({"who", "который", "которая", "der", "die"})
_NEW_CLAUSE = frozenset({"and", "but", "while", "whereas", "и", "но", "а", "und", "aber"})


def _labelled_line(span: Span, ctx: Context) -> Attribution | None:
    cue = opening_label(span, ctx)
    if cue is None:
        return None
    confidence = C.ENCLOSING_REGISTRY if cue.subject.speaker else C.ENCLOSING_OTHER
    return _from(cue.subject, confidence, cue.verb, cue.via)


def _closing_cue(span: Span, ctx: Context) -> Attribution | None:
    """``It signals "the end" for the EU, said Ann Baker.``: an inverted cue closing the
    sentence speaks for the quote inside it."""
    cue = closing_cue(span, ctx)
    if cue is None:
        return None
    confidence = C.ENCLOSING_REGISTRY if cue.subject.speaker else C.ENCLOSING_OTHER
    return _from(cue.subject, confidence, cue.verb)


def _participle_speech(span: Span, ctx: Context, s_start: int, s_end: int) -> Attribution | None:
    """``Zakharova went further, calling the comments "a provocation"``: the subject speaks."""
    open_pos = ctx.open_mark_pos(span)
    participle = next(iter(ctx.matches(ctx.lexicon.participles, s_start, open_pos)), None)
    if participle is None:
        participle = _participle_after(span, ctx, s_end)
        if participle is None:
            return None
        participle_start = open_pos  # the subject stands before the quote
    else:
        participle_start = participle.start()
    own = _participle_subject(ctx, participle.start(), s_start)
    if own is not None:
        # "…, Ryan saying he was "encouraged" and Trump calling it …": its own subject
        confidence = C.PARTICIPLE_REGISTRY if own.speaker else C.PARTICIPLE_OTHER
        return _from(own, confidence, participle.group())
    subjects = ctx.subjects_between(s_start, participle_start)
    if not subjects:
        pronoun = _opening_pronoun(ctx, s_start, participle_start)
        if pronoun is None:
            # "The former minister …, saying": a bare title points back as a pronoun does.
            pronoun = _opening_description(ctx, s_start, participle_start)
            if pronoun is None:
                return None
            if pronoun.kind != "pronoun":
                return _from(pronoun, C.PARTICIPLE_OTHER, participle.group())
        found = _pronoun(ctx, pronoun, participle.group())
        if found is None:
            return None
        return replace(found, confidence=min(found.confidence, C.PARTICIPLE_PRONOUN))
    confidence = C.PARTICIPLE_REGISTRY if subjects[0].speaker else C.PARTICIPLE_OTHER
    return _from(subjects[0], confidence, participle.group())


def _absolute_participle(span: Span, ctx: Context, s_start: int, floor: int) -> Attribution | None:
    """``Both issued a statement – Ryan saying he was "encouraged"``, ``…, with Ryan
    telling reporters it was "over"``: a participle after the sentence's last speech verb,
    with a name of its own before it, speaks for the quote."""
    open_pos = ctx.open_mark_pos(span)
    between = ctx.masked[floor:open_pos]
    if not any(opener in between for opener in ("–", "—", ";", " and ", "with ", "With ")):
        return None  # no dash, semicolon, "and" or "with" that could open an absolute clause
    participle = None
    for found in ctx.matches(ctx.lexicon.participles, floor, open_pos):
        participle = found
    if participle is None:
        return None
    own = _participle_subject(ctx, participle.start(), s_start)
    if own is None:
        return None
    confidence = C.PARTICIPLE_REGISTRY if own.speaker else C.PARTICIPLE_OTHER
    return _from(own, confidence, participle.group())


def _participle_subject(ctx: Context, start: int, s_start: int) -> Resolved | None:
    """The name right before a participle, when a dash, a semicolon, "and" or "with"
    precedes it ("– Ryan saying …", "with Trump calling …"): an absolute clause with its
    own subject."""
    run: list[re.Match[str]] = []
    cursor = start
    for tok in reversed(last_tokens(ctx.masked, s_start, start, 4)):
        if (
            not tok.group()[:1].isupper()
            or ctx.masked[tok.end() : cursor].strip()
            or tok.group() == "With"  # "With Peskov saying …" opening the sentence
        ):
            break
        run.insert(0, tok)
        cursor = tok.start()
    if not run or run[0].start() <= s_start:
        return None
    before = " " + ctx.masked[max(s_start, run[0].start() - 6) : run[0].start()].rstrip()
    if not before.endswith(("–", "—", ";", " and", " with", " With")):
        return None
    phrase = Phrase(run[0].start(), run[-1].end(), ctx.masked[run[0].start() : run[-1].end()])
    found = ctx.resolve(phrase)
    return found if found.named and found.kind in ("name", "role", "other") else None


def _participle_after(span: Span, ctx: Context, s_end: int) -> re.Match[str] | None:
    """``Baker defended "city values," saying …``: a participle set off by a comma after
    the quote speaks with the voice of the subject before it."""
    close = ctx.close_mark_pos(span)
    after = span.end if close is None else close + len(span.close_mark or "")
    participle = next(iter(ctx.matches(ctx.lexicon.participles, after, s_end)), None)
    if participle is None:
        return None
    gap = ctx.masked[after : participle.start()]
    if gap.strip(" ,") and not gap.rstrip().endswith(","):
        return None
    if ctx.quotes_between(after, participle.start()):
        return None  # another quote in between has its own rules
    return participle


# How many words a description opening a sentence may hold ("The retired neurosurgeon"),
# and how long an opening phrase before it may be ("In three interviews, the justice").
_DESCRIPTION_WORDS = 5
_OPENING_PHRASE_CHARS = 60
_DESCRIPTION_DETERMINERS = frozenset({"the", "a", "an"})
# (English words: the determiners above open no description in the other lexicons.)
_AUXILIARY_AFTER = frozenset(
    """
    has have had is are was were will would can could may might must should did does
    began begins took gave made went came left spoke sent brought held kept met ran saw
    stood struck won lost put set led paid found thought
    """.split()
)


def _opening_description(ctx: Context, s_start: int, end: int) -> Resolved | None:
    """``The retired surgeon has given no details, saying …``: a description that opens the
    sentence, up to a verb (an auxiliary, a past form, an adverb of the list) or an
    appositive's comma, is the subject a participle speaks for."""
    words = tokens(ctx.masked, s_start, end)[: _DESCRIPTION_WORDS + 2]
    if words and words[0].group().casefold() not in _DESCRIPTION_DETERMINERS:
        # "In three interviews, the justice sounded off …": past an opening phrase.
        comma = ctx.masked.find(",", s_start, min(end, s_start + _OPENING_PHRASE_CHARS))
        words = tokens(ctx.masked, comma + 1, end)[: _DESCRIPTION_WORDS + 2] if comma >= 0 else []
    if len(words) < 3 or words[0].group().casefold() not in _DESCRIPTION_DETERMINERS:
        return None
    lex = ctx.lexicon
    for i in range(2, min(len(words), _DESCRIPTION_WORDS + 2)):
        word = words[i].group()
        head = words[i - 1]
        if ctx.masked[head.end() : words[i].start()].strip() not in ("", ","):
            return None  # a mark or a quote inside the phrase
        verb = (
            word in _AUXILIARY_AFTER
            or word in lex.between
            or (word.islower() and word.endswith("ed"))
            or bool(lex.verbs.fullmatch(word))
            or ctx.masked[head.end() : words[i].start()].strip() == ","
        )
        if not verb:
            continue
        if head.group().casefold() in lex.not_speakers or head.group().endswith("ly"):
            return None
        phrase = Phrase(words[0].start(), head.end(), ctx.masked[words[0].start() : head.end()])
        resolved = ctx.resolve(phrase)
        return None if resolved.kind == "invalid" else resolved
    return None


_CONTRACTED = re.compile(r"['’](?:s|d|ll|re|ve)\Z", re.IGNORECASE)
_OPENING_WORDS = 3  # how far into a sentence ("However, he", "But then she") a subject may stand


def _opening_pronoun(ctx: Context, s_start: int, end: int) -> Resolved | None:
    """``However, he held his fire, calling him "a nice guy"``: a pronoun opening the
    sentence (after an opener or two) is the subject a participle speaks for."""
    words = tokens(ctx.masked, s_start, end)[:_OPENING_WORDS]
    first = _CONTRACTED.sub("", words[0].group()).casefold() if words else ""
    if words and not is_opener(words[0].group()) and first not in ctx.lexicon.pronouns:
        # "At the time, she released a statement saying": past an opening phrase.
        comma = ctx.masked.find(",", s_start, min(end, s_start + _OPENING_PHRASE_CHARS))
        words = tokens(ctx.masked, comma + 1, end)[:_OPENING_WORDS] if comma >= 0 else []
    for tok in words:
        # "He's predicting …": the pronoun with its auxiliary clipped on.
        word = _CONTRACTED.sub("", tok.group()).casefold()
        gender = ctx.lexicon.pronouns.get(word)
        if gender is not None:
            stop = tok.start() + len(word)
            return Resolved(
                "pronoun", None, ctx.masked[tok.start() : stop], tok.start(), stop, gender or None
            )
        if not is_opener(tok.group()):
            return None
    return None


def nearest_mention(span: Span, ctx: Context) -> Attribution | None:
    """Last resort (low confidence): the registry speaker named nearest the quote."""
    p_start, p_end = ctx.paragraph_at(span.start)
    # Once per paragraph: a paragraph of thousands of quotes must not be read for each.
    key = (nearest_mention, p_start)
    if key not in ctx.memo:
        ctx.memo[key] = [
            m
            for m in (
                *ctx.registry.find_names(ctx.masked, p_start, p_end),
                *ctx.registry.find_roles(ctx.masked, ctx.day, p_start, p_end),
            )
            if not m.possessive
        ]
    mentions = ctx.memo[key]
    if not mentions:
        return None

    def distance(m: object) -> int:
        start, end = m.start, m.end  # type: ignore[attr-defined]
        return min(abs(span.start - end), abs(start - span.end))

    best = min(mentions, key=distance)
    return Attribution(
        best.speaker, "", C.NEAREST_MENTION, None, best.surface, best.start, best.end
    )


def _inherit(found: Attribution, factor: float) -> Attribution:
    return Attribution(
        speaker=found.speaker,
        rule="",
        confidence=round(found.confidence * factor, 3),
        cue=found.cue,
        mention=found.mention,
        mention_start=found.mention_start,
        mention_end=found.mention_end,
        via=found.via,
    )


# How far back (characters) a pronoun looks for whom it means: several paragraphs of news.
ANTECEDENT_REACH = 6000


# What ``last_speaker`` answers when the nearest candidate may or may not be a person: the
# pronoun stays unresolved rather than reaching past it.
UNSURE = Resolved("invalid", None, "", -1, -1)


def last_speaker(
    ctx: Context,
    pos: int,
    gender: str | None,
    title: str | None = None,
    not_person: Resolved | None = None,
) -> Resolved | None:
    """Who a pronoun at ``pos`` points back to: the latest speaker named before it
    (``UNSURE`` when a one-word name that may be a person's stands nearer), never
    ``not_person`` (a topic the pronoun cannot mean).

    Candidates are the speakers of earlier quotes and the subjects of the writer's own speech
    verbs ("Lukashenko also said ..."); "she" skips speakers the registry knows as male.
    """
    floor = pos - ANTECEDENT_REACH
    # (where, who, whether only a sentence's opening words say it is a person)
    candidates: list[tuple[int, Resolved, bool]] = []
    for i in range(len(ctx.earlier) - 1, -1, -1):
        earlier_span, found = ctx.spans[i], ctx.earlier[i]
        if earlier_span.end < floor:
            break
        if (
            found.rule != "none"
            and found.mention is not None
            and earlier_span.start < pos
            and ctx.lexicon.pronouns.get(found.mention.casefold()) != NOT_A_PERSON
        ):
            resolved = Resolved(
                "name" if found.speaker else "other",
                found.speaker,
                found.mention,
                found.mention_start or earlier_span.start,
                found.mention_end or earlier_span.end,
            )
            candidates.append((max(earlier_span.end, found.mention_end or 0), resolved, False))
    candidates += [
        (a.verb_start, a.subject, False) for a in _named_acts(ctx.acts_between(floor, pos))
    ]
    candidates += [(s.start, s, True) for s in ctx.subjects_between(floor, pos) if s.end < pos]
    candidates.sort(key=lambda c: c[0])
    for _, resolved, opening in reversed(candidates):
        if resolved.kind == "pronoun" or _same_person(resolved, not_person):
            continue
        if opening and not _may_be_person(ctx, resolved):
            if _could_be_surname(ctx, resolved):
                # "Zelensky rejected it. "…," he said.": maybe the person "he" means; the
                # registry speaker named before him is no safer a guess than nobody.
                return UNSURE
            continue
        if gender and resolved.speaker:
            known = ctx.registry.get(resolved.speaker).gender
            if known and known != gender:
                continue
        if title and resolved.speaker:
            roles = ctx.registry.get(resolved.speaker).roles_on(ctx.day)
            if not any(title in role.title.casefold() for role in roles):
                continue
        if title and not resolved.speaker and not _titled(ctx, resolved, title):
            continue  # "the minister" is not whoever spoke last, only a minister
        return resolved
    return None


def resolve_speaker(found: Attribution, ctx: Context) -> Attribution:
    """Mention -> speaker, the step after a sieve linked a quote to a mention.

    The phrase resolver already named the registry speaker of an unambiguous mention; a
    form two registry people share ("Kim") is resolved here from the article (the one of
    them it has named so far), or left with no speaker.
    """
    if (
        found.speaker is not None
        or found.mention_start is None
        or found.mention_end is None
        or not ctx.registry.shared_forms
    ):
        return found
    shared = ctx.registry.find_ambiguous(ctx.masked, found.mention_start, found.mention_end)
    if not shared:
        return found
    owner = ctx.discourse.only_one_named(shared[-1].owners, found.mention_start)
    return found if owner is None else replace(found, speaker=owner)


def _could_be_surname(ctx: Context, subject: Resolved) -> bool:
    """One capitalised word that is not plainly a group ("Officials", "Democrats"), an
    acronym ("NATO") or a word the lexicon knows is no name ("Moscow", "Monday")."""
    word = subject.surface.strip()
    return (
        " " not in word
        and word[:1].isupper()
        and word[1:].islower()
        and not word.endswith("s")
        and word not in ctx.lexicon.not_names
    )


def _may_be_person(ctx: Context, subject: Resolved) -> bool:
    """Whether a sentence's opening words can be the person a pronoun means.

    A registry name, a title or a name of several words can; one capitalised word
    ("Journalists", "Officials") only when the article also writes it as a person's name:
    after a first name or honorific ("Emmanuel Macron", "Mr. Smith") or before an
    appositive ("Smith, a lawyer").
    """
    if subject.speaker or subject.kind != "other" or " " in subject.surface.strip():
        return True
    surname = re.sub(r"['’]s?$", "", subject.surface.strip())
    key = (_may_be_person, surname)
    if key not in ctx.memo:
        ctx.memo[key] = _written_as_name(ctx.masked, surname)
    return bool(ctx.memo[key])


_NAME_BEFORE = re.compile(r"(?<!\w)([^\W\d_][\w'’-]*)\.?\s$")
_APPOSITIVE_AFTER = re.compile(r",\s+(?:a|an|the)\s")


def _written_as_name(text: str, surname: str) -> bool:
    for m in re.finditer(rf"(?<!\w){re.escape(surname)}(?!\w)", text):
        before = _NAME_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if before and before.group(1)[:1].isupper() and not is_opener(before.group(1)):
            return True
        if _APPOSITIVE_AFTER.match(text, m.end()):
            return True
    return False


def _titled(ctx: Context, resolved: Resolved, title: str) -> bool:
    """Whether someone outside the registry is given ``title`` where the article names them."""
    if title in resolved.surface.casefold():
        return True
    surname = re.sub(r"['’]s?$", "", resolved.surface.split()[-1]) if resolved.surface else ""
    return ctx.discourse.compatible("~" + surname, None, title) and bool(
        ctx.discourse.titles_of("~" + surname)
    )


def _named_acts(acts: tuple[SpeechAct, ...]) -> list[SpeechAct]:
    return [a for a in acts if a.subject.kind in ("name", "role", "other")]


CUE_SIEVES: tuple[Sieve, ...] = (
    quoted_as_saying,
    cue_after_quote,
    cue_before_quote,
    according_to,
    role_cue,
)

SIEVES: tuple[Sieve, ...] = (
    nested_speech,
    *CUE_SIEVES,
    pronoun_cue,
    continuation,
    follows_previous_quote,
    possessive_speech,
    enclosing_speech,
    after_reported_speech,
    colon_introduction,
    between_own_words,
)

# Guesses with no speech link between quote and person: tried only when no sieve fired, and
# their answer is stored as the quote's ``candidate``, never as its speaker.
SUGGESTIONS: tuple[Sieve, ...] = (nearest_mention,)

# Rules that link a quote to a speaker with no speech verb of its own, by position alone
# (the quote before it, the nearest name), and no rule at all. An audit checks these first.
FALLBACK_RULES: frozenset[str] = frozenset(
    {follows_previous_quote.__name__, nearest_mention.__name__, "none"}
)
