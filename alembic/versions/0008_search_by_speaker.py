"""Search by speaker: each claim mention carries its claim's speaker, and the index holds it.

``quotes ask SPEAKER TOPIC`` ranked every mention of a common topic, whoever said it, and
then kept the speaker's: at a million claims bm25 over 77 k matches cost about 120 ms. With
the speaker in the FTS5 index the match itself is the speaker's mentions only. A mention is
never moved to another claim (re-filing deletes and re-inserts it), so the copy of the
speaker cannot go stale. PostgreSQL filters on the column before ranking.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

BACKFILL = (
    "UPDATE claim_mentions SET speaker_id ="
    " (SELECT speaker_id FROM claims WHERE claims.id = claim_mentions.claim_id)"
)


def _search_index(columns: list[str]) -> list[str]:
    """The FTS5 index over ``columns`` of claim_mentions, its term lists and sync triggers."""
    listed = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE claim_search USING fts5({listed}, content='claim_mentions',"
        " content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        "CREATE VIRTUAL TABLE claim_search_terms USING fts5vocab(claim_search, 'row')",
        "CREATE VIRTUAL TABLE claim_search_instances USING fts5vocab(claim_search, 'instance')",
        "CREATE TRIGGER claim_search_insert AFTER INSERT ON claim_mentions BEGIN"
        f" INSERT INTO claim_search(rowid, {listed}) VALUES (new.id, {new}); END",
        "CREATE TRIGGER claim_search_delete AFTER DELETE ON claim_mentions BEGIN"
        f" INSERT INTO claim_search(claim_search, rowid, {listed})"
        f" VALUES ('delete', old.id, {old}); END",
        "CREATE TRIGGER claim_search_update AFTER UPDATE ON claim_mentions BEGIN"
        f" INSERT INTO claim_search(claim_search, rowid, {listed})"
        f" VALUES ('delete', old.id, {old});"
        f" INSERT INTO claim_search(rowid, {listed}) VALUES (new.id, {new}); END",
        "INSERT INTO claim_search(claim_search) VALUES ('rebuild')",
    ]


DROP_SEARCH_INDEX = [
    "DROP TRIGGER claim_search_update",
    "DROP TRIGGER claim_search_delete",
    "DROP TRIGGER claim_search_insert",
    "DROP TABLE claim_search_instances",
    "DROP TABLE claim_search_terms",
    "DROP TABLE claim_search",
]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # First, or the backfill would rewrite the index once per row through the triggers.
        for statement in DROP_SEARCH_INDEX:
            op.execute(statement)
    op.add_column("claim_mentions", sa.Column("speaker_id", sa.Integer(), nullable=True))
    op.execute(BACKFILL)
    if sqlite:
        for statement in _search_index(["text", "context", "speaker_id"]):
            op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        for statement in DROP_SEARCH_INDEX:
            op.execute(statement)
    with op.batch_alter_table("claim_mentions") as batch:
        batch.drop_column("speaker_id")
    if sqlite:
        for statement in _search_index(["text", "context"]):
            op.execute(statement)
