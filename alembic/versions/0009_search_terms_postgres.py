"""PostgreSQL: a table of the search index's terms, for close spellings of a topic word.

A topic word the index does not hold is replaced by its closest indexed term. PostgreSQL
listed its terms with ``ts_stat`` over every mention's tsvector: 0.4 s at 100 k claims and
growing with the table. ``claim_search_terms`` keeps each distinct lexeme once, in byte
order (``COLLATE "C"``) so the terms sharing a word's first letters are a primary key range.
It has the name and the ``term`` column of SQLite's fts5vocab table, so one query serves
both; SQLite needs nothing new.

Statement triggers add the lexemes of inserted or updated mentions, reading the statement's
new rows at once, so a bulk insert or COPY checks each distinct lexeme once; they insert in
lexeme order, so two writers adding the same new terms wait for each other rather than
deadlock. Nothing removes a term when its last mention goes: that would mean counting its
other mentions on every delete. A stale term is harmless, as search confirms through the
index that a close spelling still has mentions before it stands in for a word.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The new rows' distinct lexemes, in order; ``added`` is the trigger's transition table.
_NEW_TERMS = (
    "INSERT INTO claim_search_terms (term)"
    " SELECT DISTINCT t.lexeme FROM {rows}, unnest({rows}.search_vector) AS t"
    " ORDER BY t.lexeme ON CONFLICT DO NOTHING"
)

POSTGRES_UP = [
    'CREATE TABLE claim_search_terms (term text COLLATE "C" PRIMARY KEY)',
    "CREATE FUNCTION claim_search_terms_add() RETURNS trigger LANGUAGE plpgsql AS $$"
    f" BEGIN {_NEW_TERMS.format(rows='added')}; RETURN NULL; END $$",
    # One trigger per event: a trigger with a transition table may have only one.
    "CREATE TRIGGER claim_search_terms_insert AFTER INSERT ON claim_mentions"
    " REFERENCING NEW TABLE AS added FOR EACH STATEMENT"
    " EXECUTE FUNCTION claim_search_terms_add()",
    "CREATE TRIGGER claim_search_terms_update AFTER UPDATE ON claim_mentions"
    " REFERENCING NEW TABLE AS added FOR EACH STATEMENT"
    " EXECUTE FUNCTION claim_search_terms_add()",
    _NEW_TERMS.format(rows="claim_mentions"),
]
POSTGRES_DOWN = [
    "DROP TRIGGER claim_search_terms_update ON claim_mentions",
    "DROP TRIGGER claim_search_terms_insert ON claim_mentions",
    "DROP FUNCTION claim_search_terms_add()",
    "DROP TABLE claim_search_terms",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_DOWN:
            op.execute(statement)
