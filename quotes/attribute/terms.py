"""Writer's-voice phrases: a quoted name of a thing, a title, a label or scare quotes.

``the "Zapad" exercises``, ``the so-called "peace plan"``, ``on NBC's "Meet the Press"``,
``critics see the "reforms" as cosmetic``: nobody says these words, the writer uses them, so
such a quote is kind ``term`` and gets no speaker. Each rule reads the writer's sentence
around the quote (quote contents masked) and returns the evidence it found, or None.
"""

from __future__ import annotations

import re

from quotes.attribute import confidence
from quotes.attribute.context import Context
from quotes.attribute.cues import closing_cue, cue_after, cue_before, opening_label
from quotes.attribute.phrases import tokens
from quotes.types import Span

# The rule of a quote found to be the writer's label, and how sure that finding is.
TERM_RULE = "term"
TERM_CONFIDENCE = confidence.TERM
# A term is a short phrase; a longer quote is somebody's sentence.
MAX_TERM_WORDS = 6
# No phrase of MAX_TERM_WORDS words runs longer than this: a quick way past long quotes.
_MAX_TERM_CHARS = 120
# Scare quotes around a phrase this short, in a sentence with no speech verb, are the writer's.
MAX_SCARE_WORDS = 4

# Nouns that name a thing a quoted phrase can be the name of ("Operation 'X'", "the 'X'
# exercises", "the film 'X'"). Russian and German forms are listed inflected: no stemmer.
LABEL_NOUNS = frozenset(
    """
    operation operations exercise exercises drill drills manoeuvres maneuvers strategy
    strategies programme programmes program programs plan plans doctrine initiative
    initiatives campaign campaigns project projects film films movie movies documentary
    book books song songs album show series slogan slogans motto mottos hashtag law laws
    bill bills act party parties movement movements festival summit format forum deal
    agreement treaty pact mission policy concept brand prize award magazine newspaper
    channel programmes network network's station podcast column headline report article
    package scheme system code phrase term word words label tagline nickname codename
    mission's battalion brigade group unit company platform app game tour slogan's
    операция операции операцию учения учений стратегия стратегии программа программы
    программу фильм фильма фильме лозунг лозунгом проект проекта план плана доктрина
    инициатива кампания кампании закон закона партия партии движение движения форум
    передача передачи газета газеты телеканал книга книги песня песни
    operation übung übungen manöver strategie programm film films slogan motto projekt
    plan kampagne gesetz partei bewegung sendung zeitung buch lied
    """.split()
)

# Words right before the opening mark that make what follows a name or a label, whoever
# is around: "the so-called 'X'", "an operation known as 'X'", "codenamed 'X'".
_LABEL_BEFORE = re.compile(
    r"(?:(?<!\w)(?:so[-\s]called|known\s+as|codenamed|code-named|nicknamed|titled|entitled"
    r"|так\s+называем(?:ый|ая|ое|ые|ых|ой|ую|ого|ом)|под\s+названием|sogenannt\w*|mit\s+dem\s+namen|namens))\s*$",
    re.IGNORECASE,
)
# "a programme called 'X'": naming verbs count only right after a label noun, since
# "Putin called it 'a provocation'" is Putin's speech.
# The last word of each _LABEL_BEFORE and _NAMING_VERB phrase, folded.
_MARKER_ENDS = frozenset(
    "so-called called as codenamed code-named nicknamed titled entitled названием namen"
    " namens".split()
)
_NAMING_ENDS = frozenset(["called", "named", "dubbed", "названием"])
_NAMING_VERB = re.compile(r"(?<!\w)(called|named|dubbed|под названием)\s*$", re.IGNORECASE)
_DETERMINERS = frozenset("the a an this that these those its his her their our my your".split())
# A quoted phrase followed by one of these is the subject or object of a clause ("the
# 'reforms' were cosmetic"), not the modifier of a noun.
_NOT_NOUN = frozenset(
    """
    is are was were be been being has have had will would can could may might must should
    shall do does did and or but nor as than that which who in on at of to for from with by
    about into over under after before since while when if because so then also a an the
    """.split()
)
# Words that make a quoted phrase a clause: a verb form no name of a thing needs.
_CLAUSE_MARKERS = frozenset(
    """
    is are was were am be been being has have had will would can could may might must
    should shall do does did don't won't can't isn't wasn't i we you he she they it
    есть был была были будет будут буду мы я вы он она они ist sind war waren wird werden
    hat haben ich wir du er sie
    """.split()
)
_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")
_PREPOSITION_BEFORE = re.compile(
    r"(?:(?<!\w)(?:on|in|at|of|from|for|with|to|by|about)|['’]s)\s*$", re.IGNORECASE
)


