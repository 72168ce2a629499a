"""Which words the tool names as the speaker mention: sentences written for each pattern.

Rows are ``(text, quote it starts with, expected mention, expected speaker key)`` where a
None mention means "no mention at all" (better than a wrong one). Articles are dated
2023-05-01.
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


SENTENCE_END = [
    # The quote's full stop ends the writer's sentence: the next one's subject is not its cue.
    (
        'Peskov told reporters: "We are ready to talk." Putin said the talks were over.',
        "We are ready",
        "Peskov",
        "peskov",
    ),
    (
        'The aide said: "Nothing was agreed." Lukashenko then said the border would close.',
        "Nothing was agreed",
        "The aide",
        None,
    ),
    # A short closing sentence is still the cue.
    ('"We are ready." Putin said on Monday.', "We are ready", "Putin", "putin"),
    ('"Why?" Putin asked, adding that it was late.', "Why?", "Putin", "putin"),
    # A question mark is the English way to end a quote before its cue.
    (
        '"Who knows?" Peskov told reporters in Moscow after a long meeting on Monday.',
        "Who knows?",
        "Peskov",
        "peskov",
    ),
    # And the next quote, after "." and a new sentence, is not held by the earlier cue.
    (
        '"We are ready to talk," Peskov said. "It is late." Lukashenko said there was no deal.',
        "It is late",
        "Peskov",
        "peskov",
    ),
]


@pytest.mark.parametrize(("text", "quote", "mention", "speaker"), SENTENCE_END)
def test_a_sentence_ends_after_a_quotes_full_stop(
    text: str, quote: str, mention: str | None, speaker: str | None
) -> None:
    assert mention_of(text, quote) == (mention, speaker)
