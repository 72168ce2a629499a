"""Claims: the speaker index ends in the claim id, so a speaker's most reported are read off it.

``ask SPEAKER`` without a topic lists the speaker's claims by reports, then newest first.
SQLite's index already ends in the rowid and reads them in order; PostgreSQL's held only
(speaker_id, reports), so at a million claims it fetched and sorted all 200 000 claims of
a speaker with one report each (68 ms) to show twenty. On SQLite the new index is the same
as the old one.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_claims_speaker_id", table_name="claims")
    op.create_index("ix_claims_speaker_id", "claims", ["speaker_id", "reports", "id"])


def downgrade() -> None:
    op.drop_index("ix_claims_speaker_id", table_name="claims")
    op.create_index("ix_claims_speaker_id", "claims", ["speaker_id", "reports"])
