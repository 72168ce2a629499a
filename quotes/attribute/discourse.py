"""Who an article is about, paragraph by paragraph: the people it names and how salient each is.

Pure: the article's text (quote contents masked), its sentences, the registry and the cue
lexicon in; a ``Discourse`` out. It lists every person mention -- registry names, surnames
and inflected forms, roles held on the article's date, and other people named by a
capitalised name phrase ("Foreign Minister Sergei Lavrov", "Mr. Smith", "Smith, a lawyer")
-- so a pronoun or a bare title ("he", "the minister") can be resolved to the most salient
compatible person named before it, however many paragraphs back (the headline and lede
included). A capitalised word that opens a sentence ("But", "When", "WATCH") is never a
person.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from quotes.attribute.lexicon import Lexicon
from quotes.attribute.registry import Registry

MentionKind = Literal["name", "role", "other"]

# Pronouns a speaker can be referred back to by, with their gender ("" when any). The cue
# lexicon lists the subject forms its sieves read; these add the object and possessive
# forms ("According to him", "quoted him as saying", "по его словам").
PRONOUN_GENDERS: dict[str, str] = {
    **dict.fromkeys(["he", "him", "his", "himself"], "m"),
    **dict.fromkeys(["she", "her", "hers", "herself"], "f"),
    **dict.fromkeys(["он", "его", "ему", "им", "нём", "нем", "него", "нему"], "m"),
    **dict.fromkeys(["она", "её", "ее", "ей", "неё", "нее", "ней"], "f"),
    **dict.fromkeys(["він", "його", "йому", "ним", "ньому", "нього"], "m"),
    **dict.fromkeys(["вона", "її", "їй", "нею", "ній", "неї"], "f"),
    **dict.fromkeys(["er", "ihn", "ihm", "sein", "seiner", "seinen", "seinem"], "m"),
    **dict.fromkeys(["sie", "ihr", "ihre", "ihrer"], "f"),
    **dict.fromkeys(["on", "jeho", "jemu", "jej", "něj", "něho", "niego"], "m"),  # cs, pl
    **dict.fromkeys(["ona", "její", "jej", "ní", "niej", "jejích"], "f"),
    **dict.fromkeys(["ta", "tema"], ""),  # Estonian: no gender
    **dict.fromkeys(["il", "lui"], "m"),  # French
    **dict.fromkeys(["elle"], "f"),
}

# Words that open sentences and are never a person, whatever their capital letter: a
# conjunction, adverb or live-blog label read as a name turned the real speaker into none.
OPENERS = frozenset(
    """
    but and or so yet nor when after before while if as although though because since until
    once then now still also even just only here there what why how who whom where which
    asked according speaking despite during over under without with by from to of not no yes
    all some many most several both each every other another such instead indeed meanwhile
    however moreover furthermore nevertheless nonetheless thus therefore hence last next
    first second third finally today yesterday tomorrow tonight overall again already perhaps
    maybe certainly clearly watch read update updated breaking photo video editor editors
    note live exclusive analysis opinion comment earlier later in on at for the a an this that
    these those it its his her their our my your we they he she i you
    но и а однако когда после также еще ещё если как так поэтому впрочем между при по в на
    aber und doch wenn als nach auch so dann noch jedoch dazu weiter zudem trotzdem bei im am
    mit laut der die das ein eine
    ale a když po také však tak pak ja ning aga kui siis
    """.split()
)

# Honorifics and titles that mark the next capitalised word as a person's name, with the
# gender they tell where they tell one.
_HONORIFICS: dict[str, str] = {
    **dict.fromkeys(["mr", "herr", "monsieur", "m", "pan", "господин"], "m"),
    **dict.fromkeys(["mrs", "ms", "miss", "frau", "madame", "mme", "paní", "pani", "госпожа"], "f"),
    **dict.fromkeys(
        ["dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "pres", "adm"], ""
    ),
}
_TITLE_WORD = re.compile(r"[a-zа-яё][\w-]*", re.IGNORECASE)
# An "X, a Y" appositive: "Smith, a lawyer for the family," makes Smith a person.
_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s+[a-z]")

# Salience: a mention's weight halves for each sentence between it and the pronoun.
SUBJECT_WEIGHT = 2.0
MENTION_WEIGHT = 1.0
POSSESSIVE_WEIGHT = 0.5
SENTENCE_DECAY = 0.5
# Titles a non-registry person's mention carries ("Foreign Minister Sergei Lavrov") are the
# lowercase words of at most this many words before the name.
_MAX_TITLE_WORDS = 4


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One place the article names a person."""

    start: int
    end: int
    surface: str
    # The registry key, or "~" + surname for someone outside the registry.
    entity: str
    speaker: str | None
    kind: MentionKind
    gender: str | None = None
    # Whether the mention opens its sentence: roughly its subject.
    subject: bool = False
    possessive: bool = False
    # Lowercased title words said with the name ("foreign minister").
    titles: tuple[str, ...] = ()
    sentence: int = 0


