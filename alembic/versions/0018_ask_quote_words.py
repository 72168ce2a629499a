"""PostgreSQL: a full-text index of the quotes' own words, so `ask` ranks fewer mentions.

``ask`` ranks a speaker's mentions of a topic with ts_rank, which reads each matching
mention's row: at a million claims a common word has 15,000 mentions per speaker, about
15,000 table pages and 100 ms, most of it pages that no longer fit the server's default
128 MB of shared buffers. For one word, a mention whose quote holds it always outranks one
that has it only in the writer's sentence, so ``ask`` first ranks those
(``quotes.report.search.ranked_quote_words``), through this GIN index over
(speaker_id, the quote's words): about half the pages. The expression is the one the
query spells, ``to_tsvector('english', text)``; the A-weighted part of ``search_vector``
holds the same lexemes. Without btree_gin (see 0010) the index holds the words alone:
answers are the same, only slower. SQLite's FTS5 ranking has no such order; nothing
changes there. Only an index is added: no row is rewritten.

Revision ID: 0018_ask_quote_words
Revises: 0017_perf_contexts
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0018_ask_quote_words"
down_revision = "0017_perf_contexts"
branch_labels = None
depends_on = None

NAME = "ix_claim_mentions_quote_words"
# The same as quotes.report.search.QUOTE_WORDS (a migration keeps its own copy).
WORDS = "to_tsvector('english', text)"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    found = bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'btree_gin'").first()
    columns = f"speaker_id, {WORDS}" if found else WORDS
    op.execute(f"CREATE INDEX {NAME} ON claim_mentions USING gin ({columns})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {NAME}")
