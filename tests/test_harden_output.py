"""Hardening of what the tool writes and reads back: outputs, databases, the terminal.

Each test is one of issue 20's problems, run as a user would run it: the command gives one
clear line (no exception escapes: ``Quotes.call`` checks ``result.exception``) and what is
stored is the same afterwards (``dump`` compares every table's rows).
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Quotes
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from quotes.db import engine as db_engine
from quotes.db import migrate
from quotes.db.engine import explain, safe_url

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

# Article text a terminal would act on, and rich markup that must stay text.
HOSTILE = (
    '"[/] is [sic] for [the West] [link=https://evil.example]this[/link]," Peskov said.\n\n'
    '"Colour \x1b[31mred\x1b[0m, a title \x1b]0;owned\x07, a link \x1b]8;;https://x\x1b\\\\here'
    '\x1b]8;;\x1b\\\\ and \u202eevil," Putin said.\n\n'
    '"=HYPERLINK(1)," Putin said.\n'
)
RAW_CONTROLS = ("\x1b", "\x07", "\u202e")


def dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order: what "unchanged" is measured by."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            tables = sorted(inspect(connection).get_table_names())
            return {
                table: sorted(
                    (
                        tuple(map(repr, row))
                        for row in connection.execute(text(f'SELECT * FROM "{table}"'))
                    ),
                )
                for table in tables
            }
    finally:
        engine.dispose()


def file_state(folder: Path) -> dict[str, str]:
    """Each file in ``folder`` with a hash of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def one_line(err: str) -> str:
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert lines, "expected an error message"
    # click prints "Usage: …" and "Try …" before a usage error; the error is the last line.
    return lines[-1]


@pytest.fixture
def corpus(db_runner: Quotes) -> Quotes:
    db_runner.ok("ingest", "-q", str(CORPUS))
    return db_runner


@pytest.fixture
def hostile(db_runner: Quotes, tmp_path: Path) -> Quotes:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "markup.txt").write_text(HOSTILE, encoding="utf-8")
    db_runner.ok("ingest", "-q", str(folder))
    return db_runner


def sqlite_file(db_url: str) -> Path | None:
    url = make_url(db_url)
    return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None


# --- 12: read commands open an existing database read-only --------------------------------

