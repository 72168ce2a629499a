"""The command line end to end, through click's CliRunner on temporary databases."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import Quotes
from sqlalchemy.engine import make_url

from quotes.report.rows import QuoteRow

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = ROOT.parent / "shared" / "gold" / "corpus.jsonl"


def exported(runner: Quotes, *args: str) -> list[dict]:
    code, out, _ = runner.run("export", "--format", "jsonl", *args)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_ingest_stores_each_document_once(db_runner: Quotes) -> None:
    code, _, err = db_runner.run("ingest", str(CORPUS))
    assert code == 0
    stored = len(exported(db_runner))
    assert stored and f"ingested 3 document(s): {stored} quotes" in err
    code, _, err = db_runner.run("ingest", str(CORPUS))
    assert code == 0
    assert "ingested 0 document(s)" in err and "3 already stored" in err
    assert len(exported(db_runner)) == stored


def test_the_default_database_is_quotes_db_here(runner: Quotes) -> None:
    code, _, _ = runner.run("ingest", str(CORPUS / "002_ab9758371558ebf6.txt"))
    assert code == 0 and Path("quotes.db").exists()


def test_export_jsonl_keeps_the_contract(db_runner: Quotes) -> None:
    db_runner.run("ingest", str(CORPUS))
    rows = exported(db_runner)
    assert rows and all(list(row) == list(QuoteRow.COLUMNS) for row in rows)
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


def test_quote_ids_are_stable_across_databases(runner: Quotes, tmp_path: Path, db_url: str) -> None:
    runner.run("ingest", "--db", str(tmp_path / "a.db"), str(CORPUS))
    runner.run("ingest", "--db", db_url, str(CORPUS))
    first = [r["id"] for r in exported(runner, "--db", str(tmp_path / "a.db"))]
    second = [r["id"] for r in exported(runner, "--db", db_url)]
    assert first and first == second and len(set(first)) == len(first)


def test_export_csv_has_the_same_columns(db_runner: Quotes, tmp_path: Path) -> None:
    runner = db_runner
    runner.run("ingest", str(CORPUS))
    code, out, _ = runner.run("export", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == list(QuoteRow.COLUMNS) and len(rows) == len(exported(runner))
    target = tmp_path / "out.csv"
    code, _, err = runner.run("export", "--format", "csv", "-o", str(target))
    assert code == 0 and f"wrote {len(rows)} quotes" in err
    assert target.read_text(encoding="utf-8") == out


def test_list_filters_by_a_leniently_spelled_speaker(db_runner: Quotes) -> None:
    runner = db_runner
    runner.run("ingest", str(CORPUS))
    rows = runner.json("list", "--speaker", "lukashenka")
    assert rows and {r["speaker"] for r in rows} == {"Alexander Lukashenko"}
    assert [r["text"] for r in runner.json("list", "--unattributed")] == [
        "appropriate measures",
        "using all the forces and means",
    ]


def test_unknown_speaker_is_one_clear_line(runner: Quotes) -> None:
    runner.run("ingest", str(CORPUS))
    code, _, err = runner.run("list", "--speaker", "Zelenskyy")
    assert code == 1
    assert "no speaker matches 'Zelenskyy'" in err and "did you mean" in err
    assert len(err.strip().splitlines()) == 1


def test_bad_files_are_skipped_and_the_rest_ingested(runner: Quotes, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(CORPUS, folder)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes('"Caf\xe9 talk," Peskov said.'.encode("latin-1"))
    code, _, err = runner.run("ingest", str(folder), str(tmp_path / "missing.txt"))
    assert code == 1
    assert "binary.txt: binary file" in err
    assert "empty.txt: empty file" in err
    assert "latin1.txt: not UTF-8" in err
    assert "missing.txt: no such file" in err
    assert f"ingested 3 document(s): {len(exported(runner))} quotes" in err


def test_a_wrong_db_url_is_one_line_without_the_password(runner: Quotes) -> None:
    for url in ("nosuchdialect://x", "postgresql+psycopg://user:s3cret@127.0.0.1:1/q"):
        code, _, err = runner.run("export", "--db", url)
        assert code == 1
        assert "s3cret" not in err
        assert len(err.strip().splitlines()) == 1


def test_a_libpq_string_is_refused_without_echo_or_a_file(runner: Quotes, tmp_path: Path) -> None:
    # The runner works in tmp_path, so a SQLite file made from the string would appear there.
    for conninfo in ("host=db.example password=s3cret dbname=q", " dbname=q password=s3cret"):
        code, _, err = runner.run("export", "--db", conninfo)
        assert code == 1
        assert "s3cret" not in err
        assert "postgresql+psycopg://" in err
        assert len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_a_file_name_with_an_equals_sign_is_still_a_sqlite_file(
    runner: Quotes, tmp_path: Path
) -> None:
    # Relative, so it could be taken for a key=value string; ingest makes it, export reads it.
    code, _, err = runner.run("ingest", "-q", "--db", "run=1.db", str(CORPUS))
    assert code == 0, err
    assert (tmp_path / "run=1.db").exists()
    code, out, err = runner.run("export", "--db", "run=1.db")
    assert code == 0 and out, err


def test_a_wrong_postgresql_database_is_one_line_without_the_password(
    runner: Quotes, pg_url: str
) -> None:
    wrong = make_url(pg_url).set(database="no_such_database", password="s3cret")
    code, _, err = runner.run("ingest", "--db", wrong.render_as_string(False), str(CORPUS))
    assert code == 1
    assert "s3cret" not in err and "no_such_database" in err
    assert len(err.strip().splitlines()) == 1


def test_db_current_reports_the_revision(db_runner: Quotes) -> None:
    runner = db_runner
    runner.run("ingest", str(CORPUS))
    code, out, _ = runner.run("db", "current")
    assert code == 0 and "up to date" in out and "documents: 3" in out
    code, out, _ = runner.run("db", "upgrade")
    assert code == 0 and "database at revision" in out


@pytest.mark.skipif(not GOLD.exists(), reason="the shared gold file is not beside the project")
def test_eval_against_the_gold_file_finds_every_quote(runner: Quotes) -> None:
    runner.run("ingest", str(CORPUS))
    code, out, _ = runner.run("eval", "--gold", str(GOLD), "--json")
    assert code == 0
    report = json.loads(out)
    gold = len(GOLD.read_text(encoding="utf-8").splitlines())
    assert report["found"] == report["gold"] == gold
    assert report["speaker_correct"] == gold
    assert report["invented"] == []
