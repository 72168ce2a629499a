"""Speaker phrases: the words next to a speech verb, and who they name.

A speaker phrase is a short run of words with nothing but spaces between them ("the
long-serving Belarusian leader", "Kremlin spokesman Dmitry Peskov", "he"). It resolves by its
head, the rightmost name or title in it, so "Putin's spokesman Dmitry Peskov" is Peskov and
"Russian Defence Minister Andrei Belousov" is not Shoigu.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Literal

from quotes.attribute.lexicon import Lexicon
from quotes.attribute.registry import Mention, Registry

# "invalid": the words are not a noun phrase at all ("dismissing reports"), so no speaker.
PhraseKind = Literal["name", "role", "pronoun", "outlet", "other", "invalid"]

# A soft hyphen or zero-width character inside a word keeps it one word ("Pes\u00adkov").
_TOKEN = re.compile("\\w+(?:[-‐'’.\u00ad\u200b\u200c\u200d\u2060\ufeff]\\w+)*['’]?")
# Abbreviations whose full stop does not end a phrase ("U.S. President", "Mr. Peskov"):
# honorifics and ranks that stand before a name, so "Sen. Ted Cruz" stays one mention.
HONORIFICS = frozenset(
    {
        "Mr", "Mrs", "Ms", "Mx", "Messrs", "Dr", "Prof", "Rev", "Hon", "Atty", "Amb",
        "Rep", "Reps", "Sen", "Sens", "Gov", "Govs", "Pres", "Supt", "Insp", "Det",
        "Gen", "Gens", "Lt", "Col", "Maj", "Capt", "Cmdr", "Adm", "Brig", "Sgt", "Cpl", "Pvt",
        "Mme", "Mlle", "Hr", "Fr", "Jr", "Sr", "St",
    }
)  # fmt: skip
_ABBREVIATIONS = HONORIFICS | {"U.S", "U.K", "U.N", "E.U"}
# Words joining two speakers into one phrase ("Putin and Lukashenko said").
_CONJUNCTIONS = frozenset({"and", "и", "und"})
# Phrase stops whose next words are their object, never a subject: "…, on Friday said"
# ("As Putin said", "this source said", "About four in 10 voters say" keep what follows).
# Phrase stops that are also conjunctions opening a clause ("after Trump told").
_CLAUSE_OPENERS = frozenset("after before since until when while once because".split())
# Auxiliaries before a verb: they make the words before them a clause's subject.
_AUXILIARIES = frozenset("had has have was were is are would will could did does".split())
_OBJECT_PREPOSITIONS = frozenset(
    "on in during to from with by into amid despite via following".split()
)
# Words that join a second clause to the first, sharing its subject ("… and said").
_CLAUSE_JOINERS = _CONJUNCTIONS | {"but", "then", "or", "aber", "dann", "но", "а", "затем"}
MAX_PHRASE_TOKENS = 8
# "the president", "the veteran leader": a title with no name or country to pin it down.
_BARE_TITLE = re.compile(
    r"(?i:the|this|that)\s+(?:[a-z][\w-]*\s+){0,2}?"
    r"(\w+(?:\s+(?i:of)\s+(?i:state|the\s+kremlin))?)"
)


@dataclass(frozen=True, slots=True)
class Phrase:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a speaker phrase stands for: a registry speaker, a pronoun, or someone else."""

    kind: PhraseKind
    speaker: str | None
    surface: str
    start: int
    end: int
    gender: str | None = None
    # For a bare title used like a pronoun ("the president"): what the antecedent's role is.
    title: str | None = None
    # Whether the phrase names someone (a name or title), not just "the ministry".
    named: bool = False

    def is_someone(self, pronoun: bool = True) -> bool:
        """Whether the phrase stands for a person who may speak: a registry name or role,
        someone else it names, or (unless ``pronoun`` is False) a pronoun."""
        return (
            self.kind in ("name", "role")
            or (pronoun and self.kind == "pronoun")
            or (self.kind == "other" and self.named)
        )


def tokens(text: str, start: int, end: int) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text, start, end))


