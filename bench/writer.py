"""Ingest's writer alone: storing already-extracted documents, as the main process does.

``bench/ingest.py`` times the whole command, whose pure core (read, split, attribute) is
most of a single-process run and runs in workers with ``--workers``; there the writer
(``GroupWriter`` + ``store_document``, one process) sets the pace. This runs the core once,
then stores its documents into a fresh database ``--runs`` times and prints the writer's
wall and CPU seconds and MB/s of article text.

    python bench/writer.py [--mb 3] [--runs 3] [--db URL --reset CMD] [--profile FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import os
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from generate import write_corpus

from quotes.attribute.registry import load_registry
from quotes.config import speakers_path
from quotes.db.claim_cache import ClaimCache
from quotes.db.engine import in_transaction, open_database, session_factory
from quotes.db.store import GroupWriter, store_document, sync_speakers
from quotes.ingest import IngestReport, _documents, _units, discover
from quotes.types import ExtractedDocument


def extracted(folder: Path) -> list[ExtractedDocument]:
    """Every document of ``folder`` through the pure core, in ingest's order."""
    registry = load_registry(speakers_path())
    files, _problems = discover([str(folder)])
    return list(_documents(_units(files, None), registry, IngestReport(), lambda: None, 1))


def store_all(url: str, docs: list[ExtractedDocument], profile: str | None = None) -> float:
    """Store ``docs`` into the database at ``url`` as ingest does; the writer's CPU seconds."""
    engine = open_database(url)
    sessions = session_factory(engine)
    registry = load_registry(speakers_path())
    in_transaction(sessions, lambda session: sync_speakers(session, registry))
    # As quotes.ingest calls it; a build whose store_document has no such flag takes two.
    extra = (
        {"savepoint": False} if "savepoint" in inspect.signature(store_document).parameters else {}
    )
    cache = ClaimCache()
    profiler = cProfile.Profile() if profile else None
    started = time.process_time()
    if profiler:
        profiler.enable()
    with GroupWriter(sessions) as writer:
        for doc in docs:
            writer.store(partial(store_document, doc=doc, cache=cache, **extra))
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    cpu = time.process_time() - started
    engine.dispose()
    return cpu


def main() -> None:
    found = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    found.add_argument("--mb", type=float, default=3.0, help="generated MB (3)")
    found.add_argument("--seed", type=int, default=1)
    found.add_argument("--corpus", help="store this folder's articles instead")
    found.add_argument("--runs", type=int, default=3, help="runs (3)")
    found.add_argument("--db", help="database URL (default: a new SQLite file per run)")
    found.add_argument("--reset", help="shell command emptying --db before each run ($DB)")
    found.add_argument("--profile", help="write the last run's cProfile stats here")
    args = found.parse_args()
    if args.db and args.runs > 1 and not args.reset:
        sys.exit("--db with more than one run needs --reset to empty the database between runs")
    scratch = Path(tempfile.mkdtemp(prefix="quotes-writer-"))
    try:
        if args.corpus:
            folder = Path(args.corpus)
        else:
            folder = write_corpus(scratch / "corpus", int(args.mb * 1e6), args.seed).folder
        docs = extracted(folder)
        size = sum(len(d.article.text.encode()) for d in docs)
        for run in range(args.runs):
            if args.db is None:
                url = f"sqlite:///{scratch / f'w{run}.db'}"
            else:
                url = args.db
                if args.reset:
                    subprocess.run(
                        args.reset, shell=True, check=True, env={**os.environ, "DB": url}
                    )
            last = run == args.runs - 1
            started = time.perf_counter()
            cpu = store_all(url, docs, args.profile if last else None)
            wall = time.perf_counter() - started
            print(
                f"  run {run + 1}: {len(docs):,} documents ({size / 1e6:.1f} MB of text) stored"
                f" in {wall:.2f} s, {size / 1e6 / wall:.2f} MB/s (writer CPU {cpu:.2f} s:"
                f" {size / 1e6 / cpu:.2f} MB/s)",
                flush=True,
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
