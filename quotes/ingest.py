"""Ingest: find article files, run the pure core on each article, store each whole.

A file is one article (``.txt``, ``.html``) or many (JSON lines, CSV, WARC), streamed a
record at a time. The pure core (read, split, attribute) can run in worker processes;
storing always happens here, in the calling process, one document at a time and in input
order, many documents to a transaction (``quotes.db.store.GroupWriter``).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import stat
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from quotes.attribute.registry import Registry
from quotes.attribute.runner import extract
from quotes.db.claim_cache import ClaimCache
from quotes.db.store import COMMIT_DOCUMENTS, GroupWriter, store_document
from quotes.errors import InputError, QuotesError
from quotes.extract.formats import (
    KNOWN_NAMES,
    SINGLE,
    Pending,
    PendingFile,
    format_by_name,
    pending,
    read_pending,
    walked,
)
from quotes.extract.paths import special_kind
from quotes.extract.records import FieldMap
from quotes.extract.splitter import MAX_QUOTES_PER_DOCUMENT
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


@dataclass(frozen=True, slots=True)
class FileEnd:
    """Marks, in the stream of a run's articles, that one file has been read to its end."""

    path: str


Unit = Pending | InputError | FileEnd
Result = ExtractedDocument | InputError | FileEnd


def discover(paths: Iterable[str], shard: Shard | None = None) -> tuple[list[str], list[str]]:
    """The article files under ``paths`` (files as given, folders recursively, sorted).

    A folder walk takes the names the readers know (``.txt``, ``.html``, ``.jsonl``,
    ``.csv``, ``.warc.gz`` … see ``quotes.extract.formats.WALKED``); a file named directly
    is read whatever its name, its format told by its first bytes.

    Returns the files and one problem line per path that was not used: missing, unreadable,
    not a regular file (a FIFO, socket or device, which would block or never end), or in a
    folder with a name no reader knows. Symlinked folders are not followed, so a link loop
    cannot trap the walk. With ``shard=(i, n)`` only the files of the i-th of n slices are
    kept (see ``in_shard``).
    """
    files: list[str] = []
    problems: list[str] = []
    seen: set[str] = set()
    for given in paths:
        try:
            mode = os.stat(given).st_mode
        except FileNotFoundError:
            reason = "broken symbolic link" if os.path.islink(given) else "no such file or folder"
            problems.append(f"{given}: {reason}, skipped")
            continue
        except OSError as exc:
            problems.append(f"{given}: cannot read ({exc.strerror}), skipped")
            continue
        if stat.S_ISDIR(mode):
            found = _walk(given, problems)
        elif stat.S_ISREG(mode):
            found = [given]
        else:
            problems.append(f"{given}: {special_kind(mode)}, not a regular file; skipped")
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
        for name in sorted(names):
            path = os.path.join(root, name)
            problem = _unreadable(path, name)
            if problem is None:
                found.append(path)
            else:
                problems.append(f"{path}: {problem}")
    return found


def _unreadable(path: str, name: str) -> str | None:
    """Why a file met in a folder walk is not read (the rest of its line), or None."""
    try:
        mode = os.stat(path).st_mode  # a link is judged by what it points to
    except FileNotFoundError:
        return "broken symbolic link, skipped"
    except OSError as exc:
        return f"cannot read ({exc.strerror}), skipped"
    kind = special_kind(mode)
    if kind is not None:
        return f"{kind}, not a regular file; skipped"
    if not walked(name):
        return f"not a format quotes reads ({KNOWN_NAMES}), skipped"
    return None


def read_document(path: str, registry: Registry) -> ExtractedDocument:
    """Read one single-article file (text or HTML) and run split + attribute on it."""
    html = format_by_name(path) == "html"
    return extract(read_pending(PendingFile(path, "html" if html else "txt")), registry)


