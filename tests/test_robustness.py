"""Bad input, crashes, concurrent writers and hostile text lose nothing and show no traceback."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import Quotes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from quotes.db import migrate
from quotes.db.engine import open_database
from quotes.db.models import ClaimMention
from quotes.extract.marks import MARKS, Family, Lean
from quotes.extract.splitter import split
from quotes.report.ask import ask

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
# CI runs the fuzzing in earnest; a local run keeps it quick.
# The issue asks for 10 000 generated inputs in CI; they take about ten seconds.
FUZZ_EXAMPLES = 10_000


def test_a_battery_of_bad_files_is_skipped_one_line_each(runner: Quotes, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(CORPUS, folder)
    bad = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 4,
        "nul.txt": b'"Hello," Peskov said.\x00\x00',
        "latin1.txt": '"Caf\xe9," Peskov said.'.encode("latin-1"),
        "utf16.txt": '"Hello," Peskov said.'.encode("utf-16"),
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    with open(folder / "huge.txt", "wb") as handle:  # sparse: 50 MB on paper, no disk used
        handle.truncate(50_000_000)
    good = {
        "bom.txt": '\ufeff date 2024-01-02 "Bom works," Peskov said.\n'.encode(),
        "crlf.txt": b'"Line one," Putin said.\r\n\r\n"Line two," Putin added.\r\n',
        "unbalanced.txt": ('He said "yes ' * 10_000).encode(),
        "baddate.txt": b' date 2024-13-45 "Still stored," Peskov said.\n',
    }
    for name, data in good.items():
        (folder / name).write_bytes(data)
    os.symlink(folder, folder / "loop")  # a folder that contains itself
    result = runner.call("ingest", str(folder), str(tmp_path / "missing"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    for name in (*bad, "huge.txt"):
        mentions = [line for line in lines if name in line]
        assert len(mentions) == 1, (name, lines)
    assert any("utf-16" in line.lower() for line in lines)
    assert any("over the 20,000,000-byte limit" in line for line in lines)
    assert any("baddate.txt" in line and "not a YYYY-MM-DD" in line for line in lines)
    assert any("missing: no such file" in line for line in lines)
    assert "ingested 7 document(s)" in result.stderr  # the corpus and the four good files
    rows = [json.loads(x) for x in runner.call("export").stdout.splitlines()]
    crlf = [r for r in rows if r["doc"].endswith("crlf.txt")]
    raw = (folder / "crlf.txt").read_bytes().decode()
    assert [raw[r["start"] : r["end"]] for r in crlf] == ["Line one,", "Line two,"]
    assert [r["speaker"] for r in crlf] == ["Vladimir Putin", "Vladimir Putin"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file, so none is unreadable")
def test_an_unreadable_file_is_skipped(runner: Quotes, tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text('"Hidden," Peskov said.')
    locked.chmod(0)
    result = runner.call("ingest", str(locked))
    assert result.exit_code == 1 and "locked.txt: cannot read" in result.stderr


def test_hostile_text_is_neutralised_in_csv(runner: Quotes, tmp_path: Path) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text("\"=HYPERLINK('http://example.invalid','click'),\" Peskov said.\n")
    runner.call("ingest", str(article))
    out = runner.call("export", "--format", "csv").stdout
    cell = next(csv.DictReader(io.StringIO(out)))["text"]
    assert cell.startswith("'=HYPERLINK")
    raw = json.loads(runner.call("export").stdout.splitlines()[0])
    assert raw["text"].startswith("=HYPERLINK")  # programs get the text as it was


QUOTE_MARKS = "\"'“”„«»‘’‹›"
PIECES = [*QUOTE_MARKS, *"ab sS.,:;!?-—()[]\n\r\t01", "Peskov", " said", "it's", "s' "]
fuzz_text = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(fuzz_text)
def test_the_splitter_keeps_its_invariants_on_any_text(text_in: str) -> None:
    spans = split(text_in)
    assert spans == split(text_in)  # the same answer every time
    previous_end = 0
    for span in spans:
        assert 0 <= span.start < span.end <= len(text_in)
        assert previous_end <= span.start  # in order, no overlap
        previous_end = span.end
        content = text_in[span.start : span.end]
        assert content == content.strip()
        assert not unmatched_openers(content, MARKS[span.open_mark][0]), (span, content)


def unmatched_openers(content: str, family: Family) -> list[int]:
    """Offsets of marks in ``content`` that only open (``„`` ``‚``), of ``family``, and
    that no later mark of that family could close."""
    found = []
    for i, char in enumerate(content):
        if char in MARKS and MARKS[char] == (family, Lean.OPEN_ONLY):
            rest = content[i + 1 :]
            if not any(MARKS.get(c, (None, None))[0] is family and c not in "„‚" for c in rest):
                found.append(i)
    return found


@pytest.mark.parametrize(
    ("text_in", "quotes"),
    [
        ("“We said « „yes » and left”", ["We said «", "yes » and left"]),
        # A nested quote that is closed stays inside the one around it.
        ("„Wir kommen, sagte er. „Morgen“", ["Wir kommen, sagte er. „Morgen“"]),
    ],
)
def test_an_unmatched_opener_ends_the_quote_around_it(text_in: str, quotes: list[str]) -> None:
    assert [text_in[s.start : s.end] for s in split(text_in)] == quotes


def _write_copies(folder: Path, count: int) -> None:
    folder.mkdir()
    originals = sorted(CORPUS.glob("*.txt"))
    for i in range(count):
        body = originals[i % 3].read_text(encoding="utf-8")
        (folder / f"{i:04d}.txt").write_text(f"{body}\nCopy number {i}.\n", encoding="utf-8")


def _ingest(folder: Path, url: str, *options: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "quotes", "ingest", "--quiet", "--db", url, *options, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _per_document_quotes(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "select d.path, count(q.id) from documents d"
                    " left join quotes q on q.document_id = d.id group by d.id"
                )
            ).all()
    finally:
        engine.dispose()
    return {Path(path).name: count for path, count in rows}


# Quotes in each corpus article, and so in each copy of it (by copy number modulo 3).
QUOTES_PER_COPY = {0: 8, 1: 11, 2: 5}


def _kill_when_stored(
    process: subprocess.Popen[bytes],
    url: str,
    enough: int,
    victim: int,
    sig: signal.Signals = signal.SIGKILL,
) -> None:
    """Send ``sig`` to ``victim`` (a pid) once ``enough`` documents are in, or after a minute."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        if len(_safe_counts(url)) >= enough:
            break
    os.kill(victim, sig)


