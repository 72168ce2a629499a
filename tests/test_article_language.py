"""An article's language (its record's, else detected) reaches the sentence splitter, so a
Czech page's abbreviations are read as Czech, not cut as English sentence ends."""

from __future__ import annotations

from datetime import date

import pytest

from quotes.attribute.lexicon import default_lexicon
from quotes.attribute.registry import load_registry
from quotes.attribute.runner import build_context
from quotes.config import speakers_path
from quotes.types import Article

REGISTRY = load_registry(speakers_path())
# "hod." (hodin, o'clock) is a Czech abbreviation: no sentence ends after it.
CZECH = "Schůzka začala v 10 hod. ráno v Praze. Pak všichni odešli."


@pytest.mark.parametrize(("language", "count"), [("cs", 2), (None, 3)])
def test_the_splitter_reads_the_article_in_its_language(language: str | None, count: int) -> None:
    article = Article("t.txt", CZECH, "sha", date(2024, 3, 1), language=language)
    ctx = build_context(article, [], REGISTRY, default_lexicon())
    shown = [CZECH[start:end] for start, end in ctx.sentences]
    assert len(shown) == count, shown
    if language == "cs":
        assert shown[0] == "Schůzka začala v 10 hod. ráno v Praze."
