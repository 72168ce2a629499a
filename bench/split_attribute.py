"""Split + attribute throughput on one core, no database: prints MB/s and quotes/s.

Reads the articles in corpus/ (or the folder given) and runs the pure core over them
repeatedly for at least a few seconds.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from quotes.attribute.registry import load_registry
from quotes.attribute.runner import extract
from quotes.config import speakers_path
from quotes.extract.read import parse_article

MIN_SECONDS = 3.0


def main(folder: str = "corpus") -> None:
    registry = load_registry(speakers_path())
    articles = [parse_article(str(p), p.read_bytes()) for p in sorted(Path(folder).glob("*.txt"))]
    if not articles:
        sys.exit(f"no *.txt articles in {folder}")
    size = sum(len(a.text.encode()) for a in articles)
    extract(articles[0], registry)  # compile the lexicon's patterns outside the timing
    rounds = quotes = 0
    started = time.perf_counter()
    while time.perf_counter() - started < MIN_SECONDS:
        for article in articles:
            quotes += len(extract(article, registry).quotes)
        rounds += 1
    elapsed = time.perf_counter() - started
    megabytes = size * rounds / 1e6
    print(
        f"split+attribute: {megabytes / elapsed:.2f} MB/s, {quotes / elapsed:,.0f} quotes/s"
        f" ({rounds} rounds of {len(articles)} articles, {size:,} bytes, {elapsed:.1f} s, 1 core)"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
