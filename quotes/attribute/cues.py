"""Finding the cue next to a quote: the speech verb and its speaker phrase, on either side."""

from __future__ import annotations

import bisect
import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Literal, cast

from quotes.attribute.context import PASSIVE_AGENT, Context
from quotes.attribute.layouts import dash_line, dash_name, label
from quotes.attribute.lexicon import Lexicon
from quotes.attribute.phrases import (
    HONORIFICS,
    Phrase,
    Resolved,
    coordinated,
    is_masked,
    is_oblique,
    iter_tokens,
    oblique_forms,
    subject_after,
    subject_before,
    tokens,
)
from quotes.types import Span

# What may stand between a closing mark and its cue: a comma, a dash ("», — заявил Песков").
_AFTER_LEAD = re.compile(r"[ \t]*[,;]?[ \t]*(?:(?:[—–]|--?)[ \t]*)?")
# A parenthesis between a speaker and their verb: "Lukashenko, according to Belta, said".
# (A party-and-state tag is an aside with full stops of its own: ", R-Ky.,", ", D-N.Y.,".)
# An aside between a subject and its verb: set off by commas, or by dashes ("Peskov — the
# Kremlin spokesman — said"); group 1 or 2 holds its words.
_ASIDE = re.compile(
    r"(?:,\s*((?:[RDI]-[A-Z][A-Za-z.]{0,6})|[^,.;:!?]{1,120}?),"
    r"|\s*[—–]\s*([^—–.;:!?]{1,120}?)\s*[—–])\s*"
)
_ASIDE_BEFORE = re.compile(r",\s*([^,.;:!?]{1,80}?),\s*(?:\w+\s+){0,2}$")
MAX_TAIL_TOKENS = 8
# A tail holding one of these is a clause of its own ("claimed the troops will ..."), not a cue.
_TAIL_CLAUSE = frozenset({"will", "would", "has", "have", "had", "can", "could", "shall"})
MAX_SUBJECT_GAP = 12
# Clause words that may end a verb's tail right before the quote: "said that "…"" and the
# object of a naming verb, "called it "a farce"", "dubbed them "traitors"".
_LAST_IN_TAIL = frozenset({"that", "что", "dass", "it", "them", "him", "her", "this", "us"})


@dataclass(frozen=True, slots=True)
class Cue:
    verb: str
    verb_start: int
    subject: Resolved
    side: Literal["after", "before"]
    via: str | None = None


def _per_span(
    reader: Callable[[Span, Context], Cue | None], span: Span, ctx: Context
) -> Cue | None:
    """``reader(span, ctx)``, read once per span: several sieves ask for the same cue."""
    # Keyed by offsets, read once: hashing a span's every field three times a call showed
    # in the profile, and no two spans of an article share their offsets.
    key = (reader, span.start, span.end)
    found = ctx.memo.get(key, _UNREAD)
    if found is _UNREAD:
        found = ctx.memo[key] = reader(span, ctx)
    return cast(Cue | None, found)


_UNREAD = object()


def cue_after(span: Span, ctx: Context) -> Cue | None:
    """The cue right after a quote's closing mark: ``"…," Peskov said`` or ``"…," said Peskov``."""
    return _per_span(_cue_after, span, ctx)


_DASHES = "-–—"


_APPOSITIVE_NAME = re.compile(
    r",[ \t]+([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){1,3})(?=[ \t]*[,.;]|\Z)"
)


_INITIAL_END = re.compile(r"(?:\b[A-Z]|Jr|Sr)\.\Z")


def _named_after_title(ctx: Context, end: int, s_end: int) -> Resolved | None:
    """``said the head of the Kremlin, Vladimir Putin,``: the name set off after a bare
    title is who it means."""
    found = _APPOSITIVE_NAME.match(ctx.masked, end, s_end)
    if found is None:
        return None
    name = found.group(1)
    if name.endswith(".") and not _INITIAL_END.search(name):
        name = name[:-1]  # the sentence's full stop, not a "Jr." or an initial
    named = ctx.resolve(Phrase(found.start(1), found.start(1) + len(name), name))
    return named if named.named and named.kind in ("name", "role", "other") else None


def _dashed_aside(ctx: Context, span: Span, close: int) -> bool:
    """``O'Malley lamented her gaffes – "why?" – Democrats said …``: a quote between two
    dashes is an aside of the clause before it; what follows the second dash is no cue."""
    after = ctx.masked[close + len(span.close_mark or "") : close + 4]
    dash_after = after.lstrip()[:1]
    if dash_after == "" or dash_after not in _DASHES or not after.startswith(" "):
        return False  # most quotes have no dash after them: skip the look back
    opened = ctx.open_mark_pos(span)
    before = ctx.masked[max(0, opened - 3) : opened]
    dash_before = before.rstrip()[-1:]
    return dash_before != "" and dash_before in _DASHES and before.endswith(" ")


