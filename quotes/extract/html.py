"""A saved news page in, its article out: main text, title, author, date, site and URL.

trafilatura finds the article body and leaves menus, related links, cookie banners and
comments out; its metadata step reads the title, byline, site name and canonical URL, and
calls htmldate for the publication date. Paragraphs come out one per line and are written
with a blank line between them, as the plain-text articles are, so a quote that runs over
several paragraphs is still found as one utterance.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from courlan import extract_domain

from quotes.errors import InputError
from quotes.types import Article, SourceMeta

# The libraries log what they skip; a page they cannot use is reported by us, once.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

# Embedded posts (tweets, Instagram, TikTok, Facebook, Telegram) are another author's words
# set into the page, usually with quote marks of their own: never the article's text.
EMBEDS = [
    "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'twitter-video')"
    " or contains(@class, 'instagram-media') or contains(@class, 'tiktok-embed')"
    " or contains(@class, 'reddit-card') or contains(@class, 'telegram-post')]",
    "//div[contains(@class, 'fb-post') or contains(@class, 'fb-video')"
    " or contains(@class, 'twitter-embed') or contains(@class, 'social-embed')]",
    "//iframe",
]
# Fewer words than this is what is left of a page with no article (a menu's "Home").
MIN_WORDS = 5
# htmldate on the page's markup and URL only: its extensive search guesses from any date
# in the text (an event's, a court case's), and a wrong publication date misfiles a quote.
DATE_OPTIONS = {"extensive_search": False, "original_date": True}


def parse_html(
    path: str,
    data: bytes | str,
    url: str | None = None,
    record: str | None = None,
    crawled: date | None = None,
    where: str | None = None,
) -> Article:
    """The article of one HTML page; ``url`` is where it was fetched from, if known.

    ``crawled`` (an archive's capture date) dates the document when the page gives no
    publication date of its own; ``where`` names the page in messages.
    """
    where = where or (f"{path} {record}" if record else path)
    try:
        found = trafilatura.bare_extraction(
            data,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            prune_xpath=EMBEDS,
            date_extraction_params=DATE_OPTIONS,
        )
    except Exception as exc:  # a library's failure on one page must not stop the run
        raise InputError(f"{where}: cannot read the page ({type(exc).__name__}), skipped") from None
    if found is None:
        raise InputError(f"{where}: no article text found in the page, skipped")
    meta: dict[str, Any] = found if isinstance(found, dict) else found.as_dict()
    title = _clean(meta.get("title"))
    body = _body(str(meta.get("text") or ""), title)
    if len(body.split()) < MIN_WORDS:
        raise InputError(f"{where}: no article text found in the page, skipped")
    canonical = _clean(meta.get("url")) or url
    published = _iso_date(meta.get("date"))
    source = SourceMeta(
        outlet=_site_name(meta.get("sitename"), canonical or url) or outlet_of(canonical or url),
        url=canonical,
        title=title,
        author=_clean(meta.get("author")),
        published=published,
        record=record,
    )
    sha = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return Article(path, body, sha, published or crawled, 0, (), source)


def outlet_of(url: str | None) -> str | None:
    """The registered domain of ``url`` ("bbc.co.uk" for https://www.bbc.co.uk/news), if any.

    courlan reads it with the public suffix list bundled in the ``tld`` package: no network.
    """
    if not url:
        return None
    try:
        domain = extract_domain(url)
    except Exception:  # a malformed URL is no outlet, not a failed article
        return None
    return str(domain) if domain else None


def _site_name(value: object, url: str | None) -> str | None:
    """The page's own name for its site; None when trafilatura only echoed the host name.

    Without a site name in the markup trafilatura falls back on the URL's host
    ("news.example.co.uk"); the outlet is then the registered domain, as for any page.
    """
    name = _clean(value)
    if name is None:
        return None
    host = (urlsplit(url).hostname or "") if url else ""
    if " " not in name and "." in name and host.endswith(name.lower().removeprefix("www.")):
        return None
    return name


def _body(text: str, title: str | None) -> str:
    """The extracted paragraphs, a blank line apart, without a repeat of the headline.

    The headline is kept on the source: left in the text it would make the same wire story
    under two outlets' headlines two documents.
    """
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and title and lines[0] == title:
        lines = lines[1:]
    return "\n\n".join(lines)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _iso_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
