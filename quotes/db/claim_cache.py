"""What one writer has read of the stored claim books, kept across its transactions.

Ingest groups every document's sentences against the stored claims, and reading what the
sentences can meet (key counts, latest groups, group texts, exact texts, a group's claims)
was about half of its time, much of it the same rows again for the next document. A
``ClaimCache`` keeps those reads, and what the writer itself wrote, for as long as no other
process has written claims: every transaction that writes them sets the ``claims_version``
token (``stamp``), and a cache whose own last token is no longer there is emptied.

It is bounded: when it holds more than ``MAX_ENTRIES`` entries it is emptied and refills
from the database, so memory stays flat however large the archive.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from sqlalchemy import update
from sqlalchemy.orm import Session

from quotes.db.bulk import driver, run_many
from quotes.db.models import ClaimsVersion

# Entries (keys, texts, groups) kept before the cache starts afresh. At 10 MB of generated
# news, 100 k kept ingest's writer at 35 CPU s (300 k: 33-37 s; 30 k: 45 s; none: 84 s),
# and 300 k let peak memory grow from 110 MB at 10 MB of input to 170 MB at 100 MB.
MAX_ENTRIES = 100_000


_SQLITE_RENEW = "UPDATE claims_version SET version = ? WHERE id = 1 AND version = ?"


def stamp(session: Session) -> int:
    """Mark the claim books as changed by this transaction; returns the new token.

    Call under the claims lock, in the transaction that writes claims.
    """
    version = secrets.randbits(62)
    session.connection().execute(
        update(ClaimsVersion).where(ClaimsVersion.id == 1).values(version=version)
    )
    return version


@dataclass
class ClaimCache:
    """Stored claim books as read (or written) by this process, valid under ``version``.

    ``None`` values record a read that found nothing, which is as worth keeping as a row.
    """

    version: int | None = None
    # Normalised text -> group of its earliest stored mention, or None when none has it.
    exact: dict[str, int | None] = field(default_factory=dict)
    # Block key -> (postings, capped at MAX_POSTINGS + 1; latest group or None).
    heads: dict[int, tuple[int, int | None]] = field(default_factory=dict)
    # Block key -> its latest MAX_POSTINGS groups, oldest first.
    latest: dict[int, list[int]] = field(default_factory=dict)
    # Group -> its representatives (first and longest-since).
    texts: dict[int, list[str]] = field(default_factory=dict)
    # Group -> {speaker id or None: claim id}, every claim of the group.
    claims: dict[int, dict[int | None, int]] = field(default_factory=dict)
    # Search terms known to be in SQLite's term table (quotes.db.search_index.add_terms).
    terms: set[str] = field(default_factory=set)
    # Words (runs of text between white space) whose every term is in ``terms``: a text
    # made of these has no term to add, and tokenizing it cost more than storing it.
    term_words: set[str] = field(default_factory=set)
    # The search index's tokenizer as its schema says (None: no index), once read.
    tokenizer: tuple[str | None] | None = None
    # Speaker key -> row id. A speaker's row is never deleted or renumbered, so these stay
    # true; a key missing here is read again (another process may have added it).
    speakers: dict[str, int] = field(default_factory=dict)
    # Groups held in ``latest`` lists: a common key's list of a hundred weighs more than
    # an entry, and at 100 MB of news most kept keys are common.
    postings: int = 0

    def begin(self, session: Session) -> None:
        """Start a transaction's claim writing: drop what another writer made stale, stamp.

        Call under the claims lock, so no other writer can change the books until commit.
        A transaction that rolls back leaves the old token in the database, which then
        differs from this cache's, so its writes are forgotten too.
        """
        if self.version is not None and self.size() <= MAX_ENTRIES:
            # Still ours? One statement: replace our token only where it still stands.
            fresh = secrets.randbits(62)
            connection = session.connection()
            raw = driver(connection)
            if raw is not None:  # once a document: the driver's own call, as for its rows
                replaced = run_many(raw, _SQLITE_RENEW, [(fresh, self.version)])
            else:
                ours = update(ClaimsVersion).where(
                    ClaimsVersion.id == 1, ClaimsVersion.version == self.version
                )
                replaced = connection.execute(ours.values(version=fresh)).rowcount
            if replaced == 1:
                self.version = fresh
                return
        self.clear()
        self.version = stamp(session)

    def set_latest(self, key: int, groups: list[int]) -> None:
        """Keep a key's latest groups (oldest first), counted towards the bound."""
        self.postings += len(groups) - len(self.latest.get(key, ()))
        self.latest[key] = groups

    def size(self) -> int:
        """Entries held, a posting counting a quarter of one (about its share of memory)."""
        tables = (self.exact, self.heads, self.latest, self.texts, self.claims, self.terms)
        return sum(len(table) for table in tables) + self.postings // 4

    def clear(self) -> None:
        self.version = None
        self.postings = 0
        self.tokenizer = None
        self.term_words.clear()
        # Not the speakers: their rows are never deleted or renumbered by another writer.
        for table in (self.exact, self.heads, self.latest, self.texts, self.claims, self.terms):
            table.clear()
