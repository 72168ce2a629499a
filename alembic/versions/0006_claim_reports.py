"""Claims: an index on their speaker and a count of their reports, for `ask` and `sheet`.

``reports`` is the number of mentions a claim has (how often its words were reported),
kept by the code that adds and removes mentions, so "a speaker's most reported claims"
reads an index instead of counting every mention of the speaker.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("claims", sa.Column("reports", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE claims SET reports ="
        " (SELECT COUNT(*) FROM claim_mentions WHERE claim_mentions.claim_id = claims.id)"
    )
    op.create_index("ix_claims_speaker_id", "claims", ["speaker_id", "reports"])


def downgrade() -> None:
    op.drop_index("ix_claims_speaker_id", table_name="claims")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("reports")
