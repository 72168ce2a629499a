"""Cue lexicons and name forms per language, on sentences written for each.

Rows are ``(text, quote it starts with, expected mention, expected speaker key)``; the
lexicons are merged, so the last table checks that no language's words break another's.
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


def mention_of(text: str, quote: str) -> tuple[str | None, str | None]:
    doc = extract(Article("t.txt", text, "sha", DAY), REGISTRY)
    for q in doc.quotes:
        if q.text.startswith(quote):
            return q.attribution.mention, q.attribution.speaker
    raise AssertionError(f"no quote starting {quote!r} in {[q.text for q in doc.quotes]}")


ROWS = [
    # Czech
    ("„Nic se nezměnilo,“ řekl Lukašenko.", "Nic", "Lukašenko", "lukashenko"),
    (
        "„Nic se nezměnilo,“ řekl Lukašenko. „Jsme připraveni,“ dodal.",
        "Jsme",
        "dodal",
        "lukashenko",
    ),
    ("Podle Peskova „se nic nezměnilo“.", "se nic", "Peskova", "peskov"),
    ("„Nic se nezměnilo,“ řekl ministr Jan Lipavský.", "Nic", "ministr Jan Lipavský", None),
    ("Lukašenko označil Zelenského za „loutku“.", "loutku", "Lukašenko", "lukashenko"),
    ("Zelenskyj označil Lukašenka za „loutku“.", "loutku", "Zelenskyj", None),
    # Estonian
    ("„See ei muuda midagi,“ ütles Peskov.", "See", "Peskov", "peskov"),
    ("Putini sõnul „ei muuda see midagi“.", "ei muuda", "Putini", "putin"),
    ("„See ei muuda midagi,“ ütles Kaja Kallas.", "See", "Kaja Kallas", None),
    # Polish
    ("„Nic się nie zmieniło” – powiedział Pieskow.", "Nic", "Pieskow", "peskov"),
    ("Według Putina „nic się nie zmieniło”.", "nic", "Putina", "putin"),
    ("„Nic się nie zmieniło” – powiedział Andrzej Duda.", "Nic", "Andrzej Duda", None),
    # Lithuanian
    ("„Niekas nepasikeitė“, – sakė Peskovas.", "Niekas", "Peskovas", "peskov"),
    ("Pasak Lukašenkos, „niekas nepasikeitė“.", "niekas", "Lukašenkos", "lukashenko"),
    # Latvian
    ('"Nekas nav mainījies," sacīja Putins.', "Nekas", "Putins", "putin"),
    ('"Nekas nav mainījies," sacīja Krišjānis Kariņš.', "Nekas", "Krišjānis Kariņš", None),
    # Ukrainian and Belarusian
    ("«Нічого не змінилося», — сказав Пєсков.", "Нічого", "Пєсков", "peskov"),
    ("За словами Путіна, «нічого не змінилося».", "нічого", "Путіна", "putin"),
    ("«Нічога не змянілася», — сказаў Лукашэнка.", "Нічога", "Лукашэнка", "lukashenko"),
    ("Па словах Пяскова, «нічога не змянілася».", "нічога", "Пяскова", "peskov"),
    # French
    ("« Rien n'a changé », a déclaré Poutine.", "Rien", "Poutine", "putin"),
    ("Selon Peskov, « rien n'a changé ».", "rien", "Peskov", "peskov"),
    ("« Rien n'a changé », a affirmé Emmanuel Macron.", "Rien", "Emmanuel Macron", None),
    # German word order: the subject after the verb, not the word before it.
    ("So sagte Peskow: „Nichts hat sich geändert.“", "Nichts", "Peskow", "peskov"),
    (
        "Weiter erklärte Lukaschenko: „Nichts hat sich geändert.“",
        "Nichts",
        "Lukaschenko",
        "lukashenko",
    ),
    ("Dazu meinte Putin: „Nichts hat sich geändert.“", "Nichts", "Putin", "putin"),
    ("So sagte ein Sprecher: „Nichts hat sich geändert.“", "Nichts", "ein Sprecher", None),
    (
        "„Nichts hat sich geändert“, zitiert Tass den Kremlsprecher.",
        "Nichts",
        "Kremlsprecher",
        "peskov",
    ),
    ("„Nichts hat sich geändert“ (Peskow).", "Nichts", "Peskow", "peskov"),
    ("Peskow reagierte mit den Worten: „Nichts hat sich geändert.“", "Nichts", "Peskow", "peskov"),
    # A title standing for its holder, with an article or (Russian) none.
    (
        "Лукашенко провёл совещание.\n\n«Мы будем защищать землю», — отметил глава государства.",
        "Мы будем",
        "глава государства",
        "lukashenko",
    ),
    (
        "Lukaschenko sprach in Minsk.\n\n„Wir verteidigen unser Land“, sagte das Staatsoberhaupt.",
        "Wir",
        "das Staatsoberhaupt",
        "lukashenko",
    ),
    (
        "Песков выступил.\n\n«Мы готовы», — сказал глава государства.",
        "Мы",
        "глава государства",
        None,
    ),
    ("Лукашенко выступил.\n\n«Запад виноват», — заключил он.", "Запад", "он", "lukashenko"),
    # "по его словам": the pronoun inside the phrase is the source.
    (
        "Лукашенко выступил.\n\nПо его словам, «никто не заберёт Беларусь».",
        "никто",
        "его",
        "lukashenko",
    ),
    (
        "Лукашенко виступив.\n\nЗа його словами, «ніхто не забере Білорусь».",
        "ніхто",
        "його",
        "lukashenko",
    ),
    # Estonian verbs of saying and posting, and "kinnitusel" (by X's assurance).
    ("„Oleme valmis,“ lausus Lukašenka.", "Oleme", "Lukašenka", "lukashenko"),
    ("Peskovi kinnitusel on olukord „kontrolli all“.", "kontrolli", "Peskovi", "peskov"),
    # An outlet in its own marks quotes whom it names.
    ("«Мы готовы», — цитирует «Интерфакс» Пескова.", "Мы готовы", "Пескова", "peskov"),
    # The same opening a sentence, with no speech verb before the quote, in more languages.
    (
        "Peskov rääkis.\n\nTema sõnul jätkab Venemaa „erioperatsiooni“.",
        "erioperatsiooni",
        "Tema",
        "peskov",
    ),
    ("Peskov mluvil. Podle něj je situace „pod kontrolou“.", "pod kontrolou", "něj", "peskov"),
    (
        "Pieskow mówił. Według niego sytuacja jest „pod kontrolą”.",
        "pod kontrolą",
        "niego",
        "peskov",
    ),
    (
        "Peskow sprach. Ihm zufolge ist die Lage „unter Kontrolle“.",
        "unter Kontrolle",
        "Ihm",
        "peskov",
    ),
    # A speech verb of someone else's stands between: not the pronoun's.
    (
        "Peskov mluvil. Podle něj Zelenskyj řekl, že je situace „pod kontrolou“.",
        "pod kontrolou",
        "Podle něj Zelenskyj",
        None,
    ),
    # Asked, not asking: the name after "fragte"/"спросил" or under a passive hears the words.
    ("Ein Reporter fragte Peskow: „Gibt es Gespräche?“", "Gibt", "Reporter", None),
    ("Putin wurde gefragt: „Treten Sie wieder an?“", "Treten", None, None),
    ("Журналист спросил Пескова: «Будут ли переговоры?»", "Будут", "Журналист", None),
    ("Песков спросил журналиста: «Вы серьёзно?»", "Вы", "Песков", "peskov"),
]


@pytest.mark.parametrize(("text", "quote", "mention", "speaker"), ROWS)
def test_cues_and_name_forms(
    text: str, quote: str, mention: str | None, speaker: str | None
) -> None:
    assert mention_of(text, quote) == (mention, speaker)


# The merged lexicon: Estonian "on", Polish "w", French "lance" and the like must not
# change how an English sentence reads.
ENGLISH_UNHARMED = [
    ('Putin said on Monday: "Nothing has changed."', "Nothing", "Putin", "putin"),
    ('"Nothing has changed," said George W. Bush.', "Nothing", "George W. Bush", None),
    ('"Nothing has changed," Lance Price said.', "Nothing", "Lance Price", None),
    ('"Nothing has changed," a car dealer told reporters.', "Nothing", "a car dealer", None),
    ('"Nothing has changed," Peskov told reporters in Moscow.', "Nothing", "Peskov", "peskov"),
]


@pytest.mark.parametrize(("text", "quote", "mention", "speaker"), ENGLISH_UNHARMED)
def test_other_languages_words_do_not_change_english(
    text: str, quote: str, mention: str | None, speaker: str | None
) -> None:
    assert mention_of(text, quote) == (mention, speaker)
