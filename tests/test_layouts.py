"""Layouts that name the speaker without a plain "X said": sentences written for each.

Rows are ``(text, expected speaker key, expected mention)`` for the first quote of the text,
on an article dated 2023-05-01; None means no speaker of the registry (or no mention).
"""

from __future__ import annotations

from datetime import date

import pytest

from quotes.attribute.registry import load_registry
from quotes.attribute.runner import extract
from quotes.config import speakers_path
from quotes.types import Article

REGISTRY = load_registry(speakers_path())
DAY = date(2023, 5, 1)


def first(text: str) -> tuple[str | None, str | None, str | None]:
    doc = extract(Article("t.txt", text, "sha", DAY), REGISTRY)
    assert doc.quotes, f"no quote found in {text!r}"
    found = doc.quotes[0].attribution
    return found.speaker, found.mention, found.via


SOURCE_LINES = [
    ('Source: Peskov quoted by TASS\nQuote: "We have no such plans."', "peskov", "Peskov", "TASS"),
    (
        'Source: Alexander Lukashenko\nQuote: "Our doors are open."',
        "lukashenko",
        "Alexander Lukashenko",
        None,
    ),
    (
        'Source: Vladimir Putin, via Interfax\n\nQuote: "Nothing was agreed."',
        "putin",
        "Vladimir Putin",
        "Interfax",
    ),
    # Negatives: a quote label with no source line, or a source that is no person.
    ('Quote: "We have no such plans."', None, None, None),
    ('Source: the ministry website\nQuote: "We have no such plans."', None, None, None),
    ('Note: Peskov spoke later.\nQuote: "We have no such plans."', None, None, None),
]


@pytest.mark.parametrize(("text", "speaker", "mention", "via"), SOURCE_LINES)
def test_source_and_quote_paragraphs(
    text: str, speaker: str | None, mention: str | None, via: str | None
) -> None:
    assert first(text) == (speaker, mention, via)


LABELS = [
    # The registry now knows names in capitals, so the mention is the text as written.
    ('PESKOV: "We have no such plans."', "peskov", "PESKOV", None),
    ('Peskov, RIA Novosti: "We have no such plans."', "peskov", "Peskov", "RIA Novosti"),
    ('Dmitry Peskov, TASS: "We have no such plans."', "peskov", "Dmitry Peskov", "TASS"),
    ('JOHN SMITH: "We are ready."', None, "John Smith", None),
    ('Peskov: "We have no such plans."', "peskov", "Peskov", None),
    # Someone outside the registry: a full name, or a surname the article gives in full,
    # after the sentence start, a dash or the quote before.
    ('Ann Baker: "We are ready."', None, "Ann Baker", None),
    ('Prices rose - Ann Baker: "We are ready."', None, "Ann Baker", None),
    ('Ann Baker and Tom Hill met.\n\nBaker: "Yes, always."', None, "Baker", None),
    # Negatives: a capitalised rubric is nobody; a label that is a sentence is no label.
    ('Note: "Prices may vary."', None, None, None),
    ('Summary: "Prices may vary."', None, None, None),
    ('NOTE: "Prices may vary."', None, None, None),
    ('UPDATE: "Prices may vary."', None, None, None),
    ('The statement, in full: "Prices may vary."', None, None, None),
]


@pytest.mark.parametrize(("text", "speaker", "mention", "via"), LABELS)
def test_speaker_labels(
    text: str, speaker: str | None, mention: str | None, via: str | None
) -> None:
    assert first(text) == (speaker, mention, via)


DASHES = [
    ('"We have no such plans." — Dmitry Peskov', "peskov", "Dmitry Peskov"),
    ('"We have no such plans" — Peskov, to reporters.', "peskov", "Peskov"),
    ('"We have no such plans" -- Lukashenko (Belta)', "lukashenko", "Lukashenko"),
    ("«У нас нет таких планов», — сказал Песков.", "peskov", "Песков"),
    ("«У нас нет таких планов», — Песков.", "peskov", "Песков"),
    ('"No retreat" — Sen. Ted Cruz', None, "Sen. Ted Cruz"),
    # Dash dialogue: the cue between the dashes names the speaker.
    ("— Nie mamy takich planów — powiedział Pieskow.", "peskov", "Pieskow"),
    ("— У нас нет таких планов, — сказал Песков.", "peskov", "Песков"),
    # Negatives: what follows the dash is the writer's clause, not a name. The pronoun
    # before the term stays its mention, resolved to nobody.
    ('He called the deal — "a disaster" — dead.', None, "He"),
    ('"We have no such plans" — a claim Peskov denied.', None, "a claim Peskov"),
    ('"We have no such plans" — the Kremlin line for weeks.', None, None),
]


@pytest.mark.parametrize(("text", "speaker", "mention"), DASHES)
def test_dash_attributions(text: str, speaker: str | None, mention: str | None) -> None:
    assert first(text)[:2] == (speaker, mention)


HEADLINES = [
    ("Putin: 'We will respond to any threat'\nThe Kremlin said more.", "putin", "Putin"),
    ("Putin says 'the West is lying'\nThe Kremlin said more.", "putin", "Putin"),
    ("Lukashenko warns 'we are ready for anything'\nMinsk.", "lukashenko", "Lukashenko"),
    ("Peskov: ‘No talks planned’\nMoscow.", "peskov", "Peskov"),
    # "X on Y:", "X to Y:": the first name speaks; the rest is the topic or audience.
    ("Putin on Lukashenko: 'He is my brother'\nMinsk.", "putin", "Putin"),
    ("Peskov to reporters: 'No comment'\nMoscow.", "peskov", "Peskov"),
    # Negatives: a headline with no speaker before its quote.
    ("Talks 'over', say officials\nMoscow.", None, "officials"),
    ("The 'special operation' goes on\nMoscow.", None, None),
]


@pytest.mark.parametrize(("text", "speaker", "mention"), HEADLINES)
def test_headlines(text: str, speaker: str | None, mention: str | None) -> None:
    assert first(text)[:2] == (speaker, mention)


DOUBLED_APOSTROPHES = [
    ("''We will not retreat,'' said Mr. Putin.", "putin", "Putin"),
    ("''We will not retreat,'' Lukashenko said. ''Never.''", "lukashenko", "Lukashenko"),
    ("Mr. Peskov said: ''There are no such plans.''", "peskov", "Peskov"),
    ("''Not now,'' said Ms. Anna Hale, an analyst.", None, "Ms. Anna Hale"),
    # Negatives: apostrophes that are no quote.
    ("It's the boss's ''old model'' and the '90s rock 'n' roll.", None, None),
]


@pytest.mark.parametrize(("text", "speaker", "mention"), DOUBLED_APOSTROPHES)
def test_doubled_apostrophe_quotes_are_attributed(
    text: str, speaker: str | None, mention: str | None
) -> None:
    assert first(text)[:2] == (speaker, mention)
