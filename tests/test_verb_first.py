"""The cue after a quote in the languages that put the verb first and the subject last.

``„…,“ řekl v pondělí novinářům Peskov``: a day, a place or an addressee stands between
the verb and its subject. Each row is ``(language, text, speaker, mention)`` for the
text's only quote, read as the ingest reads it (with the article's language).
"""

from __future__ import annotations

from datetime import date

import pytest

from quotes.attribute.registry import load_registry
from quotes.attribute.runner import extract
from quotes.config import speakers_path
from quotes.types import Article

REGISTRY = load_registry(speakers_path())


def speaker_of(language: str, text: str) -> tuple[str | None, str | None]:
    article = Article("t.txt", text, "sha", date(2023, 5, 1), language=language)
    (quote,) = extract(article, REGISTRY).quotes
    return quote.attribution.speaker, quote.attribution.mention


ROWS = [
    ("cs", "„Jednání nejsou na pořadu dne,“ řekl v pondělí novinářům Peskov.", "peskov", "Peskov"),
    ("cs", "„Západ prohrál,“ napsal na telegramu Putin.", "putin", "Putin"),
    (
        "ru",
        "«Переговоров не будет», — заявил в понедельник журналистам Песков.",
        "peskov",
        "Песков",
    ),
    ("ru", "«Мы договорились», — заявил журналистам глава Кремля.", "putin", "глава Кремля"),
    (
        "et",
        "„Läbirääkimisi ei toimu,“ ütles esmaspäeval ajakirjanikele Peskov.",
        "peskov",
        "Peskov",
    ),
    ("de", "„Wir verhandeln nicht“, sagte am Montag Kremlsprecher Peskow.", "peskov", "Peskow"),
    (
        "pl",
        "„Negocjacji nie będzie” – powiedział w poniedziałek dziennikarzom Pieskow.",
        "peskov",
        "Pieskow",
    ),
    # The day and the addressee before the verb, its subject after it.
    ("lv", "„Mēs esam gatavi,” pirmdien žurnālistiem sacīja Peskovs.", "peskov", "Peskovs"),
    ("lt", "„Mes pasiruošę“, – pirmadienį žurnalistams sakė Peskovas.", "peskov", "Peskovas"),
    ("ru", "«Переговоров не будет», — сегодня журналистам сказал Песков.", "peskov", "Песков"),
    ("cs", "„Jednání nebudou,“ dnes novinářům řekl Peskov.", "peskov", "Peskov"),
    ("ru", "«Переговоров не будет», — в Кремле сказал Песков.", "peskov", "Песков"),
    # A name before the verb is its subject; the one after, its object.
    ("ru", "«Переговоров не будет», — Путин сказал Лукашенко.", "putin", "Путин"),
    # Someone else at the end; the registry name the object of a preposition, or the
    # genitive after a noun that heads the phrase: not the registry speaker.
    ("ru", "«Мы договорились», — сказал в разговоре с Путиным президент Токаев.", None, "Токаев"),
    ("ru", "«Мы договорились», — сказал в разговоре с Владимиром Путиным.", None, None),
    ("cs", "„Jsme připraveni,“ řekl po setkání s Putinem.", None, None),
    ("de", "„Wir sind bereit“, sagte am Montag in Moskau Putin.", None, None),
    ("ru", "«Мы готовы», — заявил собеседник Лукашенко.", None, "собеседник Лукашенко"),
    ("ru", "«Мы готовы», — заявил представитель Путина.", None, "представитель Путина"),
    ("ru", "«Переговоры возможны», — цитирует ТАСС Путина.", "putin", "Путина"),
    # The role a genitive name is part of names its holder.
    ("ru", "«Мы готовы», — сказал пресс-секретарь Путина.", "peskov", "пресс-секретарь Путина"),
    ("cs", "„Jsme připraveni,“ řekl mluvčí Putina.", "peskov", "mluvčí Putina"),
    ("de", "„Wir sind bereit“, sagte der Sprecher Putins.", "peskov", "Sprecher Putins"),
    # The next sentence points back at the quote: "Об этом заявил X", "Das sagte X",
    # Czech "Uvedl to X"; "This was not said by Putin" and a noun after "this" are not.
    (
        "ru",
        "«Переговоров не будет». Об этом заявил пресс-секретарь президента Дмитрий Песков.",
        "peskov",
        "Дмитрий Песков",
    ),
    ("ru", "«Переговоров не будет». Об этом заявил в понедельник Песков.", "peskov", "Песков"),
    (
        "de",
        "„Keine Verhandlungen.“ Das sagte Kremlsprecher Dmitri Peskow.",
        "peskov",
        "Dmitri Peskow",
    ),
    (
        "cs",
        "„Jednání nejsou plánována.“ Uvedl to mluvčí Kremlu Dmitrij Peskov.",
        "peskov",
        "Dmitrij Peskov",
    ),
    ("ru", "«Переговоров не будет». Это сказал не Путин, а Песков.", None, None),
    ("ru", "«Переговоров не будет». Это заявление Путина вызвало критику.", None, None),
    ("de", "„Keine Verhandlungen.“ Das sagte nicht Putin, sondern Peskow.", None, None),
    ("en", '"We are ready." Told to leave, Peskov walked out.', None, None),
    # A verb the lexicon lacks, with a Slavic past or present ending, after the dash or
    # the quote's comma, then a speaker closing the sentence; not an impersonal clause.
    ("ru", "«Да», — подтвердил белорусский лидер.", "lukashenko", "белорусский лидер"),
    ("ru", "«Да», — парировал Песков.", "peskov", "Песков"),
    ("cs", "„Ne,“ odvětil Peskov.", "peskov", "Peskov"),
    ("ru", "«Нет», — было написано на плакате.", None, None),
    ("en", '"No," retorted Peskov\'s critics at length.', None, "Peskov's critics"),
    # A pronoun after a phrase of time before the verb is its subject.
    (
        "ru",
        "Лукашенко встретился с Путиным. После встречи он заявил: «Россия — наш брат».",
        "lukashenko",
        "он",
    ),
    # Two names after the verb: the one in an oblique case is the one spoken to.
    ("ru", "«Всё идёт по плану», — доложил Шойгу Путину.", "shoigu", "Шойгу"),
    ("ru", "«Всё идёт по плану», — сказал Путину Шойгу.", "shoigu", "Шойгу"),
    ("cs", "„Vše jde podle plánu,“ řekl Putinovi Šojgu.", "shoigu", "Šojgu"),
    ("cs", "„Vše jde podle plánu,“ řekl Šojgu Putinovi.", "shoigu", "Šojgu"),
    ("et", "„Kõik läheb plaanipäraselt,“ ütles Šoigu Putinile.", "shoigu", "Šoigu"),
    # The one spoken to alone after the verb: the verb's ending is the subject.
    ("cs", "„Jsme s vámi,“ řekl Putinovi.", None, "řekl"),
    # The agency told, glued to the name after the verb, is no part of it.
    ("ru", "«Мы готовы», — сообщил Песков РИА Новости.", "peskov", "Песков"),
    # The verb's object after the name starts with its article.
    ("de", "„Das ist Unsinn“, kommentierte Peskow die Berichte.", "peskov", "Peskow"),
    ("en", '"We were not happy," said Jock A. Finlayson.', None, "Jock A. Finlayson"),
    ("de", "„Es stimmt“, zitiert die Agentur Tass den Kremlsprecher.", "peskov", "Kremlsprecher"),
    # English puts the subject right after the verb: a name further on is an object.
    ("en", '"Liberals" said they would vote for Putin.', None, None),
    ("en", '"We are ready," said a spokesman for Lukashenko.', None, "a spokesman for Lukashenko"),
]


@pytest.mark.parametrize(("language", "text", "speaker", "mention"), ROWS)
def test_the_subject_after_a_day_place_or_addressee(
    language: str, text: str, speaker: str | None, mention: str | None
) -> None:
    assert speaker_of(language, text) == (speaker, mention)
