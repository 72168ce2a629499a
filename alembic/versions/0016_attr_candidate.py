"""Quotes keep a suggested speaker apart from the speaker: a guess is not an attribution.

A registry name near a quote with no speech verb, label or ``according to`` tying them is
stored as the quote's candidate (who, which rule, how sure, which words), shown to a
reviewer, and never used as its speaker. Existing rows get no candidate.

Revision ID: 0016_attr_candidate
Revises: 0015_inputs_search_staging
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_attr_candidate"
down_revision = "0015_inputs_search_staging"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("candidate_speaker_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("candidate_rule", sa.String(length=50), nullable=True))
        batch.add_column(sa.Column("candidate_confidence", sa.Float(), nullable=True))
        batch.add_column(sa.Column("candidate_mention", sa.Text(), nullable=True))
        batch.add_column(sa.Column("candidate_mention_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("candidate_mention_end", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_quotes_candidate_speaker_id_speakers"),
            "speakers",
            ["candidate_speaker_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("quotes") as batch:
        batch.drop_constraint(op.f("fk_quotes_candidate_speaker_id_speakers"), type_="foreignkey")
        batch.drop_column("candidate_mention_end")
        batch.drop_column("candidate_mention_start")
        batch.drop_column("candidate_mention")
        batch.drop_column("candidate_confidence")
        batch.drop_column("candidate_rule")
        batch.drop_column("candidate_speaker_id")
