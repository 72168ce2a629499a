"""Claims: one claim, many sources; rebuilds agree with ingest; conflicts are flagged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from quotes.cli import cli
from quotes.db import migrate
from quotes.db.engine import open_database

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str) -> CliRunner:
    """A runner in a fresh folder whose commands all use a new database on each backend."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QUOTES_DB", db_url)
    return CliRunner()


def invoke(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def claims(runner: CliRunner) -> list[dict]:
    return [json.loads(line) for line in invoke(runner, "claims", "--json").splitlines()]


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


def test_the_same_words_from_three_sources_are_one_claim(runner: CliRunner, tmp_path: Path) -> None:
    invoke(runner, "ingest", str(CORPUS))
    single = claims(runner)
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, renamed / f"copy_{path.name}")
    result = runner.invoke(cli, ["ingest", str(renamed)])
    assert "3 already stored, added as new sources" in result.stderr
    edited_copy(CORPUS, tmp_path / "edited")
    invoke(runner, "ingest", str(tmp_path / "edited"))
    after = claims(runner)
    assert [c["claim_id"] for c in after] == [c["claim_id"] for c in single]  # no new claims
    by_text = {c["text"]: c["sources"] for c in after}
    assert set(by_text.values()) <= {2, 3}
    assert by_text["I gave an order to start forming this group,"] == 2  # cut by the edit
    assert by_text["keep things calm"] == 3
    cut = next(c for c in after if c["text"].startswith("It's been going on for, I think"))
    assert cut["sources"] == 3  # the truncated "It's been going on ..." joined it


def test_export_gives_every_quote_its_claim(runner: CliRunner) -> None:
    invoke(runner, "ingest", str(CORPUS))
    rows = [json.loads(line) for line in invoke(runner, "export").splitlines()]
    assert all(isinstance(r["claim_id"], int) for r in rows)


def test_rebuilding_gives_the_same_grouping(runner: CliRunner, tmp_path: Path) -> None:
    edited_copy(CORPUS, tmp_path / "edited")
    invoke(runner, "ingest", str(CORPUS))
    invoke(runner, "ingest", str(tmp_path / "edited"))
    before = {(c["speaker"], c["text"], c["sources"], tuple(c["quotes"])) for c in claims(runner)}
    result = runner.invoke(cli, ["dedupe"])
    assert result.exit_code == 0 and "claims" in result.stderr
    after = {(c["speaker"], c["text"], c["sources"], tuple(c["quotes"])) for c in claims(runner)}
    assert after == before


def test_the_same_words_given_to_two_speakers_are_a_conflict(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "one.txt").write_text('"The bridge will be rebuilt by spring," Peskov said.\n')
    (tmp_path / "two.txt").write_text('"The bridge will be rebuilt by spring," Putin said.\n')
    (tmp_path / "three.txt").write_text('"We stay on course," Putin said.\n')
    invoke(runner, "ingest", str(tmp_path / "one.txt"), str(tmp_path / "two.txt"))
    invoke(runner, "ingest", str(tmp_path / "three.txt"))
    rows = [json.loads(line) for line in invoke(runner, "conflicts", "--json").splitlines()]
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
