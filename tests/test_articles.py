"""Whole articles of our own, in layouts the corpus lacks: every quote's expected speaker.

The articles in ``tests/articles/`` were written for these tests (wire story, interview
transcript, state-media style, press call, live blog, Russian and German reports, and one
report in each language the cue lexicons cover, written in its own marks, dashes and word
order); None means "none of the registry".
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
    # German word order and frames: the subject after the verb, "so X", "zitiert … X", "(X)".
    "german_frames.txt": [
        ("Ich habe ihm gesagt", "lukashenko"),  # "So sagte Lukaschenko …:"
        ("Wir haben lange geredet", "lukashenko"),  # ", so Lukaschenko weiter"
        ("Der Präsident ist dem", "peskov"),  # "Weiter erklärte Kremlsprecher …:"
        ("Das Strafverfahren wird", "peskov"),  # "zitiert die Agentur Tass den Kremlsprecher"
        ("Das ist ein Stoß", "putin"),  # "Dazu meinte Putin …:"
        ("Jeder Verrat wird bestraft", "putin"),  # "(Putin)"
        ("Es gibt keine weiteren Details", "peskov"),  # "kommentierte:"
        ("Wir beobachten die Lage", None),  # the government's spokesman
        ("Die Lage bleibt", None),  # "heißt es": a statement, no person
    ],
    # Czech: „…,“ řekl X; a verb alone after the quote ("dodal") speaks for the last speaker.
    "czech_report.txt": [
        ("Máme rakety i bomby", "lukashenko"),
        ("Jsou třikrát silnější", "lukashenko"),  # "dodal."
        ("Nebudeme to komentovat", "peskov"),
        ("rozmístění probíhá podle plánu", "peskov"),  # "Podle Peskova"
        ("Je to další eskalace", None),  # Blinken
        ("Nejsme tím překvapeni", None),  # "doplnil": still Blinken
        ("jaderném vydírání", None),  # the opposition's label, no person
    ],
    # Estonian: „…,“ ütles X; "X-i sõnul" before the quote; "lisas ta".
    "estonian_report.txt": [
        ("Venemaa jaoks pole", "peskov"),
        ("ei ole Venemaa kohtu", "peskov"),  # "Peskovi sõnul"
        ("Me käsitleme seda", "peskov"),  # "lisas ta"
        ("Meil on rahulik suhtumine", "putin"),
        ("See on ajalooline päev", None),  # Reinsalu
        ("Õiglus jõuab kohale", None),  # "kinnitas ta": Reinsalu
        ("tühiseks paberiks", None),
    ],
    # Polish: „…” – powiedział X; "Według X"; a bare "– … – dodał." dash dialogue has no marks.
    "polish_report.txt": [
        ("chcą iść na Zachód", "lukashenko"),  # "powiedział …, że najemnicy „…”"
        ("Zaczynają mnie męczyć", "lukashenko"),
        ("Oczywiście trzymam ich", "lukashenko"),  # dash dialogue, "– dodał": still him
        ("Nie mamy informacji", "peskov"),
        ("Rosja nie zamierza", "peskov"),  # "Według Pieskowa"
        ("To jest próba destabilizacji", None),  # "stwierdził premier": Morawiecki
        ("Polska jest przygotowana", None),  # "zapewnił": still the premier
        ("granicy państwa związkowego", "putin"),  # "Putin mówił … o „…”"
    ],
    # Lithuanian: „…“, – sakė X; "Pasak X,"; "pridūrė jis".
    "lithuanian_report.txt": [
        ("pradėtas tikras karas", "putin"),
        ("Civilizacija vėl", "putin"),
        ("Mes gynėme savo tėvynę", "putin"),  # "pridūrė jis"
        ("Prezidento žodžiai", "peskov"),
        ("jokių derybų", "peskov"),  # "Pasak Peskovo"
        ("propagandos spektakliu", None),  # Landsbergis
        ("Tai tik dar vienas melas", None),
    ],
    # Latvian: "…," sacīja X; "Pēc X teiktā"; "piebilda viņš".
    "latvian_report.txt": [
        ("Esmu spiests", "putin"),
        ("Mēs neizstājamies", "putin"),  # "piebilda viņš"
        ("Prezidenta lēmums", "peskov"),
        ("nekādas sarunas", "peskov"),  # "Pēc Peskova teiktā"
        ("bezatbildīgu", None),  # Rinkēvičs
        ("Tā ir bīstama spēle", None),
        ("Mums jābūt vienotiem", None),  # "viņš": Rinkēvičs
    ],
    # Ukrainian: «…», — сказав X; "За словами X,"; "додав він".
    "ukrainian_report.txt": [
        ("Ми не будемо коментувати", "peskov"),
        ("Усе буде оголошено", "peskov"),  # "додав він"
        ("Ми відкриті до співпраці", "putin"),
        ("санкції не зупинять", "putin"),  # "За словами Путіна"
        ("союзом ізгоїв", None),  # Kuleba
        ("Це спроба обійти санкції", None),
        ("Світ має відреагувати", None),  # "він": Kuleba
    ],
    # Belarusian: «…», — сказаў X; "Па словах X,"; "дадаў ён".
    "belarusian_report.txt": [
        ("Што тычыцца Прыгожына", "lukashenko"),
        ("Ён не на тэрыторыі", "lukashenko"),  # "дадаў ён"
        ("Мы не сочым", "peskov"),
        ("у Крамля няма", "peskov"),  # "Па словах Пяскова"
        ("чарговай хлуснёй", None),  # Tsikhanouskaya
        ("Ён зноў падманвае", None),
    ],
    # French: « … », a déclaré X ; "Selon X," ; "a-t-il ajouté" ; a compound tense split by
    # an adverb after an appositive ("Le porte-parole …, Dmitri Peskov, a ensuite affirmé :").
    "french_report.txt": [
        ("La Russie suspend", "putin"),
        ("Nous ne nous retirons pas", "putin"),  # "a-t-il précisé"
        ("La décision du président", "peskov"),
        ("aucune négociation", "peskov"),  # "Selon Peskov"
        ("profondément regrettable", None),  # Blinken
        ("C'est une décision irresponsable", None),
        ("Nous restons prêts", None),  # "a-t-il ajouté": Blinken
        ("guerre hybride", None),
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