def ingest(
    files: list[str],
    sessions: sessionmaker[Session],
    registry: Registry,
    advance: Callable[[], None] = lambda: None,
    workers: int = 1,
    fields: FieldMap | None = None,
    commit_every: int = COMMIT_DOCUMENTS,
) -> IngestReport:
    """Store every article's quotes, each document whole; bad ones are skipped.

    ``advance`` is called as each file is done. ``fields`` maps export columns the readers
    do not know by name ({"text": "story"}). With ``workers`` > 1 the articles are read and
    attributed in that many processes; the documents are still stored here, in input order,
    so the result (claim grouping included) is the same as with one. Documents are
    committed ``commit_every`` at a time (or every COMMIT_SECONDS), each in a savepoint.
    """
    report = IngestReport()
    # What this process has read and written of the claim books, kept between documents.
    cache = ClaimCache()
    if all(format_by_name(f) in SINGLE for f in files):
        workers = min(workers, -(-len(files) // CHUNK_DOCUMENTS))  # no idle processes
    writer = GroupWriter(sessions, commit_every)
    with writer:
        for doc in _documents(_units(files, fields), registry, report, advance, workers):
            outcome = writer.store(partial(store_document, doc=doc, cache=cache, savepoint=False))
            if outcome == "new source":
                report.new_sources += 1
            if outcome == "stored":
                report.stored += 1
                report.quotes += len(doc.quotes)
                report.attributed += sum(1 for q in doc.quotes if q.attribution.speaker)
            else:
                report.already += 1
    return report


def _units(files: list[str], fields: FieldMap | None) -> Iterator[Unit]:
    for path in files:
        yield from pending(path, fields)
        yield FileEnd(path)


def _documents(
    units: Iterator[Unit],
    registry: Registry,
    report: IngestReport,
    advance: Callable[[], None],
    workers: int,
) -> Iterator[ExtractedDocument]:
    results = (
        _extracted(units, registry) if workers <= 1 else _extracted_in(workers, units, registry)
    )
    for doc in results:
        if isinstance(doc, FileEnd):
            advance()
        elif isinstance(doc, InputError):
            report.skipped.append(str(doc))
        else:
            report.warnings.extend((*doc.article.warnings, *doc.warnings))
            if len(doc.quotes) >= MAX_QUOTES_PER_DOCUMENT:
                report.warnings.append(
                    f"{doc.article.path}: {MAX_QUOTES_PER_DOCUMENT:,} quotes or more in one"
                    " document (a dump or a table, not an article?); only the first"
                    f" {MAX_QUOTES_PER_DOCUMENT:,} are kept"
                )
            yield doc


def _extracted(units: Iterable[Unit], registry: Registry) -> Iterator[Result]:
    for unit in units:
        if isinstance(unit, InputError | FileEnd):
            yield unit
            continue
        try:
            yield extract(read_pending(unit), registry)
        except InputError as exc:
            yield exc


def _extract_chunk(units: list[Unit], registry: Registry) -> list[Result]:
    """A worker process's task: one chunk of articles through the pure core."""
    return list(_extracted(units, registry))


def _follow_parent(parent: int) -> None:
    """In a worker: leave Ctrl-C to the ingest process (which then stops the workers), and
    exit when that process is gone (killed, it cannot say so)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="follow-parent", daemon=True).start()


def _chunks(units: Iterator[Unit]) -> Iterator[list[Unit]]:
    """Runs of ``CHUNK_DOCUMENTS`` articles (file ends ride along), taken as needed."""
    while True:
        chunk = list(islice(units, CHUNK_DOCUMENTS))
        if not chunk:
            return
        yield chunk


def _extracted_in(workers: int, units: Iterator[Unit], registry: Registry) -> Iterator[Result]:
    """``_extracted`` over ``workers`` processes, in order, with a bounded number in flight."""
    # Spawned, not forked: a fork would copy the parent's open database connections.
    context = multiprocessing.get_context("spawn")
    chunks = _chunks(units)
    in_flight: deque[Future[list[Result]]] = deque()
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_follow_parent, initargs=(os.getpid(),)
    )
    seen: set[int] = set()
    try:
        for chunk in chunks:
            in_flight.append(pool.submit(_extract_chunk, chunk, registry))
            if len(in_flight) >= workers * CHUNKS_PER_WORKER:
                yield from _result(in_flight.popleft(), seen)
        while in_flight:
            yield from _result(in_flight.popleft(), seen)
    except BrokenProcessPool:
        _stop(pool)
        raise QuotesError(
            "a worker process died while reading articles (out of memory?); what was stored"
            " is kept: run the same command again, with fewer --workers"
        ) from None
    except BaseException:
        _stop(pool)  # stopped early (an error while storing, Ctrl-C): drop what is queued
        raise
    pool.shutdown()


# How often a wait for a worker's answer checks that every worker is still alive.
WORKER_CHECK_SECONDS = 1.0


def _result(future: Future[list[Result]], seen: set[int]) -> list[Result]:
    """A chunk's answer; BrokenProcessPool as soon as a worker seen alive has gone.

    The pool notices a dead worker itself, except when it died while writing its answer:
    then the pool waits for the rest of a message that never comes, forever. A worker only
    leaves a running pool by dying, so one missing from the live children is dead.
    """
    while True:
        try:
            return future.result(timeout=WORKER_CHECK_SECONDS)
        except TimeoutError:
            alive = {c.pid for c in multiprocessing.active_children() if c.pid is not None}
            if seen - alive:
                raise BrokenProcessPool("a worker process died") from None
            seen |= alive


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the pool without waiting on it: cancel what is queued and end live workers,
    so a pool left reading half an answer sees the pipe close and lets go."""
    pool.shutdown(wait=False, cancel_futures=True)
    for child in multiprocessing.active_children():
        child.terminate()
    for child in multiprocessing.active_children():
        child.join(timeout=5)
