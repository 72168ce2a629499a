"""The review log, and quotes that keep the rules' answer beside the standing one.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("quote_text", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("speaker_key", sa.String(length=100), nullable=True),
        sa.Column("old_speaker_key", sa.String(length=100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undoes_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["undoes_id"], ["reviews.id"], name=op.f("fk_reviews_undoes_id_reviews")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    )
    op.create_index("ix_reviews_document_sha256", "reviews", ["document_sha256"])
    with op.batch_alter_table("quotes") as batch:
        batch.add_column(sa.Column("rule_speaker_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("review", sa.String(length=12), nullable=True))
        batch.add_column(sa.Column("sentence_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("sentence_end", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_quotes_rule_speaker_id_speakers"), "speakers", ["rule_speaker_id"], ["id"]
        )
    # Until now nobody could review, so every standing speaker is the rules' answer.
    op.execute("UPDATE quotes SET rule_speaker_id = speaker_id")


def downgrade() -> None:
    with op.batch_alter_table("quotes") as batch:
        batch.drop_constraint(op.f("fk_quotes_rule_speaker_id_speakers"), type_="foreignkey")
        batch.drop_column("sentence_end")
        batch.drop_column("sentence_start")
        batch.drop_column("review")
        batch.drop_column("rule_speaker_id")
    op.drop_index("ix_reviews_document_sha256", table_name="reviews")
    op.drop_table("reviews")
