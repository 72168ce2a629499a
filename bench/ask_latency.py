"""`quotes ask` latency at 10 k, 100 k and 1 M claims: median and p95 over varied questions.

The claims are written straight into a migrated database (the ingest path is measured by
its own benchmark), with word frequencies that fall off like news text: a few words in
most claims, most words in few. Each question is a speaker with a common topic, a rare
topic, two words, a misspelt word (the close-spelling path) or no topic.

    python bench/ask_latency.py                       # SQLite, 10 k / 100 k / 1 M
    python bench/ask_latency.py --sizes 10000 --url postgresql+psycopg://…

PostgreSQL is filled with COPY and its full-text (GIN) indexes are built once the rows are
in, then the tables are vacuumed and analysed, as after any bulk load: every index the
migrations make is there when the questions are asked.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert, select, text

from quotes.attribute.registry import load_registry
from quotes.config import speakers_path
from quotes.db.engine import open_database, session_factory
from quotes.db.models import Claim, ClaimGroup, ClaimMention, Document, Quote, Speaker
from quotes.db.store import sync_speakers
from quotes.report.ask import ask

SPEAKERS = ["lukashenko", "peskov", "putin", "shoigu", None]
CLAIMS_PER_DOCUMENT = 50
BATCH = 20_000
COMMON = ["security", "sanctions", "border", "forces", "cooperation", "nuclear", "weapons"]


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    letters = "etaoinshrdlucmfwypvbgk"
    made = {"".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(size)}
    return COMMON + sorted(made)


def sentence(rng: random.Random, words: list[str]) -> str:
    # Zipf-like: index ~ exponential, so the first words are everywhere and the tail is rare.
    n = rng.randint(6, 18)
    picked = [words[min(int(rng.expovariate(1 / 300)), len(words) - 1)] for _ in range(n)]
    return " ".join(picked).capitalize() + "."


def fill(engine: Engine, claims: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    words = vocabulary(rng)
    sessions = session_factory(engine)
    with sessions() as session, session.begin():
        sync_speakers(session, load_registry(speakers_path(None)))
    with engine.connect() as conn:
        ids = dict(conn.execute(select(Speaker.key, Speaker.id)).all())
    postgres = engine.dialect.name == "postgresql"
    # Nothing indexes mentions as they are inserted here (ingest indexes them in bulk, see
    # quotes.db.search_index): the index is built once after the load.
    deferred = _drop_search_indexes(engine) if postgres else []
    for batch in _batches(claims):
        with engine.begin() as conn:
            rows = _batch_rows(batch, rng, words, ids)
            (_copy if postgres else _insert)(conn, rows)
    if postgres:
        _build_and_analyse(engine, deferred)
    else:
        _rebuild_sqlite_search(engine)


def _rebuild_sqlite_search(engine: Engine) -> None:
    """Index every mention at once and list the terms as ingest does
    (``quotes.db.search_index.add_terms``), in one pass over the index's term list."""
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO claim_search(claim_search) VALUES ('rebuild')"))
        conn.execute(
            text("CREATE VIRTUAL TABLE temp.filled USING fts5vocab(main, claim_search, 'row')")
        )
        conn.execute(
            text("INSERT OR IGNORE INTO claim_search_terms (term) SELECT term FROM temp.filled")
        )
        conn.execute(text("DROP TABLE temp.filled"))


def _batches(claims: int) -> Iterator[range]:
    for start in range(0, claims, BATCH):
        yield range(start, min(claims, start + BATCH))


Rows = list[tuple[Table, list[dict[str, Any]]]]


def _insert(conn: Connection, tables: Rows) -> None:
    for table, rows in tables:
        if rows:
            conn.execute(insert(table), rows)


def _copy(conn: Connection, tables: Rows) -> None:
    """The rows through PostgreSQL's COPY: several times faster than INSERTs."""
    from psycopg import sql

    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    for table, rows in tables:
        if not rows:
            continue
        columns = list(rows[0])
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])


def _drop_search_indexes(engine: Engine) -> list[str]:
    """Drop claim_mentions' GIN indexes, to build them once after the load; their DDL."""
    with engine.begin() as conn:
        found = conn.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE tablename = 'claim_mentions' AND indexdef LIKE '% USING gin %'"
            )
        ).all()
        for name, _ in found:
            conn.execute(text(f'DROP INDEX "{name}"'))
    return [definition for _, definition in found]


