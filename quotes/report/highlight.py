"""The writer's words around a quote, with the cue and the speaker mention marked.

A reviewer checks an attribution by reading the sentence it came from; the marks show
which words the rule relied on. The terminal shows them bold (``quotes.output.styled``),
plain output brackets them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Mark = Literal["quote", "cue", "mention"]
# How much text around a quote is shown when its sentence is unknown or a mention lies
# outside it: enough for a news sentence or two.
REACH = 240
# Plain-text brackets: unlikely in news text, and easy to strip or grep for.
PLAIN = {"cue": ("{{", "}}"), "mention": ("[[", "]]")}


@dataclass(frozen=True, slots=True)
class Excerpt:
    """``text`` is the shown window; ``marks`` are offsets into it."""

    text: str
    marks: tuple[tuple[int, int, Mark], ...]
    cut_before: bool
    cut_after: bool

    def plain(self) -> str:
        """The excerpt with the cue in ``{{ }}`` and the mention in ``[[ ]]``."""
        out, pos = [], 0
        for start, end, mark in self.marks:
            out.append(self.text[pos:start])
            if mark in PLAIN:
                left, right = PLAIN[mark]
                out.append(f"{left}{self.text[start:end]}{right}")
            else:
                out.append(self.text[start:end])
            pos = end
        out.append(self.text[pos:])
        return self._ellipses("".join(out))

    def shown(self) -> str:
        """The window's text with an ellipsis where it was cut: ``marks`` are one later
        when it was cut before."""
        return self._ellipses(self.text)

    def _ellipses(self, body: str) -> str:
        return ("…" if self.cut_before else "") + body + ("…" if self.cut_after else "")


def excerpt(
    doc: str,
    quote: tuple[int, int],
    sentence: tuple[int, int] | None = None,
    mention: tuple[int, int] | None = None,
    cue: str | None = None,
    base: int = 0,
    length: int | None = None,
) -> Excerpt:
    """The sentence around ``quote`` (else a window), widened to take in the mention.

    The cue is found as a whole word outside the quote, nearest to it, since only its text
    is stored. ``doc`` may be a part of the document: the part from ``base`` on, of a
    document ``length`` characters long (the cuts are marked as in the whole).
    """
    start, end = sentence if sentence else (quote[0] - REACH // 2, quote[1] + REACH // 2)
    start, end = min(start, quote[0]), max(end, quote[1])
    if mention and abs(mention[0] - quote[0]) <= 2 * REACH:
        start, end = min(start, mention[0]), max(end, mention[1])
    start, end = max(0, start), min(len(doc), end)
    spans: list[tuple[int, int, Mark]] = [(quote[0], quote[1], "quote")]
    if mention and start <= mention[0] and mention[1] <= end:
        spans.append((mention[0], mention[1], "mention"))
    found = _cue(doc, start, end, quote, cue) if cue else None
    if found and not any(found[0] < e and s < found[1] for s, e, _ in spans[1:]):
        spans.append((found[0], found[1], "cue"))
    marks = tuple((s - start, e - start, mark) for s, e, mark in spans)
    total = len(doc) + base if length is None else length
    return Excerpt(doc[start:end], _flatten(marks), base + start > 0, base + end < total)


def _cue(
    doc: str, start: int, end: int, quote: tuple[int, int], cue: str
) -> tuple[int, int] | None:
    pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, cue.split())) + r"\b", re.I)
    found = [
        (m.start(), m.end())
        for m in pattern.finditer(doc, start, end)
        if m.end() <= quote[0] or m.start() >= quote[1]
    ]
    if not found:
        return None
    return min(found, key=lambda s: min(abs(s[0] - quote[1]), abs(quote[0] - s[1])))


def _flatten(marks: tuple[tuple[int, int, Mark], ...]) -> tuple[tuple[int, int, Mark], ...]:
    """Non-overlapping marks in order: a cue or mention inside the quote splits it."""
    inner = sorted((s, e, m) for s, e, m in marks if m != "quote")
    out: list[tuple[int, int, Mark]] = []
    for qs, qe, _ in (m for m in marks if m[2] == "quote"):
        pos = qs
        for s, e, _m in inner:
            if qs <= s < qe:
                if pos < s:
                    out.append((pos, s, "quote"))
                pos = max(pos, e)
        if pos < qe:
            out.append((pos, qe, "quote"))
    out += inner
    return tuple(sorted(out))
