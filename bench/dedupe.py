"""Claim deduplication at scale: precision/recall and time at 10 k, 100 k and 1 M claims.

A generator builds base statements from templates and a large vocabulary, then re-reports
of them as outlets make them (truncated, re-punctuated, an inserted [bracket], a typo,
case changes) and distractors (one content word, a negation or a number changed), each
with its true group. Grouping runs in memory through the same ``assign`` the database
path uses. Pair-counting precision/recall compares the result with the truth.

    python bench/dedupe.py [N ...]      (default: 10000 100000 1000000)
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter

from quotes.dedupe.claims import MemoryStore, assign
from quotes.dedupe.normalise import normalise

SUBJECTS = [
    "we",
    "our army",
    "the government",
    "russia",
    "belarus",
    "the west",
    "our partners",
    "the union state",
    "nato",
    "the president",
    "our economy",
    "the border guards",
]
VERBS = [
    "will strengthen",
    "has discussed",
    "cannot accept",
    "is preparing",
    "will defend",
    "supports",
    "has rejected",
    "will expand",
    "is monitoring",
    "has signed",
    "will review",
    "is building up",
]
OBJECTS = [
    "the agreement",
    "its forces",
    "the grain deal",
    "air defence",
    "the sanctions",
    "cooperation",
    "the border",
    "the talks",
    "energy supplies",
    "the new treaty",
    "joint exercises",
    "the economic blockade",
    "migration flows",
    "the pipeline",
]
PLACES = [
    "near kaliningrad",
    "in minsk",
    "on the western border",
    "in the black sea",
    "across the region",
    "in moscow",
    "along the baltic coast",
    "in the north",
    "at the summit",
    "in brest",
    "in grodno",
    "in sochi",
]
TIMES = [
    "this year",
    "next week",
    "for a long time",
    "without delay",
    "in the coming months",
    "as agreed",
    "from monday",
    "by the end of the year",
]
SWAPS = {
    "strengthen": "weaken",
    "accept": "reject",
    "defend": "abandon",
    "expand": "reduce",
    "signed": "cancelled",
    "north": "south",
    "minsk": "kyiv",
    "moscow": "warsaw",
}


def base_statement(rng: random.Random) -> str:
    words = [
        rng.choice(SUBJECTS),
        rng.choice(VERBS),
        rng.choice(OBJECTS),
        rng.choice(PLACES),
        rng.choice(TIMES),
    ]
    return " ".join(words).capitalize() + f", {rng.randint(2, 99)} officials said so."


def reported(text: str, rng: random.Random) -> str:
    """A re-report: what outlets do to a quote without changing what was said."""
    words = text.split()
    kind = rng.randrange(5)
    if kind == 0 and len(words) > 8:
        words = words[: rng.randint(6, len(words) - 1)]  # cut short
    elif kind == 1:
        words.insert(rng.randint(1, len(words) - 1), "[sic]")
    elif kind == 2:
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4:
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]  # swap two letters
    elif kind == 3:
        return text.upper().replace(",", " —")
    return " ".join(words).rstrip(".,") + rng.choice([".", "...", "!", ""])


def distractor(text: str, rng: random.Random) -> str | None:
    """A near miss: one meaningful change, so a different claim."""
    words = text.split()
    for i, w in enumerate(words):
        if w in SWAPS:
            words[i] = SWAPS[w]
            return " ".join(words)
    words.insert(2, "not")
    return " ".join(words)


def generate(n: int, seed: int = 7) -> tuple[list[str], list[int]]:
    rng = random.Random(seed)
    texts: list[str] = []
    truth: list[int] = []
    cluster = 0
    while len(texts) < n:
        cluster += 1
        base = base_statement(rng)
        texts.append(base)
        truth.append(cluster)
        for _ in range(rng.randint(0, 4)):
            texts.append(reported(base, rng))
            truth.append(cluster)
        if rng.random() < 0.3:
            cluster += 1
            near = distractor(base, rng)
            if near:
                texts.append(near)
                truth.append(cluster)
    return texts[:n], truth[:n]


def pair_scores(predicted: list[int], truth: list[int]) -> tuple[float, float]:
    def pairs(counts: Counter[object]) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    together = pairs(Counter(zip(predicted, truth, strict=True)))
    predicted_pairs = pairs(Counter(predicted))
    true_pairs = pairs(Counter(truth))
    return together / max(predicted_pairs, 1), together / max(true_pairs, 1)


def run(n: int) -> float:
    texts, truth = generate(n)
    started = time.perf_counter()
    store = MemoryStore()
    predicted = [assign(store, normalise(t)) for t in texts]
    elapsed = time.perf_counter() - started
    precision, recall = pair_scores(predicted, truth)
    print(
        f"N={n:>9,}: {elapsed:7.1f} s, {elapsed / n * 1e6:6.1f} µs/claim,"
        f" groups {len(store.texts):,} (true {len(set(truth)):,}),"
        f" pair precision {precision:.4f} recall {recall:.4f}",
        flush=True,
    )
    return elapsed


def main(sizes: list[int]) -> None:
    previous: tuple[int, float] | None = None
    for n in sizes:
        elapsed = run(n)
        if previous:
            growth = (elapsed / previous[1]) / (n / previous[0])
            print(
                f"  time grew {elapsed / previous[1]:.1f}x for {n / previous[0]:.0f}x the claims"
                f" ({growth:.2f} of linear)"
            )
        previous = (n, elapsed)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
