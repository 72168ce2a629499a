"""Quotes into claims (one sentence of speech each), and grouping claims that are the same.

Grouping is incremental and order-dependent only through what was seen before: each new
text joins the first candidate group it matches, or starts a new one. Candidates come from
blocking on word pairs (a shared two-word run), never from comparing every pair, and a word
pair shared by too many groups is too common to narrow anything down, so it is skipped.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import sentencex

from quotes.dedupe.match import same_claim
from quotes.dedupe.normalise import normalise
from quotes.extract.sentences import language
from quotes.types import Quote

# A word pair in more groups than this says nothing about which group a text belongs to
# ("of the", "we will"); skipping it keeps candidate lists short as the database grows.
MAX_POSTINGS = 200
# How many candidate groups (most shared word pairs first) are checked with rapidfuzz.
MAX_CANDIDATES = 8
# How many of a group's texts a new text is compared with (its longest and its first).
REPRESENTATIVES = 2


@dataclass(frozen=True, slots=True)
class ClaimText:
    """One sentence of a quote: its offsets in the document, its text and normalised form."""

    start: int
    end: int
    text: str
    norm: str


def claim_texts(quote: Quote) -> list[ClaimText]:
    """A quote's sentences (a fragment is one claim), with document offsets."""
    if quote.span.kind == "fragment":
        pieces = [quote.text]
    else:
        pieces = [p for p in sentencex.segment(language(quote.text), quote.text) if p.strip()]
    out: list[ClaimText] = []
    cursor = 0
    for piece in pieces:
        stripped = piece.strip()
        at = quote.text.find(stripped, cursor)
        if at < 0:
            continue
        cursor = at + len(stripped)
        norm = normalise(stripped)
        if norm:
            start = quote.span.start + at
            out.append(ClaimText(start, start + len(stripped), stripped, norm))
    return out


def block_keys(norm: str) -> list[int]:
    """Stable 63-bit keys of a text's word pairs (its one word, for a one-word text)."""
    words = norm.split()
    grams = [" ".join(words[i : i + 2]) for i in range(len(words) - 1)] or words
    return sorted(
        {
            int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") >> 1
            for g in grams
        }
    )


class KeyStore(Protocol):
    """Where block keys and group texts live: memory for rebuilds, the database for ingest."""

    def postings(self, keys: list[int]) -> dict[int, list[int]]: ...

    def representatives(self, groups: list[int]) -> dict[int, list[str]]: ...

    def new_group(self, norm: str) -> int: ...

    def add(self, group: int, keys: list[int], norm: str) -> None: ...


def assign(store: KeyStore, norm: str) -> int:
    """The group of a normalised claim text, creating one when nothing matches."""
    keys = block_keys(norm)
    shared: Counter[int] = Counter()
    for groups in store.postings(keys).values():
        if len(groups) <= MAX_POSTINGS:
            shared.update(set(groups))
    candidates = [g for g, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))]
    candidates = candidates[:MAX_CANDIDATES]
    reps = store.representatives(candidates)
    for group in candidates:
        if any(same_claim(norm, rep) for rep in reps.get(group, [])):
            store.add(group, keys, norm)
            return group
    group = store.new_group(norm)
    store.add(group, keys, norm)
    return group


@dataclass
class MemoryStore:
    """An in-memory KeyStore: used to rebuild all groups and by the benchmark."""

    index: dict[int, list[int]] = field(default_factory=dict)
    texts: dict[int, list[str]] = field(default_factory=dict)

    def postings(self, keys: list[int]) -> dict[int, list[int]]:
        return {k: self.index[k] for k in keys if k in self.index}

    def representatives(self, groups: list[int]) -> dict[int, list[str]]:
        return {g: self.texts[g] for g in groups}

    def new_group(self, norm: str) -> int:
        group = len(self.texts) + 1
        self.texts[group] = []
        return group

    def add(self, group: int, keys: list[int], norm: str) -> None:
        _remember(self.texts[group], norm)
        for key in keys:
            postings = self.index.setdefault(key, [])
            if not postings or postings[-1] != group:
                postings.append(group)


def _remember(texts: list[str], norm: str) -> None:
    """Keep the group's first text and its longest one as its representatives."""
    if not texts:
        texts.append(norm)
    elif len(texts) < REPRESENTATIVES:
        if norm != texts[0]:
            texts.append(norm)
    elif len(norm) > len(texts[-1]):
        texts[-1] = norm


def group_all(norms: Iterable[str]) -> list[int]:
    """Group texts in the order given, in memory: the reference the database path matches."""
    store = MemoryStore()
    return [assign(store, norm) for norm in norms]
