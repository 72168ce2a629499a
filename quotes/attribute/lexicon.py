"""Cue words per language, loaded from ``quotes/data/cues/*.toml`` and merged into one lexicon.

Languages do not collide (nobody writes "said" in a Russian article), so the sieves read one
merged lexicon and a German or Russian article is attributed with no language switch.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from quotes.attribute.patterns import alternation


def _words(
    values: list[str], flags: int = re.IGNORECASE, not_after: list[str] | None = None
) -> re.Pattern[str]:
    if not values:
        return re.compile(r"(?!x)x")
    # "the United States" holds "states": a phrase that ends in a word of the list but is
    # no use of it, refused once the word has matched (each a lookbehind of fixed width).
    refused = "".join(rf"(?<!{_fixed(phrase)})" for phrase in sorted(set(not_after or []), key=len))
    return re.compile(
        rf"{_first_letters(values)}(?<!\w)(?:{_phrase_trie(values, flags)})(?!\w){refused}", flags
    )


def _first_letters(values: list[str]) -> str:
    """A lookahead for the letters a phrase can open with.

    The engine tries the trie's first branches one by one at every position; a class of
    first letters, checked first, lets it skip most positions at once (the lexicons of
    many languages made the scans of the whole article a fifth slower without it).
    """
    firsts = {c for v in values if v for c in (v[0].lower(), v[0].upper()) if len(c) == 1}
    if not firsts or any(not c.isalpha() for c in firsts):
        return ""
    return "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"


def _fixed(phrase: str) -> str:
    """A phrase as a pattern of fixed width: one character of space between its words."""
    return r"\b" + r"\s".join(re.escape(word) for word in phrase.split())


def _phrase_trie(phrases: list[str], flags: int) -> str:
    """The phrases as one alternation sharing prefixes, same matches as ``alternation``.

    ``alternation`` lists the phrases longest first, so at any place the longest phrase
    that fits wins; the trie tries a longer way on before ending a phrase, which picks the
    same one as long as no two branches can take the same character. Where they could
    (case variants of an uncommon letter, a literal hyphen variant), the list is kept.
    """
    fold = bool(flags & re.IGNORECASE)
    units = [[_unit(ch, fold) for ch in phrase] for phrase in set(phrases)]
    if _ambiguous(units, flags):
        return alternation(phrases)
    return _trie(units)


def _unit(ch: str, fold: bool) -> str:
    """One character of a phrase as ``_pattern_regex`` writes it (folded when case is ignored)."""
    if ch in "'’":
        return "['’]"
    if ch == " ":
        return r"\s+"
    if ch == "-":
        return "[-‐‑]"
    return re.escape(ch.lower() if fold and len(ch.lower()) == 1 else ch)


def _ambiguous(units: list[list[str]], flags: int) -> bool:
    """Whether two different units could match one character (then a trie may choose wrong)."""
    distinct = {u for phrase in units for u in phrase}
    samples = {u: _samples(u) for u in distinct}
    return any(
        a != b and any(re.fullmatch(a, c, flags) for c in samples[b])
        for a in distinct
        for b in distinct
    )


def _samples(unit: str) -> list[str]:
    if unit == r"\s+":
        return [" ", "\t", "\n", "\u00a0"]
    if unit.startswith("["):
        return list(unit[1:-1])
    return [re.sub(r"\\(.)", r"\1", unit)]


@dataclass(frozen=True)
class Lexicon:
    languages: tuple[str, ...]
    verbs: re.Pattern[str]
    # First word of each verb phrase -> the phrases' words, longest first.
    verb_heads: dict[str, list[tuple[str, ...]]]
    after_quote_verbs: re.Pattern[str]
    participles: re.Pattern[str]
    between: frozenset[str]
    pronouns: dict[str, str]
    title_nouns: dict[str, str]
    according_to: re.Pattern[str]
    according_after: re.Pattern[str]
    quote_verbs: re.Pattern[str]
    quoted_as: re.Pattern[str]
    passive_quoted: re.Pattern[str]
    phrase_stops: frozenset[str]
    clause_words: frozenset[str]
    name_phrase_words: frozenset[str]
    not_names: frozenset[str]
    outlets: re.Pattern[str]
    outlet_words: re.Pattern[str]
    # Words that open a clause before its subject ("Then", "But", "and"): never the speaker.
    openers: frozenset[str] = frozenset()
    # Words that alone make no noun phrase (articles, adverbs, particles).
    function_words: frozenset[str] = frozenset()
    # Head nouns that name a thing said, never who said it ("the words", "a comment").
    not_speakers: frozenset[str] = frozenset()
    # The last words of the phrases that hold a verb but are none ("United States").
    not_verb_words: frozenset[str] = frozenset()
    # Verbs whose ending carries the subject (Czech "dodal", Polish "dodała", French
    # "a-t-il ajouté"): after a quote with no subject named, a pronoun of that gender.
    subjectless: dict[str, str] = field(default_factory=dict)
    # Verbs whose next words are their object, never their subject ("called the plan
    # "a farce"", "praised the deal as "historic""), casefolded.
    object_verbs: frozenset[str] = frozenset()
    # Layout labels: "Quote:" under a "Source: X quoted by Y" line (casefolded).
    quote_labels: frozenset[str] = frozenset()
    source_labels: frozenset[str] = frozenset()
    # The words in a source line between the speaker and the outlet ("quoted by").
    source_via: re.Pattern[str] = re.compile(r"(?!x)x")
    # Nouns that head a phrase with a person in the genitive after them ("Критики Путина",
    # "příznivci Lukašenka"), casefolded: that person is a modifier, not the speaker.
    relation_nouns: frozenset[str] = frozenset()
    # Singular nouns for a person ("the host", "the activist"), casefolded: a sentence that
    # opens on one has that person for its subject, named or not.
    person_nouns: frozenset[str] = frozenset()
    # The determiners and possessives such a description opens with ("the", "his", "der"),
    # casefolded, and a pattern matching one at a sentence's start.
    person_openers: frozenset[str] = frozenset()
    person_opener: re.Pattern[str] = re.compile(r"(?!x)x")

    def verb_spans(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        """Speech verbs in ``text[start:end]`` as (start, end, verb), found word by word.

        Same answers as ``verbs.finditer`` but much faster on long text: a set lookup per
        word instead of a many-branched pattern tried at every character.
        """
        found: list[tuple[int, int, str]] = []
        segment = text[start:end]
        folded = segment.casefold()
        if len(folded) == len(segment) and "\u0345" not in segment:
            # Folding changed no length, so offsets line up and word edges are where they
            # were (U+0345 is the one letter-like mark that folds to a letter): the words
            # whose folded form opens a verb phrase are exactly what the heads pattern finds.
            for m in self._heads_pattern.finditer(folded):
                self._verb_at(text, start + m.start(), start + m.end(), end, found)
        else:
            for word in _WORD.finditer(text, start, end):
                self._verb_at(text, word.start(), word.end(), end, found)
        return found

    def _verb_at(
        self, text: str, start: int, end: int, limit: int, found: list[tuple[int, int, str]]
    ) -> None:
        """The verb phrase opening with the word ``text[start:end]``, if any, into ``found``."""
        word = text[start:end].casefold()
        phrases = self.verb_heads.get(word)
        if not phrases:
            return
        refused = word in self.not_verb_words
        # Phrases are longest first, so the first says whether a longer one may open here:
        # then the full pattern decides, once ("pointed out" before "pointed"); "the United
        # States" is refused by it too.
        if refused or len(phrases[0]) > 1:
            m = self.verbs.match(text, start, limit)
            if m is not None:
                found.append((m.start(), m.end(), m.group()))
                return
            if refused:
                return
        if len(phrases[-1]) == 1:
            found.append((start, end, text[start:end]))

    @cached_property
    def _heads_pattern(self) -> re.Pattern[str]:
        """Whole words that open a verb phrase, in folded text, as a trie of alternatives."""
        if not self.verb_heads:
            return re.compile(r"(?!x)x")
        return re.compile(
            rf"(?<!\w){_trie([re.escape(c) for c in w] for w in self.verb_heads)}(?!\w)"
        )

    def is_outlet(self, phrase: str) -> bool:
        return bool(self.outlets.search(phrase) or self.outlet_words.search(phrase))

    def outlet_name(self, phrase: str) -> str:
        """The outlet a phrase names ("the state Belta news agency" -> "Belta")."""
        named = self.outlets.search(phrase)
        return named.group() if named else phrase.strip()


_WORD = re.compile(r"\w+")


def _trie(phrases: Iterable[Sequence[str]]) -> str:
    """An alternation of phrases (each a sequence of regex units) sharing prefixes.

    "sa(?:id|ys)": tried at C speed without testing every phrase at every character. A
    phrase's end is tried after every longer way on, so the longest that fits wins.
    """
    tree: dict[str, Any] = {}
    for phrase in phrases:
        node = tree
        for unit in phrase:
            node = node.setdefault(unit, {})
        node[""] = {}

    def render(node: dict[str, Any]) -> str:
        alternatives = [unit + render(node[unit]) for unit in sorted(node) if unit]
        if "" in node:
            alternatives.append("")
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return render(tree)


def _heads(phrases: list[str]) -> dict[str, list[tuple[str, ...]]]:
    heads: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(set(phrases), key=lambda p: -len(p.split())):
        words = tuple(phrase.casefold().split())
        heads.setdefault(words[0], []).append(words)
    return heads


def _merge(files: list[dict[str, Any]]) -> Lexicon:
    def lists(key: str) -> list[str]:
        out: list[str] = []
        for data in files:
            out.extend(str(v) for v in data.get(key, []) or [])
        return out

    pronouns: dict[str, str] = {}
    title_nouns: dict[str, str] = {}
    for data in files:
        nouns = dict(data.get("title_nouns", {}))
        title_nouns.update({k.casefold(): str(v) for k, v in nouns.items()})
    subjectless: dict[str, str] = {}
    for data in files:
        subjectless.update(
            {k.casefold(): str(v) for k, v in dict(data.get("subjectless", {})).items()}
        )
    for data in files:
        pronouns.update({k.casefold(): str(v) for k, v in dict(data.get("pronouns", {})).items()})
    return Lexicon(
        languages=tuple(str(d.get("language", "?")) for d in files),
        verbs=_words(lists("verbs"), not_after=lists("not_verbs")),
        verb_heads=_heads(lists("verbs")),
        after_quote_verbs=_words(lists("after_quote_verbs")),
        participles=_words(lists("participles")),
        between=frozenset(w.casefold() for w in lists("between")),
        pronouns=pronouns,
        title_nouns=title_nouns,
        according_to=_words(lists("according_to")),
        according_after=_words(lists("according_after")),
        quote_verbs=_words(lists("quote_verbs")),
        quoted_as=_words(lists("quoted_as")),
        passive_quoted=_words(lists("passive_quoted")),
        phrase_stops=frozenset(w.casefold() for w in lists("phrase_stops")),
        clause_words=frozenset(w.casefold() for w in lists("clause_words")),
        name_phrase_words=frozenset(w.casefold() for w in lists("name_phrase_words")),
        not_names=frozenset(lists("not_names")),
        outlets=_words(lists("outlets"), 0),
        outlet_words=_words(lists("outlet_words")),
        openers=frozenset(w.casefold() for w in lists("openers")),
        function_words=frozenset(w.casefold() for w in lists("function_words")),
        not_speakers=frozenset(w.casefold() for w in lists("not_speakers")),
        not_verb_words=frozenset(p.split()[-1].casefold() for p in lists("not_verbs")),
        subjectless=subjectless,
        object_verbs=frozenset(w.casefold() for w in lists("object_verbs")),
        quote_labels=frozenset(w.casefold() for w in lists("quote_labels")),
        source_labels=frozenset(w.casefold() for w in lists("source_labels")),
        source_via=_words(lists("source_via")),
        relation_nouns=frozenset(w.casefold() for w in lists("relation_nouns")),
        person_nouns=frozenset(w.casefold() for w in lists("person_nouns")),
        person_openers=frozenset(w.casefold() for w in lists("person_openers")),
        person_opener=_opener_pattern(lists("person_openers")),
    )


def _opener_pattern(words: list[str]) -> re.Pattern[str]:
    if not words:
        return re.compile(r"(?!x)x")  # matches nothing
    alternation = "|".join(sorted({re.escape(w.casefold()) for w in words}))
    return re.compile(rf"(?:{alternation})[ \t]", re.IGNORECASE)


def load_lexicon(paths: tuple[Path, ...]) -> Lexicon:
    """Merge the cue files at ``paths`` (in order) into one lexicon."""
    return _merge([tomllib.loads(p.read_text(encoding="utf-8")) for p in paths])


@cache
def default_lexicon() -> Lexicon:
    """The packaged English, Russian and German cues."""
    folder = resources.files("quotes") / "data" / "cues"
    paths = sorted(Path(str(folder)).glob("*.toml"))
    return load_lexicon(tuple(paths))
