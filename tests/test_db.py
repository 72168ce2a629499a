"""Storage: idempotent per-document transactions, migrations that keep data, clean errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url

from quotes.attribute.registry import load_registry
from quotes.config import speakers_path
from quotes.db import migrate
from quotes.db.embedded import start_server, temporary_database
from quotes.db.engine import open_database, session_factory
from quotes.db.models import Base, Document, Quote, is_search_index
from quotes.db.store import store_document, sync_speakers
from quotes.errors import DatabaseError
from quotes.report.export import export_rows
from quotes.types import Article, Attribution, ExtractedDocument, Span
from quotes.types import Quote as QuoteRecord

TEXT = 'The mayor said: "We open the bridge on Monday." Later, "No delays," Peskov said.'


def _document(text: str = TEXT, speaker: str | None = "peskov") -> ExtractedDocument:
    article = Article("news/a.txt", text, f"sha-{hash(text)}", date(2024, 3, 1))
    first = text.index("We open")
    second = text.index("No delays")
    spans = [
        (
            Span(first, first + 29, '"', '"', 0, 0, "full"),
            Attribution(None, "cue_before_quote", 0.85, "said", "The mayor", 0, 9),
        ),
        (
            Span(second, second + 10, '"', '"', 0, 1, "full"),
            Attribution(speaker, "cue_after_quote", 0.95, "said", "Peskov"),
        ),
    ]
    quotes = tuple(QuoteRecord(s, text[s.start : s.end], a) for s, a in spans)
    return ExtractedDocument(article, quotes)


@pytest.fixture
def sessions(db_url: str):  # type: ignore[no-untyped-def]
    engine = open_database(db_url)
    factory = session_factory(engine)
    with factory() as session, session.begin():
        sync_speakers(session, load_registry(speakers_path()))
    return factory


def test_a_document_is_stored_once(sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session, session.begin():
        assert store_document(session, _document()) == "stored"
    with sessions() as session, session.begin():
        assert store_document(session, _document()) == "unchanged"
    with sessions() as session:
        rows = list(export_rows(session))
        assert session.scalar(select(func.count(Document.id))) == 1
    assert [r["text"] for r in rows] == ["We open the bridge on Monday.", "No delays,"]
    assert [r["speaker"] for r in rows] == [None, "Dmitry Peskov"]
    assert rows[0]["mention"] == "The mayor" and rows[0]["date"] == "2024-03-01"


def test_a_failed_document_leaves_nothing_behind(sessions) -> None:  # type: ignore[no-untyped-def]
    with (
        pytest.raises(DatabaseError, match="not in the database's registry"),
        sessions() as session,
        session.begin(),
    ):
        store_document(session, _document(speaker="zelensky"))
    with sessions() as session:
        assert session.scalar(select(func.count(Document.id))) == 0
        assert session.scalar(select(func.count(Quote.id))) == 0


def test_syncing_the_registry_twice_changes_nothing(sessions) -> None:  # type: ignore[no-untyped-def]
    registry = load_registry(speakers_path())
    with sessions() as session, session.begin():
        sync_speakers(session, registry)
    with sessions() as session:
        before = session.execute(text("select count(*) from speaker_roles")).scalar()
    with sessions() as session, session.begin():
        sync_speakers(session, registry)
    with sessions() as session:
        assert session.execute(text("select count(*) from speaker_roles")).scalar() == before
        assert session.execute(text("select count(*) from speakers")).scalar() == 4


def test_upgrading_a_database_with_data_keeps_it(db_url: str) -> None:
    engine = create_engine(db_url)
    migrate.upgrade(engine, "0001")
    # Rows as an older version wrote them, keys drawn from each table's own sequence (on
    # PostgreSQL an explicit id would leave the sequence behind and the next insert would
    # collide with it).
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into documents"
                " (sha256, path, date, body_start, text, size, ingested_at) values"
                " ('abc', 'old/a.txt', '2022-10-10', 0, 'Old text', 8, '2022-10-11 00:00:00')"
            )
        )
        conn.execute(text("insert into speakers (key, name) values ('putin', 'Vladimir Putin')"))
        conn.execute(
            text(
                "insert into speaker_aliases (speaker_id, alias, kind)"
                " select id, 'Putin', 'surname' from speakers"
            )
        )
        conn.execute(
            text(
                "insert into speaker_roles (speaker_id, title, pattern, valid_from)"
                " select id, 'President of Russia', 'Russian President', '2012-05-07'"
                " from speakers"
            )
        )
    engine = open_database(db_url)  # migrates to head on first use
    assert migrate.current(engine) == migrate.head()
    with engine.connect() as conn:
        path, day, body = conn.execute(text("select path, date, text from documents")).one()
        # SQLite hands a date column back as text, PostgreSQL as a date.
        assert (path, str(day), body) == ("old/a.txt", "2022-10-10", "Old text")
        assert conn.execute(text("select alias from speaker_aliases")).scalar() == "Putin"
        assert (
            conn.execute(text("select pattern from speaker_roles")).scalar() == "Russian President"
        )
    with session_factory(engine)() as session, session.begin():
        assert store_document(session, _document(speaker="putin")) == "stored"


def test_downgrade_and_upgrade_round_trip(db_url: str) -> None:
    engine = open_database(db_url)
    migrate.downgrade(engine, "base")
    assert migrate.current(engine) is None
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()


def test_models_and_migrations_agree(db_url: str) -> None:
    engine = open_database(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"include_object": lambda o, name, t, r, c: not is_search_index(name, t)},
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_a_database_newer_than_the_code_is_refused(db_url: str) -> None:
    engine = open_database(db_url)
    with engine.begin() as conn:
        conn.execute(text("update alembic_version set version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="newer than this version"):
        open_database(db_url)


def test_a_waiting_migrator_finds_the_work_done_by_the_process_that_keeps_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes start on a new SQLite file: the first migrates and goes straight on
    writing documents, one transaction after another, so the second may never get the
    write lock it waited for. It must then see the database at head, not fail."""
    url = f"sqlite:///{tmp_path / 'q.db'}"
    open_database(url).dispose()  # the first process's migration, done
    real_current = migrate.current
    looks: list[str | None] = []

    def current(engine: Engine) -> str | None:
        # The second process looked just before that migration committed.
        looks.append(real_current(engine) if looks else None)
        return looks[-1]

    monkeypatch.setattr(migrate, "current", current)
    writer = create_engine(url, connect_args={"timeout": 0.1})
    waiting = create_engine(url, connect_args={"timeout": 0.1})
    with writer.connect() as busy:
        busy.exec_driver_sql("BEGIN IMMEDIATE")  # the first process, writing on
        migrate.ensure_current(waiting)
        busy.rollback()
    assert looks == [None, migrate.head()]
    writer.dispose()
    waiting.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "nosuchdialect://x",
        "sqlite:////nonexistent/folder/q.db",
        "postgresql+psycopg://user:s3cret@127.0.0.1:1/q",
        "not a url at all ://",
    ],
)
def test_bad_urls_are_clean_errors_without_passwords(url: str) -> None:
    with pytest.raises(DatabaseError) as caught:
        open_database(url)
    assert "s3cret" not in str(caught.value)
    assert "\n" not in str(caught.value)


