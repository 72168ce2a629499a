"""Claims: one claim, many sources; rebuilds agree with ingest; conflicts are flagged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import Quotes
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.orm import Session

from quotes.db import migrate
from quotes.db.engine import open_database

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture
def runner(db_runner: Quotes) -> Quotes:
    """Every command of this file on a new database of each backend."""
    return db_runner


def claims(runner: Quotes) -> list[dict]:
    return runner.json("claims")


def edited_copy(source: Path, target: Path) -> None:
    """The corpus as another outlet ran it: re-punctuated, and one quote cut short."""
    target.mkdir()
    for path in sorted(source.glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        body = body.replace(
            "It's been going on for, I think, two days. ", "It's been going on ... "
        )
        body = body.replace(" I gave an order to start forming this group", "")
        body = body.replace("the Union State,", "the Union State")
        body = body.replace("blockade, today", "blockade - today")
        (target / f"edited_{path.name}").write_text(body, encoding="utf-8")


def test_the_same_words_from_three_sources_are_one_claim(runner: Quotes, tmp_path: Path) -> None:
    runner.ok("ingest", str(CORPUS))
    single = claims(runner)
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, renamed / f"copy_{path.name}")
    result = runner.call("ingest", str(renamed))
    assert "3 already stored, added as new sources" in result.stderr
    edited_copy(CORPUS, tmp_path / "edited")
    runner.ok("ingest", str(tmp_path / "edited"))
    after = claims(runner)
    assert [c["claim_id"] for c in after] == [c["claim_id"] for c in single]  # no new claims
    by_text = {c["text"]: c["sources"] for c in after}
    assert set(by_text.values()) <= {2, 3}
    assert by_text["I gave an order to start forming this group,"] == 2  # cut by the edit
    assert by_text["keep things calm"] == 3
    cut = next(c for c in after if c["text"].startswith("It's been going on for, I think"))
    assert cut["sources"] == 3  # the truncated "It's been going on ..." joined it


def test_export_gives_every_quote_its_claim(runner: Quotes) -> None:
    runner.ok("ingest", str(CORPUS))
    rows = [json.loads(line) for line in runner.ok("export").splitlines()]
    assert all(isinstance(r["claim_id"], int) for r in rows)


def test_rebuilding_gives_the_same_grouping(runner: Quotes, tmp_path: Path) -> None:
    edited_copy(CORPUS, tmp_path / "edited")
    runner.ok("ingest", str(CORPUS))
    runner.ok("ingest", str(tmp_path / "edited"))
    before = {(c["speaker"], c["text"], c["sources"], tuple(c["quotes"])) for c in claims(runner)}
    result = runner.call("dedupe")
    assert result.exit_code == 0 and "claims" in result.stderr
    after = {(c["speaker"], c["text"], c["sources"], tuple(c["quotes"])) for c in claims(runner)}
    assert after == before


def test_the_same_words_given_to_two_speakers_are_a_conflict(
    runner: Quotes, tmp_path: Path
) -> None:
    (tmp_path / "one.txt").write_text('"The bridge will be rebuilt by spring," Peskov said.\n')
    (tmp_path / "two.txt").write_text('"The bridge will be rebuilt by spring," Putin said.\n')
    (tmp_path / "three.txt").write_text('"We stay on course," Putin said.\n')
    runner.ok("ingest", str(tmp_path / "one.txt"), str(tmp_path / "two.txt"))
    runner.ok("ingest", str(tmp_path / "three.txt"))
    rows = runner.json("conflicts")
    assert sorted(r["speaker"] for r in rows) == ["Dmitry Peskov", "Vladimir Putin"]
    assert all(r["conflict"] for r in rows)
    assert "We stay on course" not in json.dumps(rows)


def test_upgrading_to_claims_keeps_documents_and_makes_their_sources(db_url: str) -> None:
    url = db_url
    engine = create_engine(url)
    migrate.upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into documents"
                " (id, sha256, path, date, body_start, text, size, ingested_at) values"
                " (7, 'abc', 'old/a.txt', NULL, 0, 'Old text', 8, '2022-10-11 00:00:00')"
            )
        )
    engine = open_database(url)
    with engine.connect() as conn:
        assert conn.execute(text("select document_id, path from sources")).all() == [
            (7, "old/a.txt")
        ]
        assert conn.execute(text("select text from documents")).scalar() == "Old text"


def _labels(groups: list[int]) -> list[int]:
    """Group ids renamed by first appearance, so two groupings compare as partitions."""
    names: dict[int, int] = {}
    return [names.setdefault(g, len(names)) for g in groups]


def mention_groups(conn: Connection) -> list[tuple[str, int]]:
    """(normalised text, group) of every claim mention, in the order they were stored."""
    query = (
        "select m.norm, c.group_id from claim_mentions m"
        " join claims c on c.id = m.claim_id order by m.id"
    )
    return [(norm, group) for norm, group in conn.execute(text(query))]


def write_shared(folder: Path) -> Path:
    """Articles whose quotes share word runs ("we will not allow") across and within them."""
    folder.mkdir()
    things = ["the border", "the sanctions", "the exercises", "the grain deal", "the talks"]
    for i in range(12):
        thing = things[i % len(things)]
        (folder / f"{i:02}.txt").write_text(
            f'"We will not allow {thing} to decide for us," Putin said on day {i}.\n\n'
            f'"We will not allow {thing} to decide for us", Lukashenko said.\n\n'
            f'"We will not allow anyone to decide for us on {thing} number {i}," he added.\n\n'
            # A shortened re-statement in the same article: found through this document's
            # own, not yet written, postings.
            f'Later he repeated: "We will not allow anyone to decide for us on {thing}."\n',
            encoding="utf-8",
        )
    return folder


def test_ingest_groups_as_one_pass_in_memory_does(
    runner: Quotes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    """Document by document through the database (read ahead, capped counts, bulk writes)
    and all texts at once in memory give the same groups. Caps of two postings make the
    common-key paths run on a small input: shared runs like "we will not allow" pass them."""
    from quotes.db import claim_store
    from quotes.dedupe import claims as grouping

    monkeypatch.setattr(grouping, "MAX_POSTINGS", 2)
    monkeypatch.setattr(claim_store, "MAX_POSTINGS", 2)
    edited_copy(CORPUS, tmp_path / "edited")
    shared = write_shared(tmp_path / "shared")
    runner.ok("ingest", str(CORPUS))
    runner.ok("ingest", str(shared))
    runner.ok("ingest", str(tmp_path / "edited"))

    with create_engine(db_url).connect() as conn:
        rows = mention_groups(conn)
        reports = conn.execute(
            text(
                "select c.reports, (select count(*) from claim_mentions m"
                " where m.claim_id = c.id) from claims c"
            )
        ).all()
        keys = conn.execute(text("select key, group_id from claim_keys order by id")).all()
        texts = conn.execute(text("select id, first, second from claim_groups")).all()
        busiest = conn.execute(
            text("select max(n) from (select count(*) as n from claim_keys group by key) as k")
        ).scalar_one()
    norms = [norm for norm, _ in rows]
    assert len(set(norms)) > 50 and busiest > 3  # the comparison covers capped keys
    memory = grouping.MemoryStore()
    in_memory = [grouping.assign(memory, norm) for norm in norms]
    stored = [group for _, group in rows]
    assert _labels(stored) == _labels(in_memory)
    # The same books, not only the same answers: postings in order, and representatives.
    as_memory = dict(zip(stored, in_memory, strict=True))
    postings: dict[int, list[int]] = {}
    for key, group in keys:
        postings.setdefault(key, []).append(as_memory[group])
    assert postings == memory.index
    assert {as_memory[g]: [t for t in (a, b) if t] for g, a, b in texts} == memory.texts
    assert all(count == counted for count, counted in reports)


def _version(db_url: str) -> int:
    with create_engine(db_url).connect() as conn:
        return conn.execute(text("select version from claims_version")).scalar_one()


def test_every_writer_of_claims_sets_a_new_version(runner: Quotes, db_url: str) -> None:
    """What makes a writer's cache safe: ingest, a review, re-attribution and a rebuild
    each leave a token no other writer holds, so every other cache is emptied."""
    runner.ok("ingest", str(CORPUS))
    seen = [_version(db_url)]
    quote = json.loads(runner.ok("export", "--format", "jsonl").splitlines()[0])
    runner.ok("review", quote["id"], "--reject")
    seen.append(_version(db_url))
    runner.ok("reattribute")
    seen.append(_version(db_url))
    runner.ok("dedupe")
    seen.append(_version(db_url))
    assert len(set(seen)) == len(seen) and 0 not in seen


def test_a_writer_s_cache_lasts_only_while_its_token_stands(db_url: str) -> None:
    """Kept across this writer's own transactions; emptied when another writer stamped, or
    when this writer's transaction rolled back (its token never reached the database)."""
    from quotes.db.claim_cache import ClaimCache, stamp
    from quotes.db.engine import session_factory

    sessions = session_factory(open_database(db_url))
    cache = ClaimCache()

    def write(known: str) -> None:
        with sessions() as session, session.begin():
            cache.begin(session)
            cache.exact[known] = 1

    def survivors() -> set[str]:
        with sessions() as session, session.begin():
            cache.begin(session)
        return set(cache.exact)

    write("ours")
    assert survivors() == {"ours"}
    with sessions() as session, session.begin():
        stamp(session)  # another process's claims
    assert survivors() == set()

    write("kept")
    with sessions() as session:
        session.begin()
        cache.begin(session)
        cache.exact["rolled back"] = 2
        session.rollback()
    assert survivors() == set()


