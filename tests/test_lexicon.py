"""The lexicon's patterns as tries match what the longest-first phrase lists match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.attribute.lexicon import _WORD, _words, default_lexicon
from quotes.attribute.patterns import alternation

PHRASES = ["said", "says", "say", "went on", "pointed out", "Kremlin's", "pro-Kremlin", "Said"]
PIECES = [*PHRASES, "SAID", "went  on", "Kremlin’s", "pro‐Kremlin", "x", " ", ",", "\n", "s"]


@settings(max_examples=1_000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=15).map("".join))
def test_trie_patterns_find_what_the_phrase_lists_find(text: str) -> None:
    for flags in (re.IGNORECASE, 0):
        flat = re.compile(rf"(?<!\w)(?:{alternation(PHRASES)})(?!\w)", flags)
        trie = _words(PHRASES, flags)
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
        for i in range(len(text)):
            one, two = flat.match(text, i), trie.match(text, i)
            assert (one and one.span()) == (two and two.span())


def _verb_spans_word_by_word(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    lex = default_lexicon()
    found = []
    for word in _WORD.finditer(text, start, end):
        for phrase in lex.verb_heads.get(word.group().casefold(), []):
            m = lex.verbs.match(text, word.start(), end) if len(phrase) > 1 else None
            if m is not None:
                found.append((m.start(), m.end(), m.group()))
                break
            if len(phrase) == 1:
                found.append((word.start(), word.end(), word.group()))
                break
    return found


VERB_PIECES = ["said", "SAID", "pointed", " out", "went", " on", "äußerte", "ÄUSSERTE", "заявил"]


@settings(max_examples=1_000, deadline=None)
@given(st.lists(st.sampled_from([*VERB_PIECES, " ", "x", "ͅ", "ß", "İ", "."]), max_size=12))
def test_verb_spans_finds_what_the_word_by_word_reading_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert default_lexicon().verb_spans(text, 0, len(text)) == _verb_spans_word_by_word(
        text, 0, len(text)
    )
