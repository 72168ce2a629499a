"""Layouts that name the speaker without a speech verb: labels, dashes, source lines.

Each reader is pure and returns the speaker phrase it found with the word that links it to
the quote, or None; ``cues`` turns an answer into a cue on the quote's side.

- ``"…" — Dmitry Peskov``: a name alone after a dash, as under a pull quote.
- ``PESKOV: "…"``, ``Peskov, RIA Novosti: "…"``: a speaker label, as in transcripts.
- ``Source: Peskov quoted by TASS`` then ``Quote: "…"``: a label paragraph names the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from quotes.attribute.context import Context
from quotes.attribute.phrases import HONORIFICS, Phrase, Resolved, iter_tokens

# What may follow a name after a dash and still end the attribution: the sentence's end, a
# comma before the outlet or occasion ("— Peskov, to reporters"), a parenthesis.
_DASH = re.compile(r"[ \t]*[,;]?[ \t]*(?:[—–]|--?)[ \t]*")
_AFTER_NAME = re.compile(r"[ \t]*(?:$|[.,;(]|\n)")
_BRACKET = re.compile(r"[ \t]*[,;]?[ \t]*\([ \t]*")
_CLOSE_BRACKET = re.compile(r"[ \t]*\)")
MAX_LABEL_TOKENS = 5


@dataclass(frozen=True, slots=True)
class Found:
    subject: Resolved
    cue: str
    via: str | None = None


def dash_name(ctx: Context, close: int, end: int) -> Found | None:
    """``"We have no such plans." — Dmitry Peskov``: a dash, then a name ending the clause;
    or the name in brackets after the quote, ``„Das ist absurd“ (Peskow)``."""
    text = ctx.masked
    dash = _DASH.match(text, close + 1, end) or _BRACKET.match(text, close + 1, end)
    if dash is None or not any(c in dash.group() for c in "—–-("):
        return None
    run = _name_run(ctx, dash.end(), end)
    if run is None:
        return None
    after = _CLOSE_BRACKET if "(" in dash.group() else _AFTER_NAME
    if not after.match(text, run.end, end):
        return None
    resolved = ctx.resolve(run)
    if resolved.kind not in ("name", "role") and not (resolved.kind == "other" and resolved.named):
        return None
    via = _outlet_after(ctx, run.end, end)
    return Found(resolved, dash.group().strip(" \t,;"), None if "(" in dash.group() else via)


def dash_line(ctx: Context, close: int) -> Found | None:
    """``"We have no such plans."`` and, as the next paragraph, ``— Dmitry Peskov, Minsk.``:
    a quote closing its paragraph, signed by a dash and a name on the line after it, as a
    newsletter or a quote list prints them."""
    text = ctx.masked
    p_end = ctx.paragraph_at(close)[1]
    if text[close + 1 : p_end].strip(" \t.,"):
        return None  # words of the writer's after the quote: no signature line follows
    following = ctx.next_paragraph(p_end)
    if following is None:
        return None
    start, end = following
    if end - start > _SIGNATURE_CHARS or text[start : start + 1] not in "—–-":
        return None
    return dash_name(ctx, start - 1, end)


# A signature line is a name and a place or occasion, never a paragraph of its own words.
_SIGNATURE_CHARS = 120


def label(ctx: Context, start: int, end: int) -> Found | None:
    """A label before a colon: ``PESKOV:``, ``Peskov, RIA Novosti:``, or ``Quote:`` under a
    ``Source:`` line. ``start``–``end`` is the label's text, the colon excluded."""
    text, lex = ctx.masked, ctx.lexicon
    words = list(islice(iter_tokens(text, start, end), MAX_LABEL_TOKENS + 1))
    if not words or len(words) > MAX_LABEL_TOKENS or text[start : words[0].start()].strip():
        return None
    first, last = words[0].start(), words[-1].end()
    if text[first:last].casefold() in lex.quote_labels:
        return _source_line(ctx, start)
    comma = text.find(",", first, last)
    if comma > 0 and lex.is_outlet(text[comma + 1 : last]):
        # "Peskov, RIA Novosti:" — the speaker, then the outlet that carried the words.
        name = _name_run(ctx, first, comma)
        if name is None or name.end != _rstrip(text, first, comma):
            return None
        resolved = _person(ctx, name)
        return Found(resolved, ":", lex.outlet_name(text[comma + 1 : last])) if resolved else None
    if all(w.group().isupper() for w in words):
        # "PESKOV:" — a transcript's label in capitals; the registry knows the name's case.
        phrase = Phrase(first, last, text[first:last].title())
        if len(phrase.text) == last - first:
            resolved = _person(ctx, phrase)
            # One word in capitals is as often a rubric ("NOTE:") as a name: only the
            # registry's names are taken alone.
            if resolved and (resolved.kind != "other" or len(words) > 1):
                return Found(resolved, ":")
    return None


def _source_line(ctx: Context, start: int) -> Found | None:
    """``Source: Peskov quoted by TASS`` in the paragraph before ``Quote: "…"``."""
    text, lex = ctx.masked, ctx.lexicon
    p_start, _ = ctx.paragraph_at(start)
    previous = ctx.previous_paragraph(p_start)
    if previous is None:
        return None
    colon = text.find(":", previous[0], previous[1])
    if colon < 0 or text[previous[0] : colon].strip().casefold() not in lex.source_labels:
        return None
    name = _name_run(ctx, colon + 1, previous[1])
    if name is None:
        return None
    resolved = _person(ctx, name)
    if resolved is None:
        return None
    rest = text[name.end : previous[1]]
    via_words = lex.source_via.match(rest.strip(" \t,(")) if rest.strip() else None
    via_text = rest.strip(" \t,()")[via_words.end() :] if via_words else rest.strip(" \t,()")
    via = lex.outlet_name(via_text) if via_text and lex.is_outlet(via_text) else None
    return Found(resolved, "Source:", via)


def _name_run(ctx: Context, start: int, end: int) -> Phrase | None:
    """The capitalised words opening ``text[start:end]`` ("Dmitry Peskov", "Sen. Ted Cruz").

    Lowercase words may sit inside only when a name phrase holds them ("the Kremlin
    spokesman"), so "a claim Peskov denied" is no name.
    """
    text, lex = ctx.masked, ctx.lexicon
    run: list[re.Match[str]] = []
    for tok in islice(iter_tokens(text, start, end), MAX_LABEL_TOKENS + 2):
        gap = text[run[-1].end() if run else start : tok.start()]
        if run and gap.strip() and not (gap.strip() == "." and run[-1].group() in HONORIFICS):
            break
        if not run and gap.strip():
            return None
        word = tok.group()
        if not (word[:1].isupper() or word.casefold() in lex.name_phrase_words):
            break
        run.append(tok)
    while run and not run[-1].group()[:1].isupper():
        run.pop()  # a name phrase ends in a name or a capitalised title
    if not run or len(run) > MAX_LABEL_TOKENS:
        return None
    return Phrase(run[0].start(), run[-1].end(), text[run[0].start() : run[-1].end()])


def _person(ctx: Context, phrase: Phrase) -> Resolved | None:
    resolved = ctx.resolve(phrase)
    if resolved.kind in ("name", "role") or (resolved.kind == "other" and resolved.named):
        return resolved
    return None


def _outlet_after(ctx: Context, pos: int, end: int) -> str | None:
    """``— Peskov, RIA Novosti`` / ``— Peskov (TASS)``: the outlet named after the name."""
    rest = ctx.masked[pos:end].strip(" \t,.;()")
    return ctx.lexicon.outlet_name(rest) if rest and ctx.lexicon.outlets.fullmatch(rest) else None


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
