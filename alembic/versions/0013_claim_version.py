"""Claims version: a token every writer of claims sets, so a writer may keep what it read.

Ingest reads, for every document, the stored claim books its sentences can meet (key
counts, latest groups, group texts, exact texts): about half of its time. A writer that
keeps those reads across documents must know when another process changed the books. Each
transaction that writes claims sets ``claims_version.version`` to a new random token under
the claims lock; a writer whose own last token is still there knows its copy is current.
A random token, not a counter: a rolled-back transaction and another writer's commit could
otherwise leave the same number behind.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "claims_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(table, [{"id": 1, "version": 0}])


def downgrade() -> None:
    op.drop_table("claims_version")
