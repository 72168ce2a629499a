"""Database-wide locks for work that two processes must not interleave.

On PostgreSQL these are transaction-level advisory locks: taken inside a transaction, held
until it commits or rolls back, so a process that dies mid-way can never leave one held.
SQLite needs none: it lets one writer at a time into the whole file.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

# Arbitrary, fixed 64-bit keys ("quotes" in ASCII, then a number per lock).
MIGRATIONS = 0x71756F746573_0001
CLAIMS = 0x71756F746573_0002


def hold(bind: Connection | Session, key: int) -> None:
    """Wait for and take lock ``key`` until the current transaction ends (PostgreSQL only)."""
    dialect = bind.get_bind().dialect if isinstance(bind, Session) else bind.dialect
    if dialect.name == "postgresql":
        bind.execute(select(func.pg_advisory_xact_lock(key)))