READ_COMMANDS = [
    ["list"],
    ["claims"],
    ["conflicts"],
    ["speakers"],
    ["ask", "putin"],
    ["sheet", "putin"],
    ["audit"],
    ["audit", "--stats"],
    ["show", "abcd1234"],
    ["export"],
    ["export", "--reviewed"],
    ["db", "current"],
    ["sources"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_a_mistyped_database_is_an_error_and_is_not_created(
    runner: Quotes, tmp_path: Path, command: list[str]
) -> None:
    code, out, err = runner.run(*command, "--db", "qoutes.db")
    assert code == 1 and out == ""
    assert one_line(err) == (
        "Error: no database at qoutes.db; run `quotes ingest` first (or check --db)"
    )
    assert list(tmp_path.iterdir()) == []


def test_eval_and_serve_do_not_create_a_database(runner: Quotes, tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text(
        '{"doc": "a.txt", "quote_start": "x", "speaker": "OTHER", "kind": "full"}\n'
    )
    for command in (["eval", "--gold", "gold.jsonl"], ["serve"]):
        code, _, err = runner.run(*command, "--db", "missing.db")
        assert code == 1 and "no database at missing.db" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gold.jsonl"]


@pytest.mark.parametrize(
    "command", [*READ_COMMANDS, ["ingest", "-q", str(CORPUS)], ["db", "upgrade"]], ids=" ".join
)
def test_another_programs_sqlite_file_is_refused_and_left_unchanged(
    runner: Quotes, tmp_path: Path, command: list[str]
) -> None:
    other = tmp_path / "other_app.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    connection.execute("INSERT INTO invoices (total) VALUES (12.5)")
    connection.commit()
    connection.close()
    before = file_state(tmp_path)
    code, _, err = runner.run(*command, "--db", str(other))
    assert code == 1
    assert one_line(err) == (
        f"Error: --db {other} is not a quotes database: it holds another program's tables"
        " (invoices) and no alembic_version; it was left unchanged. Give another --db"
    )
    assert file_state(tmp_path) == before  # no -wal, no -shm, the same bytes
    assert sqlite3.connect(other).execute("PRAGMA journal_mode").fetchone() == ("delete",)


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_read_commands_change_nothing_stored(
    corpus: Quotes, db_url: str, command: list[str]
) -> None:
    before = dump(db_url)
    result = corpus.call(*command)
    assert result.exit_code in (0, 1), result.stderr
    assert dump(db_url) == before


def test_read_commands_use_read_only_connections(corpus: Quotes, db_url: str) -> None:
    """A write slipped into a read command fails in the database itself."""
    engine = db_engine.open_database(db_url, access="read")
    with pytest.raises(Exception) as caught, engine.connect() as connection:
        connection.execute(text("DELETE FROM reviews"))
    assert "read" in explain(caught.value)  # "the database is read-only here …"
    engine.dispose()


def test_a_database_in_a_folder_nobody_may_write_can_be_read(
    corpus: Quotes, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sqlite_file(db_url)
    if path is None:
        pytest.skip("a SQLite file's folder")
    rows = corpus.json("list")
    # A clean close: the -wal and -shm files go, as they do when the last writer exits.
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    for extra in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    before = file_state(path.parent)
    real = os.access
    # Tests may run as root, whom no mode bit stops: the folder is made unwritable to
    # quotes by what os.access answers, and no file may appear in it.
    monkeypatch.setattr(
        db_engine.os,
        "access",
        lambda p, mode: False if Path(p) == path.parent.resolve() else real(p, mode),
    )
    assert corpus.json("list") == rows
    assert file_state(path.parent) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder")
def test_a_read_only_folder_for_real(corpus: Quotes, db_url: str) -> None:
    path = sqlite_file(db_url)
    if path is None:
        pytest.skip("a SQLite file's folder")
    rows = corpus.json("list")
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    path.parent.chmod(0o555)
    try:
        assert corpus.json("list") == rows
    finally:
        path.parent.chmod(0o755)


def test_an_out_of_date_schema_says_run_db_upgrade(corpus: Quotes, db_url: str) -> None:
    engine = create_engine(db_url, poolclass=NullPool)
    head = migrate.head()
    from alembic.script import ScriptDirectory

    older = ScriptDirectory.from_config(migrate._config()).get_revision(head).down_revision
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": older})
    engine.dispose()
    before = dump(db_url)
    code, _, err = corpus.run("list")
    assert code == 1
    assert f"the database is at schema revision {older}, older than this" in err
    assert "run `quotes db upgrade`" in err
    assert dump(db_url) == before
    _, out, _ = corpus.run("db", "current")
    assert f"revision {older}" in out and "run `quotes db upgrade`" in out


# --- 1: outputs never destroy data ------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize(
    "command", [["export"], ["export", "--format", "csv"], ["sheet", "putin"]], ids=" ".join
)
def test_an_output_onto_the_database_is_refused(
    corpus: Quotes, db_url: str, suffix: str, command: list[str]
) -> None:
    path = sqlite_file(db_url)
    if path is None:
        pytest.skip("a server database has no file to overwrite")
    target = Path(f"{path}{suffix}")
    before, files = dump(db_url), file_state(path.parent)
    for force in ([], ["--force"]):
        code, _, err = corpus.run(*command, "-o", str(target), *force)
        assert code == 2
        assert (
            one_line(err) == f"Error: -o {target} is the database's own file; choose another name"
        )
    assert file_state(path.parent) == files
    assert dump(db_url) == before


def test_an_output_reaches_the_database_by_another_name_is_refused(
    corpus: Quotes, db_url: str, tmp_path: Path
) -> None:
    path = sqlite_file(db_url)
    if path is None:
        pytest.skip("a server database has no file to overwrite")
    link = tmp_path / "alias.db"
    link.symlink_to(path)
    code, _, err = corpus.run("export", "-o", str(link), "--force")
    assert code == 2 and "is the database's own file" in err


def test_an_existing_file_needs_force(corpus: Quotes, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("keep me\n")
    code, _, err = corpus.run("export", "-o", str(target))
    assert code == 2
    assert one_line(err) == f"Error: -o {target} exists; give --force to overwrite it"
    assert target.read_text() == "keep me\n"
    code, _, err = corpus.run("export", "-o", str(target), "--force")
    assert code == 0, err
    assert target.read_text() == corpus.ok("export")
    code, _, err = corpus.run("sheet", "putin", "-o", str(target))
    assert code == 2 and "give --force" in err


def test_a_dash_is_standard_output(corpus: Quotes, tmp_path: Path) -> None:
    assert corpus.ok("export", "-o", "-") == corpus.ok("export")
    assert corpus.ok("sheet", "putin", "-o", "-") == corpus.ok("sheet", "putin")
    assert not (tmp_path / "-").exists()


def test_an_output_in_a_missing_folder_is_one_line(corpus: Quotes) -> None:
    code, _, err = corpus.run("export", "-o", "/nonexistent/dir/x")
    assert code == 1
    assert (
        one_line(err)
        == "Error: cannot write /nonexistent/dir/x: folder /nonexistent/dir does not exist"
    )


def test_a_full_disk_leaves_the_old_file_and_no_part_file(
    corpus: Quotes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "quotes.jsonl"
    target.write_text("the previous export\n")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("quotes.cli.common.os.fsync", full)
    for command in (["export"], ["sheet", "putin"]):
        code, _, err = corpus.run(*command, "-o", str(target), "--force")
        assert code == 1
        assert one_line(err) == (
            f"Error: cannot write {target}: the disk is full; nothing was written and the old"
            " file is unchanged"
        )
        assert target.read_text() == "the previous export\n"
        assert sorted(p.name for p in target.parent.iterdir() if p.name.startswith(".quotes")) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["list"], ["export"], ["claims", "--json"]], ids=" ".join)
def test_a_full_disk_on_standard_output_is_one_line(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "q.db"
    subprocess.run(
        [sys.executable, "-m", "quotes", "ingest", "-q", "--db", str(db), str(CORPUS)], check=True
    )
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "quotes", *command, "--db", str(db)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "Error: cannot write the output: the disk is full; free some space and run the command"
        " again"
    ]


# --- 4/5: terminal safety ---------------------------------------------------------------

TABLE_COMMANDS = [["list"], ["claims"], ["ask", "peskov"], ["ask", "putin"], ["audit"]]


@pytest.mark.parametrize("command", TABLE_COMMANDS, ids=" ".join)
def test_tables_print_article_text_literally(hostile: Quotes, command: list[str]) -> None:
    out = hostile.ok(*command, "--limit", "50")
    for kept in ("[/]", "[sic]", "[the West]", "[link=https://evil.example]"):
        assert kept in out or command[-1] == "putin"
    assert not any(raw in out for raw in RAW_CONTROLS)


def test_controls_and_bidi_marks_are_shown_not_obeyed(hostile: Quotes) -> None:
    quote = next(r for r in hostile.json("list") if "Colour" in r["text"])
    for out in (hostile.ok("list", "--speaker", "putin"), hostile.ok("show", quote["id"])):
        assert "\\x1b[31mred" in out or "\\x1b[31mr" in out
        assert not any(raw in out for raw in RAW_CONTROLS)
    shown = hostile.ok("show", quote["id"])
    assert "<U+202E>evil" in shown and "\\x1b]0;owned\\x07" in shown


def test_json_and_csv_keep_the_text_exact(hostile: Quotes) -> None:
    texts = {r["text"] for r in hostile.json("list")}
    assert any("\x1b[31mred" in t and "\u202eevil" in t for t in texts)
    assert any("[/]" in t and "[sic]" in t for t in texts)
    records = list(csv.DictReader(io.StringIO(hostile.ok("list", "--csv"))))
    assert {r["text"] for r in records} - texts == {"'" + t for t in texts if t.startswith("=")}


def test_a_csv_cell_never_starts_a_formula(hostile: Quotes) -> None:
    for command in (["list", "--csv"], ["export", "--format", "csv"], ["claims", "--csv"]):
        for record in csv.reader(io.StringIO(hostile.ok(*command))):
            assert not any(cell[:1] in ("=", "+", "-", "@") for cell in record), record


def test_file_names_are_shown_safely(db_runner: Quotes, tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "report\u202etxt.exe.txt").write_text('"All is well," Peskov said.\n')
    (folder / "empty\x1b[2J.txt").write_text("")
    code, _, err = db_runner.run("ingest", str(folder))
    assert code == 1 and "empty\\x1b[2J.txt" in err and "\x1b" not in err
    out = db_runner.ok("list")
    assert "report<U+202E>txt.exe.txt" in out and "\u202e" not in out


def test_an_ascii_terminal_gets_escapes_not_a_traceback(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    subprocess.run(
        [sys.executable, "-m", "quotes", "ingest", "-q", "--db", str(db), str(CORPUS)], check=True
    )
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    for command in (["list"], ["claims", "--json"], ["ask", "lukashenko"], ["show", "nosuch"]):
        done = subprocess.run(
            [sys.executable, "-m", "quotes", *command, "--db", str(db)],
            capture_output=True,
            env=env,
        )
        assert done.returncode in (0, 1), done.stderr
        assert done.stdout.isascii() and done.stderr.isascii()
        assert done.returncode == 1 or done.stdout
        if done.returncode == 1:
            assert done.stderr.decode().startswith("Error: no quote")


# --- 2: no silent guess of a person ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "offered"),
    [("Sergei Lavrov", "Sergei Shoigu"), ("Elizaveta Peskova", "Dmitry Peskov"), ("P", "Peskov")],
)
@pytest.mark.parametrize(
    "command",
    [["ask"], ["sheet"], ["list", "--speaker"], ["claims", "--speaker"], ["audit", "--speaker"]],
    ids=" ".join,
)
def test_a_loose_name_is_an_error_that_offers_the_closest(
    corpus: Quotes, name: str, offered: str, command: list[str]
) -> None:
    code, out, err = corpus.run(*command, name)
    assert code == 1 and out == ""
    line = one_line(err)
    assert line.startswith(f"Error: no speaker matches {name!r}; did you mean ")
    assert offered in line


def test_a_spelling_match_says_whom_it_chose(corpus: Quotes) -> None:
    code, out, err = corpus.run("ask", "Lukasenko", "NATO", "--json")
    assert code == 0
    assert (
        err == "note: taking 'Lukasenko' (letters without their accents) as Alexander Lukashenko\n"
    )
    assert {r["speaker"] for r in json.loads(out)} == {"Alexander Lukashenko"}
    code, _, err = corpus.run("ask", "lukashenka", "NATO")
    assert code == 0 and "note: taking" not in err  # a registry surname: exact


def test_review_speaker_needs_an_exact_name(corpus: Quotes, db_url: str) -> None:
    quote = corpus.json("list", "--speaker", "peskov")[0]["id"]
    before = dump(db_url)
    for name in ("Sergei Lavrov", "Lukasenko", "Shoig"):
        code, _, err = corpus.run("review", quote, "--speaker", name)
        assert code == 1 and "did you mean" in err and "an exact name or key" in err
    assert dump(db_url) == before
    corpus.ok("review", quote, "--speaker", "shoigu")  # the key
    assert corpus.json("list", "--speaker", "Sergei Shoigu")[0]["id"] == quote


# --- 11: database URLs --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://bob:r@et99@localhost/quotes",
        "postgresql+psycopg://bob:s3cr@t@127.0.0.1:1/q",
        "postgresql+psycopg://bob@127.0.0.1:1/q?password=s3cret99",
        "postgresql+psycopg://bob:pw99@localhost:abc/x",
        "postgresql+psycopg://bob:pw99@[::1:5432/x",
        "postgresql+psycopg://bob:pw99@\u202e/x",  # no host name IDNA can encode
        "connect_timeout=5 password=s3cret99 host=x",
        "host=db.example password='s3 cret99' dbname=q",
    ],
)
def test_database_urls_are_one_line_without_the_password(
    runner: Quotes, tmp_path: Path, url: str
) -> None:
    for command in (["list"], ["ingest", "-q", str(CORPUS)]):
        code, out, err = runner.run(*command, "--db", url)
        assert code == 1 and out == ""
        assert len(err.strip().splitlines()) == 1, err
        for secret in ("et99", "s3cr", "pw99", "cret99"):
            assert secret not in err
    assert list(tmp_path.iterdir()) == []


def test_safe_url_masks_every_spelling_of_a_password() -> None:
    assert safe_url("postgresql://bob:r@et99@host/db") == "postgresql://bob:***@host/db"
    assert safe_url("postgresql://bob:p%40ss@host/db") == "postgresql://bob:***@host/db"
    assert "zz9" not in safe_url("postgresql://bob@host/db?sslpassword=zz9&password=zz9")
    assert safe_url("postgresql://bob:x@h:abc/db") == "(unparsable URL, not shown)"


def test_a_db_path_that_is_not_utf8_is_one_line(runner: Quotes, tmp_path: Path) -> None:
    name = os.fsdecode(b"quotes-\xff.db")
    for command in (["list"], ["ingest", "-q", str(CORPUS)]):
        code, _, err = runner.run(*command, "--db", name)
        assert code == 1
        assert one_line(err) == (
            "Error: --db 'quotes-\\\\xff.db': the name holds bytes that are not UTF-8; rename"
            " the file (or its folder) or give a URL in UTF-8"
        )
    assert list(tmp_path.iterdir()) == []


# --- 6 and 16: --limit -----------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["list"], ["claims"], ["audit"], ["ask", "putin"]], ids=" ".join
)
@pytest.mark.parametrize("limit", ["99999999999999999999", "0", "-3", "ten"])
def test_a_limit_out_of_range_is_a_usage_error(
    corpus: Quotes, command: list[str], limit: str
) -> None:
    code, _, err = corpus.run(*command, "--limit", limit)
    assert code == 2
    assert one_line(err).startswith("Error: Invalid value for '--limit'")


