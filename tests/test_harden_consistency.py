"""Hardening of the read side's consistency: eval on a reviewed export, reattribute's
atomicity, rejected quotes, review options, LIKE patterns, database messages, and a fuzz
test of option values and hostile article text (issue 20)."""

from __future__ import annotations

import json
import sqlite3
import string
from pathlib import Path

import pytest
from conftest import Quotes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import OperationalError
from test_harden_output import CORPUS, dump, one_line, sqlite_file

from quotes.cli import review as review_cli
from quotes.db import engine as db_engine
from quotes.db.engine import explain


@pytest.fixture
def corpus(db_runner: Quotes) -> Quotes:
    db_runner.ok("ingest", "-q", str(CORPUS))
    return db_runner


# --- 13: eval on the README's reviewed-only gold ----------------------------------------


def test_eval_on_a_reviewed_export_scores_only_the_reviewed_quotes(
    corpus: Quotes, tmp_path: Path
) -> None:
    quotes = corpus.json("list")
    reviewed = [q for q in quotes if q["speaker"]][:2]
    for quote in reviewed:
        corpus.ok("review", quote["id"], "--confirm")
    gold = tmp_path / "newsroom-gold.jsonl"
    corpus.ok("export", "--reviewed", "-o", str(gold))
    assert all(json.loads(line)["scope"] == "quote" for line in gold.read_text().splitlines())
    report = json.loads(corpus.ok("eval", "--gold", str(gold), "--json"))
    assert report["gold"] == report["found"] == report["speaker_correct"] == len(reviewed)
    assert report["invented"] == []
    assert report["predictions"] == len(reviewed)


def test_a_whole_document_gold_still_counts_what_it_does_not_list(
    corpus: Quotes, tmp_path: Path
) -> None:
    quote = next(q for q in corpus.json("list") if q["speaker"])
    row = {
        "doc": Path(quote["doc"]).name,
        "quote_start": " ".join(quote["text"].split()[:8]),
        "speaker": quote["speaker"],
        "kind": quote["kind"],
    }
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(row) + "\n")
    report = json.loads(corpus.ok("eval", "--gold", str(gold), "--json"))
    others = [q for q in corpus.json("list") if q["doc"] == quote["doc"]]
    assert len(report["invented"]) == len(others) - 1 > 0


# --- 17: consistency ---------------------------------------------------------------------


