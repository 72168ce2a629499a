"""Saved news pages: the article's text, metadata and quotes, never the page's boilerplate.

The fixtures in tests/data/inputs/ are pages made for these tests in the shapes news sites
use: bylines, related-story boxes, embedded posts, cookie banners, comments, newsletter boxes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quotes.attribute.registry import load_registry
from quotes.attribute.runner import extract
from quotes.config import speakers_path
from quotes.errors import InputError
from quotes.extract.formats import PendingFile, read_pending
from quotes.extract.html import outlet_of, parse_html
from quotes.types import SourceMeta

DATA = Path(__file__).parent / "data" / "inputs"
REGISTRY = load_registry(speakers_path())

PAGES = {
    "northern_wire.html": SourceMeta(
        outlet="Northern Wire",
        url="https://www.northernwire.example.com/world/2024/03/12/kremlin-rejects-talks-offer",
        title="Kremlin rejects talks offer as grain deal lapses",
        author="Anna Keller",
        published=date(2024, 3, 12),
    ),
    "harbour_daily.html": SourceMeta(
        outlet="The Harbour Daily",  # from the JSON-LD publisher: no og:site_name
        url="https://harbourdaily.example.org/news/port-workers-wait",
        title="Port workers wait for word from Moscow",
        author="Tomas Berg",
        published=date(2024, 3, 14),  # datePublished, not dateModified
    ),
    "novosti_ru.html": SourceMeta(
        outlet="example.ru",  # no site name in the page: the URL's registered domain
        url="https://www.novosti-dnya.example.ru/politika/2024/04/02/peskov-slukhi",
        title="Песков прокомментировал слухи об отставке",
        author=None,
        published=date(2024, 4, 2),  # from the URL
    ),
}

# Every quote of each page, in order, with its speaker (registry key, or None with the
# mention): nothing from the related links, embedded tweet, banners or comments.
QUOTES = {
    "northern_wire.html": [
        ("There is nothing on the table that we could seriously discuss,", "peskov"),
        ("Our sailors know their task and they will carry it out,", "shoigu"),
        ("The president was informed in the morning and gave his instructions.", "peskov"),
        ("Nobody should expect quick decisions from Moscow on this matter,", "peskov"),
    ],
    "harbour_daily.html": [
        ("We have families to feed and no one tells us anything,", None),
        ("Trade routes will be found with or without the goodwill of others.", "putin"),
        ("no information", "peskov"),
    ],
    "novosti_ru.html": [("Никаких решений на этот счёт не принималось", "peskov")],
}
LANGUAGES = {"northern_wire.html": "en", "harbour_daily.html": "en", "novosti_ru.html": "ru"}
# Boilerplate words of each page that must not reach the article text.
LEFT_OUT = [
    "cookies",
    "Accept all",
    "Related stories",
    "We will not be lectured",
    "The door stays open",
    "@ministry_press",
    "Five stories you need to know",
    "Advertisement",
    "never says anything new",
    "Consequences will follow",
    "I saw the ship sink",
    "said nobody in the port",
    "Legitimate interest",
    "Share on",
    "Читайте также",
    "Опять слухи",
    "Всё будет решено",
]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_page_gives_its_metadata(name: str) -> None:
    article = read_pending(PendingFile(str(DATA / name), "html"))
    assert article.source == PAGES[name]
    assert article.date == PAGES[name].published
    assert article.language == LANGUAGES[name]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_quote_of_a_page_and_its_speaker(name: str) -> None:
    doc = extract(read_pending(PendingFile(str(DATA / name), "html")), REGISTRY)
    assert [(q.text, q.attribution.speaker) for q in doc.quotes] == QUOTES[name]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_boilerplate_is_left_out(name: str) -> None:
    text = read_pending(PendingFile(str(DATA / name), "html")).text
    assert [words for words in LEFT_OUT if words in text] == []


def test_paragraphs_stay_paragraphs_and_a_quote_runs_over_two() -> None:
    doc = extract(read_pending(PendingFile(str(DATA / "northern_wire.html"), "html")), REGISTRY)
    text = doc.article.text
    assert "\n\n" in text and "\n\n\n" not in text
    # The headline is kept on the source, not repeated as the text's first paragraph.
    assert not text.startswith("Kremlin rejects talks offer")
    run_on = [q for q in doc.quotes if q.text.startswith(("The president was", "Nobody should"))]
    assert len(run_on) == 2
    assert run_on[0].span.utterance == run_on[1].span.utterance
    assert run_on[0].span.close_mark is None


def test_the_same_story_under_two_outlets_reads_as_the_same_text() -> None:
    page = (DATA / "northern_wire.html").read_text(encoding="utf-8")
    other = (
        page.replace("Northern Wire", "Baltic Herald")
        .replace("northernwire.example.com", "balticherald.example.net")
        .replace("Kremlin rejects talks offer as grain deal lapses", "Moscow says no to talks")
    )
    first, second = parse_html("a.html", page), parse_html("b.html", other)
    assert first.sha256 == second.sha256
    assert (first.source.outlet, second.source.outlet) == ("Northern Wire", "Baltic Herald")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", id="no-article"),
        pytest.param(b"\x00\x01\x02\xff" * 100, id="binary"),
    ],
)
def test_a_page_without_an_article_is_one_clear_error(data: bytes) -> None:
    with pytest.raises(InputError, match=r"^bad\.html: .*skipped$"):
        parse_html("bad.html", data)


def test_a_page_without_a_date_takes_the_capture_date() -> None:
    page = b"<html><body><article>" + b"<p>The ferry ran late again on the coast road.</p>" * 8
    article = parse_html("p.html", page + b"</article></body></html>", crawled=date(2024, 5, 1))
    assert (article.source.published, article.date) == (None, date(2024, 5, 1))


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.bbc.co.uk/news/world-1", "bbc.co.uk"),
        ("http://news.example.com/a", "example.com"),
        ("https://tass.ru/politika/1", "tass.ru"),
        ("https://192.168.1.1/x", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_the_outlet_of_a_url_is_its_registered_domain(url: str | None, outlet: str | None) -> None:
    assert outlet_of(url) == outlet
