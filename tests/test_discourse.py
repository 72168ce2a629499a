"""The article-wide discourse model on its own: who is named, how salient, who "he" is."""

from __future__ import annotations

from datetime import date

import pytest

from quotes.attribute.discourse import Discourse, build_discourse, is_opener
from quotes.attribute.lexicon import default_lexicon
from quotes.attribute.registry import load_registry
from quotes.config import speakers_path
from quotes.extract.sentences import sentences
from quotes.extract.splitter import paragraphs

REGISTRY = load_registry(speakers_path())
LEXICON = default_lexicon()
DAY = date(2023, 5, 1)


def discourse(text: str, day: date | None = DAY) -> Discourse:
    paras = paragraphs(text, 0)
    return build_discourse(text, sentences(text, paras, "en"), REGISTRY, LEXICON, day)


def people(text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.entity) for m in discourse(text).mentions]


@pytest.mark.parametrize(
    ("word", "opener"),
    [
        ("But", True),
        ("When", True),
        ("After", True),
        ("WATCH", True),
        ("However", True),
        ("Однако", True),
        ("Aber", True),
        ("Putin", False),
        ("Smith", False),
        ("May", False),  # a name as often as a month: the registry and context decide
        ("NATO", False),
    ],
)
def test_sentence_openers_are_never_people(word: str, opener: bool) -> None:
    assert is_opener(word) is opener


MENTIONS = [
    ("Putin spoke on Monday.", [("Putin", "putin")]),
    ("The Belarusian leader spoke.", [("Belarusian leader", "lukashenko")]),
    ("Песков заявил об этом.", [("Песков", "peskov")]),
    ("Foreign Minister Sergei Lavrov spoke.", [("Sergei Lavrov", "~Lavrov")]),
    ("Mr. Smith left early.", [("Smith", "~Smith")]),
    ("Smith, a lawyer for the family, left.", [("Smith", "~Smith")]),
    ("John Smith arrived. Smith spoke.", [("John Smith", "~Smith"), ("Smith", "~Smith")]),
    # One capitalised word alone is as likely a place or a thing; openers are nobody.
    ("Journalists waited outside.", []),
    ("But the mood was calm. When asked, nobody spoke.", []),
    ("WATCH: Minsk under snow.", []),
]


@pytest.mark.parametrize(("text", "expected"), MENTIONS)
def test_person_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert people(text) == expected


def test_a_title_and_an_honorific_are_kept_with_the_person() -> None:
    found = discourse("Foreign Minister Sergei Lavrov spoke. Mrs. Brown listened.").mentions
    assert found[0].titles == ("foreign minister",)
    assert found[1].gender == "f"


ARTICLE = """\
Lukashenko visits Moscow

The Belarusian leader landed on Friday morning and was met by officials.

The talks lasted three hours. Journalists waited outside in the cold.

But the mood was tense, witnesses said.

Later he spoke to reporters.
"""


def test_he_goes_back_paragraphs_to_the_headline_and_lede() -> None:
    model = discourse(ARTICLE)
    he = ARTICLE.index("he spoke")
    found = model.antecedent(he, "m")
    assert found is not None and found.speaker == "lukashenko"


def test_she_skips_a_man() -> None:
    text = "Putin met Mrs. Ann Brown in Sochi. Later she spoke."
    found = discourse(text).antecedent(text.index("she"), "f")
    assert found is not None and found.entity == "~Brown"


def test_the_most_salient_person_wins_over_the_latest_named() -> None:
    text = (
        "Putin opened the forum. Putin spoke about grain. Putin thanked the guests, "
        "among them John Smith. Then he left."
    )
    found = discourse(text).antecedent(text.index("he left"), "m")
    assert found is not None and found.speaker == "putin"


def test_a_title_keeps_only_people_with_that_title() -> None:
    text = "Foreign Minister Sergei Lavrov arrived. Peskov spoke later. Then the minister left."
    model = discourse(text)
    pos = text.index("the minister")
    found = model.antecedent(pos, None, "minister")
    assert found is not None and found.entity == "~Lavrov"
    assert model.antecedent(pos, None, "chancellor") is None


def test_nobody_named_before_means_no_antecedent() -> None:
    text = "He arrived late. Putin spoke later."
    assert discourse(text).antecedent(text.index("He"), "m") is None