def term_evidence(span: Span, ctx: Context) -> str | None:
    """Why the quote is the writer's label for a thing, or None when it may be speech."""
    if span.kind == "full" or span.end - span.start > _MAX_TERM_CHARS:
        return None
    quoted = ctx.text[span.start : span.end]
    words = tokens(quoted, 0, len(quoted))
    if not words or len(words) > MAX_TERM_WORDS:
        return None
    # A closing full stop may sit inside the marks (American style); an inner one, a "!" or a
    # "?" makes the words a sentence somebody says.
    if _SENTENCE_END.search(quoted.rstrip(" ,;:.")):
        return None
    open_pos = ctx.open_mark_pos(span)
    s_start, s_end = ctx.sentence_at(open_pos)
    before = ctx.masked[max(s_start, open_pos - 60) : open_pos]
    after_pos = _after_close(span, ctx)
    previous = _last_word(before)
    # The marker patterns are tried only where the last word could end one of them.
    ends_marker = previous in _MARKER_ENDS or previous.startswith(("sogenannt", "называем"))
    marker = _LABEL_BEFORE.search(before) if ends_marker else None
    if marker:
        return f"label: {marker.group().strip()}"
    naming = _NAMING_VERB.search(before) if previous in _NAMING_ENDS else None
    if naming and _last_word(before[: naming.start()]) in LABEL_NOUNS:
        return f"label: {_last_word(before[: naming.start()])} {naming.group(1)}"
    following = _first_word(ctx.masked, after_pos, s_end)
    linked = _cue_linked(span, ctx) or bool(ctx.acts_between(s_start, s_end))
    # A name ("the 'Zapad' exercises") is a label whoever speaks around it; a lowercase
    # word in a sentence of reported speech ("its 'broken' system") may be the speaker's.
    named = quoted.lstrip(" '‘\"“«„")[:1].isupper()
    if following in LABEL_NOUNS and (named or not linked):
        return f"label noun after: {following}"
    # Words that make a clause ("was unfair", "will win") are somebody's sentence cut
    # short, not the name of a thing.
    clause = any(w.group().casefold() in _CLAUSE_MARKERS for w in words)
    if previous in LABEL_NOUNS and _label_noun_before(before, linked or clause):
        return f"label noun before: {previous}"
    if clause:
        return None
    titled = _title_words(quoted)
    # In a headline set in title case every phrase looks like a title: there only a
    # preposition ("On 'Meet The Press'") marks one, and "To" opens an infinitive instead
    # ("Asks Men To 'Redefine Masculinity'").
    headline = titled and _title_case(ctx.masked, s_start, s_end)
    if titled and _PREPOSITION_BEFORE.search(before) and not (headline and previous == "to"):
        return "title words after a preposition or possessive"
    if titled and not headline and not linked:
        return "title words, no speech verb"
    if linked:
        return None
    if (
        previous in _DETERMINERS
        and following
        and following.isalpha()
        and following.islower()
        and following not in _NOT_NOUN
        and not ctx.lexicon.verbs.fullmatch(following)
    ):
        return f"noun head after: {following}"
    if len(words) <= MAX_SCARE_WORDS:
        return "scare quotes: no speech verb in the sentence"
    return None


def _label_noun_before(before: str, linked: bool) -> bool:
    """Whether the label noun ending ``before`` names the quoted thing.

    "Operation 'X'" and "the film 'X'" do; in "called the plan 'a farce'" a speech verb
    governs the words, and in "Dr. Paul Song 'was…'" the noun is part of a name.
    """
    found = tokens(before, max(0, len(before) - 60), len(before))
    noun = found[-1].group()
    previous = found[-2].group() if len(found) > 1 else ""
    if noun[:1].isupper():
        return not previous[:1].isupper()
    return not linked


def _cue_linked(span: Span, ctx: Context) -> bool:
    """Whether a speech verb with a person as its subject stands right next to the quote."""
    cues = (cue_after(span, ctx), cue_before(span, ctx), closing_cue(span, ctx))
    for cue in (*cues, opening_label(span, ctx)):
        if cue is not None and cue.subject.kind in ("name", "role", "other", "pronoun"):
            return True
    s_start, s_end = ctx.sentence_at(ctx.open_mark_pos(span))
    return bool(
        ctx.matches(ctx.lexicon.according_to, s_start, s_end)
        or ctx.matches(ctx.lexicon.according_after, s_start, s_end)
        or ctx.matches(ctx.lexicon.quote_verbs, s_start, s_end)
        or ctx.matches(ctx.lexicon.participles, s_start, s_end)
    )


def _title_words(quoted: str) -> bool:
    """Two or more words, each longer than three letters capitalised: "Union Shield"."""
    words = [w.group() for w in tokens(quoted, 0, len(quoted))]
    long = [w for w in words if len(w) > 3 and w.isalpha()]
    return len(words) >= 2 and len(long) >= 2 and all(w[0].isupper() for w in long)


# A sentence is set in title case when this share of its longer words is capitalised.
_TITLE_CASE_SHARE = 0.8
_TITLE_CASE_MIN_WORDS = 3


def _title_case(text: str, start: int, end: int) -> bool:
    """Whether the writer's words of a sentence (quotes masked) are in title case, as a
    headline is: "Saldana Asks Men To 'Redefine Masculinity'"."""
    words = [
        w.group()
        for w in tokens(text, start, end)
        if len(w.group()) > 3 and w.group().isalpha() and set(w.group()) != {"x"}
    ]
    if len(words) < _TITLE_CASE_MIN_WORDS:
        return False
    return sum(w[0].isupper() for w in words) >= _TITLE_CASE_SHARE * len(words)


def _after_close(span: Span, ctx: Context) -> int:
    close = ctx.close_mark_pos(span)
    return span.end if close is None else close + len(span.close_mark or "")


def _last_word(text: str, fold: bool = True) -> str:
    found = tokens(text, max(0, len(text) - 40), len(text))
    if not found or text[found[-1].end() :].strip():
        return ""
    return found[-1].group().casefold() if fold else found[-1].group()


_FIRST_WORD = re.compile(r"[ \t]*(\w[\w'’-]*)")


def _first_word(text: str, start: int, end: int) -> str:
    found = _FIRST_WORD.match(text, start, end)
    return found.group(1).casefold() if found else ""
