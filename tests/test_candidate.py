"""A guess is a candidate, not a speaker: the runner, the store and migration 0014."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import Quotes
from sqlalchemy import create_engine, select, text

from quotes.attribute.registry import load_registry
from quotes.attribute.runner import extract
from quotes.config import speakers_path
from quotes.db import migrate
from quotes.db.engine import open_database, session_factory
from quotes.db.models import Quote, Speaker
from quotes.db.store import store_document, sync_speakers
from quotes.report.export import export_rows
from quotes.types import Article

REGISTRY = load_registry(speakers_path())
DAY = date(2023, 5, 1)

# Rows as revision 0013 wrote them: a document, a speaker, a quote and its claim.
ROWS_0013 = [
    "insert into documents (id, sha256, path, date, body_start, text, size, ingested_at)"
    " values (1, 'h1', 'a.txt', '2023-01-02', 0, '\"Hi,\" Peskov said.', 18,"
    " '2023-01-03 00:00:00')",
    "insert into speakers (id, key, name) values (1, 'peskov', 'Dmitry Peskov')",
    'insert into quotes (id, uid, document_id, start, "end", text, kind, paragraph, utterance,'
    " open_mark, close_mark, speaker_id, rule_speaker_id, rule, cue, mention, mention_start,"
    " mention_end, confidence, via) values (1, 'u1', 1, 1, 4, 'Hi,', 'full', 0, 0, '\"', '\"',"
    " 1, 1, 'cue_after_quote', 'said', 'Peskov', 6, 12, 0.95, NULL)",
    "insert into claim_groups (id, first) values (1, 'hi')",
    "insert into claims (id, group_id, speaker_id, reports) values (1, 1, 1, 1)",
    'insert into claim_mentions (id, claim_id, quote_id, start, "end", text, norm, norm_hash,'
    " speaker_id) values (1, 1, 1, 1, 3, 'Hi', 'hi', 'abc', 1)",
]


def test_upgrading_to_candidates_keeps_every_row(db_url: str) -> None:
    engine = create_engine(db_url)
    migrate.upgrade(engine, "0013")
    with engine.begin() as conn:
        for statement in ROWS_0013:
            conn.execute(text(statement))
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()
    with engine.connect() as conn:
        quote = conn.execute(
            text(
                "select uid, speaker_id, rule_speaker_id, rule, mention, confidence,"
                " candidate_speaker_id, candidate_rule, candidate_mention from quotes"
            )
        ).one()
        assert tuple(quote) == ("u1", 1, 1, "cue_after_quote", "Peskov", 0.95, None, None, None)
        # Rebuilding the quotes table (SQLite) must not cascade into the claims that cite it.
        assert conn.execute(text("select quote_id from claim_mentions")).scalar() == 1
        assert conn.execute(text("select reports from claims")).scalar() == 1
        assert conn.execute(text("select path from documents")).scalar() == "a.txt"
    engine.dispose()


def _extract(body: str):  # type: ignore[no-untyped-def]
    return extract(Article("news/c.txt", body, f"sha-{hash(body)}", DAY), REGISTRY)


def test_a_registry_name_near_a_quote_is_a_candidate_only() -> None:
    doc = _extract('At the Putin summit, "historic days" were promised.')
    (quote,) = doc.quotes
    assert (quote.attribution.speaker, quote.attribution.rule) == (None, "none")
    assert quote.candidate is not None
    assert (quote.candidate.speaker, quote.candidate.rule) == ("putin", "nearest_mention")
    assert quote.candidate.mention == "Putin"


def test_a_linked_quote_has_no_candidate() -> None:
    (quote,) = _extract('"We are ready," Putin said.').quotes
    assert quote.attribution.speaker == "putin"
    assert quote.candidate is None


def test_the_candidate_is_stored_apart_and_never_exported_as_speaker(db_url: str) -> None:
    engine = open_database(db_url)
    factory = session_factory(engine)
    doc = _extract('At the Putin summit, "historic days" were promised.')
    with factory() as session, session.begin():
        sync_speakers(session, REGISTRY)
        assert store_document(session, doc) == "stored"
    with factory() as session:
        putin = session.scalar(select(Speaker.id).where(Speaker.key == "putin"))
        row = session.scalars(select(Quote)).one()
        assert (row.speaker_id, row.rule_speaker_id, row.rule) == (None, None, "none")
        assert (row.candidate_speaker_id, row.candidate_rule) == (putin, "nearest_mention")
        assert row.candidate_mention == "Putin"
        assert row.candidate_confidence is not None and 0 < row.candidate_confidence < 1
        (exported,) = export_rows(session)
        assert (exported["speaker"], exported["rule_speaker"]) == (None, None)
    engine.dispose()


def test_audit_and_show_show_the_candidate_and_no_speaker(
    db_runner: Quotes, tmp_path: Path
) -> None:
    article = tmp_path / "summit.txt"
    article.write_text(
        ' date 2023-05-01\n\nAt the Putin summit, "historic days" were promised.\n'
        '\n"We are ready," Peskov said.\n',
        encoding="utf-8",
    )
    db_runner.ok("ingest", str(article))
    rows = {r["text"]: r for r in db_runner.json("audit")}
    guessed, linked = rows["historic days"], rows["We are ready,"]
    assert (guessed["speaker"], guessed["candidate"]) == (None, "Vladimir Putin")
    assert "candidate" in guessed["flags"]
    assert (linked["speaker"], linked["candidate"]) == ("Dmitry Peskov", None)
    shown = db_runner.ok("show", guessed["id"])
    assert "candidate:  Vladimir Putin (suggested by nearest_mention" in shown
    assert "speaker:    none of the registry" in shown
    assert "candidate:  -" in db_runner.ok("show", linked["id"])