def iter_tokens(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``tokens`` one by one, for a reader that stops after a few words of a long sentence."""
    return _TOKEN.finditer(text, start, end)


_SPACE = re.compile(r"\s")


def last_tokens(text: str, start: int, end: int, count: int) -> list[re.Match[str]]:
    """The tail of ``tokens(text, start, end)``: at least its last ``count`` tokens.

    A token never holds a space, so scanning from just after one finds the same tokens the
    scan from ``start`` finds there; only as much of a long sentence is read as it takes.
    """
    reach = 32 * count
    while True:
        lo = max(start, end - reach)
        if lo > start:
            space = _SPACE.search(text, lo, end)
            lo = space.end() if space else end
        found = tokens(text, lo, end) if lo < end else []
        if lo <= start or len(found) >= count:
            return found
        reach *= 2


def _joined(text: str, left: re.Match[str], right_start: int) -> bool:
    """Whether only spaces (or an abbreviation's full stop) stand between two words."""
    gap = text[left.end() : right_start]
    if not gap.strip():
        return "\n" not in gap
    word = left.group()
    return (
        gap.strip() == "."
        and not gap.startswith(". \n")
        and (
            word in _ABBREVIATIONS
            or (len(word) == 1 and word.isupper())
            or _INITIALS.fullmatch(word) is not None
        )
    )


# Initials written together: "G.K. Butterfield", "J.R.R. Tolkien".
_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]")


def _name_part(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """Whether capitalised ``right`` goes on the capitalised name ``left`` is part of.

    One language's small word is another's name part ("Kim Jong Un": Latvian "un" is "and"),
    so a stop word written with a capital right after a capitalised word stays in the name.
    """
    return (
        right.group()[:1].isupper()
        and left.group()[:1].isupper()
        and _joined(text, left, right.start())
    )


def is_masked(token: str) -> bool:
    """A token of a quote's blanked content (with a single-mark quote's apostrophe)."""
    # Most tokens are words: the first character settles them without building a set.
    return token[:1] in _MASK_OPENERS and set(token.strip("'’")) == {"x"}


_MASK_OPENERS = frozenset("x'’")


# A verb's spelling that is also a plural noun, read after a possessive ("Putin's claims").
_NOUN_PLURAL = re.compile(r"[a-z]+s\b")
# Words before which a speech verb's spelling is a noun: "the claims", "his remarks".
_DETERMINERS = frozenset("the a an his her its their our my your these those this".split())


def _rstrip_pos(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    return end


# Clause words that are also prepositions: a name right after one is their object.
_OBJECT_TAKERS = frozenset({"to", "of", "for", "with", "from", "about", "against"})
_RELATIVES = frozenset({"who", "that", "which", "whom"})
# A relative clause's verb: a past form ("who met Putin", "that backed Lukashenko").
PAST_FORM = re.compile(
    r"[a-z]+ed|met|saw|knew|took|gave|won|beat|made|heard|told|left|led|sent|wrote|fought"
    r"|ran|sat|stood|spoke|thought|brought|caught|became|chose|drove|flew|hit|lost|paid|sold"
)


def subject_before(text: str, verb_start: int, floor: int, lex: Lexicon) -> Phrase | None:
    """The speaker phrase ending just before a verb: "Peskov [also] said", "he further said".

    Walks back over words joined by spaces, skips the adverbs that may sit before the verb,
    and steps over a prepositional phrase ("Lukashenko on Thursday said").
    """
    run: list[re.Match[str]] = []
    verb_start = _before_tag(text, _before_between(text, verb_start, floor, lex), floor)
    cursor = verb_start
    for tok in reversed(last_tokens(text, floor, verb_start, MAX_PHRASE_TOKENS + 3)):
        if not _joined(text, tok, cursor):
            break
        word = tok.group()
        folded = word.casefold()
        if (
            folded in lex.pronouns
            and folded in lex.clause_words
            and all(r.group().casefold() in lex.between for r in run)
        ):
            # "it said", "I wrote": a pronoun that elsewhere opens a clause is the subject
            return Phrase(tok.start(), tok.end(), word)
        if is_masked(word) or folded in lex.clause_words or lex.verbs.fullmatch(word):
            if (
                run
                and folded in _RELATIVES
                and PAST_FORM.fullmatch(run[0].group())
                and any(r.group()[:1].isupper() for r in run)
            ):
                # "the man who met Putin said": the relative clause is the head's; the
                # subject is the person before "who" (no comma: "Putin, who met X" is the
                # relative's own act); "messages that appeared" name no speaker.
                if (
                    folded == "who"
                    and text[tok.start() - 1 : tok.start()] == " "
                    and tok.start() > floor
                ):
                    return subject_before(text, tok.start(), floor, lex)
                return None
            if not (run and folded in _OBJECT_TAKERS and run[0].group()[:1].isupper()):
                break
            # "a source close to Peskov said": the name is the object of "to"; the phrase
            # goes on to its head, which resolve() then takes for the speaker, not Peskov.
            if any(r.group().casefold() in _OBJECT_TAKERS for r in run):
                break
        run.insert(0, tok)
        cursor = tok.start()
        if len(run) >= MAX_PHRASE_TOKENS + 3:
            break
    if (
        run
        and run[-1].end() == _rstrip_pos(text, verb_start)
        and run[-1].group().casefold() in _DETERMINERS
    ):
        return None  # "against the claims", "his remarks": the "verb" is a noun
    if run and run[-1].group().endswith(("'s", "’s")) and _NOUN_PLURAL.match(text, verb_start):
        return None  # "Zelensky's claims", "Putin's remarks": a possessive before a noun
    auxiliary = False  # "after the man had posted": a clause of its own, with a verb form
    while run and (run[-1].group().casefold() in lex.between or _manner_adverb(run[-1].group())):
        if len(run) == 1 and _modal_as_name(text, run[0], verb_start):
            break  # '"…," Will wrote.'
        auxiliary = auxiliary or run[-1].group().casefold() in _AUXILIARIES
        run.pop()  # "Putin has also said", "Clinton has repeatedly said"
    if not run or run[-1].group().casefold() in _CLAUSE_JOINERS:
        return None  # "…, and said": a second clause with no subject of its own
    # "Lukashenko on Thursday said": the subject is what stands before the preposition.
    for i, tok in enumerate(run):
        if (
            tok.group().casefold() in lex.phrase_stops
            and tok.group().casefold() not in _CONJUNCTIONS
            and not (i > 0 and _name_part(text, run[i - 1], tok))
        ):
            if (
                (
                    tok.group().casefold() in _CLAUSE_OPENERS
                    # "Putin watched as Shoigu said": "as" after a verb opens a clause;
                    # after a name it is a role ("Medvedev as president said").
                    or (tok.group().casefold() == "as" and i > 0 and run[i - 1].group().islower())
                )
                and i + 1 < len(run)
                and (
                    all(t.group()[:1].isupper() for t in run[i + 1 :])
                    or (auxiliary and i + 1 < len(run))
                    or (run[-1].group()[:1].isupper() and len(run) - i > 2)
                )
                and run[i + 1].group() not in lex.not_names
                and not run[i + 1].group().endswith("ing")  # "Putin after meeting Xi said"
            ):
                # "… a statement after Trump told …", "after Republican contender Ann Baker
                # told", "after the man had posted": the conjunction opens a clause whose
                # subject is what follows it ("Putin after the talks said" keeps Putin).
                run = run[i + 1 :]
                break
            if i == 0 and tok.group().casefold() in _OBJECT_PREPOSITIONS:
                # "…, on Friday described": the preposition's object is no subject; one
                # may follow it ("in June she said"), else it stands further back.
                if len(run) <= 2:
                    return None
                run = run[1:]  # head_subject then finds the pronoun after the time
                break
            run = run[:i] if i > 0 else run[1:]
            break
    if len(run) > MAX_PHRASE_TOKENS:
        # "Jeffrey Lewis of the James Martin Center for Nonproliferation Studies wrote": too
        # long for a speaker phrase; a name before its first "of" is the head.
        of = next((i for i, t in enumerate(run) if t.group() == "of"), None)
        if (
            of is not None
            and 0 < of <= _NAME_WORDS
            and all(t.group()[:1].isupper() for t in run[:of])
        ):
            run = run[:of]
    run = run[-MAX_PHRASE_TOKENS:]
    for i in range(len(run) - 2, 0, -1):
        # "a woman asked for a photo and Baker said": a conjunction after a common noun
        # opens a clause whose subject is the name after it ("Baker and Holt said" is one
        # subject, "the senator and Democratic candidate said" one description).
        if (
            run[i].group().casefold() in _CLAUSE_JOINERS
            and run[i - 1].group().islower()
            and (
                all(t.group()[:1].isupper() for t in run[i + 1 :])
                or (i + 2 == len(run) and run[i + 1].group().casefold() in lex.pronouns)
            )
        ):
            run = run[i + 1 :]
            break
    while run and run[0].group().casefold() in _CONJUNCTIONS:
        run = run[1:]  # '"…" and Donald Trump says': the conjunction opens a new clause
    while run and run[0].group()[0].isdigit():
        run = run[1:]  # a time stamp or a number opening the line ("09:40 Zelensky said")
    if (
        len(run) > 1
        and run[-1].group().casefold() in lex.pronouns
        and run[-2].group().islower()
        and not run[-2].group().isascii()
        and run[-2].group().casefold() not in lex.between
    ):
        # "После встречи он заявил": the pronoun after a phrase of time (in English a
        # lowercase word before "he" belongs to a clause of its own: "had decimated").
        run = run[-1:]
    if not run:
        return None
    return Phrase(run[0].start(), run[-1].end(), text[run[0].start() : run[-1].end()])


# A parenthesis as short as a party and state tag: "Sen. Ann Baker (D-Ohio) said".
_MAX_TAG_CHARS = 24


def _manner_adverb(word: str) -> bool:
    """A lowercase -ly word ("repeatedly", "quietly"): how or when, never who."""
    return word.islower() and len(word) > 4 and word.endswith("ly")


def _before_between(text: str, verb_start: int, floor: int, lex: Lexicon) -> int:
    """``Sen. Ann Baker (D-Ohio) has said``: where the adverbs and auxiliaries before the
    verb start, when a parenthesis stands right before them (``verb_start`` otherwise)."""
    if text.rfind(")", max(floor, verb_start - 40), verb_start) < 0:
        return verb_start  # most verbs have no tag near them: skip the reading
    words = last_tokens(text, floor, verb_start, 3)
    cursor = verb_start
    for tok in reversed(words):
        if tok.group().casefold() not in lex.between or not _joined(text, tok, cursor):
            break
        cursor = tok.start()
    if cursor == verb_start or _before_tag(text, cursor, floor) == cursor:
        return verb_start
    return cursor


def _before_tag(text: str, verb_start: int, floor: int) -> int:
    """Where a short parenthesis right before a verb starts (``verb_start`` if none)."""
    end = verb_start
    while end > floor and text[end - 1] in " \t":
        end -= 1
    if end <= floor or text[end - 1] != ")":
        return verb_start
    opening = text.rfind("(", max(floor, end - _MAX_TAG_CHARS), end)
    if opening < 0 or any(ch in text[opening + 1 : end - 1] for ch in "()\n"):
        return verb_start
    while opening > floor and text[opening - 1] in " \t":
        opening -= 1
    return opening


def trailing_name(text: str, start: int, verb_start: int) -> Phrase | None:
    """The capitalised words right before a verb (a party tag skipped), or None:
    "Saturday at the convention Sen. Ann Baker (D-MA) said" gives "Sen. Ann Baker"."""
    end = _before_tag(text, verb_start, start)
    run = last_tokens(text, start, end, MAX_PHRASE_TOKENS)
    if not run or text[run[-1].end() : end].strip():
        return None
    i = len(run) - 1
    if not run[i].group()[:1].isupper():
        return None
    while i > 0 and run[i - 1].group()[:1].isupper() and _joined(text, run[i - 1], run[i].start()):
        i -= 1
    return Phrase(run[i].start(), run[-1].end(), text[run[i].start() : run[-1].end()])


def head_subject(text: str, phrase: Phrase, lex: Lexicon) -> Phrase:
    """The pronoun closing a phrase that opens with a time word: "September she" is "she"."""
    run = tokens(text, phrase.start, phrase.end)
    if len(run) < 2:
        return phrase
    for i in range(len(run) - 1, 0, -1):
        if run[i].group().casefold() in lex.pronouns:
            return Phrase(run[i].start(), phrase.end, text[run[i].start() : phrase.end])
    return phrase


# Modal verbs that are also names ("Will", "May"): before a finite verb ("Will wrote",
# "May said") the word is the subject; a modal takes a bare form ("will write").
_NAME_MODALS = frozenset({"will", "may"})
_FINITE = re.compile(r"\w+(?:ed|s)|said|wrote|told|spoke|sang|put")


def _modal_as_name(text: str, tok: re.Match[str], verb_start: int) -> bool:
    word = tok.group()
    if word.casefold() not in _NAME_MODALS or not word[:1].isupper() or word.isupper():
        return False
    verb = _TOKEN.match(text, verb_start)
    return verb is not None and _FINITE.fullmatch(verb.group()) is not None


def coordinated(text: str, verb_start: int, floor: int, lex: Lexicon) -> bool:
    """Whether the verb opens a second clause with no subject of its own: "…, and said"."""
    before = last_tokens(text, floor, verb_start, 2)
    if not before:
        return False
    last = before[-1]
    if text[last.end() : verb_start].strip():
        return False
    word = last.group().casefold()
    if word in lex.between and len(before) > 1:
        last, word = before[-2], before[-2].group().casefold()
    return word in _CLAUSE_JOINERS


# Articles that open a noun phrase of their own after a name: the verb's object.
_OBJECT_ARTICLES = frozenset("the a an der die das den dem des ein eine einen einem".split())


def subject_after(text: str, verb_end: int, ceiling: int, lex: Lexicon) -> Phrase | None:
    """The speaker phrase just after a verb: "said Peskov", "said the Kremlin spokesman"."""
    run: list[re.Match[str]] = []
    cursor = verb_end
    for tok in iter_tokens(text, verb_end, ceiling):
        gap = text[cursor : tok.start()]
        if run and not _joined(text, run[-1], tok.start()):
            break
        if not run and gap.strip():
            break
        word = tok.group().casefold()
        # After the verb a capitalised word is a name, whatever another language's clause
        # word it spells ("said Jo Baker": Latvian "jo" is "because").
        named = tok.group()[:1].isupper() and len(tok.group()) > 1
        if is_masked(word) or word in lex.phrase_stops or (word in lex.clause_words and not named):
            break
        if lex.verbs.fullmatch(tok.group()) or lex.participles.fullmatch(tok.group()):
            break
        if not run and _manner_adverb(tok.group()):
            break  # "said matter-of-factly", "said quietly": the manner, not the speaker
        if run and tok.group() in _OBJECT_ARTICLES and run[-1].group()[:1].isupper():
            break  # "kommentierte Peskow die Berichte": the object starts after the name
        if run and lex.outlets.match(text, tok.start()):
            break  # "— сообщил Песков РИА Новости": told the agency, glued to the name
        run.append(tok)
        cursor = tok.end()
        if len(run) >= MAX_PHRASE_TOKENS:
            break
    if not run:
        return None
    return Phrase(run[0].start(), run[-1].end(), text[run[0].start() : run[-1].end()])


class Shadows:
    """Which registry speakers' surnames an article also gives someone else ("Viktor
    Lukashenko"): there a bare surname may mean either, so it names neither.

    Worked out on first ask for a speaker and the stem of the surname asked about (its
    first letters: the forms of one script and spelling), with plain string search, so an
    article whose phrases never resolve to a bare surname pays nothing.
    """

    __slots__ = ("_found", "_lex", "_registry", "_text")

    def __init__(self, text: str, registry: Registry, lex: Lexicon) -> None:
        self._text, self._registry, self._lex = text, registry, lex
        self._found: dict[tuple[str, str], bool] = {}

    def shadows(self, key: str, surface: str) -> bool:
        stem = surface[:_STEM]
        known = self._found.get((key, stem))
        if known is None:
            known = self._found[(key, stem)] = self._search(key, stem)
        return known

    def _may_be_given_name(self, key: str, text: str, end: int) -> bool:
        """The cheap half of ``_another_bearer``: the word ending at ``end`` is
        capitalised and none of the words that are known to be no given name."""
        start = end
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
            start -= 1
        word = text[start:end]
        if not word[:1].isupper():
            return False
        folded = word.casefold()
        lex = self._lex
        return not (
            is_own_name_word(self._registry, key, folded)
            or folded in lex.openers
            or folded in lex.function_words
            or folded in lex.relation_nouns  # "Kritici Lukašenka": his critics, no namesake
            or word in lex.not_names
            or word in _name_words(self._registry)  # "Путину Шойгу": another speaker's name
        )

    def _search(self, key: str, stem: str) -> bool:
        text = self._text
        for form in _forms(self._registry, key, stem):
            at = text.find(form)
            while at >= 0:
                end = at + len(form)
                # Cheap checks first: a whole word, after one space and a capitalised word.
                if (
                    at >= 2
                    and text[at - 1] == " "
                    and text[at - 2].isalpha()
                    and (end == len(text) or not text[end].isalnum())
                    and self._may_be_given_name(key, text, at - 1)
                    and _another_bearer(
                        text, Mention(at, end, form, key, "name"), self._registry, self._lex
                    )
                ):
                    return True
                at = text.find(form, end)
        return False


# How many first letters of a surname make its stem: "Lukas" holds Lukashenko, Lukashenka
# and Lukaschenko; "Лукаш" the Russian and Belarusian forms.
_STEM = 5


def _forms(registry: Registry, key: str, stem: str) -> tuple[str, ...]:
    """The speaker's surname forms that begin with ``stem`` (cached per registry)."""
    per_registry = _FORMS.get(registry)
    if per_registry is None:
        per_registry = _FORMS[registry] = {}
    found = per_registry.get((key, stem))
    if found is None:
        forms = registry.get(key).surnames
        found = per_registry[(key, stem)] = tuple(f for f in forms if f.startswith(stem))
    return found


_FORMS: weakref.WeakKeyDictionary[Registry, dict[tuple[str, str], tuple[str, ...]]] = (
    weakref.WeakKeyDictionary()
)


def unshadowed(found: Resolved, shadowed: Shadows | None) -> Resolved:
    """``found`` with no registry speaker when it is a shadowed speaker's bare surname."""
    if found.speaker is None or found.kind != "name" or " " in found.surface.strip():
        return found
    if shadowed is None or not shadowed.shadows(found.speaker, found.surface):
        return found
    return Resolved("other", None, found.surface, found.start, found.end, named=True)


def resolve(phrase: Phrase, day: date | None, registry: Registry, lex: Lexicon) -> Resolved:
    """Who a speaker phrase names, by its head: the rightmost name, title or unknown name."""
    # The answer depends on the words and the date only, and the same few phrases ("he",
    # "Lukashenko said") come back in every article: resolve each once, at offset 0, and move
    # the answer to where the phrase stands.
    cache = _cache(registry, lex)
    length = phrase.end - phrase.start
    entry = cache.get((phrase.text, length))
    # Only a role's holder depends on the date: a role's entry holds one answer per day,
    # any other phrase one answer for every day.
    found = entry.get(day) if isinstance(entry, dict) else entry
    if found is None:
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
            entry = None
        found = _resolve(Phrase(0, length, phrase.text), day, registry, lex)
        if entry is None and not registry.names_a_role(phrase.text):
            cache[(phrase.text, length)] = found
        else:
            by_day = entry if isinstance(entry, dict) else {}
            by_day[day] = found
            cache[(phrase.text, length)] = by_day
    if phrase.start == 0:
        return found
    return Resolved(
        found.kind,
        found.speaker,
        found.surface,
        found.start + phrase.start,
        found.end + phrase.start,
        found.gender,
        found.title,
        found.named,
    )


_CACHE_SIZE = 4_096
_ResolveCache = dict[tuple[str, int], Resolved | dict[date | None, Resolved]]
# Per registry (weakly held), then per lexicon; the lexicon is kept alive with its cache so
# its id cannot be reused by another while the entry exists.
_CACHES: weakref.WeakKeyDictionary[Registry, dict[int, tuple[Lexicon, _ResolveCache]]] = (
    weakref.WeakKeyDictionary()
)


def _cache(registry: Registry, lex: Lexicon) -> _ResolveCache:
    # get before setdefault: a weak dictionary's setdefault builds a new weak reference on
    # every call, and this runs for every phrase resolved.
    per_lexicon = _CACHES.get(registry)
    if per_lexicon is None:
        per_lexicon = _CACHES.setdefault(registry, {})
    entry = per_lexicon.get(id(lex))
    if entry is None or entry[0] is not lex:
        entry = per_lexicon[id(lex)] = (lex, {})
    return entry[1]


def _resolve(phrase: Phrase, day: date | None, registry: Registry, lex: Lexicon) -> Resolved:
    # "Then he said", "But Putin said": an opener or a conjunction is no part of the speaker
    # (the phrase keeps it, so the clause is still seen to start where it stood).
    opener = _OPENER.match(phrase.text)
    while opener and opener.group(1).casefold() in lex.openers and opener.end() < len(phrase.text):
        cut = opener.end()
        phrase = Phrase(phrase.start + cut, phrase.end, phrase.text[cut:])
        opener = _OPENER.match(phrase.text)
    words = phrase.text.split()
    if len(words) == 1 and words[0].casefold() in lex.pronouns:
        gender = lex.pronouns[words[0].casefold()] or None
        return Resolved("pronoun", None, phrase.text, phrase.start, phrase.end, gender)
    if _not_a_noun_phrase(words, lex) or _not_a_speaker(words, lex):
        return Resolved("invalid", None, phrase.text, phrase.start, phrase.end)
    names = [
        m
        for m in registry.find_names(phrase.text)
        if not m.possessive
        and not _another_bearer(phrase.text, m, registry, lex)
        and not _possessor(phrase.text, m, registry)
    ]
    roles = [
        m
        for m in registry.find_roles(phrase.text, day)
        if not m.possessive and not _not_current(phrase.text[: m.start])
    ]
    if len({n.speaker for n in names}) > 1:
        # "— доложил Шойгу Путину": of two speakers' names, one in an oblique case (the
        # one reported to) is no head; the other is.
        direct = [
            n for n in names if n.surface.split()[-1] not in _oblique_forms(registry, n.speaker)
        ]
        names = direct or names
    for a, b in pairwise(sorted(names, key=lambda n: n.start)):
        if a.speaker != b.speaker and not phrase.text[a.end : b.start].strip():
            # "ütles Šoigu Putinile": two speakers' names side by side are a subject and
            # the one addressed, never one name; the first speaks.
            names = [n for n in names if n is not b]
    # "пресс-секретарь Путина" (Putin's press secretary), "mluvčí Putina": a name inside
    # a role's words is the role holder's principal, in the genitive; the holder speaks.
    names = [
        n
        for n in names
        if not any(r.start <= n.start and n.end <= r.end and r.speaker != n.speaker for r in roles)
    ]
    covered = [(m.start, m.end) for m in (*registry.find_names(phrase.text), *roles)]
    unknown = [
        tok
        for i, tok in enumerate(_TOKEN.finditer(phrase.text))
        if _looks_like_name(tok.group(), lex)
        and not any(s <= tok.start() < e for s, e in covered)
        and not (i == 0 and tok.group().casefold() in lex.pronouns)
    ]
    speakers = {m.speaker for m in names}
    if len(speakers) > 1 and any(w.casefold() in _CONJUNCTIONS for w in words):
        return _other(phrase)  # a joint statement is nobody's alone
    candidates: list[tuple[int, int, PhraseKind, str | None, int]] = [
        (m.end, 2, "name", m.speaker, m.start) for m in names
    ]
    candidates += [(m.end, 1, "role", m.speaker, m.start) for m in roles]
    candidates += [(t.end(), 0, "other", None, t.start()) for t in unknown]
    if not names and not roles:
        # "noted the Head of State", "said the head of the Kremlin": a title in capitals is
        # still a bare title, pointing back like a pronoun, not somebody's name.
        titled = _bare_title(phrase, words, lex)
        if titled is not None:
            return titled
    if candidates:
        end, _, kind, speaker, start = max(candidates)
        if _owned_by_noun(phrase.text[:start], lex) or (
            speaker is not None
            and (
                _object_of_preposition(phrase.text[:start])
                or _noun_after(phrase.text[end:], lex)
                or _relation_before(phrase.text[:start], lex)
            )
        ):
            # "a claim Peskov denied", "Critics of Putin", "a source close to Peskov": the
            # claim, the critics, the source are the head, not the name.
            return _other(phrase)
        if kind == "other":
            return Resolved("other", None, phrase.text, phrase.start, phrase.end, named=True)
        return Resolved(
            kind,
            speaker,
            phrase.text[start:end],
            phrase.start + start,
            phrase.start + end,
            named=True,
        )
    if _outlet_head(phrase.text, lex):
        return Resolved("outlet", None, phrase.text, phrase.start, phrase.end)
    return _bare_title(phrase, words, lex) or _other(phrase)


_GERMAN_ARTICLES = frozenset("der die das den dem".split())


def _bare_title(phrase: Phrase, words: list[str], lex: Lexicon) -> Resolved | None:
    """A title standing for its holder: "the president", "the Head of State", German
    "das Staatsoberhaupt", Russian (with no article) "глава государства"."""
    bare_title = _BARE_TITLE.fullmatch(phrase.text)
    noun = " ".join(bare_title.group(1).casefold().split()) if bare_title else ""
    if not noun and words:
        if words[0].casefold() in _GERMAN_ARTICLES:
            noun = " ".join(words[1:]).casefold()  # "das Staatsoberhaupt"
        elif not phrase.text.isascii() and phrase.text[:1].islower():
            noun = " ".join(words).casefold()  # no article at all: "глава государства"
    if noun in lex.title_nouns and not any(w.casefold() in _NOT_CURRENT for w in words):
        title = lex.title_nouns[noun]
        return Resolved("pronoun", None, phrase.text, phrase.start, phrase.end, None, title)
    return None


# Words that start a prepositional phrase, never a speaker's name.
_PREPOSITIONS = frozenset(
    """
    of as by for from with about into onto over under than around rather despite against
    through without between among toward towards across like unlike amid
    """.split()
)


def _not_a_noun_phrase(words: list[str], lex: Lexicon) -> bool:
    """Words that are a clause or a prepositional phrase, not a noun phrase that speaks.

    A leading participle ("dismissing reports") or preposition, a lowercase auxiliary or a
    pronoun opening more words, a past form before a determiner, an ending auxiliary or
    determiner. "the long-serving leader", "the visiting minister" are fine.
    """
    if not words or words[0].casefold() in _PREPOSITIONS:
        return True
    first, last = words[0], words[-1]
    # "the convention represented the", "Mr. Rubio had"; in "a member of the", a quote has
    # cut the phrase ('a member of the "Zapad" staff said').
    if last in _AUXILIARIES or (
        last in _DETERMINERS and not (len(words) > 1 and words[-2] in _PREPOSITIONS)
    ):
        return True
    if len(words) > 1 and any(w in _AUXILIARIES for w in words[:-1]):
        return True  # "has set up a website", "the movement have ever": a clause
    if (
        len(words) > 1
        and first.islower()
        and first in lex.pronouns
        and not all(w in lex.between or w.endswith("ly") for w in words[1:])
    ):
        return True  # "he heard Mateen talk of": a clause of its own ("he only" is fine)
    if any(w.islower() and w.endswith("ed") and nxt in _DETERMINERS for w, nxt in pairwise(words)):
        return (
            True  # "(Jindal) signed an order": a verb and its object ("unnamed officials" is fine)
        )
    if len(words) == 1 and first.islower() and first.endswith("ly"):
        return True  # "clearly": an adverb alone
    return first.islower() and len(first) > 5 and first.endswith("ing")


# A speaker phrase never ends with a determiner or an auxiliary, nor opens with a lowercase
# auxiliary: the words are a clause cut short.
_AUXILIARIES = frozenset(
    "had has have was were is are would will could did does should can cannot may might".split()
)


_OPENER = re.compile(r"([\w'’]+),?\s+")


_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those"})


def _owned_by_noun(before: str, lex: Lexicon) -> bool:
    """Whether the words before a name make a noun phrase of their own ("a claim", "the
    spokesperson for"): a determiner, then a common word no name phrase holds."""
    words = before.split()
    return (
        bool(words)
        and words[0].casefold() in _DETERMINERS
        and any(w.islower() and w not in lex.name_phrase_words for w in words[1:])
    )


_NAME_WORDS = 4  # the most words a person's name takes ("Mary Ann de Souza")
# Prepositions whose object a name is when words stand before them ("Critics of Putin").
_HEAD_PREPOSITIONS = frozenset(
    "of to for near with from about against by at behind around inside within among de du des"
    " von".split()
)


def _noun_after(after: str, lex: Lexicon) -> bool:
    """Whether common words follow a name in its phrase ("A Putin ally"): the name is a
    modifier, the noun after it the head."""
    words = after.split()
    # At most two nouns, none a preposition: "Lukashenko in an interview", Czech
    # "Lukašenko v rozhovoru" (one-letter prepositions no list holds) have their head.
    return 0 < len(words) <= 2 and all(
        w.islower() and len(w) > 2 and w not in lex.between and w not in lex.phrase_stops
        for w in words
    )


# Words before a role that say its holder is not the one of the day ("the former Russian
# president", "the next", "ex-"): the role names nobody in the registry then.
_NOT_CURRENT = frozenset(
    """
    former ex late next future previous past erstwhile outgoing would-be
    бывший бывшего бывшим экс будущий колишній ehemalige ehemaliger ehemaligen früherer
    frühere bývalý bývalého były byłego buvęs bijušais endine ancien ex-président
    """.split()
)


def _not_current(before: str) -> bool:
    words = before.split()
    if not words:
        return False
    last = words[-1].casefold()
    return last in _NOT_CURRENT or last.rstrip("-") in _NOT_CURRENT or last.startswith("ex-")


def _another_bearer(text: str, mention: Mention, registry: Registry, lex: Lexicon) -> bool:
    """Whether a registry surname follows a given name that is not its speaker's ("Viktor
    Lukashenko", "Lyudmila Putina"): someone else of the family, not the registry person.

    The word before must be capitalised and joined to the surname, and none of: an opener
    or function word, a title or honorific, a word of the speaker's own names or of any
    registry role ("President", "Kremlin"), a possessive.
    """
    if " " in mention.surface.strip():
        return False  # a full name of the registry's own
    before = last_tokens(text, 0, mention.start, 1)
    if not before or text[before[-1].end() : mention.start].strip():
        return False
    word = before[-1].group()
    if not word[:1].isupper() or word.isupper() or word.endswith(("'s", "’s", "'", "’")):
        return False
    folded = word.casefold()
    if (
        folded in lex.openers
        or folded in lex.function_words
        or folded in lex.name_phrase_words
        or word in lex.not_names
        or word.rstrip(".") in HONORIFICS
        or lex.outlets.fullmatch(word)  # "цитирует БелТА Лукашенко": the agency quotes him
        or word in _name_words(registry)  # "сказал Путину Шойгу": another speaker's name
    ):
        return False
    earlier = last_tokens(text, 0, before[-1].start(), 1)
    if earlier and registry.find_names(earlier[-1].group()):
        return False  # "Lukashenko Backs Putin": a headline's verb after a name, no given name
    return not is_own_name_word(registry, mention.speaker, folded)


# A case ending a Slavic or Baltic language adds to a given name: Czech "Dmitrije",
# "Vladimirem", Polish "Władimira", Lithuanian "Vladimiro".
_GIVEN_NAME_ENDING = 3
_MIN_GIVEN_NAME = 4


def is_own_name_word(registry: Registry, key: str, folded: str) -> bool:
    """Whether casefolded ``folded`` is a word of the speaker's own names or of a registry
    role, or one of those given names with a case ending ("Dmitrije Peskova", the Czech
    genitive of Dmitrij Peskov, is Peskov, not a namesake)."""
    known = _known_name_words(registry, key)
    if folded in known:
        return True
    return any(
        len(word) >= _MIN_GIVEN_NAME
        and folded.startswith(word)
        and len(folded) - len(word) <= _GIVEN_NAME_ENDING
        for word in known
    )


# The case endings a Slavic language adds to a surname ("Путин" -> "Путина", "Putinovi"),
# which mark it as no subject. Baltic endings are left out: Lithuanian "Putinas" and
# Latvian "Putins" are nominatives, and their genitives stand before the noun.
_OBLIQUE_ENDINGS = frozenset(
    "а у е ым им ом ем і ові ім ой a u e em ovi owi ie ą ę y ego emu".split()
)


def _possessor(text: str, mention: Mention, registry: Registry) -> bool:
    """``друг Путина``, ``представитель Путина``, ``poradce Putina``: a registry surname in
    a Slavic oblique case right after a lowercase word that is none of the speaker's own
    title words is that word's modifier (the friend, the envoy), not who speaks.

    "президента Путина" (of President Putin) keeps Putin: "президент" is his title.
    """
    surname = mention.surface.split()[-1]
    if surname not in _oblique_forms(registry, mention.speaker):
        return False
    before = last_tokens(text, 0, mention.start, 1)
    if not before or text[before[-1].end() : mention.start] != " ":
        return False
    word = before[-1].group().split("-")[-1]  # "пресс-служба": its head noun
    if not word.isalpha() or not word.islower():
        return False
    return not any(
        word.startswith(own[: max(_MIN_GIVEN_NAME, len(own) - 1)])
        for own in _own_title_words(registry, mention.speaker)
    )


def is_oblique(registry: Registry, found: Resolved) -> bool:
    """Whether a registry name stands in a Slavic oblique case ("Путину", "Putinovi"): the
    one spoken to or about, never the subject."""
    if found.kind != "name" or found.speaker is None:
        return False
    return found.surface.split()[-1] in _oblique_forms(registry, found.speaker)


def _name_words(registry: Registry) -> frozenset[str]:
    """Every registry speaker's surname forms, as written (given names are left out: a
    "Vladimir" before "Peskov" is still someone else's given name)."""
    cached = _REGISTRY_WORDS.get(registry)
    if cached is None:
        cached = _REGISTRY_WORDS[registry] = frozenset(
            w for s in registry.speakers for n in s.surnames for w in n.split()
        )
    return cached


_REGISTRY_WORDS: weakref.WeakKeyDictionary[Registry, frozenset[str]] = weakref.WeakKeyDictionary()


def oblique_forms(registry: Registry) -> frozenset[str]:
    """Every registry speaker's surname forms in a Slavic oblique case, together."""
    cached = _ALL_OBLIQUE.get(registry)
    if cached is None:
        cached = _ALL_OBLIQUE[registry] = frozenset(
            f for s in registry.speakers for f in _oblique_forms(registry, s.key)
        )
    return cached


_ALL_OBLIQUE: weakref.WeakKeyDictionary[Registry, frozenset[str]] = weakref.WeakKeyDictionary()


def _oblique_forms(registry: Registry, key: str) -> frozenset[str]:
    """A speaker's surname forms that are another of his forms plus a Slavic case ending."""
    cached = _OBLIQUE_CACHE.setdefault(registry, {})
    found = cached.get(key)
    if found is None:
        forms = set(registry.get(key).surnames)
        found = cached[key] = frozenset(
            f
            for f in forms
            if any(f != g and f.startswith(g) and f[len(g) :] in _OBLIQUE_ENDINGS for g in forms)
        )
    return found


def _own_title_words(registry: Registry, key: str) -> frozenset[str]:
    """The casefolded words of a speaker's own role patterns ("президент", "российский")."""
    cached = _TITLE_WORDS_CACHE.setdefault(registry, {})
    found = cached.get(key)
    if found is None:
        found = cached[key] = frozenset(
            w.casefold()
            for role in registry.get(key).roles
            for pattern in role.patterns
            for w in re.findall(r"[^\W\d_]+", pattern)
            if len(w) >= _MIN_GIVEN_NAME
        )
    return found


_OBLIQUE_CACHE: weakref.WeakKeyDictionary[Registry, dict[str, frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)
_TITLE_WORDS_CACHE: weakref.WeakKeyDictionary[Registry, dict[str, frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


def _known_name_words(registry: Registry, key: str) -> frozenset[str]:
    """The words of a speaker's own names and of every registry role, casefolded."""
    cached = _NAME_WORDS_CACHE.get(registry)
    if cached is None:
        roles = {
            w.casefold()
            for s in registry.speakers
            for r in s.roles
            for p in r.patterns
            for w in re.findall(r"[\w-]+", p)
        }
        own = {
            s.key: frozenset(w.casefold() for n in s.names for w in n.split()) | roles
            for s in registry.speakers
        }
        cached = _NAME_WORDS_CACHE[registry] = {k: frozenset(v) for k, v in own.items()}
    return cached.get(key, frozenset())


_NAME_WORDS_CACHE: weakref.WeakKeyDictionary[Registry, dict[str, frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


def _relation_before(before: str, lex: Lexicon) -> bool:
    """Whether a noun that takes a person in the genitive ends the words before a name
    ("Критики Путина", "příznivci Lukašenka"): the critics, not Putin, are the head."""
    words = before.split()
    return bool(words) and words[-1].casefold() in lex.relation_nouns


def _object_of_preposition(before: str) -> bool:
    """Whether the words before a name end with a preposition that has a head before it."""
    words = before.split()
    return len(words) >= 2 and words[-1].casefold() in _HEAD_PREPOSITIONS


def _unpossessed(word: str) -> str:
    """``re.sub(r"['’]s?$", "", word)`` without the pattern: "Putin's" -> "Putin"."""
    if word.endswith(("'s", "’s")):
        return word[:-2]
    return word[:-1] if word.endswith(("'", "’")) else word


def _not_a_speaker(words: list[str], lex: Lexicon) -> bool:
    """Words that cannot be who spoke: only function words ("and", "the", "now", "Even"),
    or a head noun that names a thing said, not a sayer ("the words", "a comment", "oil").
    """
    bare = [_unpossessed(w).casefold() for w in words]
    if all(w in lex.function_words or w in lex.openers for w in bare):
        return True
    head = words[-1]
    if bare[-1] in lex.not_speakers and (head.islower() or len(words) == 1):
        return True  # "a comment", "oil", "Wednesday" ("said Wednesday, …")
    return head.islower() and _verb_form(head, lex, alone=len(words) == 1)


def _verb_form(word: str, lex: Lexicon, alone: bool) -> bool:
    """A word a clause ends with, not a noun phrase: a negated auxiliary ("shouldn't"), a
    pronoun's contraction ("he's"), or alone, a past form ("appeared"; "a source involved"
    is a noun phrase)."""
    if word.endswith(("n't", "n’t")):
        return True
    if word.endswith(("'s", "’s")) and word[:-2].casefold() in lex.pronouns:
        return True
    return alone and len(word) > 4 and word.endswith("ed")


def _outlet_head(text: str, lex: Lexicon) -> bool:
    """Whether the phrase is an outlet: one by name, or an outlet noun as its head ("the
    tabloid", "the state news agency"); "an agency official" is a person at an agency."""
    if lex.outlets.search(text):
        return True
    last = lex.outlet_words.search(text, max(0, len(text) - 40))
    found = None
    while last is not None:
        found = last
        last = lex.outlet_words.search(text, last.end())
    return found is not None and not text[found.end() :].strip(" '’s")


def _other(phrase: Phrase) -> Resolved:
    return Resolved("other", None, phrase.text, phrase.start, phrase.end)


def _looks_like_name(word: str, lex: Lexicon) -> bool:
    bare = re.sub(r"['’]s?$", "", word)
    return (
        bare[:1].isupper()
        # An acronym names an organisation, never a person: "— цитирует Лукашенко БЕЛТА"
        # is Lukashenko quoted by the agency, not a person called "Лукашенко БЕЛТА".
        and not (len(bare) > 1 and bare.isupper())
        and bare not in lex.not_names
        and not lex.outlets.fullmatch(bare)
        and not is_masked(bare)
    )
