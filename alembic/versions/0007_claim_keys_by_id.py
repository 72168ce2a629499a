"""Claim keys: index (key, id), so a key's latest postings are an index range read.

Ingest asks for each key's latest group, its postings count up to a cap, and its latest
hundred groups. With an index on ``key`` alone PostgreSQL sorts a key's rows by id or walks
the primary key backwards filtering on ``key``, which for a key with few rows can read much
of the table. SQLite's index already ends in the rowid; the new one is the same there.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_claim_keys_key_id", "claim_keys", ["key", "id"])
    op.drop_index("ix_claim_keys_key", table_name="claim_keys")


def downgrade() -> None:
    op.create_index("ix_claim_keys_key", "claim_keys", ["key"])
    op.drop_index("ix_claim_keys_key_id", table_name="claim_keys")
