"""Quotes into claims (one sentence of speech each), and grouping claims that are the same.

Grouping is incremental and order-dependent only through what was seen before: each new
text joins the first candidate group it matches, or starts a new one. Candidates come from
blocking on word pairs (a shared two-word run), never from comparing every pair, and a word
pair shared by too many groups is too common to narrow anything down, so it is skipped.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

import sentencex

from quotes.dedupe.match import CLAIM_MIN_WORDS, same_claim
from quotes.dedupe.normalise import normalise
from quotes.extract.sentences import language


@dataclass(frozen=True, slots=True)
class ClaimText:
    """One sentence of a quote: its offsets in the document, its text and normalised form."""

    start: int
    end: int
    text: str
    norm: str


def claim_texts(
    text: str, start: int, kind: str, speaker: int | str | None = None
) -> list[ClaimText]:
    """A quote's sentences (a fragment is one claim), with document offsets.

    ``text`` is the quote's text and ``start`` its offset in the document. A sentence of
    fewer than ``CLAIM_MIN_WORDS`` words is grouped with the same words of the same
    ``speaker`` only (see ``scoped``).
    """
    if kind == "fragment":
        pieces = [text]
    else:
        pieces = [p for p in sentencex.segment(language(text), text) if p.strip()]
    out: list[ClaimText] = []
    cursor = 0
    for piece in pieces:
        stripped = piece.strip()
        at = text.find(stripped, cursor)
        if at < 0:
            continue
        cursor = at + len(stripped)
        norm = scoped(normalise(stripped), speaker)
        if norm:
            start_at = start + at
            out.append(ClaimText(start_at, start_at + len(stripped), stripped, norm))
    return out


# Marks the speaker a short text is scoped to; no normalised text holds it.
_SCOPE = "\x1f"


def scoped(norm: str, speaker: int | str | None) -> str:
    """A normalised text as grouped: a short one ("no", "thank you") carries its speaker,
    so two people saying it make two claims, not one claim in conflict; re-reports of one
    speaker's short words still group, as before."""
    if not norm or len(norm.split()) >= CLAIM_MIN_WORDS:
        return norm
    return f"{norm} {_SCOPE}{'-' if speaker is None else speaker}"


# Candidates come from a text's rarest word runs only (those in the fewest groups), and
# from at most the latest MAX_POSTINGS groups of each: common runs ("of the", "we will")
# say nothing about which group a text belongs to, and this bounds the work per text.
RAREST_KEYS = 4
MAX_POSTINGS = 100
# How many candidate groups (most shared word pairs first) are checked with rapidfuzz.
MAX_CANDIDATES = 3
# How many of a group's texts a new text is compared with (its longest and its first).
REPRESENTATIVES = 2


def block_keys(norm: str) -> list[int]:
    """Stable 63-bit keys of a text's three-word runs (the whole text, if shorter)."""
    words = norm.split()
    grams = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)] or [norm]
    # Two CRCs make a stable 63-bit key, several times cheaper than a cryptographic hash.
    return sorted({(zlib.crc32(b := g.encode()) << 31) ^ zlib.adler32(b) for g in grams})


class KeyStore(Protocol):
    """Where block keys and group texts live: memory for rebuilds, the database for ingest."""

    def exact(self, norm: str) -> int | None: ...

    def counts(self, keys: list[int]) -> dict[int, int]:
        """How many postings each known key has, in the order given, capped at MAX_POSTINGS + 1.

        A key with more is common, and the cap spares a store counting every row of a run
        like "we will not".
        """
        ...

    def latest(self, keys: list[int]) -> dict[int, list[int]]:
        """Each key's latest MAX_POSTINGS groups, in the order given, oldest first."""
        ...

    def representatives(self, groups: list[int]) -> dict[int, list[str]]: ...

    def new_group(self, norm: str) -> int: ...

    def add(self, group: int, keys: list[int], norm: str) -> None: ...


def assign(store: KeyStore, norm: str, keys: list[int] | None = None) -> int:
    """The group of a normalised claim text, creating one when nothing matches.

    ``keys`` are the text's ``block_keys``, when the caller already has them.
    """
    known = store.exact(norm)
    if known is not None:  # the same words again: most re-reports, once normalised
        return known
    if keys is None:
        keys = block_keys(norm)
    candidates = candidate_groups(store, keys)
    reps = store.representatives(candidates)
    for group in candidates:
        if any(same_claim(norm, rep) for rep in reps.get(group, [])):
            store.add(group, keys, norm)
            return group
    group = store.new_group(norm)
    store.add(group, keys, norm)
    return group


def rarest_keys(counts: dict[int, int]) -> list[int]:
    """The keys with the fewest postings (ties in the order given)."""
    return sorted(counts, key=counts.__getitem__)[:RAREST_KEYS]


def candidate_groups(store: KeyStore, keys: list[int]) -> list[int]:
    """The groups sharing most of a text's rarest keys, best first."""
    shared: Counter[int] = Counter()
    for groups in store.latest(rarest_keys(store.counts(keys))).values():
        shared.update(set(groups))  # counted in C, groups first seen in the same order
    # A stable sort: ties keep first-seen order, as Counter.most_common would (it costs
    # more for these few groups, and this runs for every text).
    return sorted(shared, key=shared.__getitem__, reverse=True)[:MAX_CANDIDATES]


@dataclass
class MemoryStore:
    """An in-memory KeyStore: the reference the database's store (``DocumentStore``) keeps
    the same books as, for the tests and the grouping benchmark."""

    index: dict[int, list[int]] = field(default_factory=dict)
    texts: dict[int, list[str]] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)

    def exact(self, norm: str) -> int | None:
        return self.seen.get(norm)

    def counts(self, keys: list[int]) -> dict[int, int]:
        return {k: min(len(self.index[k]), MAX_POSTINGS + 1) for k in keys if k in self.index}

    def latest(self, keys: list[int]) -> dict[int, list[int]]:
        return {k: self.index[k][-MAX_POSTINGS:] for k in keys}

    def representatives(self, groups: list[int]) -> dict[int, list[str]]:
        return {g: self.texts[g] for g in groups}

    def new_group(self, norm: str) -> int:
        group = len(self.texts) + 1
        self.texts[group] = []
        return group

    def add(self, group: int, keys: list[int], norm: str) -> None:
        self.seen.setdefault(norm, group)
        remember(self.texts[group], norm)
        for key in keys:
            postings = self.index.setdefault(key, [])
            if not postings or postings[-1] != group:
                postings.append(group)


def remember(texts: list[str], norm: str) -> None:
    """Keep the group's first text and its longest one as its representatives."""
    if not texts:
        texts.append(norm)
    elif len(texts) < REPRESENTATIVES:
        if norm != texts[0]:
            texts.append(norm)
    elif norm != texts[0] and len(norm) > len(texts[-1]):
        texts[-1] = norm
