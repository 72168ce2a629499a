"""Finding the cue next to a quote: the speech verb and its speaker phrase, on either side."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from quotes.attribute.context import Context
from quotes.attribute.phrases import Phrase, Resolved, subject_after, subject_before, tokens
from quotes.types import Span

# What may stand between a closing mark and its cue: a comma, a dash ("», — заявил Песков").
_AFTER_LEAD = re.compile(r"[ \t]*[,;]?[ \t]*(?:(?:[—–]|--?)[ \t]*)?")
# A parenthesis between a speaker and their verb: "Lukashenko, according to Belta, said".
_ASIDE = re.compile(r",\s*([^,.;:!?]{1,80}?),\s*")
_ASIDE_BEFORE = re.compile(r",\s*([^,.;:!?]{1,80}?),\s*(?:\w+\s+){0,2}$")
MAX_TAIL_TOKENS = 8
# A tail holding one of these is a clause of its own ("claimed the troops will ..."), not a cue.
_TAIL_CLAUSE = frozenset({"will", "would", "has", "have", "had", "can", "could", "shall"})
MAX_SUBJECT_GAP = 12


@dataclass(frozen=True, slots=True)
class Cue:
    verb: str
    verb_start: int
    subject: Resolved
    side: Literal["after", "before"]
    via: str | None = None


def cue_after(span: Span, ctx: Context) -> Cue | None:
    """The cue right after a quote's closing mark: ``"…," Peskov said`` or ``"…," said Peskov``."""
    close = ctx.close_mark_pos(span)
    if close is None:
        return None
    s_end = ctx.sentence_at(close)[1]
    s_end = max(s_end, ctx.paragraph_at(close)[1]) if s_end <= close + 1 else s_end
    text, lex = ctx.masked, ctx.lexicon
    pos = _AFTER_LEAD.match(text, close + 1, s_end)
    at = pos.end() if pos else close + 1
    verb = lex.verbs.match(text, at) or lex.after_quote_verbs.match(text, at)
    if verb:
        phrase = subject_after(text, verb.end(), s_end, lex)
        if phrase is None:
            return None
        return Cue(
            verb.group(), verb.start(), ctx.resolve(phrase), "after", _via(ctx, verb.end(), s_end)
        )
    for verb in lex.verbs.finditer(text, at, s_end):
        between = text[at : verb.start()]
        aside = _ASIDE.search(between)
        subject_end = at + aside.start() if aside else verb.start()
        if len(tokens(text, at, verb.start())) > MAX_SUBJECT_GAP:
            return None
        phrase = subject_before(text, subject_end if aside else verb.start(), at, lex)
        if phrase is None or phrase.start != _first_word(text, at, verb.start()):
            return None
        via = _via_in(ctx, aside.group(1)) if aside else None
        return Cue(
            verb.group(),
            verb.start(),
            ctx.resolve(phrase),
            "after",
            via or _via(ctx, verb.end(), s_end),
        )
    return None


def cue_before(span: Span, ctx: Context) -> Cue | None:
    """The cue just before a quote: ``Putin said: "…"``, ``he added, "…"``, ``Peskov: "…"``."""
    open_pos = ctx.open_mark_pos(span)
    s_start, _ = ctx.sentence_at(open_pos)
    p_start, _ = ctx.paragraph_at(open_pos)
    text = ctx.masked
    window_end = open_pos
    if not text[max(s_start, p_start) : open_pos].strip() and open_pos <= p_start + 1:
        # A quote that opens its paragraph can be introduced by a colon ending the one before.
        previous = ctx.previous_paragraph(p_start)
        if previous is None or not text[: previous[1]].rstrip().endswith(":"):
            return None
        window_end = previous[1]
        s_start = ctx.sentence_at(window_end - 1)[0]
    window = text[s_start:window_end].rstrip()
    end = s_start + len(window)
    if window.endswith((":", ",")):
        end -= 1
    head = _headline(ctx, s_start, end, window)
    if head is not None:
        return head
    return _participle(ctx, s_start, end) or _verb_before(ctx, s_start, end)


