"""Input paths: opening only regular files, storing one spelling per file, printing safely.

A FIFO or a device opened for reading blocks until someone writes, so a file is opened
without blocking and checked before a byte is read. A file name is stored canonical
(absolute, symbolic links resolved), so ``corpus``, ``./corpus/`` and ``/abs/corpus`` are
one source; a name byte that is not UTF-8 (kept by Python as a surrogate escape) is stored
as ``\\xNN`` text, which every database accepts.
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from typing import BinaryIO

from quotes.errors import InputError

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def special_kind(mode: int) -> str | None:
    """What a non-regular file is ("a named pipe (FIFO)"), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_regular(path: str) -> BinaryIO:
    """``path`` opened for reading in binary; InputError if it is not a regular file.

    Opened with O_NONBLOCK, so a FIFO cannot hang the open, and checked on the open file
    (not on the name, which another process could swap in between).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}), skipped") from None
    try:
        kind = special_kind(os.fstat(fd).st_mode)
    except OSError as exc:
        os.close(fd)
        raise InputError(f"{path}: cannot read ({exc.strerror}), skipped") from None
    if kind is not None:
        os.close(fd)
        raise InputError(f"{path}: {kind}, not a regular file; skipped")
    return os.fdopen(fd, "rb")


def stored_path(path: str) -> str:
    """The one spelling of ``path`` that is stored: absolute, resolved, valid UTF-8."""
    return _resolved(os.path.abspath(path))  # absolute first: a relative name moves with cwd


@lru_cache(maxsize=4096)
def _resolved(path: str) -> str:
    # Cached: every record of a JSON-lines or WARC file is stored under its file's path.
    return escaped(os.path.realpath(path))


def escaped(text: str) -> str:
    """``text`` with the surrogate escapes of undecodable name bytes written as ``\\xNN``."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate no file name byte gives (from JSON, say)
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
