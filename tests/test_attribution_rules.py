"""Each sieve on sentences written for it: positive rows, negatives and confounders.

Rows are ``(text, speaker key or None, rule)`` for the first quote of the text, on an article
dated 2023-05-01 unless the row says otherwise.
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


def attributions(text: str, day: date | None = DAY) -> list[tuple[str, str | None, str]]:
    doc = extract(Article("t.txt", text, "sha", day), REGISTRY)
    return [(q.text, q.attribution.speaker, q.attribution.rule) for q in doc.quotes]


def first(text: str, day: date | None = DAY) -> tuple[str | None, str]:
    found = attributions(text, day)
    assert found, f"no quote found in {text!r}"
    return found[0][1], found[0][2]


def last(text: str, day: date | None = DAY) -> tuple[str | None, str]:
    found = attributions(text, day)
    assert found, f"no quote found in {text!r}"
    return found[-1][1], found[-1][2]


CUE_AFTER = [
    ('"The talks went well," Peskov said.', "peskov", "cue_after_quote"),
    ('"The talks went well," said Peskov.', "peskov", "cue_after_quote"),
    ("“We are not in a hurry,” Putin told reporters in Sochi.", "putin", "cue_after_quote"),
    ('"Nothing has changed," Lukashenko later added.', "lukashenko", "cue_after_quote"),
    ('"Nothing has changed," Putin has said repeatedly.', "putin", "cue_after_quote"),
    ('"We will respond," Dmitry Peskov, the Kremlin spokesman, said.', "peskov", "cue_after_quote"),
    (
        '"The border stays open," Lukashenko said beside his Russian counterpart Vladimir Putin.',
        "lukashenko",
        "cue_after_quote",
    ),
    (
        '"No decision yet," said Putin\'s spokesman Dmitry Peskov on Tuesday.',
        "peskov",
        "cue_after_quote",
    ),
    ('"The visit is planned," Putin aide Yuri Ushakov said.', None, "cue_after_quote"),
    ('"Sanctions have failed," Foreign Minister Sergei Lavrov said.', None, "cue_after_quote"),
    ('"We need more air defence," Zelensky said in his nightly address.', None, "cue_after_quote"),
    (
        '"The ministry stands ready," the Foreign Ministry said in a statement.',
        None,
        "cue_after_quote",
    ),
    ('"We will talk to Putin," Biden told reporters.', None, "cue_after_quote"),
    ('"You [Shoigu] will lead this," Lukashenko said.', "lukashenko", "cue_after_quote"),
    ('"Peskov is right," said Andrei Belousov.', None, "cue_after_quote"),
]

CUE_BEFORE = [
    ('Putin said: "We have all we need."', "putin", "cue_before_quote"),
    (
        'Kremlin spokesman Dmitry Peskov told reporters on Monday: "There is no such plan."',
        "peskov",
        "cue_before_quote",
    ),
    ('Lukashenko said, "Our army is ready."', "lukashenko", "cue_before_quote"),
    (
        'Speaking in Minsk, Lukashenko said that "the West will not divide us."',
        "lukashenko",
        "cue_before_quote",
    ),
    (
        'Putin praised the harvest, noting: "We will export more grain this year."',
        "putin",
        "cue_before_quote",
    ),
    ('Peskov: "The president has no such plans."', "peskov", "cue_before_quote"),
    ('Lavrov said: "The door is open."', None, "cue_before_quote"),
    (
        'Putin said this at the end of the meeting:\n"We will meet again in autumn."',
        "putin",
        "cue_before_quote",
    ),
]

QUOTED_AS_SAYING = [
    ('"The drills are over," Belta quoted Lukashenko as saying.', "lukashenko", "quoted_as_saying"),
    (
        'The TASS news agency quoted Peskov as saying: "Contacts continue."',
        "peskov",
        "quoted_as_saying",
    ),
    ('"We are calm," Shoigu was quoted by Interfax as saying.', "shoigu", "quoted_as_saying"),
    ('"We see no threat," RIA Novosti quoted Lavrov as saying.', None, "quoted_as_saying"),
]

ACCORDING_TO = [
    ('"The grain deal is over," according to Peskov.', "peskov", "according_to"),
    ('According to Putin, "the economy has adapted."', "putin", "according_to"),
]

ROLES = [
    ('"We are ready," the Belarusian leader said.', "lukashenko", "role_cue", DAY),
    ('"We are ready," the long-serving Belarusian leader said.', "lukashenko", "role_cue", DAY),
    ('"We are ready," the visiting Chinese foreign minister said.', None, "cue_after_quote", DAY),
    ('"No comment," said the Kremlin spokesman.', "peskov", "role_cue", DAY),
    (
        '"The troops are ready," the Russian Defence Minister said.',
        "shoigu",
        "role_cue",
        date(2020, 1, 1),
    ),
    (
        '"The troops are ready," the Russian Defence Minister said.',
        None,
        "cue_after_quote",
        date(2025, 1, 1),
    ),
    (
        '"Security comes first," said Russian Security Council Secretary.',
        "shoigu",
        "role_cue",
        date(2025, 1, 1),
    ),
    ('"Security comes first," the Russian president said.', "putin", "role_cue", None),
    ('"We are patient," the Russian president said.', None, "cue_after_quote", date(2010, 3, 1)),
]

PRONOUNS = [
    # "he added" goes on from the last quoted speaker past a sentence about someone else,
    # but not past that someone's own reported speech.
    (
        '"We will win," Peskov said.\n\nPutin has not spoken on it.\n\n"We are calm," he added.',
        "peskov",
        "pronoun_cue",
    ),
    (
        '"We will win," Peskov said.\n\nPutin said the West was weak.\n\n"We are calm," he added.',
        "putin",
        "pronoun_cue",
    ),
    (
        'Lukashenko spoke to the army.\n"We will not attack anyone," he said.',
        "lukashenko",
        "pronoun_cue",
    ),
    ('Putin met governors.\n"Work harder," he further said.', "putin", "pronoun_cue"),
    (
        'Lavrov said the talks failed.\n"There is nothing to discuss," he added.',
        None,
        "pronoun_cue",
    ),
    (
        'Putin met Lukashenko on Friday.\n"We are brothers," the president said.',
        "putin",
        "pronoun_cue",
    ),
    # "she" cannot be Peskov: the quote keeps its mention "she" and no speaker.
    ('Peskov said the talks ended.\n"We disagree," she said.', None, "pronoun_cue"),
    # A title in capitals still points back like "the president"; "the head of the
    # Kremlin" only to a President of Russia.
    (
        'Lukashenko said Minsk would stay out.\n"We will hold," noted the Head of State.',
        "lukashenko",
        "pronoun_cue",
    ),
    (
        'Putin spoke on Friday.\n"We have no plans," said the head of the Kremlin.',
        "putin",
        "pronoun_cue",
    ),
    (
        'Lukashenko spoke on Friday.\n"We have no plans," said the head of the Kremlin.',
        None,
        "pronoun_cue",
    ),
    # The name set off after a bare title is who it means.
    (
        '"We have no plans," said the head of the Kremlin, Vladimir Putin, separately.',
        "putin",
        "cue_after_quote",
    ),
    ('"We have no plans," said the minister, Ann Baker.', None, "cue_after_quote"),
]

CONTINUATION = [
    ('"We will build a plant.\n"And we will build a school," Putin said.', "putin", "continuation"),
    ('Putin said: "We will build a plant.\n"And a school," he added.', "putin", "cue_before_quote"),
]

ENCLOSING = [
    (
        "Lukashenko claimed the soldiers will “stay calm” at the border.",
        "lukashenko",
        "enclosing_speech",
    ),
    (
        'The Kremlin spokesman said on Monday that the report was "pure fiction" and baseless.',
        "peskov",
        "enclosing_speech",
    ),
    # "He" is the subject of the sentence before, not the nearer object.
    (
        'Putin met Lukashenko.\nHe said the sanctions were "a blunder" by the West.',
        "putin",
        "enclosing_speech",
    ),
    ('The Kremlin spokesman called the report "pure fiction".', "peskov", "role_cue"),
    (
        'The doctrine states that aggression requires "a firm response" by both states.',
        None,
        "enclosing_speech",
    ),
    ('Zelensky said the strikes were "a war crime" against civilians.', None, "enclosing_speech"),
]

# The first words before a verb are not a speaker when they open a participle phrase.
NOT_SPEAKERS = [
    ('The Kremlin said it had seen the reports, dismissing reports as "a fake".', None),
]

# A registry name near a quote with no speech link: a candidate, never the speaker.
NEAREST = [
    ('At the Putin summit, "historic days" were promised.', "putin"),
    ('The slogan "Peace now" was everywhere.', None),
]

RUSSIAN = [
    ("«Переговоры продолжаются», — заявил Песков.", "peskov", "cue_after_quote"),
    ("Песков заявил: «Контакты продолжаются».", "peskov", "cue_before_quote"),
    ("По словам Путина, «экономика адаптировалась».", "putin", "according_to"),
    ("«Мы готовы, — сказал Лукашенко. — Но нам нужна помощь».", "lukashenko", "cue_after_quote"),
    ("«Это провокация», — заявил Лавров.", None, "cue_after_quote"),
]

GERMAN = [
    ("„Wir sind bereit“, sagte Lukaschenko.", "lukashenko", "cue_after_quote"),
    ("„Das ist keine Option“, so Peskow.", "peskov", "cue_after_quote"),
    ("Putin sagte: „Wir haben Zeit.“", "putin", "cue_before_quote"),
    ("Putin sprach in Moskau.\n„Das ist unser Weg“, fügte er hinzu.", "putin", "pronoun_cue"),
    ("„Das ist inakzeptabel“, sagte Scholz.", None, "cue_after_quote"),
]


@pytest.mark.parametrize(("text", "speaker", "rule"), CUE_AFTER)
def test_cue_after_quote(text: str, speaker: str | None, rule: str) -> None:
    assert first(text) == (speaker, rule)


@pytest.mark.parametrize(("text", "speaker", "rule"), CUE_BEFORE)
def test_cue_before_quote(text: str, speaker: str | None, rule: str) -> None:
    assert first(text) == (speaker, rule)


@pytest.mark.parametrize(("text", "speaker", "rule"), QUOTED_AS_SAYING)
def test_quoted_as_saying(text: str, speaker: str | None, rule: str) -> None:
    assert first(text) == (speaker, rule)


@pytest.mark.parametrize(("text", "speaker", "rule"), ACCORDING_TO)
def test_according_to(text: str, speaker: str | None, rule: str) -> None:
    assert first(text) == (speaker, rule)


@pytest.mark.parametrize(("text", "speaker", "rule", "day"), ROLES)
def test_roles_resolve_by_date(text: str, speaker: str | None, rule: str, day: date | None) -> None:
    assert first(text, day) == (speaker, rule)


@pytest.mark.parametrize(("text", "speaker", "rule"), PRONOUNS)
def test_pronoun_cue(text: str, speaker: str | None, rule: str) -> None:
    assert last(text) == (speaker, rule)


@pytest.mark.parametrize(("text", "speaker", "rule"), CONTINUATION)
def test_continuation(text: str, speaker: str | None, rule: str) -> None:
    assert first(text) == (speaker, rule)
    assert last(text)[0] == speaker


def test_a_quoted_text_does_not_take_the_speaker_it_quotes() -> None:
    # A block quote of an article whose later paragraph quotes someone in other marks: that
    # speaker's words are his; the article's are not.
    text = 'The talks stalled.\n"The envoys left early.\n\u201cWe will not sign,\u201d Putin said.'
    assert attributions(text) == [
        ("The envoys left early.", None, "none"),
        ("We will not sign,", "putin", "cue_after_quote"),
    ]


@pytest.mark.parametrize(("text", "speaker", "rule"), ENCLOSING)
def test_enclosing_speech(text: str, speaker: str | None, rule: str) -> None:
    assert last(text) == (speaker, rule)


@pytest.mark.parametrize(("text", "candidate"), NEAREST)
def test_nearest_mention_only_suggests(text: str, candidate: str | None) -> None:
    (quote,) = extract(Article("t.txt", text, "sha", DAY), REGISTRY).quotes
    assert quote.attribution.speaker is None
    assert (quote.candidate.speaker if quote.candidate else None) == candidate


@pytest.mark.parametrize(("text", "speaker", "rule"), RUSSIAN)
def test_russian(text: str, speaker: str | None, rule: str) -> None:
    assert first(text) == (speaker, rule)


@pytest.mark.parametrize(("text", "speaker", "rule"), GERMAN)
def test_german(text: str, speaker: str | None, rule: str) -> None:
    assert last(text) == (speaker, rule)


def test_via_is_the_outlet_not_the_speaker() -> None:
    doc = extract(
        Article("t.txt", '"We stand firm," Lukashenko said, according to Belta.', "s", DAY),
        REGISTRY,
    )
    found = doc.quotes[0].attribution
    assert (found.speaker, found.via) == ("lukashenko", "Belta")
    aside = (
        extract(
            Article("t.txt", '"We stand firm," Lukashenko, according to Belta, said.', "s", DAY),
            REGISTRY,
        )
        .quotes[0]
        .attribution
    )
    assert (aside.speaker, aside.via) == ("lukashenko", "Belta")


def test_a_name_inside_a_quote_never_speaks_it() -> None:
    text = '"Putin will decide, and Peskov will announce it."\nThe crowd cheered.'
    assert first(text) == (None, "none")


def test_evidence_offsets_point_at_the_mention() -> None:
    text = 'Later that day, "The talks went well," the Kremlin spokesman said.'
    found = extract(Article("t.txt", text, "s", DAY), REGISTRY).quotes[0].attribution
    assert found.mention_start is not None and found.mention_end is not None
    assert text[found.mention_start : found.mention_end] == found.mention == "Kremlin spokesman"
    assert found.cue == "said" and 0 < found.confidence <= 1


@pytest.mark.parametrize(("text", "speaker"), NOT_SPEAKERS)
def test_a_participle_phrase_is_not_a_speaker(text: str, speaker: str | None) -> None:
    found = extract(Article("t.txt", text, "s", DAY), REGISTRY).quotes[0].attribution
    assert found.speaker == speaker
    assert found.mention == "The Kremlin"