def _headline(ctx: Context, start: int, end: int, window: str) -> Cue | None:
    """``Peskov: "…"``: a name alone before a colon, as in headlines and interview layouts."""
    if not window.endswith(":"):
        return None
    words = tokens(ctx.masked, start, end)
    if (
        not words
        or len(words) > 5
        or ctx.masked[start:end].strip() != ctx.masked[words[0].start() : end].strip()
    ):
        return None
    phrase = Phrase(
        words[0].start(), words[-1].end(), ctx.masked[words[0].start() : words[-1].end()]
    )
    resolved = ctx.resolve(phrase)
    if resolved.kind not in ("name", "role"):
        return None
    return Cue(":", end, resolved, "before")


def _participle(ctx: Context, start: int, end: int) -> Cue | None:
    """``Putin said ..., noting: "…"``: the participle speaks for the sentence's subject."""
    text, lex = ctx.masked, ctx.lexicon
    trimmed = re.sub(r"\s+that$", "", text[start:end].rstrip())
    found = list(lex.participles.finditer(text, start, start + len(trimmed)))
    match = found[-1] if found else None
    if match is None or match.end() != start + len(trimmed):
        return None
    if not text[start : match.start()].rstrip().endswith(","):
        return None
    acts = ctx.acts_between(start, match.start())
    if acts:
        return Cue(match.group(), match.start(), acts[0].subject, "before")
    # "Putin praised the harvest, noting: …": no speech verb, so the sentence's subject.
    subjects = ctx.subjects_between(start, match.start())
    if subjects:
        return Cue(match.group(), match.start(), subjects[0], "before")
    return None


def _verb_before(ctx: Context, start: int, end: int) -> Cue | None:
    """The last speech verb before the mark, with only a short tail after it ("told reporters")."""
    text, lex = ctx.masked, ctx.lexicon
    verbs = list(lex.verbs.finditer(text, start, end))
    if not verbs:
        return None
    verb = verbs[-1]
    tail = tokens(text, verb.end(), end)
    if len(tail) > MAX_TAIL_TOKENS or re.search(r"[.;!?]", text[verb.end() : end]):
        return None
    words = [t.group().casefold() for t in tail]
    if any(w in _TAIL_CLAUSE for w in words):
        return None
    if any(w in lex.clause_words for w in words[:-1]) or (
        words and words[-1] in lex.clause_words and words[-1] not in {"that", "что", "dass"}
    ):
        return None
    phrase = subject_before(text, verb.start(), start, lex)
    via = _via(ctx, start, verb.start())
    aside = _ASIDE_BEFORE.search(text, start, verb.start())
    if phrase is None and aside is not None:
        # "Lukashenko, according to Belta, said: …": the subject stands before the aside.
        phrase = subject_before(text, aside.start(), start, lex)
        via = via or _via_in(ctx, aside.group(1))
    if phrase is None:
        phrase = subject_after(text, verb.end(), end, lex)
    if phrase is None:
        return None
    return Cue(verb.group(), verb.start(), ctx.resolve(phrase), "before", via)


def _first_word(text: str, start: int, end: int) -> int:
    first = tokens(text, start, end)
    return first[0].start() if first else -1


_VIA_PATTERNS = (
    re.compile(
        r"(?:according\s+to|as\s+quoted\s+by|quoted\s+by|cited\s+by)\s+([^,.;:!?]{1,60})", re.I
    ),
    re.compile(r"(?:told|telling)\s+([^,.;:!?]{1,40})", re.I),
    re.compile(r"(?:^|,\s*)([^,.;:!?]{1,50}?)\s+reported\b", re.I),
)


def _via(ctx: Context, start: int, end: int) -> str | None:
    """The outlet the words in ``[start, end)`` name as carrying the quote, if any."""
    return _via_in(ctx, ctx.masked[start:end])


def _via_in(ctx: Context, text: str) -> str | None:
    for pattern in _VIA_PATTERNS:
        for match in pattern.finditer(text):
            phrase = match.group(1)
            if ctx.lexicon.is_outlet(phrase) and ctx.lexicon.outlets.search(phrase):
                return ctx.lexicon.outlet_name(phrase)
    return None
