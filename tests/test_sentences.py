"""Masking quotes out of the writer's text: same length, letters blanked, breaks kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.extract.sentences import mask, sentences
from quotes.extract.splitter import split, unwrapped
from quotes.types import Span


def _mask_by_character(text: str, spans: list[Span], start: int) -> str:
    """The definition, one character at a time, on the text as the splitter reads it (a
    vertical tab, U+2028 and a break inside a wrapped paragraph are spaces)."""
    chars = list(unwrapped(text, max(0, start)))
    for i in range(min(start, len(chars))):
        if chars[i] not in "\r\n":
            chars[i] = " "
    for span in spans:
        for i in range(span.start, span.end):
            if not chars[i].isspace():
                chars[i] = "x"
    return "".join(chars)


@st.composite
def _texts_and_spans(draw: st.DrawFn) -> tuple[str, list[Span], int]:
    text = draw(st.text(alphabet="ab \t\r\n\x0b\x85\xa0\u2028\u3000é“”", max_size=40))
    bounds = st.integers(0, len(text))
    spans = []
    for _ in range(draw(st.integers(0, 3))):
        a, b = sorted((draw(bounds), draw(bounds)))
        spans.append(Span(a, b, '"', '"', 0, 0, "full"))
    return text, spans, draw(st.integers(-2, len(text) + 2))


@settings(max_examples=2_000, deadline=None)
@given(_texts_and_spans())
def test_mask_by_slices_is_the_character_definition(case: tuple[str, list[Span], int]) -> None:
    text, spans, start = case
    assert mask(text, spans, start) == _mask_by_character(text, spans, start)


def _split_mask(text: str) -> str:
    return mask(text, split(text))


def test_mask_blanks_the_outer_apostrophe_of_a_doubled_mark() -> None:
    text = "''We won,'' said Mr. Ortiz."
    assert _split_mask(text) == " 'xx xxxx'  said Mr. Ortiz."


def test_mask_keeps_apostrophes_that_are_no_doubled_mark() -> None:
    text = "'Yes,' said the boss's aide, and the '90s ''' stayed."
    assert _split_mask(text) == "'xxxx' said the boss's aide, and the '90s ''' stayed."


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        # An abbreviation of initials the splitter cut goes on in one sentence...
        ("Ann Baker, D-N.Y., said so. Then she left.", 2),
        # ...but an initial that ends a sentence still ends it.
        ("He moved to the U.S. Then he left. A. Smith said so.", 3),
    ],
)
def test_initials_inside_an_abbreviation_end_no_sentence(text: str, pieces: int) -> None:
    assert len(sentences(text, [(0, len(text))])) == pieces
