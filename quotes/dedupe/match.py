"""When two claim texts are the same claim: word-level alignment with rapidfuzz.

Outlets re-punctuate, drop an article, misspell a word or cut a quote short; they do not
swap one content word for another. So two normalised texts are one claim when their words
align with few edits, each edit a typo-like change of a word or the insertion or removal
of a small function word, and neither side has a negation or number the other lacks.

The constants were chosen on ``tests/data/claim_pairs.jsonl`` (true re-reports and near
misses); ``bench/claim_pairs.py`` prints precision and recall across their values.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from quotes.dedupe.normalise import guard_tokens

# A replaced word counts as the same word (a typo, defence/defense) at this similarity
# (0-100). "lnog"/"long" scores 75; "useful"/"useless" 61 and "start"/"stop" 44 stay apart.
WORD_RATIO = 75
# At most this share of a text's words may be edited (and at least 2 edits are allowed).
MAX_EDIT_SHARE = 0.25
# A truncation must keep this many words to stand for the whole: shorter overlaps are
# common phrases ("we will not"), not a statement.
TRUNCATION_MIN_WORDS = 4
# Texts shorter than this ("No,", "Thank you,", "we will see") are said by many people about
# many things: the same words from two speakers are two claims, never one in conflict.
CLAIM_MIN_WORDS = TRUNCATION_MIN_WORDS
# Small words outlets add or drop without changing what was said.
FILLER = frozenset(
    "the a an that this these those very of and is are was it to in on for just so also"
    " really then which who".split()
)


def same_claim(a: str, b: str) -> bool:
    """Whether two normalised texts are the same claim (a re-report, trimmed or re-punctuated)."""
    if a == b:
        return True
    short, long = sorted(_rejoined(a.split(), b.split()), key=len)
    # The difference in length is already that many edits.
    if len(long) - len(short) <= _allowed_edits(short) and _aligned(short, long):
        return True
    if len(short) < TRUNCATION_MIN_WORDS or len(long) <= len(short):
        return False
    # An outlet cuts a quote at its start or its end: compare the matching end of the longer,
    # when the two share their first (or last) word.
    n = len(short)
    ends = []
    if short[0] == long[0]:
        ends.append(True)
    if short[-1] == long[-1]:
        ends.append(False)
    return any(
        _aligned(short, long[: n + extra] if at_start else long[len(long) - n - extra :])
        for at_start in ends
        for extra in (0, 1, -1)
        if 0 < n + extra <= len(long)
    )


def _rejoined(a: list[str], b: list[str]) -> tuple[list[str], list[str]]:
    """Both word lists with a spaced compound joined where the other side writes it as one
    word: "self sufficient" against "selfsufficient" (normalising already joins
    "self-sufficient"), so a re-spelt word is one word, not a replacement and an addition."""
    return _joined(a, frozenset(b)), _joined(b, frozenset(a))


def _joined(words: list[str], other: frozenset[str]) -> list[str]:
    # Most pairs of texts have no such compound: one quick pass says so, and the words stand.
    if not any(w not in other and w + n in other for w, n in pairwise(words)):
        return words
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and words[i] not in other and words[i] + words[i + 1] in other:
            out.append(words[i] + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def _allowed_edits(words: list[str]) -> int:
    return max(2, int(len(words) * MAX_EDIT_SHARE))


def _aligned(a: list[str], b: list[str]) -> bool:
    ops = Levenshtein.editops(a, b)
    if len(ops) > _allowed_edits(min(a, b, key=len)):
        return False
    deleted: Counter[str] = Counter()
    inserted: Counter[str] = Counter()
    for op in ops:
        if op.tag == "delete":
            deleted[a[op.src_pos]] += 1
        elif op.tag == "insert":
            inserted[b[op.dest_pos]] += 1
        else:
            x, y = a[op.src_pos], b[op.dest_pos]
            if fuzz.ratio(x, y) < WORD_RATIO and not (x in FILLER and y in FILLER):
                return False
    moved = deleted & inserted  # a word that changed place, not meaning
    if not all(word in FILLER for word in (deleted - moved) + (inserted - moved)):
        return False
    # "we will not deploy" is not "we will deploy"; 1000 is not 10000
    return guard_tokens(" ".join(a)) == guard_tokens(" ".join(b))
