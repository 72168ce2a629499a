"""Regexes for the phrases of registries and lexicons, written once for both.

A phrase matches with its apostrophes and hyphens interchangeable and its spaces flexible;
an alternation lists its phrases longest first, so the longest wins where several match.
"""

from __future__ import annotations

import re

_APOSTROPHES = "'’"


def phrase_regex(text: str) -> str:
    """A regex for a phrase: apostrophes and hyphens interchangeable, spaces flexible."""
    out = []
    for ch in text:
        if ch in _APOSTROPHES:
            out.append("['’]")
        elif ch == " ":
            out.append(r"\s+")
        elif ch == "-":
            out.append(r"[-‐‑]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def alternation(phrases: list[str]) -> str:
    """The phrases as one regex alternation, longest first."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(phrase_regex(p) for p in ordered)
