"""Whole articles of our own, in layouts the corpus lacks: every quote's expected speaker.

The articles in ``tests/articles/`` were written for these tests (wire story, interview
transcript, state-media style, press call, live blog, Russian and German reports); None
means "none of the registry".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quotes.attribute.registry import load_registry
from quotes.attribute.runner import extract
from quotes.config import speakers_path
from quotes.extract.read import parse_article

ARTICLES = Path(__file__).parent / "articles"
REGISTRY = load_registry(speakers_path())

EXPECTED = {
    "wire_kremlin_talks.txt": [
        ("pure speculation", None),  # the Kremlin as an institution, not Peskov
        ("There are no such contacts", "peskov"),
        ("We have seen these publications", "peskov"),
        ("Russia never refused to talk", "putin"),
        ("It is the other side", "putin"),
        ("We will not trade our land", None),  # Zelenskiy, named in the sentence before
        ("cynical theatre", None),
        ("Let them sit down and talk", "lukashenko"),
        ("more advantageous positions", None),
        ("The president will answer", "peskov"),
    ],
    "interview_layout.txt": [
        ("The president has no plans to travel", "peskov"),
        ("The president has no plans to travel there", "peskov"),
        ("I cannot rule anything out", "peskov"),
        ("expects partners to honour", None),
        ("Our doors are open", "lukashenko"),
        ("Nobody will be allowed", "lukashenko"),
        ("We will take all necessary measures", "shoigu"),
        ("The units are ready", "shoigu"),
        ("Every battalion has been checked", "shoigu"),
    ],
    "russian_report.txt": [
        ("Мы не видим никаких оснований", "peskov"),
        ("экономика страны", "putin"),
        ("Мы готовы к диалогу", "lukashenko"),
        ("Но только на равных", "lukashenko"),
        ("Запад сам отказался", None),
        ("Никаких сроков нет", None),  # "он" is Lavrov
    ],
    "state_media_style.txt": [
        ("We have never threatened anyone", "lukashenko"),  # "the head of state stressed"
        ("Our neighbors are building up", "lukashenko"),
        ("We have agreed with Vladimir Vladimirovich", "lukashenko"),  # names Putin inside
        ("All units are ready", None),  # "the minister": Khrenin, not in the registry
    ],
    "press_call.txt": [
        ("very dangerous", "peskov"),
        ("This would be a very dangerous", "peskov"),
        ("Nothing good will come of it", "peskov"),
        ("There are no such plans", "peskov"),
        ("The president is open to contacts", "peskov"),
        ("Nothing should be excluded", None),  # "he" is Macron
        ("a provocation", None),  # Zakharova, "calling the comments ..."
        ("Paris is playing with fire", None),
        ("They must understand", "putin"),  # "the Russian leader said"
    ],
    "live_blog.txt": [
        ("They are trying to destroy us", None),
        ("I gave the order", "lukashenko"),
        ("deeply shocked", None),
        ("The strikes were a response", "putin"),
        ("harshly", "putin"),
        ("I have nothing to add", "peskov"),
    ],
    "german_report.txt": [
        ("Das sind haltlose Behauptungen", "peskov"),
        ("Wir werden uns nicht", "lukashenko"),
        ("Wir stehen fest", None),
        ("Das ist eine Zeitenwende", None),  # "er" is Scholz
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_quote_has_the_expected_speaker(name: str) -> None:
    path = ARTICLES / name
    doc = extract(parse_article(str(path), path.read_bytes()), REGISTRY)
    found = [(q.text, q.attribution.speaker) for q in doc.quotes]
    expected = EXPECTED[name]
    assert len(found) == len(expected), found
    for (text, speaker), (start, want) in zip(found, expected, strict=True):
        assert text.startswith(start), (text, start)
        assert speaker == want, (text, speaker, want)


def test_via_is_kept_for_outlets_in_the_wire_story() -> None:
    path = ARTICLES / "wire_kremlin_talks.txt"
    doc = extract(parse_article(str(path), path.read_bytes()), REGISTRY)
    via = {q.text[:20]: q.attribution.via for q in doc.quotes}
    assert via["Let them sit down an"] == "Belta"
    assert via["There are no such co"] is None
