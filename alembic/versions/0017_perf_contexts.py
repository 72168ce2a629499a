"""Contexts stored once: a claim mention keeps offsets into its document, not a copy of text.

Every claim mention held a copy of the writer's sentence around its quote, and the search
index tokenized that copy again per mention. Ten thousand short quotes in one 130 KB
paragraph (one "sentence") made 10,000 copies of the paragraph: a 1.6 GB file. Now:

- a mention keeps ``document_id``, ``context_start`` and ``context_end``: where the
  writer's sentence is in the document's text (the offsets ingest cut the copy at), and
  the context shown (``ClaimMention.context`` in the models) is read from there;
- the search index holds, per mention, that sentence cut to 200 characters either side of
  the mention's own words (the window ingest already used when a sentence is unknown), so
  it grows with the quotes, not with the square of a paragraph. A sentence that runs
  further only loses index weight for its far words; the whole sentence is still shown.

SQLite: the FTS5 table's external content is the view ``claim_search_content`` (mention
id, text, the windowed context, speaker), so ``rebuild`` and tools that scan every table
still work. Ingest indexes new mentions in one statement per document
(``quotes.db.search_index.index_mentions``), not by a trigger per row; deletes and updates
of a mention still go through triggers, which read the indexed words from the document
(``documents`` rows are never deleted), so a cascade from a deleted quote stays right.
A later batch migration that rebuilds ``claim_mentions`` or ``documents`` must drop the view
first and create it again (SQLite refuses to rename a table a view names).

PostgreSQL: ``search_vector`` becomes a plain column written by ingest from the same
windowed words (a generated column cannot read another table); its GIN index is made
again as 0010 left it (with the speaker when btree_gin is installed).

Revision ID: 0017_perf_contexts
Revises: 0016_attr_candidate
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_perf_contexts"
down_revision = "0016_attr_candidate"
branch_labels = None
depends_on = None

# Characters of the writer's words either side of a quote that the index holds; the same as
# quotes.db.claims.CONTEXT_WINDOW (a migration keeps its own copy of what it wrote).
WINDOW = 200
_TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"
_UNKNOWN = "(q.sentence_start IS NULL OR q.sentence_end IS NULL)"


def _backfill(most: str) -> str:
    """Each mention's document and the offsets of its quote's sentence, as ingest cut it
    (``quotes.db.claims.context_span``): the sentence, else WINDOW characters either side."""
    start = f"CASE WHEN {_UNKNOWN} THEN {most}(q.start - {WINDOW}, 0) ELSE q.sentence_start END"
    end = f'CASE WHEN {_UNKNOWN} THEN q."end" + {WINDOW} ELSE q.sentence_end END'
    return (
        "UPDATE claim_mentions SET document_id = q.document_id,"
        f" context_start = {start}, context_end = {end}"
        " FROM quotes q WHERE q.id = claim_mentions.quote_id"
    )


def _indexed(m: str, most: str, least: str, text: str) -> str:
    """SQL for the words the index holds of mention ``m`` (``text``: its document's text):
    the sentence cut to WINDOW characters either side of the mention's own words."""
    low = f"{most}({m}.context_start, {m}.start - {WINDOW})"
    high = f'{least}({m}.context_end, {m}."end" + {WINDOW})'
    # Never a negative length (PostgreSQL refuses one, SQLite reads backwards): an empty
    # window, as Python's slice gives, when a mention lies outside its sentence.
    return f"substr({text}, {low} + 1, {most}({high} - {low}, 0))"


_RESTORE_CONTEXT = (
    "UPDATE claim_mentions SET context = (SELECT substr(d.text, claim_mentions.context_start"
    " + 1, claim_mentions.context_end - claim_mentions.context_start) FROM documents d"
    " WHERE d.id = claim_mentions.document_id)"
)
_INDEXED = (
    "(SELECT "
    + _indexed("{m}", "MAX", "MIN", "text")
    + " FROM documents WHERE id = {m}.document_id)"
)
_COLUMNS = "text, context, speaker_id"
_FORGET_OLD = (
    f"INSERT INTO claim_search(claim_search, rowid, {_COLUMNS})"
    f" VALUES ('delete', old.id, old.text, {_INDEXED.format(m='old')}, old.speaker_id);"
)
SQLITE_UP = [
    "CREATE VIEW claim_search_content AS SELECT m.id AS id, m.text AS text, "
    + _indexed("m", "MAX", "MIN", "d.text")
    + " AS context, m.speaker_id AS speaker_id"
    " FROM claim_mentions m JOIN documents d ON d.id = m.document_id",
    f"CREATE VIRTUAL TABLE claim_search USING fts5({_COLUMNS}, content='claim_search_content',"
    f" content_rowid='id', {_TOKENIZE})",
    "CREATE VIRTUAL TABLE claim_search_instances USING fts5vocab(claim_search, 'instance')",
    f"CREATE TRIGGER claim_search_delete AFTER DELETE ON claim_mentions BEGIN {_FORGET_OLD} END",
    f"CREATE TRIGGER claim_search_update AFTER UPDATE ON claim_mentions BEGIN {_FORGET_OLD}"
    f" INSERT INTO claim_search(rowid, {_COLUMNS})"
    f" VALUES (new.id, new.text, {_INDEXED.format(m='new')}, new.speaker_id); END",
    "INSERT INTO claim_search(claim_search) VALUES ('rebuild')",
]
DROP_SQLITE_INDEX = [
    "DROP TRIGGER IF EXISTS claim_search_insert",
    "DROP TRIGGER IF EXISTS claim_search_update",
    "DROP TRIGGER IF EXISTS claim_search_delete",
    "DROP TABLE IF EXISTS claim_search_instances",
    "DROP TABLE IF EXISTS claim_search",
]
# 0008's index over the copied context, for downgrade.
SQLITE_DOWN = [
    f"CREATE VIRTUAL TABLE claim_search USING fts5({_COLUMNS}, content='claim_mentions',"
    f" content_rowid='id', {_TOKENIZE})",
    "CREATE VIRTUAL TABLE claim_search_instances USING fts5vocab(claim_search, 'instance')",
    "CREATE TRIGGER claim_search_insert AFTER INSERT ON claim_mentions BEGIN"
    f" INSERT INTO claim_search(rowid, {_COLUMNS}) VALUES (new.id, new.text, new.context,"
    " new.speaker_id); END",
    "CREATE TRIGGER claim_search_delete AFTER DELETE ON claim_mentions BEGIN"
    f" INSERT INTO claim_search(claim_search, rowid, {_COLUMNS})"
    " VALUES ('delete', old.id, old.text, old.context, old.speaker_id); END",
    "CREATE TRIGGER claim_search_update AFTER UPDATE ON claim_mentions BEGIN"
    f" INSERT INTO claim_search(claim_search, rowid, {_COLUMNS})"
    " VALUES ('delete', old.id, old.text, old.context, old.speaker_id);"
    f" INSERT INTO claim_search(rowid, {_COLUMNS}) VALUES (new.id, new.text, new.context,"
    " new.speaker_id); END",
    "INSERT INTO claim_search(claim_search) VALUES ('rebuild')",
]

PG_VECTOR = (
    "setweight(to_tsvector('english', coalesce({text}, '')), 'A') ||"
    " setweight(to_tsvector('english', coalesce({context}, '')), 'B')"
)
PG_FILL = (
    "UPDATE claim_mentions SET search_vector = "
    + PG_VECTOR.format(
        text="claim_mentions.text",
        context=_indexed("claim_mentions", "GREATEST", "LEAST", "d.text"),
    )
    + " FROM documents d WHERE d.id = claim_mentions.document_id"
)


def _pg_index() -> None:
    """The GIN index as 0010 left it: with the speaker where btree_gin is installed."""
    found = (
        op.get_bind()
        .exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'btree_gin'")
        .first()
    )
    columns = "speaker_id, search_vector" if found else "search_vector"
    op.execute(f"CREATE INDEX ix_claim_mentions_search ON claim_mentions USING gin ({columns})")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    sqlite = dialect == "sqlite"
    if sqlite:
        # First, or every row rewritten below would be re-indexed through the triggers.
        for statement in DROP_SQLITE_INDEX:
            op.execute(statement)
    for name in ("document_id", "context_start", "context_end"):
        op.add_column("claim_mentions", sa.Column(name, sa.Integer(), nullable=True))
    op.execute(_backfill("MAX" if sqlite else "GREATEST"))
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_claim_mentions_search")
        op.execute("ALTER TABLE claim_mentions DROP COLUMN search_vector")
        op.execute("ALTER TABLE claim_mentions ADD COLUMN search_vector tsvector")
        op.execute(PG_FILL)
        _pg_index()
    with op.batch_alter_table("claim_mentions") as batch:
        for name in ("document_id", "context_start", "context_end"):
            batch.alter_column(name, existing_type=sa.Integer(), nullable=False)
        batch.drop_column("context")
    if sqlite:
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    sqlite = dialect == "sqlite"
    if sqlite:
        for statement in DROP_SQLITE_INDEX:
            op.execute(statement)
        op.execute("DROP VIEW IF EXISTS claim_search_content")
    op.add_column("claim_mentions", sa.Column("context", sa.Text(), nullable=True))
    op.execute(_RESTORE_CONTEXT)
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_claim_mentions_search")
        op.execute("ALTER TABLE claim_mentions DROP COLUMN search_vector")
        op.execute(
            "ALTER TABLE claim_mentions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
            + PG_VECTOR.format(text="text", context="context")
            + ") STORED"
        )
        _pg_index()
    with op.batch_alter_table("claim_mentions") as batch:
        for name in ("context_end", "context_start", "document_id"):
            batch.drop_column(name)
    if sqlite:
        for statement in SQLITE_DOWN:
            op.execute(statement)