@dataclass(frozen=True, slots=True)
class Discourse:
    """Every person mention of one article, in order, and who a pronoun points back to."""

    mentions: tuple[PersonMention, ...]
    starts: tuple[int, ...]
    sentence_starts: tuple[int, ...]
    # Registry gender and dated role titles, by key, for compatibility checks.
    genders: dict[str, str | None]
    role_titles: dict[str, tuple[str, ...]]

    def before(self, pos: int) -> tuple[PersonMention, ...]:
        return self.mentions[: bisect.bisect_left(self.starts, pos)]

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, pos) - 1)

    def salience(self, pos: int) -> dict[str, float]:
        """Each entity's salience just before ``pos``."""
        here = self.sentence_index(pos)
        scores: dict[str, float] = {}
        for m in self.before(pos):
            if m.end > pos:
                continue
            weight = (
                POSSESSIVE_WEIGHT
                if m.possessive
                else SUBJECT_WEIGHT
                if m.subject
                else MENTION_WEIGHT
            )
            scores[m.entity] = scores.get(m.entity, 0.0) + weight * SENTENCE_DECAY ** max(
                0, here - m.sentence
            )
        return scores

    def antecedent(
        self, pos: int, gender: str | None = None, title: str | None = None
    ) -> PersonMention | None:
        """The most salient person named before ``pos`` that a pronoun or title can mean.

        ``gender`` skips people known to be of the other gender; ``title`` ("minister")
        keeps only people the article or the registry gives that title. Ties go to the
        latest mentioned. Returns that person's latest mention.
        """
        scores = self.salience(pos)
        latest: dict[str, PersonMention] = {}
        for m in self.before(pos):
            if m.end <= pos:
                latest[m.entity] = m
        ranked = sorted(scores, key=lambda e: (scores[e], latest[e].start), reverse=True)
        for entity in ranked:
            if self.compatible(entity, gender, title):
                return latest[entity]
        return None

    def compatible(self, entity: str, gender: str | None, title: str | None) -> bool:
        known = self.gender_of(entity)
        if gender and known and known != gender:
            return False
        if title:
            titles = self.role_titles.get(entity, ()) + self.titles_of(entity)
            return any(title in t for t in titles)
        return True

    def gender_of(self, entity: str) -> str | None:
        if entity in self.genders:
            return self.genders[entity]
        found = {m.gender for m in self.mentions if m.entity == entity and m.gender}
        return found.pop() if len(found) == 1 else None

    def titles_of(self, entity: str) -> tuple[str, ...]:
        return tuple(t for m in self.mentions if m.entity == entity for t in m.titles)

    def only_one_named(self, keys: Sequence[str], pos: int) -> str | None:
        """The one of ``keys`` the article named before ``pos``; None if none or several.

        Two people sharing a surname ("Kim") are told apart only when the article has named
        just one of them so far; when it named both, a bare "Kim" is left unresolved.
        """
        named = {m.speaker for m in self.before(pos) if m.speaker in keys and m.end <= pos}
        return named.pop() if len(named) == 1 else None


@lru_cache(maxsize=8192)
def is_opener(word: str) -> bool:
    """Whether a capitalised word is a function word or label, never a person's name."""
    bare = word.rstrip(".:").replace("’", "'")
    if bare.casefold() in OPENERS:
        return True
    return len(bare) > 1 and bare.isupper() and bare.isalpha() and len(bare) > 4


def build_discourse(
    masked: str,
    sentences: Sequence[tuple[int, int]],
    registry: Registry,
    lexicon: Lexicon,
    day: date | None,
) -> Discourse:
    """Every person mention of an article (``masked``: quote contents blanked)."""
    sentence_starts = tuple(s for s, _ in sentences) or (0,)
    lowercase_words = _lowercase_words(masked)

    def sentence_of(pos: int) -> int:
        return max(0, bisect.bisect_right(sentence_starts, pos) - 1)

    mentions: list[PersonMention] = []
    covered: list[tuple[int, int]] = []
    for m in (*registry.find_names(masked), *registry.find_roles(masked, day)):
        speaker = registry.get(m.speaker)
        mentions.append(
            PersonMention(
                m.start,
                m.end,
                m.surface,
                m.speaker,
                m.speaker,
                m.kind,
                speaker.gender,
                _opens_sentence(masked, m.start, sentence_starts),
                m.possessive,
                sentence=sentence_of(m.start),
            )
        )
        covered.append((m.start, m.end))
    mentions += _ambiguous_mentions(masked, registry, mentions, sentence_of, sentence_starts)
    covered += [(m.start, m.end) for m in mentions if (m.start, m.end) not in covered]
    mentions += _other_people(
        masked, lexicon, covered, lowercase_words, sentence_of, sentence_starts
    )
    mentions.sort(key=lambda m: m.start)
    genders = {s.key: s.gender for s in registry}
    role_titles = {s.key: tuple(r.title.casefold() for r in s.roles_on(day)) for s in registry}
    return Discourse(
        tuple(mentions), tuple(m.start for m in mentions), sentence_starts, genders, role_titles
    )


def _lowercase_words(text: str) -> frozenset[str]:
    """Words the article also writes in lower case: "but", "when" -- not names."""
    return frozenset(w for w in re.findall(r"\b[^\W\d_A-ZА-ЯЁ][\w'’-]*", text) if w.islower())


