"""An article's language: the one its record names, else the one its text reads as.

Detection is py3langid (langid.py's maintained fork; its model ships in the wheel), on the
article's opening characters: a news story keeps one language, and the start is enough.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Characters read for detection: enough for a confident answer, bounded per article.
SAMPLE_CHARS = 1_500
# Below this the detector is guessing (a caption, a list of names): the language stays unknown.
MIN_CONFIDENCE = 0.5
# Labels that are no language ("zxx": no linguistic content).
_NOT_LANGUAGES = frozenset({"zxx", "und"})
# "en", "en-GB", "pt_BR", "ukr"?: a primary subtag of two or three letters.
_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*")
# Names a record may give instead of a code (English names of the languages most met).
_NAMES = {
    "english": "en",
    "russian": "ru",
    "ukrainian": "uk",
    "german": "de",
    "czech": "cs",
    "polish": "pl",
    "french": "fr",
    "spanish": "es",
    "belarusian": "be",
}


def normalise_tag(value: str) -> str | None:
    """A record's language value as a lower-case primary code, or None if it is none.

    >>> normalise_tag("en-GB")
    'en'
    """
    value = value.strip()
    named = _NAMES.get(value.lower())
    if named:
        return named
    match = _TAG.fullmatch(value)
    if match is None:
        return None
    return match.group(1).lower()


def detect(text: str) -> str | None:
    """The language ``text`` is written in, or None when the detector is not confident."""
    sample = text[:SAMPLE_CHARS]
    if not sample.strip():
        return None
    label, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE or label in _NOT_LANGUAGES:
        return None
    return str(label)


@cache
def _identifier() -> Any:
    # Loaded on first use (about 0.7 s): a run whose records all name their language never
    # pays for it.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