def test_a_reattribute_stopped_part_way_changes_nothing(
    corpus: Quotes, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(db_url)
    real = review_cli.reattribute_document
    done: list[int] = []

    def dies_on_the_second(session, document_id, registry):  # type: ignore[no-untyped-def]
        if done:
            raise KeyboardInterrupt  # the user's Ctrl-C (a kill gives the same rollback)
        done.append(document_id)
        return real(session, document_id, registry)

    monkeypatch.setattr(review_cli, "reattribute_document", dies_on_the_second)
    result = corpus.invoke(review_cli.reattribute_command, [])
    assert isinstance(result.exception, (KeyboardInterrupt, SystemExit))
    assert done and dump(db_url) == before
    monkeypatch.setattr(review_cli, "reattribute_document", real)
    corpus.ok("reattribute", "-q")
    assert len(dump(db_url)["claims"]) == len(before["claims"])  # then it runs through


def test_rejected_quotes_leave_list_and_speakers(corpus: Quotes) -> None:
    speakers = {r["key"]: r for r in corpus.json("speakers")}
    peskov = corpus.json("list", "--speaker", "peskov")
    corpus.ok("review", peskov[0]["id"], "--reject")
    assert peskov[0]["id"] not in {q["id"] for q in corpus.json("list")}
    shown = {q["id"]: q for q in corpus.json("list", "--rejected")}
    assert shown[peskov[0]["id"]]["review"] == "rejected"
    after = {r["key"]: r for r in corpus.json("speakers")}
    assert after["peskov"]["quotes"] == speakers["peskov"]["quotes"] - 1
    assert after["OTHER"]["quotes"] == speakers["OTHER"]["quotes"]
    exported = [json.loads(line) for line in corpus.ok("export").splitlines()]
    assert [q["review"] for q in exported if q["id"] == peskov[0]["id"]] == ["rejected"]


@pytest.mark.parametrize(
    "options",
    [["--confirm", "--reject"], ["--none", "--undo"], ["--reject", "--speaker", "putin"], []],
)
def test_review_takes_exactly_one_decision(corpus: Quotes, db_url: str, options: list[str]) -> None:
    quote = corpus.json("list")[0]["id"]
    before = dump(db_url)
    code, _, err = corpus.run("review", quote, *options)
    assert code == 2
    assert "give exactly one of --confirm, --speaker, --none, --reject, --undo" in err
    assert dump(db_url) == before


@pytest.mark.parametrize("pattern", ["____", "%%%%", "1%", "_%_%_"])
def test_an_id_prefix_is_text_not_a_like_pattern(corpus: Quotes, pattern: str) -> None:
    code, out, err = corpus.run("show", pattern)
    assert code == 1 and out == ""
    assert one_line(err).startswith(f"Error: no quote {pattern!r}")


# --- Messages: what happened and what to do ------------------------------------------------


@pytest.mark.parametrize(
    ("driver_says", "we_say"),
    [
        ("attempt to write a readonly database", "the database is read-only here"),
        ("database or disk is full", "the disk is full"),
        ("database is locked", "the database stayed locked by another process"),
        (
            "server closed the connection unexpectedly",
            "the connection to the database server was lost",
        ),
        ("database disk image is malformed", "the database's schema is damaged"),
        ('relation "quotes" does not exist', "the database's schema is damaged"),
    ],
)
def test_database_failures_say_what_happened(driver_says: str, we_say: str) -> None:
    failure = OperationalError("SELECT 1", {}, Exception(driver_says))
    assert explain(failure).startswith(we_say)
    assert "OperationalError" not in explain(failure)


def test_a_locked_database_says_it_waits(
    corpus: Quotes, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sqlite_file(db_url)
    if path is None:
        pytest.skip("SQLite's file lock")
    quote = corpus.json("list")[0]["id"]
    monkeypatch.setattr(db_engine, "SQLITE_BUSY_SECONDS", 1)
    before = dump(db_url)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process, writing
    try:
        code, _, err = corpus.run("review", quote, "--confirm")
    finally:
        other.rollback()
        other.close()
    assert code == 1
    assert err.splitlines() == [
        "waiting for another quotes process to finish writing…",
        "Error: the database stayed locked by another process writing to it; try again when"
        " it has finished",
    ]
    assert dump(db_url) == before
    corpus.ok("review", quote, "--confirm")  # and once it is free, it goes through


# --- The fuzz test ---------------------------------------------------------------------

_WORDS = st.text(
    alphabet=st.sampled_from(
        [*string.ascii_letters, *"[]/=@+-%_ '\"", "\x1b", "\x07", "\u202e", "\u2066", "é", "\x00"]
    ),
    max_size=24,
)
_OPTION_VALUES = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    _WORDS,
)
_DB_VALUES = st.one_of(
    _WORDS,
    st.builds(
        lambda scheme, rest: scheme + rest,
        st.sampled_from(
            ["sqlite:///", "postgresql+psycopg://", "postgresql://u:p@", "mysql://", "", "x="]
        ),
        _WORDS,
    ),
)
_SAFE_NAME = st.text(alphabet=string.ascii_letters + string.digits + "-_.=@[]", max_size=20)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    limit=_OPTION_VALUES,
    speaker=_WORDS,
    db=_DB_VALUES,
    output=_SAFE_NAME,
    command=st.sampled_from(["list", "claims", "audit", "ask", "sheet", "export", "show"]),
)
def test_fuzzed_options_never_raise_or_change_rows(
    corpus: Quotes,
    db_url: str,
    limit: str,
    speaker: str,
    db: str,
    output: str,
    command: str,
) -> None:
    before = dump(db_url)
    corpus.call("list", "--limit", limit)
    corpus.call("audit", "--speaker", speaker or "x", "--limit", limit)
    if command in ("ask", "sheet"):
        corpus.call(command, speaker or "x")
    elif command == "show":
        corpus.call("show", speaker or "x")
    elif command == "export":
        if output not in ("", ".", ".."):
            corpus.call("export", "-o", output)
    else:
        corpus.call(command, "--speaker", speaker or "x")
    corpus.call("list", "--db", db or "x")
    assert dump(db_url) == before


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    words=st.lists(_WORDS, min_size=1, max_size=4),
    speaker=st.sampled_from(["Peskov", "Putin", "the minister"]),
)
def test_fuzzed_article_text_prints_safely(
    db_runner: Quotes, tmp_path_factory: pytest.TempPathFactory, words: list[str], speaker: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    body = " ".join(w.replace("\x00", "") for w in words)
    (folder / "article.txt").write_text(f'"{body} [/]," {speaker} said.\n', encoding="utf-8")
    db_runner.call("ingest", "-q", str(folder))
    rows = db_runner.json("list")
    for command in (["list"], ["claims"], ["audit"], ["ask", "peskov"]):
        out = db_runner.ok(*command)
        assert not any(ch in out for ch in ("\x1b", "\x07", "\u202e", "\u2066"))
    for row in rows:
        shown = db_runner.ok("show", row["id"])
        assert "\x1b" not in shown and "\u202e" not in shown
    assert db_runner.json("list") == rows
