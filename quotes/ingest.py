"""Ingest: find article files, run the pure core on each, store each in its own transaction."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from quotes.attribute.registry import Registry
from quotes.attribute.runner import extract
from quotes.db.engine import in_transaction
from quotes.db.store import store_document
from quotes.errors import InputError
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


def discover(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """The ``*.txt`` files under ``paths`` (files as given, folders recursively, sorted).

    Returns the files and one problem line per path that could not be used. Symlinked folders
    are not followed, so a link loop cannot trap the walk.
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
            if key not in seen:
                seen.add(key)
                files.append(name)
    return files, problems


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
) -> IngestReport:
    """Store every file's quotes, one transaction per document; bad files are skipped."""
    report = IngestReport()
    for doc in _documents(files, registry, report, advance):
        outcome = in_transaction(sessions, partial(store_document, doc=doc))
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
    files: list[str], registry: Registry, report: IngestReport, advance: Callable[[], None]
) -> Iterator[ExtractedDocument]:
    for path in files:
        try:
            doc = read_document(path, registry)
        except InputError as exc:
            report.skipped.append(str(exc))
            advance()
            continue
        report.warnings.extend((*doc.article.warnings, *doc.warnings))
        yield doc
