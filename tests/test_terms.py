"""Writer's-voice phrases (kind ``term``) beside speech, in sentences written for each rule."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from quotes.attribute.registry import load_registry
from quotes.attribute.runner import extract
from quotes.config import speakers_path
from quotes.db.engine import open_database, session_factory
from quotes.db.models import ClaimMention
from quotes.db.models import Quote as QuoteRow
from quotes.db.store import store_document, sync_speakers
from quotes.report.export import export_rows
from quotes.types import Article, Quote

REGISTRY = load_registry(speakers_path())
DAY = date(2023, 5, 1)


def quotes(text: str) -> tuple[Quote, ...]:
    return extract(Article("t.txt", text, f"sha-{hash(text)}", DAY), REGISTRY).quotes


def only(text: str) -> Quote:
    (quote,) = quotes(text)
    return quote


# (sentence, whether the quote is the writer's label) -- both kinds side by side.
TERMS = [
    ('Troops joined the "Union Shield" exercises near Brest.', True),
    ('Lukashenko said the "Union Shield" exercises would start in May.', True),
    ('The so-called "peace formula" was not discussed.', True),
    ('Putin praised the so-called "grain deal" on Tuesday.', True),
    ('Belarus launched a programme called "Safe Roads" last year.', True),
    ('A unit codenamed "Vostok" crossed the river.', True),
    ('Peskov gave an interview to the film "Crossroads".', True),
    ('The channel aired Operation "Northern Wind" footage.', True),
    ('Peskov appeared on Rossiya\'s "Evening With Solovyov" on Sunday.', True),
    ('Critics see the "reforms" as cosmetic.', True),
    ('Kremlin watchers call it a "reset".', True),
    ("Putin sprach über die sogenannte „Zeitenwende“ in Berlin.", True),
    ("Путин говорил о так называемой «сделке» вчера.", True),
    ('Putin called the report "pure fiction".', False),
    ('Lukashenko said the exercises were "purely defensive".', False),
    ('"Union Shield will go ahead," Lukashenko said.', False),
    ('"Never," Putin said.', False),
    ('Peskov said the talks "were useful and will go on".', False),
    ('The decision, Peskov said, "is final".', False),
    # A postposed "according to" (German zufolge, Latvian teiktā, Estonian sõnul) is a link.
    ('Peskovs teiktā "lēmums ir galīgs".', False),
    ('Peskovi sõnul "otsus on lõplik".', False),
    # A headline in title case: a show after a preposition is still a title, an infinitive
    # after "To" is somebody's words.
    ('Putin Slams West In Interview With "Meet The Press"', True),
    ('Lukashenko Urges Farmers Everywhere To "Save The Harvest"', False),
]


@pytest.mark.parametrize(("text", "is_term"), TERMS)
def test_terms_beside_speech(text: str, is_term: bool) -> None:
    quote = only(text)
    assert (quote.span.kind == "term") is is_term
    assert (quote.attribution.rule == "term") is is_term
    if is_term:
        assert quote.attribution.speaker is None
        assert quote.attribution.cue  # the evidence: which words made it a label
    else:
        assert quote.attribution.speaker is not None


def test_a_term_next_to_a_speech_verb_keeps_the_speaker_only_as_candidate() -> None:
    quote = only('Lukashenko said the "Union Shield" exercises would start in May.')
    assert quote.attribution.speaker is None
    assert quote.candidate is not None and quote.candidate.speaker == "lukashenko"


def test_a_term_does_not_carry_the_speaker_on_to_the_next_quote() -> None:
    found = quotes('The "Zapad" drills begin. "We are calm," Peskov said.')
    assert [(q.span.kind, q.attribution.speaker) for q in found] == [
        ("term", None),
        ("full", "peskov"),
    ]


# An article made of scare quotes, titles and quotes with no speech link next to registry
# names: none of them may reach a registry speaker, and each keeps a candidate.
UNLINKED_ARTICLE = """\
Putin and the "Victory Parade"

Putin watched the "Victory Parade" from the stand, as state television showed.
Lukashenko's "Union State" project came up again at the Peskov briefing.
At the Shoigu ceremony, "historic days" were promised to the veterans.
Near Putin, the "special operation" banners hung over the square.
"""


def test_an_article_of_unlinked_phrases_names_no_registry_speaker() -> None:
    found = quotes(UNLINKED_ARTICLE)
    assert len(found) == 5
    for quote in found:
        assert quote.attribution.speaker is None, quote.text
        assert quote.candidate is not None and quote.candidate.speaker is not None, quote.text


def test_ingesting_that_article_stores_candidates_and_no_speaker(db_url: str) -> None:
    engine = open_database(db_url)
    factory = session_factory(engine)
    doc = extract(Article("unlinked.txt", UNLINKED_ARTICLE, "sha-unlinked", DAY), REGISTRY)
    with factory() as session, session.begin():
        sync_speakers(session, REGISTRY)
        assert store_document(session, doc) == "stored"
    with factory() as session:
        rows = session.execute(select(QuoteRow.speaker_id, QuoteRow.candidate_speaker_id)).all()
        assert len(rows) == 5
        assert all(speaker is None and candidate is not None for speaker, candidate in rows)
        assert [row["speaker"] for row in export_rows(session)] == [None] * 5
    engine.dispose()


def test_a_term_makes_no_claim(db_url: str) -> None:
    engine = open_database(db_url)
    factory = session_factory(engine)
    text = 'The "Zapad" drills begin. "We are calm," Peskov said.'
    doc = extract(Article("claims.txt", text, "sha-claims", DAY), REGISTRY)
    with factory() as session, session.begin():
        sync_speakers(session, REGISTRY)
        store_document(session, doc)
    with factory() as session:
        claimed = session.scalars(select(ClaimMention.text)).all()
        assert claimed == ["We are calm,"]
    engine.dispose()
