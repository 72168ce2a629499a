"""PostgreSQL: the full-text index holds each mention's speaker, as SQLite's has since 0008.

``ask`` ranks a speaker's mentions of a topic. With the speaker outside the GIN index,
PostgreSQL read every mention of a common topic from the table, whoever said it, and then
kept the speaker's: at a million claims 54 000 pages for 15 000 mentions, about 0.4 s. A
GIN index over (speaker_id, search_vector) finds the speaker's mentions of the topic
alone. It needs the btree_gin extension (part of PostgreSQL's contrib, trusted since 13,
so a database owner may create it); where it cannot be created the index stays as it was:
search is as right as before, only slower. The composite index serves searches without a
speaker too, so it replaces the old one rather than adding to every insert's work.
Downgrading leaves the extension installed, as something else may have come to use it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.exc import DBAPIError

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _search_index(columns: str) -> list[str]:
    return [
        "DROP INDEX ix_claim_mentions_search",
        f"CREATE INDEX ix_claim_mentions_search ON claim_mentions USING gin ({columns})",
    ]


def _btree_gin() -> bool:
    """Whether btree_gin is (now) installed; a refusal leaves the migration's work intact."""
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    except DBAPIError:
        return False
    return True


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql" and _btree_gin():
        for statement in _search_index("speaker_id, search_vector"):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _search_index("search_vector"):
            op.execute(statement)
