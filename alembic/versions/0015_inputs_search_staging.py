"""SQLite: no staging table for the search terms in the database file.

Migration 0012 tokenized new mentions through a contentless FTS5 table in the database
(``claim_search_staging``) and its fts5vocab list. A contentless table refuses a full scan
("table does not support scanning"), so the tools users open the file with, which count or
list every table (``sqlite-utils tables --counts``, Datasette), failed on it. The texts are
now tokenized in a private in-memory table (``quotes.db.search.add_terms``); both tables go.

Revision ID: 0015_inputs_search_staging
Revises: 0014_inputs_sources
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0015_inputs_search_staging"
down_revision = "0014_inputs_sources"
branch_labels = None
depends_on = None

_TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS claim_search_staging_terms")
        op.execute("DROP TABLE IF EXISTS claim_search_staging")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE claim_search_staging USING fts5(text, context, content='',"
            f" columnsize=0, {_TOKENIZE})"
        )
        op.execute(
            "CREATE VIRTUAL TABLE claim_search_staging_terms"
            " USING fts5vocab(claim_search_staging, 'row')"
        )
