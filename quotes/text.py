"""Text helpers every layer may use: they import nothing of the project's."""

from __future__ import annotations


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: str, limit: int) -> str:
    """``text`` with its whitespace runs made single spaces, then cut to ``limit``."""
    return truncate(" ".join(text.split()), limit)
