"""Sources with metadata: outlet, URL, title, author, publication date, record; document language.

A source was a path. Articles now also come from exports and web archives, many to a file,
with what the input says of their publication. ``record`` names the article inside its file
("" for a file that is one article), and the unique key becomes (document, path, record)
so two records of one export carrying the same wire text are two sources. Existing sources
keep their path and have no metadata (outlet unknown); existing documents no language.

Revision ID: 0014_inputs_sources
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_inputs_sources"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("language", sa.String(16), nullable=True))
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("record", sa.Text, nullable=False, server_default=""))
        batch.add_column(sa.Column("outlet", sa.String(200), nullable=True))
        batch.add_column(sa.Column("url", sa.Text, nullable=True))
        batch.add_column(sa.Column("title", sa.Text, nullable=True))
        batch.add_column(sa.Column("author", sa.Text, nullable=True))
        batch.add_column(sa.Column("published", sa.Date, nullable=True))
        batch.drop_constraint("uq_sources_document_id", type_="unique")
        batch.create_unique_constraint("uq_sources_document_id", ["document_id", "path", "record"])


def downgrade() -> None:
    # Sources that differ only by record would collide under the old key: keep the first.
    op.execute(
        "DELETE FROM sources WHERE id NOT IN"
        " (SELECT min(id) FROM sources GROUP BY document_id, path)"
    )
    with op.batch_alter_table("sources") as batch:
        batch.drop_constraint("uq_sources_document_id", type_="unique")
        batch.create_unique_constraint("uq_sources_document_id", ["document_id", "path"])
        for column in ("published", "author", "title", "url", "outlet", "record"):
            batch.drop_column(column)
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("language")
