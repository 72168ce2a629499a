"""SQLite: the search index's terms in a table of their own, as PostgreSQL has since 0009.

A misspelt topic word is replaced by the closest indexed term sharing its first two
letters. SQLite listed those from the fts5vocab 'row' table, which counts every mention
of each term as it lists it: at a million claims the terms under "bo" took 17 ms, and
the common prefixes of real text hold far more mentions. ``claim_search_terms`` becomes
a plain table of the distinct terms, under the same name and column, so search reads
both backends alike; the occurrence list (fts5vocab 'instance') stays.

SQL cannot call SQLite's tokenizer, so FTS5 does it: the mentions a transaction adds are
written to a small contentless FTS5 table with the index's tokenizer, the terms its
fts5vocab lists are copied, and it is emptied again. That is done once per document by
the code that writes mentions (``quotes.db.search.add_terms``), not by a trigger per
mention: a trigger's three statements per mention made ingest about a fifth slower. As on
PostgreSQL, a deleted mention's terms stay; search checks that a close spelling still has
mentions before it stands in for a word.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"

SQLITE_UP = [
    "DROP TABLE claim_search_terms",
    "CREATE TABLE claim_search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID",
    "CREATE VIRTUAL TABLE claim_search_staging USING fts5(text, context, content='',"
    f" columnsize=0, {_TOKENIZE})",
    "CREATE VIRTUAL TABLE claim_search_staging_terms USING fts5vocab(claim_search_staging, 'row')",
    # The terms already indexed, read once from the whole index.
    "CREATE VIRTUAL TABLE temp.claim_search_indexed USING fts5vocab(main, claim_search, 'row')",
    "INSERT INTO claim_search_terms (term) SELECT term FROM temp.claim_search_indexed",
    "DROP TABLE temp.claim_search_indexed",
]
SQLITE_DOWN = [
    "DROP TABLE claim_search_staging_terms",
    "DROP TABLE claim_search_staging",
    "DROP TABLE claim_search_terms",
    "CREATE VIRTUAL TABLE claim_search_terms USING fts5vocab(claim_search, 'row')",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
