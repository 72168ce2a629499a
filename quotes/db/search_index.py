"""The search index's writes: the terms of new mentions, for close-spelling lookups.

PostgreSQL keeps its term table by a trigger (migration 0009); SQLite's is filled here,
once per document, by the code that writes mentions (migration 0012).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session


def add_terms(session: Session, texts: Sequence[tuple[str, str | None]]) -> None:
    """Add the search terms of new mentions' (text, context) to SQLite's term table.

    SQLite's tokenizer is reached through FTS5 only (migration 0012): the texts pass
    through a contentless staging table, whose term list is copied, and it is emptied.
    PostgreSQL's table is kept by its own trigger (migration 0009).
    """
    if not texts or session.get_bind().dialect.name == "postgresql":
        return
    connection = session.connection()
    # A contentless table takes no rowid of its own; it is emptied after each use.
    connection.execute(
        text(
            "INSERT INTO claim_search_staging (rowid, text, context) VALUES (:row, :text, :context)"
        ),
        [{"row": i, "text": t, "context": c} for i, (t, c) in enumerate(texts, start=1)],
    )
    connection.execute(
        text(
            "INSERT OR IGNORE INTO claim_search_terms (term)"
            " SELECT term FROM claim_search_staging_terms"
        )
    )
    connection.execute(
        text("INSERT INTO claim_search_staging (claim_search_staging) VALUES ('delete-all')")
    )
