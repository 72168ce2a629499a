"""Alembic environment: run with a connection from code, or from the alembic command line."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from quotes.db.models import Base, is_search_index

config = context.config
target_metadata = Base.metadata


def run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=True,
        compare_type=True,
        include_object=lambda obj, name, type_, reflected, other: not is_search_index(name, type_),
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    url = os.environ.get("QUOTES_DB", "sqlite:///quotes.db")
    with create_engine(url).connect() as conn:
        run(conn)
