"""Full-text search over claims: the writer's sentence beside each claim, and its index.

SQLite gets an FTS5 table over ``claim_mentions`` (text, context) kept in sync by
triggers; PostgreSQL gets a generated, weighted tsvector column with a GIN index.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The writer's words around a quote: its sentence where known, else a window of text.
_WINDOW = 200
_START = (
    f"COALESCE(q.sentence_start, CASE WHEN q.start > {_WINDOW} THEN q.start - {_WINDOW} ELSE 0 END)"
)
_END = f'COALESCE(q.sentence_end, q."end" + {_WINDOW})'
BACKFILL = (
    "UPDATE claim_mentions SET context = ("
    f" SELECT SUBSTR(d.text, {_START} + 1, {_END} - {_START})"
    " FROM quotes q JOIN documents d ON d.id = q.document_id"
    " WHERE q.id = claim_mentions.quote_id)"
)

SQLITE_UP = [
    # External content: the index holds tokens only; the text stays in claim_mentions.
    "CREATE VIRTUAL TABLE claim_search USING fts5(text, context, content='claim_mentions',"
    " content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    # The index's own term list, for close spellings of a topic word it does not hold, and
    # where each term occurs: a close spelling is a stem, which a MATCH would stem again.
    "CREATE VIRTUAL TABLE claim_search_terms USING fts5vocab(claim_search, 'row')",
    "CREATE VIRTUAL TABLE claim_search_instances USING fts5vocab(claim_search, 'instance')",
    "CREATE TRIGGER claim_search_insert AFTER INSERT ON claim_mentions BEGIN"
    " INSERT INTO claim_search(rowid, text, context) VALUES (new.id, new.text, new.context);"
    " END",
    "CREATE TRIGGER claim_search_delete AFTER DELETE ON claim_mentions BEGIN"
    " INSERT INTO claim_search(claim_search, rowid, text, context)"
    " VALUES ('delete', old.id, old.text, old.context);"
    " END",
    "CREATE TRIGGER claim_search_update AFTER UPDATE ON claim_mentions BEGIN"
    " INSERT INTO claim_search(claim_search, rowid, text, context)"
    " VALUES ('delete', old.id, old.text, old.context);"
    " INSERT INTO claim_search(rowid, text, context) VALUES (new.id, new.text, new.context);"
    " END",
    "INSERT INTO claim_search(claim_search) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER claim_search_update",
    "DROP TRIGGER claim_search_delete",
    "DROP TRIGGER claim_search_insert",
    "DROP TABLE claim_search_instances",
    "DROP TABLE claim_search_terms",
    "DROP TABLE claim_search",
]
# The quote's own words weigh A, the writer's sentence around it B.
POSTGRES_UP = [
    "ALTER TABLE claim_mentions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    " setweight(to_tsvector('english', coalesce(text, '')), 'A') ||"
    " setweight(to_tsvector('english', coalesce(context, '')), 'B')) STORED",
    "CREATE INDEX ix_claim_mentions_search ON claim_mentions USING gin (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX ix_claim_mentions_search",
    "ALTER TABLE claim_mentions DROP COLUMN search_vector",
]


def upgrade() -> None:
    op.add_column("claim_mentions", sa.Column("context", sa.Text(), nullable=True))
    op.execute(BACKFILL)
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(dialect, []):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}.get(dialect, []):
        op.execute(statement)
    with op.batch_alter_table("claim_mentions") as batch:
        batch.drop_column("context")
