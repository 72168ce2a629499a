"""Telling the user that a command waits for another process's lock.

The database layer knows when it starts waiting; only the CLI knows where to say so. It
registers a callback here, called once per process, the first time a wait begins.
"""

from __future__ import annotations

from collections.abc import Callable

_callback: list[Callable[[], None]] = []
_told: list[bool] = []


def on_wait(callback: Callable[[], None] | None) -> None:
    """Call ``callback`` (once) when a lock wait begins; None stops telling."""
    _callback.clear()
    _told.clear()
    if callback is not None:
        _callback.append(callback)


def notify() -> None:
    if _callback and not _told:
        _told.append(True)
        _callback[0]()