def _copies(counts: dict[str, int]) -> dict[str, int]:
    """The counts of the numbered copies only (not of corpus/ itself)."""
    return {name: n for name, n in counts.items() if re.fullmatch(r"\d{4}\.txt", name)}


def _assert_whole(counts: dict[str, int]) -> None:
    for name, count in _copies(counts).items():
        assert count == QUOTES_PER_COPY[int(name[:4]) % 3], f"{name} was stored partially"


def test_a_killed_ingest_leaves_whole_documents_and_a_rerun_completes(
    tmp_path: Path, db_url: str
) -> None:
    folder = tmp_path / "many"
    _write_copies(folder, 240)
    reviewed = _review_one(db_url)
    process = _ingest(folder, db_url)
    _kill_when_stored(process, db_url, 20, process.pid)
    process.wait()
    partial = _safe_counts(db_url)
    assert 0 < len(partial) < 240, "the kill should land mid-ingest"
    _assert_whole(partial)
    rerun = _ingest(folder, db_url)
    assert rerun.wait() == 0, rerun.stderr.read() if rerun.stderr else ""
    complete = _per_document_quotes(db_url)
    assert len(complete) == 240 + 3
    _assert_whole(
        {name: n for name, n in complete.items() if name[:4].isdigit() and "_" not in name}
    )
    assert _review_one(db_url, check=reviewed) == reviewed  # the review log is untouched


def _review_one(url: str, check: tuple | None = None) -> tuple:
    """Ingest corpus/ and reject its first quote; with ``check``, only read the log again."""
    runner = Quotes()
    env = {"QUOTES_DB": url, "QUOTES_REVIEWER": "desk"}
    if check is None:
        assert runner.call("ingest", "-q", str(CORPUS), env=env).exit_code == 0
        first = json.loads(runner.call("export", env=env).stdout.splitlines()[0])
        assert runner.call("review", first["id"], "--reject", env=env).exit_code == 0
    rows = [json.loads(x) for x in runner.call("export", env=env).stdout.splitlines()]
    rejected = [r["id"] for r in rows if r["review"] == "rejected"]
    shown = json.loads(runner.call("show", rejected[0], "--json", env=env).stdout)
    return (tuple(rejected), tuple((h["at"], h["action"]) for h in shown["history"]))


