"""Claim text as compared: what outlets change when they re-report a quote is taken out."""

from __future__ import annotations

import re
import unicodedata

# Editorial insertions ("they [Russia] need", "they (the West) wanted") are the reporter's
# words, not the speaker's; outlets add and drop them freely.
_INSERTIONS = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_ELLIPSIS = re.compile(r"\.\.\.+|…")
_THOUSANDS = re.compile(r"(?<=\d)[,  ](?=\d{3}\b)")
_APOSTROPHES = re.compile(r"['’ʼ`´]")
_NON_WORD = re.compile(r"[^\w]+")
_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_])[-‐‑](?=[^\W\d_])")

# Words whose presence on one side only turns a statement into its opposite.
NEGATIONS = frozenset(
    "not no never nor cannot cant wont dont doesnt didnt isnt arent wasnt werent shouldnt"
    " wouldnt couldnt hasnt havent hadnt nothing none neither nobody nowhere without".split()
)


def normalise(text: str) -> str:
    """Case, quote marks, dashes, whitespace, bracketed insertions and ellipses folded away."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    # Each pattern runs only where its characters occur: most sentences need few of them.
    if "[" in text or "(" in text:
        text = _INSERTIONS.sub(" ", text)
    if "." in text or "…" in text:
        text = _ELLIPSIS.sub(" ", text)
    if "," in text or " " in text:
        text = _THOUSANDS.sub("", text)
    text = _APOSTROPHES.sub("", text)
    if "-" in text or "‐" in text or "‑" in text:
        text = _WORD_HYPHEN.sub("", text)  # co-operation, co operation and cooperation alike
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def guard_tokens(normalised: str) -> tuple[frozenset[str], frozenset[str]]:
    """The negations and numbers of a text: two claims that differ in them are different."""
    words = normalised.split()
    return (
        NEGATIONS.intersection(words),
        frozenset(w for w in words if not w.isalpha()),  # normalised words hold \w only
    )