def test_the_cache_starts_afresh_past_its_bound(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory stays flat over a large archive: a cache over its bound is emptied before the
    next document, and the claims are the same as with room to spare."""
    from quotes.attribute.registry import load_registry
    from quotes.config import speakers_path
    from quotes.db import claim_cache
    from quotes.db.engine import session_factory
    from quotes.db.store import sync_speakers
    from quotes.ingest import ingest

    registry = load_registry(speakers_path(None))
    files = sorted(str(p) for p in write_shared(tmp_path / "shared").glob("*.txt"))
    files += sorted(str(p) for p in CORPUS.glob("*.txt"))

    def claims_after_ingest(url: str) -> list[int]:
        sessions = session_factory(open_database(url))
        with sessions() as session, session.begin():
            sync_speakers(session, registry)
        ingest(files, sessions, registry)
        with create_engine(url).connect() as conn:
            return _labels([group for _, group in mention_groups(conn)])

    roomy = claims_after_ingest(f"sqlite:///{tmp_path / 'roomy.db'}")
    sizes: list[int] = []
    begin = claim_cache.ClaimCache.begin

    def watched(self: claim_cache.ClaimCache, session: Session) -> None:
        begin(self, session)
        sizes.append(self.size())

    monkeypatch.setattr(claim_cache.ClaimCache, "begin", watched)
    monkeypatch.setattr(claim_cache, "MAX_ENTRIES", 5)
    assert claims_after_ingest(db_url) == roomy
    assert len(sizes) == len(files) and max(sizes) == 0  # emptied before every document