def _spawned_workers(pid: int) -> list[int]:
    """The worker processes of a ``--workers`` ingest (not its resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds workers through /proc")
def test_a_killed_worker_stops_ingest_cleanly_and_a_rerun_completes(
    tmp_path: Path, db_url: str
) -> None:
    folder = tmp_path / "many"
    _write_copies(folder, 120)
    process = _ingest(folder, db_url, "--workers", "2")
    workers = _workers_of(process)
    _kill_when_stored(process, db_url, 10, workers[0])
    _, err = process.communicate(timeout=120)
    partial = _safe_counts(db_url)
    if len(partial) < 120:  # the kill landed before the last document was read
        assert process.returncode == 1
        lines = err.decode().strip().splitlines()
        assert lines == [
            "Error: a worker process died while reading articles (out of memory?); what was"
            " stored is kept: run the same command again, with fewer --workers"
        ]
    _assert_whole(partial)
    rerun = _ingest(folder, db_url, "--workers", "2")
    assert rerun.wait() == 0, rerun.stderr.read() if rerun.stderr else ""
    complete = _per_document_quotes(db_url)
    assert len(complete) == 120
    _assert_whole(complete)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds workers through /proc")
def test_killing_ingest_also_ends_its_workers(tmp_path: Path) -> None:
    folder, url = tmp_path / "many", f"sqlite:///{tmp_path / 'q.db'}"
    _write_copies(folder, 120)
    process = _ingest(folder, url, "--workers", "2")
    workers = _workers_of(process)
    _kill_when_stored(process, url, 10, process.pid)
    process.wait()
    assert _outliving(workers) == [], "workers outlived the killed ingest"
    _assert_whole(_safe_counts(url))


def _workers_of(process: subprocess.Popen[bytes]) -> list[int]:
    """The worker pids of a ``--workers`` ingest, once it has started them (a minute at most)."""
    deadline = time.monotonic() + 60
    while not (workers := _spawned_workers(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers, "ingest --workers 2 started no worker process"
    return workers


def _outliving(workers: list[int]) -> list[int]:
    """The workers still running after up to a minute's wait for them to end."""
    deadline = time.monotonic() + 60
    while (alive := [w for w in workers if _running(w)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive


def _running(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False


def _safe_counts(url: str) -> dict[str, int]:
    try:
        return _per_document_quotes(url)
    except Exception:  # the schema may not exist yet in the first instants
        return {}


def test_two_writers_at_once_store_each_document_once(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "many"
    _write_copies(folder, 60)
    open_database(db_url).dispose()  # created once, so both start on one schema
    first, second = _ingest(folder, db_url), _ingest(folder, db_url)
    assert first.wait() == 0 and second.wait() == 0
    assert len(_per_document_quotes(db_url)) == 60


INSERTS = {
    "0001": [
        "insert into documents (id, sha256, path, date, body_start, text, size, ingested_at)"
        " values (1, 'h1', 'a.txt', '2023-01-02', 0, '\"Hi,\" Peskov said.', 18,"
        " '2023-01-03 00:00:00')",
        "insert into speakers (id, key, name) values (1, 'peskov', 'Dmitry Peskov')",
        "insert into speaker_aliases (speaker_id, alias, kind) values (1, 'Peskov', 'surname')",
        "insert into speaker_roles (speaker_id, title, pattern) values (1, 'Kremlin spokesman',"
        " 'Kremlin spokesman')",
    ],
    "0002": [
        'insert into quotes (uid, document_id, start, "end", text, kind, paragraph, utterance,'
        " open_mark, close_mark, speaker_id, rule, cue, mention, mention_start, mention_end,"
        " confidence, via) values ('u1', 1, 1, 4, 'Hi,', 'full', 0, 0, '\"', '\"', 1,"
        " 'cue_after_quote', 'said', 'Peskov', 6, 12, 0.95, NULL)",
    ],
    "0003": [
        "insert into sources (document_id, path, added_at) values (1, 'a.txt',"
        " '2023-01-03 00:00:00')",
        "insert into claim_groups (id, first) values (1, 'hi')",
        "insert into claim_keys (key, group_id) values (4242, 1)",
        "insert into claims (id, group_id, speaker_id) values (1, 1, 1)",
        'insert into claim_mentions (claim_id, quote_id, start, "end", text, norm, norm_hash)'
        " values (1, 1, 1, 3, 'Hi', 'hi', 'abc')",
    ],
    "0004": [
        "insert into reviews (document_sha256, quote_text, quote_start, action, speaker_key,"
        " reviewer, created_at) values ('h1', 'Hi,', 1, 'confirm', 'peskov', 'ed',"
        " '2023-01-04 00:00:00')",
        "update quotes set rule_speaker_id = speaker_id",
    ],
    "0005": [
        # From here the ingest path writes the context; the index follows by trigger.
        "update claim_mentions set context = '\"Hi,\" Peskov said.'",
    ],
    "0006": [
        # From here the ingest path counts reports as it adds mentions.
        "update claims set reports = 1",
    ],
    # Nothing new to write at 0007: the upgrade to 0008 derives each mention's speaker.
    "0007": [],
    "0008": [
        # From here the ingest path copies the claim's speaker onto each mention.
        "update claim_mentions set speaker_id = 1",
    ],
    # Nothing new to write: the terms (0009, 0012) and indexes come from the rows there,
    # and the upgrade to 0013 adds the claims version that writers stamp.
    "0009": [],
    "0010": [],
    "0011": [],
    "0012": [
        # From here SQLite's ingest path writes the terms of its mentions (PostgreSQL's
        # trigger already has them).
        "insert into claim_search_terms (term) select 'peskov'"
        " where not exists (select 1 from claim_search_terms where term = 'peskov')",
    ],
}


def test_postgresql_without_btree_gin_keeps_searching(pg_url: str) -> None:
    # A database user who may not create extensions: migration 0010 keeps the index on the
    # words alone, and ask still finds a speaker's claims and their close spellings.
    role = f"plain_{uuid.uuid4().hex[:8]}"
    owner = create_engine(pg_url)
    with owner.begin() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))
        conn.execute(text(f"GRANT ALL ON SCHEMA public TO {role}"))
    plain = make_url(pg_url).set(username=role).render_as_string(hide_password=False)
    try:
        # The rows as the revision before 0017 wrote them, then upgraded: 0017 makes the
        # index again, and must make it without btree_gin too.
        engine = create_engine(plain)
        migrate.upgrade(engine, "0016_attr_candidate")
        with engine.begin() as conn:
            for statement in [s for rev in INSERTS.values() for s in rev]:
                conn.execute(text(statement))
        engine.dispose()
        engine = open_database(plain)
        with engine.connect() as conn:
            index = "select indexdef from pg_indexes where indexname = 'ix_claim_mentions_search'"
            assert "(search_vector)" in conn.execute(text(index)).scalar_one()
            assert migrate.current(engine) == migrate.head()
        with Session(engine) as session:
            assert [h.text for h in ask(session, "peskov", "hi").hits] == ["Hi"]
            assert [h.text for h in ask(session, "peskov", "peskvo").hits] == ["Hi"]
        engine.dispose()
    finally:
        with owner.begin() as conn:
            conn.execute(text(f"DROP OWNED BY {role}"))
            conn.execute(text(f"DROP ROLE {role}"))
        owner.dispose()


@pytest.mark.parametrize("revision", [r for r in INSERTS if r != migrate.head()])
def test_every_earlier_revision_upgrades_with_its_data(
    db_url: str, revision: str, tmp_path: Path
) -> None:
    engine = create_engine(db_url)
    migrate.upgrade(engine, revision)
    with engine.begin() as conn:
        for rev, statements in INSERTS.items():
            if rev <= revision:
                for statement in statements:
                    conn.execute(text(statement))
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("select path from documents")).scalar() == "a.txt"
        assert conn.execute(text("select alias from speaker_aliases")).scalar() == "Peskov"
        if revision >= "0002":
            assert conn.execute(text("select mention from quotes")).scalar() == "Peskov"
            # Quotes from before the review log keep their speaker as the rules' answer.
            assert conn.execute(text("select rule_speaker_id from quotes")).scalar() == 1
        if revision >= "0003":
            # Rebuilding the quotes table must not cascade into the claims that cite it.
            assert conn.execute(text("select count(*) from claim_mentions")).scalar() == 1
            # Claims from before the search index get the writer's words around them.
            # Read from the document since 0017 (offsets, not a copy): the same words.
            context = conn.execute(select(ClaimMention.context).select_from(ClaimMention)).scalar()
            assert context == '"Hi," Peskov said.'
            hits = (
                "select count(*) from claim_mentions"
                " where search_vector @@ plainto_tsquery('english', 'peskov')"
                if conn.dialect.name == "postgresql"
                else "select count(*) from claim_search where claim_search match 'peskov'"
            )
            assert conn.execute(text(hits)).scalar() == 1
            # Mentions from before 0008 learn their claim's speaker, and the index has it.
            assert conn.execute(text("select speaker_id from claim_mentions")).scalar() == 1
            assert conn.execute(text("select count(*) from sources")).scalar() == 1
            # Claims from before the count of reports are counted on upgrade.
            assert conn.execute(text("select reports from claims")).scalar() == 1
            # Postings keep their rows across the change of index (0007).
            keys = "select group_id from claim_keys where key = 4242"
            assert conn.execute(text(keys)).scalar() == 1
        if revision >= "0004":
            assert conn.execute(text("select reviewer from reviews")).scalar() == "ed"
    if revision >= "0003":
        with Session(engine) as session:
            answer = ask(session, "peskov", "hi")
            # A misspelt word finds the old claim through its close spelling: the term
            # tables (0009 PostgreSQL, 0012 SQLite) hold the terms of older mentions.
            misspelt = ask(session, "peskov", "peskvo")
        assert [hit.text for hit in answer.hits] == ["Hi"]
        assert [hit.text for hit in misspelt.hits] == ["Hi"], misspelt.notes
    if engine.dialect.name == "postgresql":
        # The rows above were given their ids, which PostgreSQL's sequences do not see.
        with engine.begin() as conn:
            schema = inspect(conn)
            for table in schema.get_table_names():
                if "id" in {c["name"] for c in schema.get_columns(table)}:
                    conn.execute(
                        text(
                            f"select setval(pg_get_serial_sequence('{table}', 'id'),"
                            f" (select coalesce(max(id), 0) + 1 from {table}), false)"
                        )
                    )
    # Ingest goes on where the old data left off (the old rows' hashes and keys are made
    # up, so the words make a claim of their own).
    article = tmp_path / "again.txt"
    article.write_text('"Hi," Peskov said again on Monday.\n', encoding="utf-8")
    result = Quotes().call("ingest", "--db", db_url, str(article))
    assert result.exit_code == 0, result.stderr
    with engine.connect() as conn:
        reports = conn.execute(text("select reports from claims order by id")).scalars().all()
        assert reports == ([1, 1] if revision >= "0003" else [1])
        assert conn.execute(text("select version from claims_version")).scalar() != 0
    migrate.downgrade(engine, "base")
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds workers through /proc")
def test_a_terminated_ingest_stops_as_ctrl_c_does_and_a_rerun_completes(tmp_path: Path) -> None:
    """SIGTERM (a service manager, `kill`): the workers end with the ingest, the message is
    click's one word for an interrupted command, and no resource warning follows it."""
    folder, url = tmp_path / "many", f"sqlite:///{tmp_path / 'q.db'}"
    _write_copies(folder, 120)
    process = _ingest(folder, url, "--workers", "2")
    workers = _workers_of(process)
    _kill_when_stored(process, url, 10, process.pid, signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    partial = _safe_counts(url)
    if len(partial) < 120:  # the signal landed before the last document was stored
        assert process.returncode == 1
        assert err.decode().strip().splitlines() == ["Aborted!"]
    assert _outliving(workers) == [], "workers outlived the terminated ingest"
    _assert_whole(partial)
    rerun = _ingest(folder, url, "--workers", "2")
    assert rerun.wait() == 0, rerun.stderr.read() if rerun.stderr else ""
    assert len(_per_document_quotes(url)) == 120