def _build_and_analyse(engine: Engine, definitions: list[str]) -> None:
    with engine.begin() as conn:
        # What ingest computes as it inserts (quotes.db.search_index.add_mentions).
        conn.execute(
            text(
                "UPDATE claim_mentions m SET search_vector ="
                " setweight(to_tsvector('english', coalesce(m.text, '')), 'A') ||"
                " setweight(to_tsvector('english', coalesce(substr(d.text,"
                " m.context_start + 1, m.context_end - m.context_start), '')), 'B')"
                " FROM documents d WHERE d.id = m.document_id"
            )
        )
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
        for definition in definitions:
            conn.execute(text(definition))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def _batch_rows(batch: range, rng: random.Random, words: list[str], ids: dict) -> Rows:  # type: ignore[type-arg]
    docs, quotes, groups, claims, mentions = [], [], [], [], []
    # Each mention's context is a sentence of its document's text (migration 0017).
    at = 0
    for i in batch:
        doc = i // CLAIMS_PER_DOCUMENT + 1
        if i % CLAIMS_PER_DOCUMENT == 0:
            day = date(2023, 1 + doc % 12, 1 + doc % 28)
            docs.append(
                {
                    "id": doc,
                    "sha256": f"{doc:064x}",
                    "path": f"gen/{doc}.txt",
                    "date": day,
                    "body_start": 0,
                    "text": "",
                    "size": 0,
                    "ingested_at": datetime(2024, 1, 1, tzinfo=UTC),
                }
            )
            at = 0
        words_said = sentence(rng, words)
        context = sentence(rng, words)
        start, end = at, at + len(context)
        docs[-1]["text"] += context + " "
        docs[-1]["size"] = len(docs[-1]["text"])
        at = end + 1
        speaker = ids.get(rng.choice(SPEAKERS))
        quotes.append(
            {
                "id": i + 1,
                "uid": f"{i:012x}",
                "document_id": doc,
                "start": 0,
                "end": 1,
                "text": words_said,
                "kind": "full",
                "paragraph": 0,
                "utterance": 0,
                "open_mark": '"',
                "close_mark": '"',
                "speaker_id": speaker,
                "rule_speaker_id": speaker,
                "rule": "cue_after_quote",
                "confidence": round(rng.uniform(0.5, 0.95), 2),
                "sentence_start": start,
                "sentence_end": end,
            }
        )
        groups.append({"id": i + 1, "first": words_said.lower()})
        claims.append({"id": i + 1, "group_id": i + 1, "speaker_id": speaker, "reports": 1})
        mentions.append(
            {
                "claim_id": i + 1,
                "quote_id": i + 1,
                "text": words_said,
                "norm": words_said.lower(),
                "norm_hash": f"{i:016x}",
                "start": start,
                "end": end,
                "document_id": doc,
                "context_start": start,
                "context_end": end,
                "speaker_id": speaker,
            }
        )
    return [
        (Document.__table__, docs),  # type: ignore[list-item]
        (Quote.__table__, quotes),
        (ClaimGroup.__table__, groups),
        (Claim.__table__, claims),
        (ClaimMention.__table__, mentions),
    ]


def questions(rng: random.Random, words: list[str], count: int) -> list[tuple[str, str | None]]:
    speakers = ["lukashenko", "peskov", "putin", "shoigu"]
    asked: list[tuple[str, str | None]] = []
    for i in range(count):
        speaker = speakers[i % len(speakers)]
        kind = i % 5
        if kind == 0:
            topic: str | None = rng.choice(COMMON)
        elif kind == 1:
            topic = rng.choice(words[500:3000])
        elif kind == 2:
            topic = f"{rng.choice(COMMON)} {rng.choice(words[20:400])}"
        elif kind == 3:
            word = rng.choice(COMMON)
            topic = word[:-2] + word[-1] + word[-2]  # a transposition typo
        else:
            topic = None
        asked.append((speaker, topic))
    return asked


def measure(engine: Engine, count: int) -> tuple[float, float, dict[str, float]]:
    rng = random.Random(11)
    words = vocabulary(random.Random(7))
    sessions = session_factory(engine)
    timings: list[float] = []
    by_kind: dict[str, list[float]] = {}
    names = ["common", "rare", "two words", "typo", "no topic"]
    with sessions() as session:
        ask(session, "putin", "security")  # warm the caches once
        for i, (speaker, topic) in enumerate(questions(rng, words, count)):
            started = time.perf_counter()
            ask(session, speaker, topic, limit=20)
            elapsed = (time.perf_counter() - started) * 1000
            timings.append(elapsed)
            by_kind.setdefault(names[i % 5], []).append(elapsed)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    return statistics.median(timings), p95, {k: statistics.median(v) for k, v in by_kind.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--url", help="an empty database to fill (default: SQLite files in /tmp)")
    parser.add_argument(
        "--postgres", action="store_true", help="on a throwaway PostgreSQL (bench/pg.py)"
    )
    parser.add_argument("--questions", type=int, default=100)
    args = parser.parse_args()
    if args.postgres:
        from pg import postgres_url

        with postgres_url() as url:
            run(args.sizes, url, args.questions)
    else:
        run(args.sizes, args.url, args.questions)


def run(sizes: str, given: str | None, questions: int) -> None:
    for size in (int(s) for s in sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            url = given or f"sqlite:///{Path(folder) / 'ask.db'}"
            engine = open_database(url)
            if given:
                with engine.begin() as conn:
                    # The search terms too, or the previous size's would stay behind.
                    tables = "claim_mentions, claims, claim_groups, quotes, documents"
                    tables += ", claim_search_terms" if engine.dialect.name == "postgresql" else ""
                    conn.execute(text(f"TRUNCATE {tables} CASCADE"))
            started = time.perf_counter()
            fill(engine, size)
            built = time.perf_counter() - started
            # The first pass reads the index from disk; the second, the same questions
            # again, is what a server that has been answering for a while sees.
            for cache in ("first pass", "warm"):
                median, p95, kinds = measure(engine, questions)
                shown = ", ".join(f"{k} {v:.1f}" for k, v in kinds.items())
                print(
                    f"ask {engine.dialect.name:10} {size:>9,} claims, {cache:10}: median"
                    f" {median:6.1f} ms, p95 {p95:6.1f} ms  (median by question: {shown} ms;"
                    f" built in {built:.0f} s)",
                    flush=True,
                )
            engine.dispose()


if __name__ == "__main__":
    main()