def _cue_after(span: Span, ctx: Context) -> Cue | None:
    close = ctx.close_mark_pos(span)
    if close is None:
        return None
    s_end = ctx.sentence_at(close)[1]
    text, lex = ctx.masked, ctx.lexicon
    if _dashed_aside(ctx, span, close):
        return None
    said_this = _said_this(ctx, close)
    if said_this is not None:
        return said_this
    # The quote's full stop, kept by the mask, ended the writer's sentence: what follows is
    # a new sentence ('"… talk." Putin said the talks were over'), a cue only when short.
    # A question or exclamation mark is how English ends a quote before its cue, so only
    # the full stop counts ('"Why?" Trump told ITV in an interview').
    ended = s_end <= close + 1 and span.end > span.start and text[span.end - 1] == "."
    if s_end <= close + 1:
        s_end = max(s_end, ctx.paragraph_at(close)[1])
        if ended:
            s_end = ctx.sentence_at(_next_word(text, close + 1, s_end))[1]
    pos = _AFTER_LEAD.match(text, close + 1, s_end)
    at = pos.end() if pos else close + 1
    verb = lex.verbs.match(text, at) or lex.after_quote_verbs.match(text, at)
    if verb:
        phrase = subject_after(text, verb.end(), s_end, lex)
        spoken_to, subject_first = _spoken_to(ctx, phrase) if phrase is not None else (False, None)
        if spoken_to and phrase is not None:
            # "„…,“ řekl Putinovi", "— сказал он Путину": the one spoken to; the subject is
            # the pronoun or name before that name, or the verb's own ending.
            if subject_first is not None:
                return Cue(
                    verb.group(), verb.start(), subject_first, "after", _via(ctx, verb.end(), s_end)
                )
            return _subjectless(ctx, verb, phrase.start)
        if phrase is None or _no_one(ctx.resolve(phrase)):
            # "„…,“ řekl v pondělí novinářům Peskov": the subject after the day and the
            # addressee, in the languages that put the verb first.
            trailing = _trailing_subject(ctx, verb.end(), s_end)
            if trailing is not None:
                return Cue(
                    verb.group(), verb.start(), trailing, "after", _via(ctx, verb.end(), s_end)
                )
        if phrase is None:
            return _subjectless(ctx, verb, s_end)
        subject = ctx.resolve(phrase)
        if subject.kind == "pronoun" and subject.title is not None:
            subject = _named_after_title(ctx, phrase.end, s_end) or subject
        return Cue(verb.group(), verb.start(), subject, "after", _via(ctx, verb.end(), s_end))
    dashed = dash_name(ctx, close, s_end) or dash_line(ctx, close)
    if dashed is not None:
        return Cue(dashed.cue, at, dashed.subject, "after", dashed.via)
    unknown = _dash_verb(ctx, close, at, s_end)
    if unknown is not None:
        return unknown
    for verb in lex.verbs.finditer(text, at, s_end):
        inverted = _subject_after_gap(ctx, at, verb, s_end)
        if inverted is not None:
            # '„…,” pirmdien žurnālistiem sacīja Peskovs.': the day and the addressee
            # before the verb, its subject after it.
            return Cue(verb.group(), verb.start(), inverted, "after", _via(ctx, verb.end(), s_end))
        between = text[at : verb.start()]
        aside = _ASIDE.search(between)
        subject_end = at + aside.start() if aside else verb.start()
        # The aside's words are no part of the gap: "…," Ann Baker, director of a long-named
        # institute, said.
        if len(tokens(text, at, subject_end)) > MAX_SUBJECT_GAP:
            return None
        phrase = subject_before(text, subject_end if aside else verb.start(), at, lex)
        if phrase is None or phrase.start != _first_word(text, at, verb.start()):
            return None
        if PASSIVE_AGENT.match(text, verb.end()):
            return None  # '"poison pill" measures added by Republicans': a participle
        if ended and (
            not _closing_tail(text, verb.end(), s_end, lex) or _has_cue_before(span, ctx)
        ):
            return None
        via = _via_in(ctx, aside.group(1) or aside.group(2)) if aside else None
        return Cue(
            verb.group(),
            verb.start(),
            ctx.resolve(phrase),
            "after",
            via or _via(ctx, verb.end(), s_end),
        )
    return None if ended or span.kind != "full" else _closing_clause(ctx, at, s_end)


# The shortest and longest closing clause: a subject of one to five words and its verb.
_CLOSING_CLAUSE_WORDS = (2, 6)
# Closing verbs with no -ed ending: past forms, and the present forms a writer closes a
# quote with that the lexicon leaves out ("states" is mostly the noun elsewhere). A
# plural noun also ends in -s ("the Iowa caucuses."), so -s is no sign of a verb here.
_CLOSING_VERBS = frozenset(
    "read wrote spoke put went sang shot swore write writes states reads".split()
)


_AUXILIARIES = frozenset("is are was were be been being has have had get got gets".split())


def _closing_clause(ctx: Context, at: int, s_end: int) -> Cue | None:
    """``"…," an angry Ann Baker retorted.``: a sentence the quote opens, closed by a
    short clause of subject and verb, is the quote's attribution whatever the verb (the
    lexicon cannot list every verb a writer uses for speaking: "retaliated", "the
    statement read"). Only a full quote ending in a comma, "?" or "!" opens such a
    sentence, and the clause must end it: nothing but the stop after the verb.
    """
    text = ctx.masked
    words = tokens(text, at, s_end)
    if not _CLOSING_CLAUSE_WORDS[0] <= len(words) <= _CLOSING_CLAUSE_WORDS[1]:
        return None
    verb = words[-1]
    if text[verb.end() : s_end].strip() not in ("", ".", "!"):
        return None
    if not _verb_like(verb.group()) or words[0].start() != at:
        return None
    if words[-2].group().casefold() in _AUXILIARIES:
        return None  # '"So, who?" Her name is redacted.': a participle, not a speech act
    phrase = Phrase(at, words[-2].end(), text[at : words[-2].end()])
    if "," in phrase.text or any(is_masked(w.group()) or _verb_like(w.group()) for w in words[:-1]):
        return None  # '"Ready?" The crowd roared and cheered.': two verbs, no speaker
    if words[0].group().casefold() in ctx.lexicon.openers:
        return None  # '"We are done," and then the hall emptied.': a new clause
    subject = ctx.resolve(phrase)
    if subject.kind == "invalid":
        return None
    return Cue(verb.group(), verb.start(), subject, "after")


def _verb_like(word: str) -> bool:
    """A lowercase past form ("retorted", "retaliated") or a listed closing verb."""
    if word in _CLOSING_VERBS:
        return True
    return word.isalpha() and word.islower() and len(word) > 4 and word.endswith("ed")


