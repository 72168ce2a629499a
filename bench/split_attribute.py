"""Split + attribute throughput on one core, no database: prints MB/s and quotes/s.

Runs the pure core (``quotes.attribute.runner.extract``) over generated articles (or the
``*.txt`` files of a folder) in this one process, several timed passes, and prints each
pass and the median. Reading and decoding happen before the clock starts.

    python bench/split_attribute.py [--mb 4] [--seed 1] [--passes 3] [--folder corpus]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from generate import articles

from quotes.attribute.registry import load_registry
from quotes.attribute.runner import extract
from quotes.config import speakers_path
from quotes.extract.read import parse_article
from quotes.types import Article


def load(folder: str | None, megabytes: float, seed: int) -> list[Article]:
    if folder:
        paths = sorted(Path(folder).glob("*.txt"))
        return [parse_article(str(p), p.read_bytes()) for p in paths]
    texts = articles(seed, int(megabytes * 1e6))
    return [parse_article(f"generated/{i:07d}.txt", t.encode()) for i, t in enumerate(texts)]


def one_pass(docs: list[Article], min_seconds: float) -> tuple[float, float, float, int]:
    """(MB/s wall, MB/s per CPU second, quotes/s, rounds): whole rounds for ``min_seconds``.

    The CPU figure (this process's user + system time) is the one a busy machine blurs
    least: other processes on the same cores lengthen the wall clock, not the CPU time.
    """
    size = sum(len(a.text.encode()) for a in docs)
    registry = load_registry(speakers_path())
    rounds = quotes = 0
    started, cpu = time.perf_counter(), time.process_time()
    while rounds == 0 or time.perf_counter() - started < min_seconds:
        for doc in docs:
            quotes += len(extract(doc, registry).quotes)
        rounds += 1
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    megabytes = size * rounds / 1e6
    return megabytes / elapsed, megabytes / cpu, quotes / cpu, rounds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Split + attribute throughput, one core.")
    parser.add_argument("--mb", type=float, default=4.0, help="generated megabytes (4)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--passes", type=int, default=3, help="timed passes (3)")
    parser.add_argument("--min-seconds", type=float, default=1.0, help="per pass, at least")
    parser.add_argument("--folder", help="measure these *.txt files instead (e.g. corpus)")
    args = parser.parse_args(argv)
    docs = load(args.folder, args.mb, args.seed)
    if not docs:
        sys.exit(f"no *.txt articles in {args.folder}")
    size = sum(len(a.text.encode()) for a in docs)
    registry = load_registry(speakers_path())
    extract(docs[0], registry)  # the lexicon and registry patterns compile outside the clock
    walls: list[float] = []
    cpus: list[float] = []
    for i in range(args.passes):
        wall, cpu, quotes_s, rounds = one_pass(docs, args.min_seconds)
        walls.append(wall)
        cpus.append(cpu)
        print(
            f"  pass {i + 1}: {cpu:.2f} MB/s per CPU second ({wall:.2f} MB/s wall),"
            f" {quotes_s:,.0f} quotes per CPU second ({rounds} round(s))"
        )
    source = args.folder or f"generated, seed {args.seed}"
    print(
        f"split+attribute: {statistics.median(cpus):.2f} MB/s per CPU second"
        f" ({statistics.median(walls):.2f} MB/s wall), median of {args.passes}"
        f" ({len(docs):,} articles, {size:,} bytes, {source}; 1 core, no database)"
    )


if __name__ == "__main__":
    main()
