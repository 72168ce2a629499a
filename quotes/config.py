"""Where state lives: each setting is option > QUOTES_* environment variable > default."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

DEFAULT_DB_URL = "sqlite:///quotes.db"


def database_url(option: str | None = None) -> str:
    """The SQLAlchemy URL to use; a bare file path is taken as a SQLite file."""
    value = option or os.environ.get("QUOTES_DB") or DEFAULT_DB_URL
    if "://" not in value:
        value = f"sqlite:///{value}"
    return value


def speakers_path(option: str | None = None) -> Path:
    """The speaker registry TOML: the packaged default unless one is named."""
    value = option or os.environ.get("QUOTES_SPEAKERS")
    if value:
        return Path(value)
    return Path(str(resources.files("quotes") / "data" / "speakers.toml"))
