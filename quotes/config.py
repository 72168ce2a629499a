"""Where state lives: each setting is option > QUOTES_* environment variable > default."""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

from quotes.errors import DatabaseError

DEFAULT_DB_URL = "sqlite:///quotes.db"

# libpq's connection keywords (PostgreSQL's "Parameter Key Words"). A "key=value ..." string
# of them, taken as a file name, would become a SQLite file named after it, password
# included, and be echoed in every message about that file.
LIBPQ_KEYWORDS = frozenset(
    """host hostaddr port dbname user password passfile require_auth channel_binding
    connect_timeout client_encoding options application_name fallback_application_name
    keepalives keepalives_idle keepalives_interval keepalives_count tcp_user_timeout
    replication gssencmode sslmode requiressl sslnegotiation sslcompression sslcert sslkey
    sslpassword sslcertmode sslrootcert sslcrl sslcrldir sslsni requirepeer
    ssl_min_protocol_version ssl_max_protocol_version krbsrvname gsslib gssdelegation
    service target_session_attrs load_balance_hosts""".split()
)
# key = value pairs, a value bare or in single quotes (with \' and \\ inside).
_PAIR = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?:'(?:[^'\\]|\\.)*'|[^\s']*)\s*")


def looks_like_conninfo(value: str) -> bool:
    """Whether ``value`` is a libpq ``key=value`` string: only pairs, one key libpq's own."""
    keys, pos = [], 0
    while pos < len(value):
        match = _PAIR.match(value, pos)
        if match is None or match.end() == pos:
            return False
        keys.append(match[1].lower())
        pos = match.end()
    return any(key in LIBPQ_KEYWORDS for key in keys)


def printable_path(value: str) -> str:
    """A path as it may be printed: undecodable bytes as ``\\xNN``, never raw."""
    raw = value.encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "backslashreplace")


def database_url(option: str | None = None) -> str:
    """The SQLAlchemy URL to use; a bare file path is taken as a SQLite file."""
    value = option or os.environ.get("QUOTES_DB") or DEFAULT_DB_URL
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # A path with bytes that are not UTF-8 (click passes them as surrogates): SQLite and
        # PostgreSQL both need UTF-8 names.
        raise DatabaseError(
            f"--db {printable_path(value)!r}: the name holds bytes that are not UTF-8;"
            " rename the file (or its folder) or give a URL in UTF-8"
        ) from None
    if "://" in value:
        return value
    if looks_like_conninfo(value):
        raise DatabaseError(
            "--db looks like a libpq key=value string (not shown, it may hold a password);"
            " give a URL such as postgresql+psycopg://user:password@host/dbname"
            " (or sqlite:///FILE for a file whose name has '=' in it)"
        )
    return f"sqlite:///{value}"


def speakers_path(option: str | None = None) -> Path:
    """The speaker registry TOML: the packaged default unless one is named."""
    value = option or os.environ.get("QUOTES_SPEAKERS")
    if value:
        return Path(value)
    return Path(str(resources.files("quotes") / "data" / "speakers.toml"))
