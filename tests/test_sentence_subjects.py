"""Who each sentence opens with (``find_sentence_subjects``), read on its own.

A pronoun points back to these subjects, so a sentence that opens on a person, named or
only described, must yield that person, and one that opens on a thing must yield nobody.
"""

from __future__ import annotations

from datetime import date

import pytest

from quotes.attribute.lexicon import default_lexicon
from quotes.attribute.registry import load_registry
from quotes.attribute.runner import build_context
from quotes.config import speakers_path
from quotes.extract.splitter import split
from quotes.types import Article

REGISTRY = load_registry(speakers_path())


def subjects(text: str) -> list[tuple[str, str | None]]:
    article = Article("t.txt", text, "sha", date(2023, 5, 1))
    ctx = build_context(article, split(text, 0), REGISTRY, default_lexicon())
    return [(s.surface, s.speaker) for s in ctx.subjects]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin arrived in Minsk.", [("Putin", "putin")]),
        # A description of one person, then its verb: that person, named or not.
        ("His host greeted him at the airport.", [("His host", None)]),
        ("The 34-year-old left prison on Friday.", [("The 34-year-old", None)]),
        ("The veteran activist spoke to reporters.", [("The veteran activist", None)]),
        ("The billionaire businessman laughed.", [("The billionaire businessman", None)]),
        # A registry title names its holder on the article's day.
        ("The Russian president smiled.", [("Russian president", "putin")]),
        # German capitalises the noun; its article opens the description.
        ("Der kasachische Präsident lobte die Beziehungen.", [("Der kasachische Präsident", None)]),
        ("Sein Gastgeber begrüßte ihn.", [("Sein Gastgeber", None)]),
        ("Der russische Präsident lächelte.", [("russische Präsident", "putin")]),
        # Negatives: things, groups, a noun that goes on, a clause word after the noun.
        ("The talks lasted hours.", []),
        ("The workers cheered.", []),
        ("The head of the delegation spoke.", []),
        ("The man who met Putin left.", []),
        ("The man, a lawyer, left.", []),
    ],
)
def test_sentence_subjects(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert subjects(text) == expected
