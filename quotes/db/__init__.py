"""Storage: SQLAlchemy models, the engine, Alembic migrations, and the queries."""