def closing_cue(span: Span, ctx: Context) -> Cue | None:
    """An inverted cue closing the quote's sentence: ``…"the end" for the EU, said Ann
    Baker.`` (a comma, the verb, then a person)."""
    close = ctx.close_mark_pos(span)
    if close is None:
        return None
    s_end = ctx.sentence_at(ctx.open_mark_pos(span))[1]
    for v_start, v_end, verb in ctx.lexicon.verb_spans(ctx.masked, close, s_end):
        comma = v_start
        while comma > close and ctx.masked[comma - 1].isspace():
            comma -= 1
        if ctx.masked[comma - 1] != ",":
            continue
        phrase = subject_after(ctx.masked, v_end, s_end, ctx.lexicon)
        subject = ctx.resolve(phrase) if phrase is not None else None
        if subject is not None and subject.kind in ("name", "role", "other"):
            return Cue(verb, v_start, subject, "after")
    return None


# The endings of a Slavic verb's past and present third person ("подтвердил", "парировала",
# "odvětil", "odparł"), which the lexicon cannot list in full.
_SLAVIC_VERB = re.compile(r"[^\W\d_]{3,}(?:л|ла|ли|ло|ет|ит|ют|ят|l|la|li|ł|ła)")


_SLAVIC = frozenset("ru uk be cs sk pl sl hr sr bs bg mk".split())


def _dash_verb(ctx: Context, close: int, at: int, s_end: int) -> Cue | None:
    """``«Да», — подтвердил белорусский лидер.``, ``„Ne,“ odvětil Peskov.``: in the Slavic
    layouts a dash or the quote's own comma opens its attribution, so a verb the lexicon
    lacks, with a past or present ending, then a speaker closing the sentence, is the cue
    (in the article's detected language only: a guessed one may be wrong)."""
    text, lex = ctx.masked, ctx.lexicon
    if ctx.language not in _SLAVIC or not (
        any(d in text[close + 1 : at] for d in "—–") or ctx.text[close - 1 : close] == ","
    ):
        return None  # '„…,“ odvětil Peskov' and «…», — парировал Песков: a dash or comma
    verb = _SLAVIC_VERB.match(text, at)
    if verb is None or not verb.group().islower() or verb.group() in lex.clause_words:
        return None
    phrase = subject_after(text, verb.end(), s_end, lex)
    if phrase is None or text[phrase.end : s_end].strip(" \t.!?…"):
        return None  # the speaker must close the sentence: no clause of its own after it
    found = ctx.resolve(phrase)
    if found.is_someone():
        return Cue(verb.group(), verb.start(), found, "after", None)
    return None


def _spoken_to(ctx: Context, phrase: Phrase) -> tuple[bool, Resolved | None]:
    """Whether the phrase after a verb names, in an oblique case, the one spoken to
    ("řekl Putinovi", "сказал он Путину", "доложил Шойгу Путину"), and the subject before
    that name if one stands there. A noun before the name owns it instead ("представитель
    Путина"), which the phrase resolver reads."""
    if not any(w in oblique_forms(ctx.registry) for w in phrase.text.split()):
        return False, None  # no registry name in an oblique case: nothing to read
    found = ctx.resolve(phrase)
    if is_oblique(ctx.registry, found) and found.start == phrase.start:
        return True, None
    if found.kind in ("name", "role"):
        return False, None  # "пресс-секретарь Путина", "Шойгу Путину": resolved already
    words = list(iter_tokens(ctx.masked, phrase.start, phrase.end))
    if len(words) < 2:
        return False, None
    last = words[-1]
    if not is_oblique(ctx.registry, ctx.resolve(Phrase(last.start(), last.end(), last.group()))):
        return False, None
    rest = ctx.resolve(
        Phrase(words[0].start(), words[-2].end(), ctx.masked[words[0].start() : words[-2].end()])
    )
    if rest.is_someone():
        return True, rest
    return False, None


def _no_one(found: Resolved) -> bool:
    """A phrase after the verb that names nobody: "v pondělí", "in a statement"."""
    return found.kind in ("other", "invalid") and not found.named


# How many words may stand between a verb and the subject that closes its clause.
_TRAILING_GAP_WORDS = 6
# Prepositions before a name make it an object ("s Putinem", "with Putin"), not the
# subject; casefolded, across the lexicons' languages.
_PREPOSITIONS = frozenset(
    """
    of for to with from about against by on in at into
    с со к ко у о об от для про при по на в во за из без над под перед
    з із зі до від
    s se k ke u od pro při v ve z ze bez nad pod před
    w we do dla przy przez
    von mit für über bei zu vom zum zur beim gegen
    """.split()
)


def _trailing_subject(ctx: Context, verb_end: int, s_end: int) -> Resolved | None:
    """``„…,“ řekl v pondělí novinářům Peskov.``, ``— заявил журналистам Песков``,
    ``ütles esmaspäeval ajakirjanikele Peskov``, ``sagte am Montag Kremlsprecher Peskow``,
    ``— заявил журналистам глава Кремля``: a verb first, then a day, a place or an
    addressee, then the name or registry title that closes the clause is its subject.

    The words between hold no verb, clause word, pronoun or quote, and no preposition
    stands right before the subject (its object: "s Putinem"). A name is the whole run of
    capitalised words at the end. Not in English, where the subject follows the verb at
    once and a name further on is an object ('"liberals" said they would vote for the
    Green Party').
    """
    if ctx.language == "en":
        return None
    text = ctx.masked
    end = s_end
    for mark in ",;:(":
        at = text.find(mark, verb_end, end)
        if at >= 0:
            end = at
    words = tokens(text, verb_end, end)
    if len(words) < 2 or len(words) > _TRAILING_GAP_WORDS + MAX_NAME_WORDS:
        return None
    if text[words[-1].end() : end].strip(" \t.!?…"):
        return None  # the subject must close the clause
    name_start = len(words)
    while (
        name_start > 0
        and words[name_start - 1].group()[:1].isupper()
        and (
            name_start == len(words)
            or _joined_words(text, words[name_start - 1], words[name_start])
        )
    ):
        name_start -= 1
    if 0 < name_start < len(words) and len(words) - name_start <= MAX_NAME_WORDS:
        found = _trailing(ctx, words, name_start)
        if found is not None and _owned(ctx, words, name_start, found):
            found = None  # "— заявил собеседник Лукашенко": the interlocutor, not him
        if found is not None and found.is_someone(pronoun=False):
            return found
    # A registry title, lowercase: "глава Кремля", "российский лидер".
    for k in range(min(MAX_NAME_WORDS, len(words) - 1), 1, -1):
        found = _trailing(ctx, words, len(words) - k)
        if found is not None and found.kind == "role" and found.speaker is not None:
            return found
    return None


