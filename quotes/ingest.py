"""Ingest: find article files, run the pure core on each, store each in its own transaction.

The pure core (read, split, attribute) can run in worker processes; storing always happens
here, in the calling process, one document at a time and in input order.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from quotes.attribute.registry import Registry
from quotes.attribute.runner import extract
from quotes.db.claim_cache import ClaimCache
from quotes.db.engine import in_transaction
from quotes.db.store import store_document
from quotes.errors import InputError, QuotesError
from quotes.extract.read import MAX_ARTICLE_BYTES, parse_article
from quotes.types import ExtractedDocument


@dataclass
class IngestReport:
    stored: int = 0
    already: int = 0
    new_sources: int = 0
    quotes: int = 0
    attributed: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Documents handed to a worker process at a time, and chunks in flight per worker: enough
# to keep workers busy while the parent writes, few enough that memory stays flat.
CHUNK_DOCUMENTS = 8
CHUNKS_PER_WORKER = 2
# How often an idle worker checks that the ingest process that started it still runs.
PARENT_CHECK_SECONDS = 1.0

Shard = tuple[int, int]


def discover(paths: Iterable[str], shard: Shard | None = None) -> tuple[list[str], list[str]]:
    """The ``*.txt`` files under ``paths`` (files as given, folders recursively, sorted).

    Returns the files and one problem line per path that could not be used. Symlinked folders
    are not followed, so a link loop cannot trap the walk. With ``shard=(i, n)`` only the
    files of the i-th of n slices are kept (see ``in_shard``).
    """
    files: list[str] = []
    problems: list[str] = []
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = _walk(given, problems)
        elif path.is_file():
            found = [given]
        elif path.is_symlink():
            problems.append(f"{given}: broken symbolic link, skipped")
            continue
        else:
            problems.append(f"{given}: no such file or folder, skipped")
            continue
        for name in found:
            key = os.path.realpath(name)
            if key in seen:
                continue
            seen.add(key)
            if shard is None or in_shard(shard_key(name, given), shard):
                files.append(name)
    return files, problems


def shard_key(name: str, given: str) -> str:
    """What decides a file's shard: its path below the folder named on the command line
    (``2024/03/a.txt`` for ``archive/2024/03/a.txt`` given ``archive``), or the bare file
    name for a file named directly, so machines that mount one archive at different places
    agree on the slices."""
    if os.path.isdir(given):
        return Path(os.path.relpath(name, given)).as_posix()
    return os.path.basename(name)


def in_shard(key: str, shard: Shard) -> bool:
    """Whether the file of ``key`` is in slice ``shard = (i, n)``, 1 <= i <= n.

    Slices are by a stable hash of the key (SHA-256, not Python's salted ``hash``), so the n
    slices of one input are disjoint, cover it, and a file added later joins one slice
    without moving the others.
    """
    index, count = shard
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count == index - 1


def _walk(folder: str, problems: list[str]) -> list[str]:
    found: list[str] = []

    def complain(error: OSError) -> None:
        problems.append(f"{error.filename}: cannot read folder ({error.strerror}), skipped")

    for root, dirs, names in os.walk(folder, onerror=complain):
        dirs.sort()
        found.extend(os.path.join(root, n) for n in sorted(names) if n.endswith(".txt"))
    return found


def read_document(path: str, registry: Registry) -> ExtractedDocument:
    """Read one file and run split + attribute on it; unreadable input is an InputError."""
    try:
        size = os.stat(path).st_size
        if size > MAX_ARTICLE_BYTES:  # refuse before reading: a huge file must not fill memory
            raise InputError(
                f"{path}: {size:,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte limit for one"
                " article; split it into separate files"
            )
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}), skipped") from None
    return extract(parse_article(path, data), registry)


def ingest(
    files: list[str],
    sessions: sessionmaker[Session],
    registry: Registry,
    advance: Callable[[], None] = lambda: None,
    workers: int = 1,
) -> IngestReport:
    """Store every file's quotes, one transaction per document; bad files are skipped.

    With ``workers`` > 1 the files are read and attributed in that many processes; the
    documents are still stored here, in the order of ``files``, so the result (claim
    grouping included) is the same as with one.
    """
    report = IngestReport()
    # What this process has read and written of the claim books, kept between documents.
    cache = ClaimCache()
    workers = min(workers, -(-len(files) // CHUNK_DOCUMENTS))  # no idle processes
    for doc in _documents(files, registry, report, advance, workers):
        outcome = in_transaction(sessions, partial(store_document, doc=doc, cache=cache))
        if outcome == "new source":
            report.new_sources += 1
        if outcome == "stored":
            report.stored += 1
            report.quotes += len(doc.quotes)
            report.attributed += sum(1 for q in doc.quotes if q.attribution.speaker)
        else:
            report.already += 1
        advance()
    return report


def _documents(
    files: list[str],
    registry: Registry,
    report: IngestReport,
    advance: Callable[[], None],
    workers: int,
) -> Iterator[ExtractedDocument]:
    results = (
        _extracted(files, registry) if workers <= 1 else _extracted_in(workers, files, registry)
    )
    for doc in results:
        if isinstance(doc, InputError):
            report.skipped.append(str(doc))
            advance()
            continue
        report.warnings.extend((*doc.article.warnings, *doc.warnings))
        yield doc


def _extracted(
    paths: Iterable[str], registry: Registry
) -> Iterator[ExtractedDocument | InputError]:
    for path in paths:
        try:
            yield read_document(path, registry)
        except InputError as exc:
            yield exc


def _extract_chunk(paths: list[str], registry: Registry) -> list[ExtractedDocument | InputError]:
    """A worker process's task: one chunk of files through the pure core."""
    return list(_extracted(paths, registry))


def _follow_parent(parent: int) -> None:
    """In a worker: leave Ctrl-C to the ingest process (which then stops the workers), and
    exit when that process is gone (killed, it cannot say so)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


def _extracted_in(
    workers: int, files: list[str], registry: Registry
) -> Iterator[ExtractedDocument | InputError]:
    """``_extracted`` over ``workers`` processes, in order, with a bounded number in flight."""
    # Spawned, not forked: a fork would copy the parent's open database connections.
    context = multiprocessing.get_context("spawn")
    chunks = (files[i : i + CHUNK_DOCUMENTS] for i in range(0, len(files), CHUNK_DOCUMENTS))
    pending: deque[Future[list[ExtractedDocument | InputError]]] = deque()
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_follow_parent, initargs=(os.getpid(),)
        ) as pool:
            try:
                for chunk in chunks:
                    pending.append(pool.submit(_extract_chunk, chunk, registry))
                    if len(pending) >= workers * CHUNKS_PER_WORKER:
                        yield from pending.popleft().result()
                while pending:
                    yield from pending.popleft().result()
            finally:  # stopped early (an error while storing): drop what has not started
                for future in pending:
                    future.cancel()
    except BrokenProcessPool:
        raise QuotesError(
            "a worker process died while reading articles (out of memory?); what was stored"
            " is kept: run the same command again, with fewer --workers"
        ) from None
