"""The command line end to end, through click's CliRunner on temporary databases."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from quotes.cli import EXPORT_COLUMNS, cli

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = ROOT.parent / "shared" / "gold" / "corpus.jsonl"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner whose default database and working directory are a fresh temporary folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUOTES_DB", raising=False)
    monkeypatch.delenv("QUOTES_SPEAKERS", raising=False)
    return CliRunner()


@pytest.fixture
def db_runner(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, db_url: str) -> CliRunner:
    """The same, with every command on a new database of each backend (QUOTES_DB)."""
    monkeypatch.setenv("QUOTES_DB", db_url)
    return runner


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def exported(runner: CliRunner, *args: str) -> list[dict]:
    code, out, _ = run(runner, "export", "--format", "jsonl", *args)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_ingest_stores_each_document_once(db_runner: CliRunner) -> None:
    code, _, err = run(db_runner, "ingest", str(CORPUS))
    assert code == 0
    assert "ingested 3 document(s): 24 quotes" in err
    code, _, err = run(db_runner, "ingest", str(CORPUS))
    assert code == 0
    assert "ingested 0 document(s)" in err and "3 already stored" in err
    assert len(exported(db_runner)) == 24


def test_the_default_database_is_quotes_db_here(runner: CliRunner) -> None:
    code, _, _ = run(runner, "ingest", str(CORPUS / "002_ab9758371558ebf6.txt"))
    assert code == 0 and Path("quotes.db").exists()


def test_export_jsonl_keeps_the_contract(db_runner: CliRunner) -> None:
    run(db_runner, "ingest", str(CORPUS))
    rows = exported(db_runner)
    assert all(list(row) == EXPORT_COLUMNS for row in rows)
    for row in rows:
        text = Path(row["doc"]).read_text(encoding="utf-8")
        assert text[row["start"] : row["end"]] == row["text"]
        assert 0 <= row["confidence"] <= 1
        if row["mention_start"] is not None:
            assert text[row["mention_start"] : row["mention_end"]] == row["mention"]
    dated = {row["doc"].rsplit("/", 1)[-1]: row["date"] for row in rows}
    assert dated["000_83245ed52ba61ee4.txt"] == "2022-10-10"
    assert dated["002_ab9758371558ebf6.txt"] is None
    assert {row["speaker"] for row in rows} == {
        "Alexander Lukashenko",
        "Dmitry Peskov",
        "Vladimir Putin",
        None,
    }


def test_quote_ids_are_stable_across_databases(
    runner: CliRunner, tmp_path: Path, db_url: str
) -> None:
    run(runner, "ingest", "--db", str(tmp_path / "a.db"), str(CORPUS))
    run(runner, "ingest", "--db", db_url, str(CORPUS))
    first = [r["id"] for r in exported(runner, "--db", str(tmp_path / "a.db"))]
    second = [r["id"] for r in exported(runner, "--db", db_url)]
    assert first == second and len(set(first)) == 24


def test_export_csv_has_the_same_columns(db_runner: CliRunner, tmp_path: Path) -> None:
    runner = db_runner
    run(runner, "ingest", str(CORPUS))
    code, out, _ = run(runner, "export", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == EXPORT_COLUMNS and len(rows) == 24
    target = tmp_path / "out.csv"
    code, _, err = run(runner, "export", "--format", "csv", "-o", str(target))
    assert code == 0 and "wrote 24 quotes" in err
    assert target.read_text(encoding="utf-8") == out


def test_list_filters_by_a_leniently_spelled_speaker(db_runner: CliRunner) -> None:
    runner = db_runner
    run(runner, "ingest", str(CORPUS))
    code, out, _ = run(runner, "list", "--speaker", "lukashenka", "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and {r["speaker"] for r in rows} == {"Alexander Lukashenko"}
    code, out, _ = run(runner, "list", "--unattributed", "--json")
    assert [json.loads(line)["text"] for line in out.splitlines()] == [
        "appropriate measures",
        "using all the forces and means",
    ]


def test_unknown_speaker_is_one_clear_line(runner: CliRunner) -> None:
    run(runner, "ingest", str(CORPUS))
    code, _, err = run(runner, "list", "--speaker", "Zelenskyy")
    assert code == 1
    assert "no speaker matches 'Zelenskyy'" in err and "closest" in err
    assert len(err.strip().splitlines()) == 1


def test_bad_files_are_skipped_and_the_rest_ingested(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(CORPUS, folder)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes('"Caf\xe9 talk," Peskov said.'.encode("latin-1"))
    code, _, err = run(runner, "ingest", str(folder), str(tmp_path / "missing.txt"))
    assert code == 1
    assert "binary.txt: binary file" in err
    assert "empty.txt: empty file" in err
    assert "latin1.txt: not UTF-8" in err
    assert "missing.txt: no such file" in err
    assert "ingested 3 document(s): 24 quotes" in err


def test_a_wrong_db_url_is_one_line_without_the_password(runner: CliRunner) -> None:
    for url in ("nosuchdialect://x", "postgresql+psycopg://user:s3cret@127.0.0.1:1/q"):
        code, _, err = run(runner, "export", "--db", url)
        assert code == 1
        assert "s3cret" not in err
        assert len(err.strip().splitlines()) == 1


def test_a_libpq_string_is_refused_without_echo_or_a_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    # The runner works in tmp_path, so a SQLite file made from the string would appear there.
    for conninfo in ("host=db.example password=s3cret dbname=q", " dbname=q password=s3cret"):
        code, _, err = run(runner, "export", "--db", conninfo)
        assert code == 1
        assert "s3cret" not in err
        assert "postgresql+psycopg://" in err
        assert len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_file_name_with_an_equals_sign_is_still_a_sqlite_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    code, _, err = run(runner, "export", "--db", str(tmp_path / "run=1.db"))
    assert code == 0, err
    assert (tmp_path / "run=1.db").exists()


def test_a_wrong_postgresql_database_is_one_line_without_the_password(
    runner: CliRunner, pg_url: str
) -> None:
    wrong = make_url(pg_url).set(database="no_such_database", password="s3cret")
    code, _, err = run(runner, "ingest", "--db", wrong.render_as_string(False), str(CORPUS))
    assert code == 1
    assert "s3cret" not in err and "no_such_database" in err
    assert len(err.strip().splitlines()) == 1


def test_db_current_reports_the_revision(db_runner: CliRunner) -> None:
    runner = db_runner
    run(runner, "ingest", str(CORPUS))
    code, out, _ = run(runner, "db", "current")
    assert code == 0 and "up to date" in out and "documents: 3" in out
    code, out, _ = run(runner, "db", "upgrade")
    assert code == 0 and "database at revision" in out


@pytest.mark.skipif(not GOLD.exists(), reason="the shared gold file is not beside the project")
def test_eval_against_the_gold_file_finds_every_quote(runner: CliRunner) -> None:
    run(runner, "ingest", str(CORPUS))
    code, out, _ = run(runner, "eval", "--gold", str(GOLD), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["found"] == report["gold"] == 24
    assert report["speaker_correct"] == 24
    assert report["invented"] == []
