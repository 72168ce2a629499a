"""An index on claims.speaker_id: `ask` and `sheet` start from one speaker's claims.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_claims_speaker_id", "claims", ["speaker_id"])


def downgrade() -> None:
    op.drop_index("ix_claims_speaker_id", table_name="claims")
