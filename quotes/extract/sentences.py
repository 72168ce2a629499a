"""Sentences of the writer's text, found with quoted speech masked out.

Quoted speech holds full stops of its own that would end the writer's sentence early, so the
splitter (sentencex) reads a copy of the text in which every quote's content is a run of
``x``: offsets stay the same and the sentence around a quote comes out whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import sentencex

from quotes.extract.splitter import unwrapped
from quotes.types import Span

_CYRILLIC = re.compile("[а-яА-ЯёЁ]")
_GERMAN = re.compile(r"„|\b(?:der|die|und|sagte|nicht|auch)\b")
# ``\S`` is exactly ``not str.isspace()``: both use the same Unicode whitespace table.
_NOT_SPACE = re.compile(r"\S")
_NOT_LINE_BREAK = re.compile(r"[^\r\n]")


# An honorific or rank before a name: its full stop ends no sentence ("Ms. Hale").
_HONORIFIC_END = re.compile(
    r"(?<!\w)(?:Mr|Mrs|Ms|Mx|Messrs|Dr|Prof|Rev|Hon|Atty|Amb|Rep|Reps|Sen|Sens|Gov|Govs|Pres"
    r"|Supt|Insp|Det|Gen|Gens|Lt|Col|Maj|Capt|Cmdr|Adm|Brig|Sgt|Cpl|Pvt|Mme|Mlle|Hr|Fr)\.$"
)

# A lone capital and its stop ending a piece ("D-N."), and a piece that goes on from it:
# another initial and a comma or a lowercase word ("Y., said"), never a new sentence.
_INITIAL_END = re.compile(r"(?<![^\W\d_])[A-Z]\.$")
_INITIAL_GOES_ON = re.compile(r"[A-Z]\.(?:,|\s+[a-z])")


def mask(text: str, spans: Iterable[Span], start: int = 0) -> str:
    """``text`` with quote contents (and anything before ``start``) blanked, same length.

    Letters inside quotes become ``x`` so no name, verb or stop inside a quote is ever read as
    the writer's; line breaks between paragraphs are kept so paragraphs stay where they are
    (those inside a paragraph of hard-wrapped text become spaces). The one stop kept
    is a quote's last when a new sentence starts after its mark (``"… talk." Putin said``):
    it ends the writer's sentence too, and without it the next sentence's speaker would
    stand in the same sentence as the quote. Of a doubled
    apostrophe (''…'') the outer one becomes a space, so the cue readers, which look one
    character past a mark, see ``'xxx' said`` as they see ``"xxx" said``. A spaced double
    hyphen reads as a dash.
    """
    # Line breaks inside a paragraph of hard-wrapped text are read as spaces (same length).
    text = unwrapped(text, max(0, start))
    # Substitutions over slices, not a loop over characters: this runs on every article.
    pieces: list[str] = []
    cursor = max(0, min(start, len(text)))
    if cursor:
        pieces.append(_NOT_LINE_BREAK.sub(" ", text[:cursor]))
    for span_start, span_end in sorted((s.start, s.end) for s in spans):
        span_start = max(span_start, cursor)
        if span_end <= span_start:
            continue
        pieces.append(text[cursor:span_start])
        kept = span_end - 1 if _ends_writers_sentence(text, span_end) else span_end
        pieces.append(_NOT_SPACE.sub("x", text[span_start:kept]))
        pieces.append(text[kept:span_end])
        cursor = span_end
    pieces.append(text[cursor:])
    masked = "".join(pieces)
    if " --" in masked:
        # A typewriter's dash ("Lukashenko -- who has ruled since 1994 -- said") is read as
        # the dash it stands for, so asides and dash attributions see one mark.
        masked = masked.replace(" -- ", " —  ")
    outer = _doubled_outer(text, spans)
    if not outer:
        return masked
    chars = list(masked)
    for pos in outer:
        chars[pos] = " "
    return "".join(chars)


# A closing mark (one character, or a doubled apostrophe), spaces, then a capital or a mark.
_NEW_SENTENCE_AFTER = re.compile(r"(?:''|[\"”“»«’'‘“])[ \t\u00a0]+(?=[\"“„«‘'‚]|[^\W\d_])")


def _ends_writers_sentence(text: str, end: int) -> bool:
    """Whether the quote ending at ``end`` ends with a full stop the next sentence follows."""
    if end < 1 or text[end - 1] not in ".!?…":
        return False
    if end >= 2 and text[end - 2] == ".":
        return False  # an ellipsis written as dots trails off; the sentence may go on
    after = _NEW_SENTENCE_AFTER.match(text, end)
    if after is None:
        return False
    nxt = text[after.end()]
    return not nxt.isalpha() or nxt.isupper()


def _doubled_outer(text: str, spans: Iterable[Span]) -> list[int]:
    """The outer apostrophe of each doubled mark (''…'') around a span."""
    found: list[int] = []
    for span in spans:
        if span.open_mark == "'":
            at = text.rfind("'", 0, span.start)
            if at >= 1 and text[at - 1] == "'" and (at < 2 or text[at - 2] != "'"):
                found.append(at - 1)
        if span.close_mark == "'":
            at = text.find("'", span.end)
            if 0 <= at < len(text) - 1 and text[at + 1] == "'" and text[at + 2 : at + 3] != "'":
                found.append(at + 1)
    return found


def language(text: str) -> str:
    """A rough language guess for the sentence splitter: ``ru``, ``de`` or ``en``."""
    sample = text[:5000]
    if len(_CYRILLIC.findall(sample)) > 50:
        return "ru"
    if len(_GERMAN.findall(sample)) > 10:
        return "de"
    return "en"


# A writer's sentence longer than this is a list, a table or a dump run together, not a
# sentence: it is cut (after a comma or a space) so the context kept with each of its
# quotes stays small. Without the cut a 250 KB line of 4,500 quotes stored the whole line
# with every quote.
MAX_SENTENCE_CHARS = 2_000
_CUT_AFTER = re.compile(r"[,;:]\s")


def sentences(
    masked: str, paragraphs: list[tuple[int, int]], lang: str = "en"
) -> list[tuple[int, int]]:
    """(start, end) of every sentence, never crossing a paragraph; whitespace trimmed; none
    longer than ``MAX_SENTENCE_CHARS``."""
    found = _sentences(masked, paragraphs, lang)
    if all(end - start <= MAX_SENTENCE_CHARS for start, end in found):
        return found
    return [piece for start, end in found for piece in _cut(masked, start, end)]


def _cut(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """A too-long sentence as pieces of at most ``MAX_SENTENCE_CHARS``, cut after the last
    comma (else space) of each piece's second half."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE_CHARS:
        low, high = start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS
        window = masked[low:high]
        comma = _last_match(_CUT_AFTER, window)
        space = window.rfind(" ")
        cut = low + (comma if comma >= 0 else space + 1 if space >= 0 else len(window))
        piece_end = cut
        while piece_end > start and masked[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut
        while start < end and masked[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


def _last_match(pattern: re.Pattern[str], text: str) -> int:
    """Where the last match of ``pattern`` in ``text`` ends, or -1."""
    last = -1
    for m in pattern.finditer(text):
        last = m.end()
    return last


def _sentences(masked: str, paragraphs: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs:
        cursor = p_start
        for piece in sentencex.segment(lang, masked[p_start:p_end]):
            stripped = piece.strip()
            if not stripped:
                continue
            found = masked.find(stripped, cursor, p_end)
            if found < 0:  # the splitter normalised something; keep the rest as one sentence
                break
            if (
                bounds
                and bounds[-1][1] > p_start
                and (
                    _HONORIFIC_END.search(masked, bounds[-1][0], bounds[-1][1])
                    or (
                        _INITIAL_END.search(masked, bounds[-1][0], bounds[-1][1])
                        and _INITIAL_GOES_ON.match(stripped)
                    )
                )
            ):
                # "met Ms. | Hale": the splitter took an honorific's stop for a sentence end;
                # "Ann Baker, D-N. | Y., said": or an initial's, inside an abbreviation.
                bounds[-1] = (bounds[-1][0], found + len(stripped))
            else:
                bounds.append((found, found + len(stripped)))
            cursor = found + len(stripped)
        if cursor < p_end and masked[cursor:p_end].strip():
            rest = len(masked[cursor:p_end]) - len(masked[cursor:p_end].lstrip())
            bounds.append((cursor + rest, p_end))
    return bounds