def test_postgresql_errors_are_one_line_without_the_password(pg_url: str) -> None:
    real = make_url(pg_url)
    wrong = [
        real.set(database="no_such_database", password="s3cret"),
        real.set(username="nobody", password="s3cret"),
        real.update_query_dict({"password": "s3cret"}).set(database="no_such_database"),
        real.set(drivername="postgresql+pg8000", password="s3cret"),  # a driver not installed
    ]
    for url in wrong:
        with pytest.raises(DatabaseError) as caught:
            open_database(url.render_as_string(hide_password=False))
        message = str(caught.value)
        assert "s3cret" not in message and "\n" not in message
        assert message.startswith("--db postgresql+")


def test_an_embedded_server_that_cannot_start_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="did not start") as caught:
        start_server(tmp_path / "no" / "such" / "folder")
    assert "\n" not in str(caught.value)


def test_a_temporary_database_is_dropped_afterwards(pg_url: str) -> None:
    admin = make_url(pg_url).set(database="postgres").render_as_string(hide_password=False)
    with temporary_database(admin) as url:
        name = make_url(url).database
        assert migrate.current(open_database(url)) == migrate.head()
    engine = create_engine(admin)
    with engine.connect() as conn:
        assert (
            conn.execute(text("select 1 from pg_database where datname = :n"), {"n": name}).all()
            == []
        )
    engine.dispose()
