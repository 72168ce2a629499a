"""Empty the PostgreSQL database named by $DB (for `bench/ingest.py --reset`)."""

from __future__ import annotations

import os

from sqlalchemy import create_engine

if __name__ == "__main__":
    engine = create_engine(os.environ["DB"])
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