@pytest.mark.parametrize("command", [["list"], ["claims"], ["audit"]], ids=" ".join)
def test_a_page_is_the_head_of_the_whole_listing(corpus: Quotes, command: list[str]) -> None:
    whole = corpus.json(*command, "--limit", "100000")
    assert len(whole) > 5
    for size in (1, 3, 5):
        assert corpus.json(*command, "--limit", str(size)) == whole[:size]
    table = corpus.ok(*command, "--limit", "3")
    assert table.rstrip().splitlines()[-1].startswith(f"3 of {len(whole)}")


def test_paging_never_sorts_document_text(corpus: Quotes, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = db_engine.create_engine

    def recording(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        engine = real(*args, **kwargs)  # type: ignore[arg-type]

        @event.listens_for(engine, "before_cursor_execute")
        def _record(_c, _cur, statement, _p, _ctx, _many):  # type: ignore[no-untyped-def]
            seen.append(statement)

        return engine

    monkeypatch.setattr(db_engine, "create_engine", recording)
    for command in (
        ["audit", "--limit", "2"],
        ["list", "--limit", "2"],
        ["claims", "--limit", "2"],
    ):
        corpus.ok(*command)
    sorting = [s for s in seen if "ORDER BY" in s.upper()]
    assert sorting
    assert not [s for s in sorting if "documents.text" in s]
