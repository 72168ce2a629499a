"""Where state lives: each setting is option > QUOTES_* environment variable > default."""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

from quotes.errors import DatabaseError

DEFAULT_DB_URL = "sqlite:///quotes.db"

# A libpq "key=value ..." string: taken as a file name it would become a SQLite file named
# after it, password included, and be echoed in every message about that file.
_CONNINFO = re.compile(r"^\s*(host|hostaddr|port|dbname|user|password|sslmode|service)\s*=")


def database_url(option: str | None = None) -> str:
    """The SQLAlchemy URL to use; a bare file path is taken as a SQLite file."""
    value = option or os.environ.get("QUOTES_DB") or DEFAULT_DB_URL
    if "://" in value:
        return value
    if _CONNINFO.match(value):
        raise DatabaseError(
            "--db looks like a libpq key=value string (not shown, it may hold a password);"
            " give a URL such as postgresql+psycopg://user:password@host/dbname"
        )
    return f"sqlite:///{value}"


def speakers_path(option: str | None = None) -> Path:
    """The speaker registry TOML: the packaged default unless one is named."""
    value = option or os.environ.get("QUOTES_SPEAKERS")
    if value:
        return Path(value)
    return Path(str(resources.files("quotes") / "data" / "speakers.toml"))
