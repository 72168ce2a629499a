"""Quotes with the evidence of their attribution.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=12), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("utterance", sa.Integer(), nullable=False),
        sa.Column("open_mark", sa.String(length=4), nullable=False),
        sa.Column("close_mark", sa.String(length=4), nullable=True),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("rule", sa.String(length=50), nullable=False),
        sa.Column("cue", sa.String(length=100), nullable=True),
        sa.Column("mention", sa.Text(), nullable=True),
        sa.Column("mention_start", sa.Integer(), nullable=True),
        sa.Column("mention_end", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("via", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_quotes_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"], ["speakers.id"], name=op.f("fk_quotes_speaker_id_speakers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
        sa.UniqueConstraint("uid", name=op.f("uq_quotes_uid")),
    )
    op.create_index("ix_quotes_document_id", "quotes", ["document_id"])
    op.create_index("ix_quotes_speaker_id", "quotes", ["speaker_id"])


def downgrade() -> None:
    op.drop_index("ix_quotes_speaker_id", table_name="quotes")
    op.drop_index("ix_quotes_document_id", table_name="quotes")
    op.drop_table("quotes")