# How many words (a day, an addressee) may stand between a quote and a verb whose subject
# follows it.
_GAP_BEFORE_VERB = 3


def _subject_after_gap(ctx: Context, at: int, verb: re.Match[str], s_end: int) -> Resolved | None:
    """``„…,” pirmdien žurnālistiem sacīja Peskovs.``, ``«…», — сегодня журналистам сказал
    Песков``: after the quote, lowercase words of time or address, the verb, then the name
    that closes the clause. Not in English, whose words before a verb are its subject."""
    if ctx.language == "en":
        return None
    text, lex = ctx.masked, ctx.lexicon
    gap = tokens(text, at, verb.start())
    if not gap or len(gap) > _GAP_BEFORE_VERB or text[at : verb.start()].strip(" \t").count(","):
        return None
    object_next = False  # the word after a preposition is its object ("в Кремле")
    for word in gap:
        folded = word.group().casefold()
        if folded in _PREPOSITIONS and word.group().islower():
            object_next = True
            continue
        if (
            (not word.group().islower() and not object_next)
            or is_masked(word.group())
            or folded in lex.clause_words
            or folded in lex.pronouns
            or folded in _TAIL_CLAUSE
            or lex.verbs.fullmatch(word.group())
        ):
            return None
        object_next = False
    phrase = subject_after(text, verb.end(), s_end, lex)
    if phrase is None or text[phrase.end : s_end].strip(" \t.!?…"):
        return None  # the name must close the clause
    found = ctx.resolve(phrase)
    if found.is_someone():
        return found
    return None


def _owned(ctx: Context, words: list[re.Match[str]], start: int, found: Resolved) -> bool:
    """Whether the lowercase noun before the name takes it as its modifier: the phrase
    with that noun names someone else ("собеседник Лукашенко", "пресс-секретарь Путина")."""
    before = words[start - 1]
    if not before.group().islower():
        return False
    last = words[-1]
    wider = ctx.resolve(Phrase(before.start(), last.end(), ctx.masked[before.start() : last.end()]))
    return wider.speaker != found.speaker


def _trailing(ctx: Context, words: list[re.Match[str]], start: int) -> Resolved | None:
    """``words[start:]`` resolved as the subject when the gap before it may stand there."""
    text, lex = ctx.masked, ctx.lexicon
    gap = words[:start]
    if not gap or gap[-1].group().casefold() in _PREPOSITIONS:
        return None
    for word in gap:
        folded = word.group().casefold()
        if (
            is_masked(word.group())
            or folded in lex.clause_words
            or folded in lex.pronouns
            or folded in _TAIL_CLAUSE
            or lex.verbs.fullmatch(word.group())
            or lex.participles.fullmatch(word.group())
        ):
            return None
    first, last = words[start], words[-1]
    return ctx.resolve(Phrase(first.start(), last.end(), text[first.start() : last.end()]))


# A name after the gap: a title and a name run to this many words ("Kremlsprecher Dmitri
# Peskow").
MAX_NAME_WORDS = 4


# The next sentence points back at the quote: "«…». Об этом заявил Песков.", "„…“ Das
# sagte Peskow.", "„…“ Uvedl to Peskov." (Czech: the verb first, then "to").
_THIS_BEFORE_VERB = re.compile(
    r"(?:[Оо]б\s+этом|[Ээ]то|[Пп]ро\s+це|[Цц]е|[Dd]as|[Dd]ies)[ \t]+(?=\w)"
)
_THIS_AFTER_VERB = re.compile(r"[ \t]+to[ \t]+(?=\w)")


def _said_this(ctx: Context, close: int) -> Cue | None:
    """``«…». Об этом заявил пресс-секретарь президента Дмитрий Песков.``: a quote that ends
    its sentence, then a sentence opening "this said X" (Russian, Ukrainian, German
    "Das sagte X", Czech "Uvedl to X"): the words pointed back at are X's."""
    text, lex = ctx.masked, ctx.lexicon
    if text[close + 1 : close + 2] not in ("", ".", "!", "?", "…", " ", "\n", "\t"):
        return None  # "«…», — …": the quote's sentence goes on
    s_end = ctx.sentence_at(close)[1]
    p_end = ctx.paragraph_at(close)[1]
    if text[close + 1 : s_end].strip(" \t.!?…") or s_end >= p_end:
        return None  # the quote's sentence goes on, or the paragraph ends with it
    start = _next_word(text, s_end, p_end)
    this = _THIS_BEFORE_VERB.match(text, start)
    verb = lex.verbs.match(text, this.end() if this else start)
    if verb is None:
        return None
    at = verb.end()
    if this is None:
        after = _THIS_AFTER_VERB.match(text, at) if ctx.language != "en" else None
        if after is None:
            return None
        at = after.end()
    end = ctx.sentence_at(start)[1]
    phrase = subject_after(text, at, end, lex)
    found = ctx.resolve(phrase) if phrase is not None else None
    if found is None or _no_one(found):
        found = _trailing_subject(ctx, at, end)  # "Об этом заявил в понедельник Песков"
    if found is None or not found.is_someone():
        return None
    return Cue(verb.group(), verb.start(), found, "after", _via(ctx, at, end))


