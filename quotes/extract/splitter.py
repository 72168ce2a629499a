"""Find every span of direct speech in an article.

Marks are paired within a paragraph by family (see ``marks``); apostrophes are told apart by
the letters around them. A paragraph that leaves a double quote open runs on into the next
paragraph when that one reopens a quote (or, failing a reopening, closes one first), and the
spans are linked as one utterance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice, pairwise

from quotes.extract.marks import (
    CLOSING_CONTEXT,
    ELISIONS,
    MARKS,
    MAY_RUN_ON,
    OPENING_CONTEXT,
    Family,
    Lean,
)
from quotes.types import Kind, Span

# Line breaks. A hard one ends a line; U+2029 (PARAGRAPH SEPARATOR) always ends a paragraph;
# a soft one (vertical tab, U+2028 LINE SEPARATOR: a word processor's manual line break)
# never does, it is a break inside the paragraph, read as a space.
_LINE = re.compile(r"[^\r\n\x0c\x85\u2029]*(\r\n|[\r\n\x0c\x85\u2029])?")
_SOFT_BREAK = re.compile("[\x0b\u2028]")
_BREAK_CHARS = re.compile("[\r\n\x0c\x85]")
_NOT_BLANK = re.compile(r"\S")
# Hard-wrapped text (wire copy, e-mail, text dumps) breaks its lines at a fixed width, 60 to
# 80 characters: no line is longer than this, and most breaks fall where the next word
# would not have fitted on the line.
WRAP_WIDTH_MIN, WRAP_WIDTH_MAX = 40, 100
_WRAP_SLACK = 4
_WRAPPED_SHARE = 0.5
_CLOSING_PUNCTUATION = frozenset(",;:!?)]}")
# Two straight apostrophes stand for one double mark: an archive convention (''…'' said Mr.
# X) from typewriter days. A run of three or more is something else and is read mark by mark.
_MARK_CHARS = re.compile("[" + re.escape("".join(MARKS)) + "]")
_DOUBLED = "''"
# Words after which a quote is set off as speech, not sunk into the writer's sentence.
_FULL_AFTER = re.compile(r"(?:^|[:,;.!?…—–]|\s-{1,2})\s*$")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_DECADE = re.compile(r"\d\d(?:s)?")
_FUNCTION_WORDS = frozenset(
    [
        "and",
        "or",
        "but",
        "nor",
        "to",
        "in",
        "on",
        "at",
        "of",
        "for",
        "with",
        "as",
        "by",
        "from",
        "is",
        "was",
        "are",
        "were",
        "be",
        "said",
        "says",
        "than",
        "then",
        "so",
        "yet",
        "while",
        "when",
        "which",
        "who",
        "that",
    ]
)
# "the U.S." ends in a full stop that does not end a sentence.
_ABBREVIATION_END = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Jr|Sr|Prof|etc|vs|U\.S|U\.K|U\.N|E\.U))\.\s*$"
)
# Both patterns above look at the last few characters before a mark: an abbreviation and
# a space before it (_DECIDING_CHARS), after any run of spaces (_LOOKBEHIND in all).
_DECIDING_CHARS = 8
_LOOKBEHIND = 80
# A quote that opens mid-sentence is still a clause of speech when it is this long,
# starts with a capital and ends a sentence ('He said that "We will not retreat ..."').
_FULL_MIN_WORDS = 6


def paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """The paragraphs of ``text`` from ``start`` as (start, end), blank ones left out.

    A line is a paragraph, unless the text is hard-wrapped (see ``wrapped``): then
    paragraphs are separated by blank lines and the lines between are one paragraph.
    U+2029 always separates paragraphs; a vertical tab or U+2028 never does.
    """
    return list(_layout(text, start)[0])


def unwrapped(text: str, start: int = 0) -> str:
    """``text`` with every line break inside a paragraph read as a space, same length.

    Offsets into it are offsets into ``text``: the splitter and the attribution read this
    copy, and every stored offset still slices the original.
    """
    return _layout(text, start)[1]


def _lines(text: str, start: int) -> list[tuple[int, int, int]]:
    """(start, end, next line's start) of every line; end excludes the break."""
    found: list[tuple[int, int, int]] = []
    pos, size = start, len(text)
    while pos < size:
        m = _LINE.match(text, pos)
        assert m is not None  # the pattern matches the empty string
        end = m.start(1) if m.group(1) else m.end()
        found.append((pos, end, m.end()))
        if m.end() == pos:
            break
        pos = m.end()
    return found


def _blank(text: str, start: int, end: int) -> bool:
    return _NOT_BLANK.search(text, start, end) is None


# The splitter and the sentence mask both read an article's layout: work it out once.
@lru_cache(maxsize=4)
def _layout(text: str, start: int) -> tuple[tuple[tuple[int, int], ...], str]:
    lines = _lines(text, start)
    blocks: list[list[tuple[int, int, int]]] = [[]]
    separated = False
    for line in lines:
        if _blank(text, line[0], line[1]):
            if blocks[-1]:
                blocks.append([])
            separated = True
            continue
        blocks[-1].append(line)
        if text[line[1] : line[1] + 1] == "\u2029":
            blocks.append([])
            separated = True
    blocks = [b for b in blocks if b]
    if separated and _wrapped(text, blocks):
        paras = [(block[0][0], block[-1][1]) for block in blocks]
        inside = [(block[0][0], block[-1][1]) for block in blocks if len(block) > 1]
    else:
        paras = [(a, b) for a, b, _ in lines if not _blank(text, a, b)]
        inside = []
    joined = text
    if inside:
        pieces: list[str] = []
        cursor = 0
        for a, b in inside:
            pieces.append(text[cursor:a])
            pieces.append(_BREAK_CHARS.sub(" ", text[a:b]))
            cursor = b
        pieces.append(text[cursor:])
        joined = "".join(pieces)
    if "\x0b" in joined or "\u2028" in joined:
        joined = _SOFT_BREAK.sub(" ", joined)
    return tuple(paras), joined


def _wrapped(text: str, blocks: list[list[tuple[int, int, int]]]) -> bool:
    """Whether blank-line separated text is hard-wrapped: its lines are at most
    ``WRAP_WIDTH_MAX`` long and most breaks inside a paragraph fall where the next word
    would have overrun the width (what a wrapping program does)."""
    if not any(len(block) > 1 for block in blocks):
        return False  # no paragraph of several lines: nothing to join
    width = max(end - begin for block in blocks for begin, end, _ in block)
    if not WRAP_WIDTH_MIN <= width <= WRAP_WIDTH_MAX:
        return False
    breaks = full = 0
    for block in blocks:
        for (begin, end, _), (following, following_end, _) in pairwise(block):
            breaks += 1
            word = text[following:following_end].split(maxsplit=1)
            length = end - begin
            # A full line: the next word would not have fitted (a short one is a break of
            # its own, but for a very long next word).
            if word and length * 2 >= width and length + 1 + len(word[0]) > width - _WRAP_SLACK:
                full += 1
    return breaks > 0 and full >= _WRAPPED_SHARE * breaks


def _is_apostrophe(text: str, pos: int, start: int, end: int) -> bool:
    """A single mark between two letters or digits (It's, won't, Lukashenko’s) is an apostrophe."""
    left = text[pos - 1] if pos > start else ""
    right = text[pos + 1] if pos + 1 < end else ""
    return bool(left) and bool(right) and left.isalnum() and right.isalnum()


def _family(mark: str) -> tuple[Family, Lean]:
    return (Family.DOUBLE, Lean.EITHER) if mark == _DOUBLED else MARKS[mark]


def _contexts(text: str, pos: int, start: int, end: int, width: int = 1) -> tuple[bool, bool]:
    """Whether the text around the mark at ``pos`` reads as an opening and a closing context."""
    left = text[pos - 1] if pos > start else ""
    right = text[pos + width] if pos + width < end else ""
    left_edge = not left or left.isspace() or left in OPENING_CONTEXT
    right_edge = not right or right.isspace() or right in CLOSING_CONTEXT
    # « Bonjour », : a mark followed by a comma or full stop ends something, even after a
    # space; an ellipsis ("...and then") can still follow an opening mark.
    ends_here = right in _CLOSING_PUNCTUATION or (
        right == "." and text[pos + width + 1 : pos + width + 2] != "."
    )
    can_open = left_edge and bool(right) and not right.isspace() and not ends_here
    can_close = right_edge and bool(left) and not left.isspace()
    return can_open, can_close


def _single_may_open(text: str, pos: int, end: int) -> bool:
    """A single mark opens only before a word that is not an elision ('90s, '99, 'em)."""
    word = _WORD.match(text, pos + 1, end)
    return (
        word is not None
        and not _DECADE.fullmatch(word.group())
        and word.group().lower() not in ELISIONS
    )


def _ends_elision(text: str, pos: int, start: int) -> bool:
    """Whether the mark at ``pos`` ends a word like 'n that an apostrophe started."""
    word = re.search(r"(\W)(\w+)$", text[start:pos])
    return word is not None and word.group(1) in "'’" and word.group(2).lower() in ELISIONS


def _possessive(text: str, pos: int, end: int) -> bool:
    """Whether ``s’`` at ``pos``, inside an open single quote, is a possessive, not the close.

    "the workers’ demands’ and" : a possessive is followed by the noun it owns, a closing mark
    by punctuation or a small function word; failing both, it is possessive only when a later
    mark can still close the quote.
    """
    follow = re.match(r"\s*(\w+)?", text[pos + 1 : end])
    word = follow.group(1) if follow else None
    if word is None or word.casefold() in _FUNCTION_WORDS:
        return False
    for m in _MARK_CHARS.finditer(text, pos + 1, end):
        found = _mark_at(text, m.start(), pos + 1, end)
        if found is None:
            continue
        family, lean = _family(found)
        if family is not Family.SINGLE or lean in (Lean.OPEN_ONLY, Lean.OPEN):
            continue
        if _is_apostrophe(text, m.start(), pos, end):
            continue
        can_open, can_close = _contexts(text, m.start(), pos, end)
        if can_open and not can_close:
            return False  # the next single mark opens a new quote: this one closed the last
        if can_close:
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Pair:
    open_pos: int
    close_pos: int | None  # None: left open at the end of the paragraph
    open_mark: str
    close_mark: str | None
    # For a quote left open: where its text stops (the next open mark, or the paragraph end).
    stop: int | None = None
    # A doubled apostrophe is a double mark though its character is a single one.
    family: Family | None = None
    # Where the opening mark begins: one before ``open_pos`` for a doubled apostrophe.
    outer: int | None = None

    @property
    def open_family(self) -> Family:
        return self.family or MARKS[self.open_mark][0]

    def until(self, end: int) -> int:
        if self.close_pos is not None:
            return self.close_pos
        return end if self.stop is None else self.stop


def _pairs_in_paragraph(text: str, start: int, end: int) -> list[_Pair]:
    """Pair the marks of one paragraph; openers still open at the end come last, unclosed."""
    stack: list[tuple[int, str, Family]] = []
    pairs: list[_Pair] = []
    # Openers a closer of another family passed over: never matched.
    dropped: list[tuple[int, str, Family]] = []
    for m in _MARK_CHARS.finditer(text, start, end):
        pos, found = m.start(), _mark_at(text, m.start(), start, end)
        if found is None:
            continue
        mark = found
        family, lean = _family(mark)
        if family is Family.SINGLE and _is_apostrophe(text, pos, start, end):
            continue
        can_open, can_close = _contexts(text, pos, start, end, len(mark))
        # A doubled apostrophe pairs only with another: it shares the double marks' running
        # on, not their closing ("„…''" is no quote).
        doubled = mark == _DOUBLED
        is_open = any(f is family and (m == _DOUBLED) == doubled for _, m, f in stack)
        if can_close and not can_open:
            role = "close" if is_open and lean is not Lean.OPEN_ONLY else None
            if lean is Lean.OPEN_ONLY:
                role = "open"
        elif can_open and not can_close:
            role = None if lean is Lean.CLOSE_ONLY else "open"
        elif is_open and lean is not Lean.OPEN_ONLY:
            role = "close"
        elif lean is Lean.EITHER:
            # A straight mark between two spaces opens only if another can close it later.
            role = "open" if text.find(mark, pos + len(mark), end) >= 0 else None
        else:
            role = None if lean is Lean.CLOSE_ONLY else "open"
        if family is Family.SINGLE:
            if role == "open" and not _single_may_open(text, pos, end):
                role = None
            # "the countries’ borders’" - a possessive s’ inside a single quote is not its end
            # when a later mark can close it.
            if role == "close" and text[pos - 1] in "sS" and _possessive(text, pos, end):
                role = None
            # "rock 'n' roll": the second mark of an elided word closes nothing.
            if role == "close" and _ends_elision(text, pos, start):
                role = None
        if role == "open":
            # A doubled mark opens at its second apostrophe and closes at its first, so the
            # span between holds neither and each end is one real character, as elsewhere.
            stack.append((pos + len(mark) - 1, mark, family))
        elif role == "close":
            while stack:
                open_pos, open_mark, open_family = stack.pop()
                if open_family is family and (open_mark == _DOUBLED) == doubled:
                    pairs.append(_pair(open_pos, pos, open_mark, mark))
                    break
                dropped.append((open_pos, open_mark, open_family))
    # Marks still open at the end: each runs until the next one opens (a quote reopened
    # within the paragraph is a new quote), and the last runs on past the paragraph.
    left_open = [(pos, mark) for pos, mark, family in stack if family in MAY_RUN_ON]
    for i, (pos, mark) in enumerate(left_open):
        following = left_open[i + 1] if i + 1 < len(left_open) else None
        stop = following[0] + 1 - len(following[1]) if following else None
        pairs.append(_pair(pos, None, mark, None, stop))
    return _cut_at_dropped(text, pairs, dropped, end) if dropped else pairs


def _mark_at(text: str, pos: int, start: int, end: int) -> str | None:
    """The mark at ``pos`` (``''`` for a doubled apostrophe), or None for its second half.

    Read after a scan for single characters: a pattern for the pair would be tried at every
    position of the text, this only where an apostrophe stands.
    """
    mark = text[pos]
    if mark != "'":
        return mark
    after = pos + 1 < end and text[pos + 1] == "'"
    if after and (pos == 0 or text[pos - 1] != "'") and (pos + 2 >= end or text[pos + 2] != "'"):
        return _DOUBLED
    if not after and pos > start and text[pos - 1] == "'" and (pos < 2 or text[pos - 2] != "'"):
        return None  # the second apostrophe of a pair, read with the first
    return mark


def _doubled_at(text: str, pos: int) -> bool:
    """Whether a doubled apostrophe (exactly two) starts at ``pos``."""
    return (
        text.startswith(_DOUBLED, pos)
        and not text.startswith("'", pos + 2)
        and (pos == 0 or text[pos - 1] != "'")
    )


def _pair(
    open_pos: int,
    close_pos: int | None,
    open_mark: str,
    close_mark: str | None,
    stop: int | None = None,
) -> _Pair:
    """A pair of marks; a doubled apostrophe is kept as the one character next to the words."""
    close = "'" if close_mark == _DOUBLED else close_mark
    if open_mark != _DOUBLED:
        return _Pair(open_pos, close_pos, open_mark, close, stop)
    return _Pair(open_pos, close_pos, "'", close, stop, Family.DOUBLE, open_pos - 1)


def _cut_at_dropped(
    text: str, pairs: list[_Pair], dropped: list[tuple[int, str, Family]], end: int
) -> list[_Pair]:
    """End each quote where an unmatched opener of its own family stands in it.

    ``“We said « „yes » and left”``: the „ is never closed, so it reopens the double quote
    (``“We said « `` ends there and ``„yes » and left”`` begins), as an unclosed quote
    stops at the next opener. A cut leaves the outer part unclosed, which may cut a quote
    around it in turn, so this runs until nothing changes; every cut shortens a quote.
    """
    unmatched = {(pos, family) for pos, _, family in dropped}
    changed = True
    while changed:
        changed = False
        unmatched |= {(p.open_pos, p.open_family) for p in pairs if p.close_pos is None}
        cut: list[_Pair] = []
        for pair in pairs:
            family = pair.open_family
            stop = pair.until(end)
            inside = sorted(
                pos for pos, f in unmatched if f is family and pair.open_pos < pos < stop
            )
            for pos in inside:
                cut.append(replace(pair, close_pos=None, close_mark=None, stop=pos))
                doubled = text.startswith(_DOUBLED, pos - 1) and family is Family.DOUBLE
                pair = _Pair(
                    pos,
                    pair.close_pos,
                    text[pos],
                    pair.close_mark,
                    pair.stop,
                    Family.DOUBLE if doubled else None,
                    pos - 1 if doubled else None,
                )
                changed = True
            cut.append(pair)
        pairs = cut
    return pairs


def _outermost(pairs: list[_Pair], end: int) -> list[_Pair]:
    """Drop pairs nested inside others: a quote within a quote is part of the outer one."""
    ordered = sorted(pairs, key=lambda p: p.open_pos)
    kept: list[_Pair] = []
    reach = -1
    for pair in ordered:
        close = pair.until(end)
        # >=: a quote left open stops where the next opens, at that very position.
        if pair.open_pos >= reach:
            kept.append(pair)
            reach = close
    return kept


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _opens_with_quote(text: str, start: int, end: int) -> bool:
    """Whether a paragraph starts by reopening a double quote: the run-on convention."""
    first, _ = _trimmed(text, start, end)
    if _doubled_at(text, first):
        return True
    if first >= end or text[first] not in MARKS:
        return False
    family, lean = MARKS[text[first]]
    return family in MAY_RUN_ON and lean is not Lean.CLOSE_ONLY


def _first_mark_closes(text: str, start: int, end: int) -> int | None:
    """Position of a closing double mark that comes before any opening one, if there is one."""
    for m in _MARK_CHARS.finditer(text, start, end):
        mark = _mark_at(text, m.start(), start, end)
        if mark is None:
            continue
        family, _ = _family(mark)
        if family not in MAY_RUN_ON:
            continue
        can_open, can_close = _contexts(text, m.start(), start, end, len(mark))
        if can_close and not can_open:
            return m.start()
        return None
    return None


def classify(text: str, paragraph_start: int, open_pos: int, start: int, end: int) -> Kind:
    """``full`` for speech set off on its own, ``fragment`` for a phrase inside a sentence.

    Speech is set off when nothing but a colon, comma, dash or a finished sentence stands
    before its mark in the paragraph; a quote opening mid-sentence is still full when it is
    a long capitalised sentence of its own.
    """
    # Only the end of the paragraph before the mark decides; reading all of it for every
    # quote made a paragraph of thousands of quotes quadratic.
    before = text[max(paragraph_start, open_pos - _LOOKBEHIND) : open_pos]
    if len(before.rstrip()) < _DECIDING_CHARS and len(before) < open_pos - paragraph_start:
        before = text[paragraph_start:open_pos]  # a long run of spaces: look past it
    if _FULL_AFTER.search(before) and not _ABBREVIATION_END.search(before):
        return "full"
    body = text[start:end]
    words = _WORD.findall(body)
    if len(words) >= _FULL_MIN_WORDS and body[:1].isupper() and body.rstrip()[-1:] in ".!?…":
        return "full"
    return "fragment"


# More quotes than this in one document is a dump or a table, not an article: the first
# ones are kept (the ingest warns), so time and memory stay bounded whatever the file.
MAX_QUOTES_PER_DOCUMENT = 2_000


def split(text: str, body_start: int = 0) -> list[Span]:
    """Every quoted span of ``text`` from ``body_start``, in order, with exact offsets; at
    most ``MAX_QUOTES_PER_DOCUMENT`` of them."""
    paras, joined = _layout(text, body_start)
    return list(islice(_spans(joined, paras), MAX_QUOTES_PER_DOCUMENT))


def _spans(text: str, paras: Sequence[tuple[int, int]]) -> Iterator[Span]:
    utterance = -1
    carry: Span | None = None  # an open quote waiting for the next paragraph
    for index, (p_start, p_end) in enumerate(paras):
        scan_from = p_start
        link_to: int | None = None
        kind: Kind
        if carry is not None:
            if _opens_with_quote(text, p_start, p_end):
                link_to = carry.utterance
            else:
                continued = _continuation(text, p_start, p_end, carry, index)
                if continued is not None:
                    yield continued[0]
                    scan_from = continued[1] + (2 if _doubled_at(text, continued[1]) else 1)
            carry = None
        pairs = _outermost(_pairs_in_paragraph(text, scan_from, p_end), p_end)
        if not pairs and carry is None and link_to is None:
            dialogue = _dialogue(text, scan_from, p_end, index, utterance + 1)
            if dialogue:
                utterance += 1
                yield from dialogue
                continue
        for pair in pairs:
            close = pair.until(p_end)
            start, end = _trimmed(text, pair.open_pos + 1, close)
            if start >= end:
                continue
            if link_to is not None:
                # The reopening mark of a run-on quote: same utterance, and speech by definition.
                number, kind = link_to, "full"
                link_to = None
            else:
                utterance += 1
                outer = pair.open_pos if pair.outer is None else pair.outer
                number, kind = utterance, classify(text, p_start, outer, start, end)
            span = Span(start, end, pair.open_mark, pair.close_mark, index, number, kind)
            parts = _interrupted(text, span)
            yield from parts
            if pair.close_pos is None and pair.stop is None:
                carry = parts[-1]


# "— Nie mamy takich planów — powiedział Pieskow.": dialogue set off by a dash opening the
# paragraph (Polish, Russian, Ukrainian, Czech, French), cut by the writer's words between
# dashes. Only the cut form counts: a paragraph opening with a dash alone may be a list item.
_DIALOGUE_OPEN = re.compile(r"[ \t]*[—–][ \t]+(?=\S)")
_DIALOGUE_CUT = re.compile(r"(?<=\S)[ \t]+[—–][ \t]+(?=[^\W\d_])")


def _dialogue(text: str, start: int, end: int, index: int, utterance: int) -> list[Span]:
    """The spans of a dash-dialogue paragraph, or [] when it is none."""
    opening = _DIALOGUE_OPEN.match(text, start, end)
    if opening is None:
        return []
    cut = _DIALOGUE_CUT.search(text, opening.end(), end)
    if cut is None or not text[cut.end()].islower():
        return []
    first_start, first_end = _trimmed(text, opening.end(), cut.start())
    if first_start >= first_end:
        return []
    opening_dash = opening.group().strip()
    cut_dash = cut.group().strip()
    spans = [Span(first_start, first_end, opening_dash, cut_dash, index, utterance, "full")]
    resume = _RESUME.search(text, cut.end(), end)
    if resume is not None:
        rest_start, rest_end = _trimmed(text, resume.end(), end)
        resume_dash = resume.group().strip()[-1]
        if rest_start < rest_end:
            spans.append(Span(rest_start, rest_end, resume_dash, None, index, utterance, "full"))
    return spans


# «Мы готовы, — сказал он. — Но…»: the writer's words interrupt the quote between dashes.
_INTERRUPT = re.compile(r"(?<=[,!?…])\s+[—–]\s+(?=[a-zа-яёäöüß])")
_RESUME = re.compile(r"[.,:;]\s+[—–]\s+(?=\S)")


def _interrupted(text: str, span: Span) -> list[Span]:
    """A guillemet quote cut by the writer's words (Russian convention) as two linked spans."""
    if MARKS.get(span.open_mark, (None,))[0] is not Family.GUILLEMET:
        return [span]
    cut = _INTERRUPT.search(text, span.start, span.end)
    if cut is None:
        return [span]
    resume = _RESUME.search(text, cut.end(), span.end)
    if resume is None:
        return [span]
    first = replace(span, end=cut.start(), close_mark="—")
    rest = replace(span, start=resume.end(), open_mark="—", kind="full")
    return [first, *_interrupted(text, rest)]


def _continuation(
    text: str, p_start: int, p_end: int, carry: Span, index: int
) -> tuple[Span, int] | None:
    """The span carrying an open quote into a paragraph that closes it before opening any.

    That is a missing reopening mark, or hard-wrapped text; returns the span and the position
    of its closing mark.
    """
    close = _first_mark_closes(text, p_start, p_end)
    if close is None:
        return None
    start, end = _trimmed(text, p_start, close)
    if start >= end:
        return None
    span = replace(
        carry, start=start, end=end, close_mark=text[close], paragraph=index, kind="full"
    )
    return span, close