def _opens_sentence(text: str, pos: int, sentence_starts: Sequence[int]) -> bool:
    i = bisect.bisect_right(sentence_starts, pos) - 1
    start = sentence_starts[i] if i >= 0 else 0
    lead = text[start:pos]
    # "After the talks, Putin left": the subject may follow an opening phrase and comma.
    return not lead.strip() or bool(re.fullmatch(r"[^,;.!?]{0,60},\s*", lead))


def _ambiguous_mentions(  # type: ignore[no-untyped-def]
    text: str, registry: Registry, known: list[PersonMention], sentence_of, sentence_starts
) -> list[PersonMention]:
    """A form two registry people share ("Kim") means whichever of them was named last."""
    found: list[PersonMention] = []
    ordered = sorted(known, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    for m in registry.find_ambiguous(text):
        earlier = ordered[: bisect.bisect_left(starts, m.start)]
        named = {k.speaker for k in earlier if k.speaker in m.owners}
        if len(named) != 1:
            continue  # nobody said which, or both were named: left out rather than guessed
        owner = named.pop()
        assert owner is not None
        found.append(
            PersonMention(
                m.start,
                m.end,
                m.surface,
                owner,
                owner,
                "name",
                registry.get(owner).gender,
                _opens_sentence(text, m.start, sentence_starts),
                m.possessive,
                sentence=sentence_of(m.start),
            )
        )
    return found


def _other_people(  # type: ignore[no-untyped-def]
    text: str,
    lexicon: Lexicon,
    covered: list[tuple[int, int]],
    lowercase_words: frozenset[str],
    sentence_of,
    sentence_starts: Sequence[int],
) -> list[PersonMention]:
    """People outside the registry: honorific + Name, runs of two or more capitalised
    words, and "X, a Y" appositives; later mentions of a surname join its entity."""
    spans = sorted(covered)
    found: list[PersonMention] = []
    genders: dict[str, str | None] = {}
    for run in _capital_runs(text):
        run_start, end = run[0][0], run[-1][1]
        if any(s < end and run[0][0] < e for s, e in spans):
            continue
        gender: str | None = None
        titles: list[str] = []
        # Titles and honorifics before the name ("French President", "Mr.") are not part
        # of it but tell what the person is; opener words ("But") are dropped.
        words = [w for _, _, w in run]
        cut = max(
            (i + 1 for i, w in enumerate(words) if _is_honorific(w) or w in lexicon.not_names),
            default=0,
        )
        for word in words[:cut]:
            if _is_honorific(word):
                gender = gender or _HONORIFICS[word.rstrip(".").casefold()] or None
            else:
                titles.append(word.casefold())
        run = run[cut:]
        while run and (is_opener(run[0][2]) or run[0][2].casefold() in lowercase_words):
            run = run[1:]
        if not run:
            continue
        words = [w for _, _, w in run]
        if any(lexicon.outlets.fullmatch(w) for w in words):
            continue
        surname = re.sub(r"['’]s?$", "", words[-1])
        titled = bool(titles) or gender is not None
        if len(words) == 1 and not (titled or surname in genders or _APPOSITIVE.match(text, end)):
            continue  # one capitalised word alone is as likely a place or a thing
        start = run[0][0]
        genders.setdefault(surname, gender)
        before = _titles_before(text, start, sentence_starts)
        found.append(
            PersonMention(
                start,
                end,
                text[start:end],
                "~" + surname,
                None,
                "other",
                gender or genders.get(surname),
                _opens_sentence(text, run_start, sentence_starts),
                words[-1] != surname,
                (" ".join(titles),) if titles else before,
                sentence_of(start),
            )
        )
    return found


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _capital_runs(text: str) -> list[list[tuple[int, int, str]]]:
    """Runs of capitalised words joined by a space, or by an honorific's or initial's stop."""
    runs: list[list[tuple[int, int, str]]] = []
    run: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text):
        word = m.group()
        if not word[:1].isupper() or set(word) <= {"x"}:
            if run:
                runs.append(run)
            run = []
            continue
        if run:
            gap = text[run[-1][1] : m.start()]
            previous = run[-1][2]
            joined = gap in (" ", "\u00a0") or (
                gap == ". " and (_is_honorific(previous) or len(previous) == 1)
            )
            if not joined:
                runs.append(run)
                run = []
        run.append((m.start(), m.end(), word))
    if run:
        runs.append(run)
    return runs


def _is_honorific(word: str) -> bool:
    return word.rstrip(".").casefold() in _HONORIFICS


def _titles_before(text: str, start: int, sentence_starts: Sequence[int]) -> tuple[str, ...]:
    """The title said with a name: "Foreign Minister Sergei Lavrov" -> ("foreign minister",)."""
    i = bisect.bisect_right(sentence_starts, start) - 1
    floor = sentence_starts[i] if i >= 0 else 0
    words = text[max(floor, start - 60) : start].split()[-_MAX_TITLE_WORDS:]
    titled = [w for w in words if _TITLE_WORD.fullmatch(w)]
    return (" ".join(titled).casefold(),) if titled else ()