def _subjectless(ctx: Context, verb: re.Match[str], end: int) -> Cue | None:
    """``„…,“ dodal.``: a verb whose ending is its subject, the clause over after it."""
    gender = ctx.lexicon.subjectless.get(" ".join(verb.group().casefold().split()))
    if gender is None or ctx.masked[verb.end() : end].strip(" \t.;!?…"):
        return None
    pronoun = Resolved("pronoun", None, verb.group(), verb.start(), verb.end(), gender or None)
    return Cue(verb.group(), verb.start(), pronoun, "after")


def _next_word(text: str, start: int, end: int) -> int:
    """Where the first non-space character at or after ``start`` stands (``end`` if none)."""
    while start < end and text[start].isspace():
        start += 1
    return start


# A new sentence after a quote is its cue only as "Putin said [on Monday]." — a tail this
# short, with no clause in it, before the sentence ends.
MAX_CLOSING_TAIL = 5


def _closing_tail(text: str, start: int, end: int, lex: Lexicon) -> bool:
    comma = text.find(",", start, end)
    end = comma if comma >= 0 else end  # "Putin asked, adding that …": the verb's own tail
    words = [t.group().casefold() for t in tokens(text, start, end)]
    return len(words) <= MAX_CLOSING_TAIL and not any(
        w in lex.clause_words or w in _TAIL_CLAUSE or is_masked(w) for w in words
    )


def _has_cue_before(span: Span, ctx: Context) -> bool:
    """Whether the quote's own sentence names its speaker before it ("Bush called it "…."")."""
    cue = cue_before(span, ctx)
    return cue is not None and cue.subject.kind not in ("invalid", "outlet")


def cue_before(span: Span, ctx: Context) -> Cue | None:
    """The cue just before a quote: ``Putin said: "…"``, ``he added, "…"``, ``Peskov: "…"``."""
    return _per_span(_cue_before, span, ctx)


def _cue_before(span: Span, ctx: Context) -> Cue | None:
    open_pos = ctx.open_mark_pos(span)
    s_start, _ = ctx.sentence_at(open_pos)
    p_start, _ = ctx.paragraph_at(open_pos)
    text = ctx.masked
    window_end = open_pos
    # Offsets and single characters, not copies of the text before the mark: a long
    # sentence (or document) is not read again for each of its quotes.
    if open_pos <= p_start + 1 and not text[max(s_start, p_start) : open_pos].strip():
        # A quote that opens its paragraph can be introduced by a colon ending the one before.
        previous = ctx.previous_paragraph(p_start)
        if previous is None or not _ends_with(text, 0, previous[1], ":"):
            return None
        window_end = previous[1]
        s_start = ctx.sentence_at(window_end - 1)[0]
    end = _rstripped(text, s_start, window_end)
    colon = end > s_start and text[end - 1] == ":"
    if colon or (end > s_start and text[end - 1] == ","):
        end -= 1
    head = _headline(ctx, s_start, end) if colon else None
    if head is not None:
        return head
    return _participle(ctx, s_start, end) or _verb_before(ctx, s_start, end)


def _rstripped(text: str, start: int, end: int) -> int:
    """Where ``text[start:end].rstrip()`` ends."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _ends_with(text: str, start: int, end: int, char: str) -> bool:
    """``text[start:end].rstrip().endswith(char)`` without the copy."""
    end = _rstripped(text, start, end)
    return end > start and text[end - 1] == char


# A character no cue pattern can hold (patterns are words, spaces, hyphens and apostrophes;
# U+0345 is the one non-word character a letter matches when case is ignored). No match of
# one crosses it, so a scan from just after one finds what a scan from further back finds.
_BARRIER = re.compile(r"[^\w\s\-‐‑'’\u0345]")


def _after_barrier(text: str, start: int, pos: int) -> int:
    """Just after the last barrier character in ``text[start:pos]``, or ``start``."""
    step = 128
    while pos > start:
        lo = max(start, pos - step)
        last = _last(_BARRIER.finditer(text, lo, pos))
        if last is not None:
            return last.end()
        pos, step = lo, step * 2
    return start


# What may stand before a label inside a sentence: a dash ("Red states lead - Ann Baker:")
# or the close of the quote before ('Clinton: "…" Bush: "…"').
_LABEL_LEAD = re.compile(r"(?:\s[-—–]+|[—–]|[\"”’»])\s*")
_LABEL_LOOKBACK = 60


def _label_start(text: str, start: int, end: int) -> int:
    """Where a label ending at ``end`` may begin: after the last dash or closing mark."""
    lo = max(start, end - _LABEL_LOOKBACK)
    lead = _last(_LABEL_LEAD.finditer(text, lo, end))
    return lead.end() if lead is not None else start


# How far into its sentence a speaker label's colon may stand ("Ann Baker:", five words).
_OPENING_LABEL_CHARS = 60
_OPENING_LABEL_WORDS = 4
_NOT_LABEL_START = frozenset({"the", "a", "an"})


def opening_label(span: Span, ctx: Context) -> Cue | None:
    """``Ann Baker: Critics Are 'Wrong' About 'Everything'``: a headline or line opening
    with a speaker label gives the label every quote of its sentence, not only the one
    right after the colon."""
    open_pos = ctx.open_mark_pos(span)
    s_start = ctx.sentence_at(open_pos)[0]
    colon = ctx.masked.find(":", s_start, min(open_pos, s_start + _OPENING_LABEL_CHARS))
    if colon < 0:
        return None
    # The label is the sentence's: read once for all its quotes.
    key = (opening_label, s_start, colon)
    if key not in ctx.memo:
        ctx.memo[key] = _opening_label(ctx, s_start, colon)
    found: Cue | None = ctx.memo[key]
    return found


def _opening_label(ctx: Context, s_start: int, colon: int) -> Cue | None:
    if ctx.quotes_between(s_start, colon):
        return None  # a quote before the colon: no label opens this line
    head = _headline(ctx, s_start, colon)
    if head is None or not head.subject.named:
        return None
    words = tokens(ctx.masked, _label_start(ctx.masked, s_start, colon), colon)
    if len(words) > _OPENING_LABEL_WORDS or words[0].group().casefold() in _NOT_LABEL_START:
        return None  # "The Latest:", "Ann Baker Endorses Tom Hill:": a headline, no label
    subject = head.subject
    if subject.speaker is not None and any(
        not subject.start <= w.start() < subject.end
        and w.group() not in ctx.lexicon.not_names
        and w.group().casefold() not in ctx.lexicon.name_phrase_words
        for w in words
    ):
        return None  # "Lukashenko Backs Putin:": the label is more than a name and title
    return head


# Lowercase words after a label's name that open its topic or audience, not more name.
_LABEL_TOPIC = frozenset("on about over to at in with".split())


def _headline(ctx: Context, start: int, end: int) -> Cue | None:
    """``Peskov: "…"``: a name alone before a colon, as in headlines and interview layouts.

    Someone outside the registry counts when every word of the label is capitalised
    ("Ann Baker:"), after the sentence's start, a dash or the quote before.
    """
    start = _label_start(ctx.masked, start, end)
    words = list(islice(iter_tokens(ctx.masked, start, end), 6))
    if not words or len(words) > 5 or ctx.masked[start : words[0].start()].strip():
        return None
    verbs = [i for i, w in enumerate(words) if ctx.lexicon.verbs.fullmatch(w.group())]
    if verbs:
        # A clause with its verb, not a name's label: "Putin told Shoigu: …" is Putin's
        # (the verb's object is no speaker); "Об этом заявил журналистам Песков: …" names
        # its subject after the verb.
        verb = words[verbs[-1]].group().casefold()
        if verb in ctx.lexicon.object_verbs or verbs[-1] + 1 >= len(words):
            return None
        before, words = words[: verbs[-1]], words[verbs[-1] + 1 :]
        if len(words) > 1 and words[-2].group() in _PREPOSITIONS:
            return None  # "Shoigu said to Putin:": the name is the preposition's object
        if before and _names_someone(ctx, before):
            return None  # "Шойгу сказал Путину:": the subject before the verb speaks
    topic = next((i for i, w in enumerate(words) if i and w.group() in _LABEL_TOPIC), None)
    if topic is not None:
        words = words[:topic]  # "Putin on Lukashenko:", "Peskov to reporters:": the first speaks
    phrase = Phrase(
        words[0].start(), words[-1].end(), ctx.masked[words[0].start() : words[-1].end()]
    )
    resolved = ctx.resolve(phrase)
    if is_oblique(ctx.registry, resolved):
        return None  # "Лукашенко — Путину:": to Putin, an addressee and no label
    if (
        not verbs
        and resolved.speaker is not None
        and any(
            w.group().islower()
            and not resolved.start <= w.start() < resolved.end
            and w.group() not in ctx.lexicon.name_phrase_words
            for w in words
        )
    ):
        return None  # "Ein Reporter fragte Peskow:": a clause around the name, no label
    if _named_label(ctx, resolved, words):
        return Cue(":", end, resolved, "before")
    if resolved.kind not in ("name", "role") or "," in phrase.text:
        found = label(ctx, start, end)
        return Cue(found.cue, end, found.subject, "before", found.via) if found else None
    return Cue(":", end, resolved, "before")


def _names_someone(ctx: Context, words: list[re.Match[str]]) -> bool:
    """Whether ``words`` (a verb's subject side) name a person or a pronoun stands there
    ("Об этом заявил", a prepositional phrase, names nobody)."""
    if words[0].group().casefold() in _PREPOSITIONS:
        return False
    found = ctx.resolve(
        Phrase(words[0].start(), words[-1].end(), ctx.masked[words[0].start() : words[-1].end()])
    )
    return found.is_someone()


def _named_label(ctx: Context, resolved: Resolved, words: list[re.Match[str]]) -> bool:
    """A label naming someone outside the registry: capitalised words making a name.

    One word alone ("Baker:") counts only as the surname of a full name the article gives
    ("Ann Baker"): "Note:" and "Summary:" are rubrics, not people.
    """
    if not (
        resolved.kind == "other"
        and resolved.named
        and all(w.group()[:1].isupper() and not w.group().isupper() for w in words)
        and not ctx.lexicon.is_outlet(resolved.surface)
        and resolved.surface.casefold() not in ctx.lexicon.quote_labels
        and resolved.surface.casefold() not in ctx.lexicon.source_labels
    ):
        return False
    return len(words) > 1 or known_surname(ctx, words[0].group())


def known_surname(ctx: Context, word: str) -> bool:
    """Whether the article writes ``word`` after another name ("Ann Baker" for "Baker"), so
    that alone it names a person, not a place, a rubric or a sentence adverb."""
    key = (known_surname, "surnames")
    if key not in ctx.memo:  # once per article: every word that follows a capitalised one
        ctx.memo[key] = frozenset(m.group(1) for m in _SURNAME.finditer(ctx.text))
    surnames: frozenset[str] = ctx.memo[key]
    return word in surnames


_SURNAME = re.compile(r"\b[A-Z][\w.'’-]*[ \t]+(?=([A-Z][\w'’-]*))")


def _participle(ctx: Context, start: int, end: int) -> Cue | None:
    """``Putin said ..., noting: "…"``: the participle speaks for the sentence's subject."""
    text, lex = ctx.masked, ctx.lexicon
    end = _rstripped(text, start, end)
    if end - start >= 5 and text.endswith("that", start, end) and text[end - 5].isspace():
        end = _rstripped(text, start, end - 4)  # "..., noting that: …"
    # Only a participle ending the window counts; none can reach across a barrier.
    match = _last(lex.participles.finditer(text, _after_barrier(text, start, end), end))
    if match is None or match.end() != end:
        return None
    if not _ends_with(text, start, match.start(), ","):
        return None
    acts = ctx.acts_between(start, match.start())
    if acts:
        return Cue(match.group(), match.start(), acts[0].subject, "before")
    # "Putin praised the harvest, noting: …": no speech verb, so the sentence's subject.
    subjects = ctx.subjects_between(start, match.start())
    if subjects:
        return Cue(match.group(), match.start(), subjects[0], "before")
    return None


# How much of the text before a quote is searched for its verb before looking further back.
_VERB_WINDOW = 200


def _last_verb(lex: Lexicon, text: str, start: int, end: int) -> re.Match[str] | None:
    """The last speech verb in ``text[start:end]``, or None when it cannot cue the quote.

    Read from a barrier near the end; when no verb is there, any verb further back is
    followed by the whole window, which is usually already too long a tail to be a cue.
    """
    lo = _after_barrier(text, start, max(start, end - _VERB_WINDOW))
    verb = _last(lex.verbs.finditer(text, lo, end))
    if verb is not None or lo == start:
        return verb
    # A token may run across the barrier ("U.S"), so the tail counts one more.
    if re.search(r"[.;!?]", text[lo:end]) or len(tokens(text, lo, end)) > MAX_TAIL_TOKENS + 1:
        return None
    return _last(lex.verbs.finditer(text, start, end))


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    kept = deque(matches, maxlen=1)
    return kept[0] if kept else None


def _verb_before(ctx: Context, start: int, end: int) -> Cue | None:
    """The last speech verb before the mark, with only a short tail after it ("told reporters")."""
    text, lex = ctx.masked, ctx.lexicon
    verb = _last_verb(lex, text, start, end)
    if verb is None:
        return None
    tail = tokens(text, verb.end(), end)
    if len(tail) > MAX_TAIL_TOKENS or re.search(r"[.;!?]", text[verb.end() : end]):
        return None
    words = [t.group().casefold() for t in tail]
    if verb.group().casefold().endswith(" that"):
        words.insert(0, "that")  # "states that …": the clause word is the verb's own
    if any(w in _TAIL_CLAUSE for w in words):
        return None
    if any(w in lex.clause_words for w in words[:-1]) or (
        words and words[-1] in lex.clause_words and words[-1] not in _LAST_IN_TAIL
    ):
        return None
    phrase = subject_before(text, verb.start(), start, lex)
    if (
        phrase is not None
        and ctx.resolve(phrase).kind == "invalid"
        and not coordinated(text, verb.start(), start, lex)
    ):
        # "…, Dmitri Peskov, a ensuite affirmé", "So sagte Peskow": the words before the
        # verb are no subject; look for it past an aside or after the verb.
        phrase = None
    via = _via(ctx, start, verb.start())
    aside = _aside_before(text, start, verb.start())
    if phrase is None:
        # "Peskov, 56, the head of the press service and a former diplomat, said that …"
        opening = _appositive_subject(ctx, start, verb.start())
        if opening is not None:
            return Cue(verb.group(), verb.start(), opening, "before", via)
    if phrase is None and aside is not None:
        # "Lukashenko, according to Belta, said: …": the subject stands before the aside.
        phrase = subject_before(text, aside.start(), start, lex)
        via = via or _via_in(ctx, aside.group(1))
    if (
        phrase is None or aside is not None or ctx.resolve(phrase).kind == "invalid"
    ) and coordinated(text, verb.start(), start, lex):
        # "Putin noted the risks, and added: …": the first clause's subject speaks (what
        # commas set off before "and added" is that clause, not an aside).
        subject = _clause_subject(ctx, start, verb.start())
        return Cue(verb.group(), verb.start(), subject, "before", via) if subject else None
    if (
        phrase is None
        and " ".join(verb.group().casefold().split()) not in lex.object_verbs
        and _opens_clause(ctx, start, verb.start())
    ):
        phrase = subject_after(text, verb.end(), end, lex)  # 'said Peskov: "…"'
    if phrase is None:
        return None
    return Cue(verb.group(), verb.start(), ctx.resolve(phrase), "before", via)


# What ends the clause before an inverted verb: 'Ann Baker laughed, and said Peskov: "…"'.
_CLAUSE_BOUNDARY = re.compile(r"[,:;—–(\"”»“«]")


def _opens_clause(ctx: Context, start: int, verb_start: int) -> bool:
    """Whether an English verb opens its clause, so the name after it may be its subject
    ('said Peskov: "…"'). After words of the clause's own ("The spokesman for the
    ministry in Minsk said Putin "…"", "Those who voted said Putin "…"") the subject is
    before the verb, however long, and the name after it is its object. Other languages
    put the subject after the verb more freely ("Об этом заявил Песков", "So sagte X")."""
    if ctx.language not in (None, "en"):
        return True
    text = ctx.masked
    cut = start
    for found in _CLAUSE_BOUNDARY.finditer(text, start, verb_start):
        cut = found.end()
    return all(t.group().casefold() in ctx.lexicon.openers for t in tokens(text, cut, verb_start))


# How far an appositive may part a sentence's subject from its verb, and in how many pieces.
MAX_APPOSITIVE_CHARS = 240
MAX_APPOSITIVE_PIECES = 4


def _appositive_subject(ctx: Context, start: int, verb_start: int) -> Resolved | None:
    """The name that opens the sentence when commas set an appositive off before the verb.

    Only the sentence's first words count (after an opener such as "But"), and they must
    name someone; a name inside the appositive ("the head of Y") is never taken.
    """
    text, lex = ctx.masked, ctx.lexicon
    comma = verb_start
    while comma > start and text[comma - 1].isspace():
        comma -= 1
    if comma <= start or text[comma - 1] != ",":
        return None
    floor = max(start, verb_start - MAX_APPOSITIVE_CHARS)
    if re.search(r"[.;:!?\u201c\u201d\"«»]", text[floor:comma]):
        return None
    first = _opening_word(text, start, verb_start, lex)
    for _ in range(MAX_APPOSITIVE_PIECES):
        comma = text.rfind(",", floor, comma - 1)
        if comma < 0:
            return None
        phrase = subject_before(text, comma, start, lex)
        if phrase is not None and phrase.start == first:
            if any(w.islower() and w not in lex.name_phrase_words for w in phrase.text.split()):
                return None  # "Putin met Lukashenko, …": a clause, not a name phrase
            resolved = ctx.resolve(phrase)
            return resolved if resolved.named and resolved.kind in ("name", "role") else None
    return None


def _opening_word(text: str, start: int, end: int, lex: Lexicon) -> int:
    """Where the sentence's first word stands, past openers ("But", "Meanwhile,")."""
    for tok in iter_tokens(text, start, end):
        if tok.group().casefold() not in lex.openers:
            return tok.start()
    return -1


def _clause_subject(ctx: Context, start: int, end: int) -> Resolved | None:
    """Who speaks in the sentence before a coordinated verb: its first speech act's subject,
    else the name that opens the sentence."""
    for act in ctx.acts_between(start, end):
        if act.subject.kind != "invalid":
            return act.subject
    text, lex = ctx.masked, ctx.lexicon
    # The last clause opening before the verb with a name or pronoun for its subject:
    # "When asked, Ms. Sherry smiled and said …", "He then adopted an accent and joked …".
    starts = [start] + [m.end() for m in re.finditer(r",\s*", text[start:end])]
    for clause in reversed(starts):
        at = clause if clause == start else start + clause
        run: list[re.Match[str]] = []
        for tok in iter_tokens(text, at, end):
            word = tok.group()
            if not run and word.casefold() in _ARTICLES and clause != start:
                return None  # "…, the mayor stayed, and added": a subject that is no name
            if run and not _joined_words(text, run[-1], tok):
                break
            if not (word[:1].isupper() or word.casefold() in lex.pronouns):
                break
            run.append(tok)
        if not run or run[-1].end() >= end:
            continue
        phrase = Phrase(run[0].start(), run[-1].end(), text[run[0].start() : run[-1].end()])
        resolved = ctx.resolve(phrase)
        if resolved.kind == "pronoun" or (resolved.named and resolved.kind != "invalid"):
            return resolved
    return None


_ARTICLES = frozenset({"the", "a", "an"})


def _joined_words(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    gap = text[left.end() : right.start()]
    return not gap.strip() or (gap.strip() == "." and left.group() in HONORIFICS)


# The same aside set off by dashes ("Lukashenko — who has ruled since 1994 — said").
_DASHED_ASIDE_BEFORE = re.compile(r"[—–]\s*([^—–.;:!?]{1,80}?)\s*[—–]\s*(?:\w+\s+){0,2}$")


def _aside_before(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_ASIDE_BEFORE.search(text, start, end)``, tried only where it can match.

    Nothing but spaces and words follows the aside's second comma, and the aside holds
    none, so a match opens at the last comma but one.
    """
    last = text.rfind(",", start, end)
    first = text.rfind(",", start, last) if last > start else -1
    found = _ASIDE_BEFORE.match(text, first, end) if first >= 0 else None
    if found is None and ("—" in text[start:end] or "–" in text[start:end]):
        # "Lukashenko — who has ruled since 1994 — said": an aside between dashes.
        close = max(text.rfind("—", start, end), text.rfind("–", start, end))
        opening = max(text.rfind("—", start, close), text.rfind("–", start, close))
        if opening >= start and text[opening - 1 : opening] == " ":
            found = _DASHED_ASIDE_BEFORE.match(text, opening, end)
    return found


def _first_word(text: str, start: int, end: int) -> int:
    first = tokens(text, start, end)
    return first[0].start() if first else -1


_VIA_PATTERNS = (
    re.compile(
        r"(?:according\s+to|as\s+quoted\s+by|quoted\s+by|cited\s+by)\s+([^,.;:!?]{1,60})", re.I
    ),
    re.compile(r"(?:told|telling)\s+([^,.;:!?]{1,40})", re.I),
    re.compile(r"(?:^|,\s*)([^,.;:!?]{1,50}?)\s+reported\b", re.I),
)


# A word every via pattern needs. No two of them can overlap, so one scan finds them all.
# (Each word's first letter tried first: one character class is far quicker to scan for.)
_VIA_WORDS = re.compile(
    r"[aqctr](?:(?<=a)ccording|(?<=q)uoted|(?<=c)ited|(?<=t)old|(?<=t)elling|(?<=r)eported)",
    re.I,
)


def _via(ctx: Context, start: int, end: int) -> str | None:
    """The outlet the words in ``[start, end)`` name as carrying the quote, if any."""
    # Most sentences name no outlet: look the words up before reading the range.
    key = (_via, "words")
    if key not in ctx.memo:
        ctx.memo[key] = [(m.start(), m.end()) for m in _VIA_WORDS.finditer(ctx.masked)]
    words: list[tuple[int, int]] = ctx.memo[key]
    i = bisect.bisect_left(words, (start, -1))
    if i == len(words) or words[i][1] > end:
        return None
    return _via_in(ctx, ctx.masked[start:end])


def _via_in(ctx: Context, text: str) -> str | None:
    for pattern in _VIA_PATTERNS:
        for match in pattern.finditer(text):
            phrase = match.group(1)
            if ctx.lexicon.is_outlet(phrase) and ctx.lexicon.outlets.search(phrase):
                return ctx.lexicon.outlet_name(phrase)
    return None
