"""`quotes ask`, `quotes sheet` and `quotes speakers` on the corpus and on made-up articles."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import Quotes
from sqlalchemy import text
from sqlalchemy.orm import Session

from quotes.db.engine import open_database
from quotes.report.search import index_terms, topic_words

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

# Made-up wire copy: each article pins one pattern the search must handle.
ARTICLES = {
    "grain.txt": (
        " date 2024-03-01 Kremlin spokesman Dmitry Peskov, asked about the grain deal,"
        ' said: "We have nothing to add at this point."\n\n'
        '"Shipments continue as planned," Peskov told reporters.'
    ),
    "arms.txt": (
        " date 2024-05-10 Putin, asked where the weapons would be deployed, said:"
        ' "Everything is ready on our side." "The weapons are already in place," Putin'
        ' added.\n\n"Our defence industry has doubled its output," he said.'
    ),
    "later.txt": (
        ' date 2024-09-20 "The deployment of new weapons is a response to threats,"'
        " Putin said on Tuesday."
    ),
}


@pytest.fixture
def runner(db_runner: Quotes) -> Quotes:
    """Every command of this file on a new database of each backend."""
    return db_runner


def asked(runner: Quotes, *args: str) -> list[dict]:
    return runner.json("ask", *args)


def ingest_text(runner: Quotes, folder: Path, body: str) -> None:
    """Ingest one article of ``body`` from a new ``folder``."""
    folder.mkdir()
    (folder / "article.txt").write_text(body, encoding="utf-8")
    runner.ok("ingest", "-q", str(folder))


@pytest.fixture
def made_up(runner: Quotes, tmp_path: Path) -> Quotes:
    folder = tmp_path / "wire"
    folder.mkdir()
    for name, body in ARTICLES.items():
        (folder / name).write_text(body, encoding="utf-8")
    runner.ok("ingest", "-q", str(folder))
    return runner


@pytest.fixture
def corpus(runner: Quotes) -> Quotes:
    runner.ok("ingest", "-q", str(CORPUS))
    return runner


def test_corpus_acceptance(corpus: Quotes) -> None:
    nato = asked(corpus, "Lukashenko", "NATO")
    assert nato[0]["text"].startswith("NATO forces")
    assert nato[0]["sources"][0]["path"].endswith("001_aa4bd822fda2282a.txt")
    defence = asked(corpus, "putin", "defence")
    assert any("cooperation" in hit["text"] for hit in defence)
    code, out, err = corpus.run("ask", "Shoigu")
    assert code == 0 and "no quotes" in out and not err


def test_speaker_is_matched_leniently(corpus: Quotes) -> None:
    for spelling in ("Lukashenka", "LUKASHENKO", "alexander lukashenko", "lukashenko"):
        assert asked(corpus, spelling, "NATO")[0]["speaker"] == "Alexander Lukashenko"
    code, _, err = corpus.run("ask", "Shoygu")
    assert code == 0
    code, _, err = corpus.run("ask", "Macron", "NATO")
    assert code == 1 and "no speaker matches 'Macron'; did you mean" in err


def test_word_forms_match(made_up: Quotes) -> None:
    texts = [h["text"] for h in asked(made_up, "putin", "weapon")]
    assert "The weapons are already in place," in texts
    deployed = asked(made_up, "putin", "deploy")
    assert "Everything is ready on our side." in [h["text"] for h in deployed]


def test_the_writers_sentence_counts_with_less_weight(made_up: Quotes) -> None:
    grain = asked(made_up, "peskov", "grain deal")
    assert [h["text"] for h in grain] == ["We have nothing to add at this point."]
    # A word in the quote itself ranks above the same word only in the sentence around.
    weapons = asked(made_up, "putin", "weapons")
    in_quote = [i for i, h in enumerate(weapons) if "weapon" in h["text"].lower()]
    in_context = [i for i, h in enumerate(weapons) if "weapon" not in h["text"].lower()]
    assert in_quote and max(in_quote) < min(in_context, default=len(weapons))


def test_a_close_spelling_stands_in_and_says_so(made_up: Quotes) -> None:
    code, out, err = made_up.run("ask", "putin", "defense", "--json")
    assert code == 0
    assert "'defense' is not in the index; searched its close spelling" in err
    assert "defence industry" in out
    code, out, err = made_up.run("ask", "putin", "deffence", "--json")
    assert "defence industry" in out


def test_a_misspelt_word_finds_words_stored_after_the_schema(
    runner: Quotes, tmp_path: Path, db_url: str
) -> None:
    # The database is migrated before these words arrive: the term table learns them as
    # their mentions are written.
    ingest_text(
        runner,
        tmp_path / "later",
        ' date 2024-04-02 "The humanitarian corridor opens at dawn," Putin said.',
    )
    engine = open_database(db_url)
    with engine.connect() as conn:
        terms = "select count(*) from claim_search_terms where term = :term"
        assert conn.execute(text(terms), {"term": "corridor"}).scalar() == 1
    engine.dispose()
    code, out, err = runner.run("ask", "putin", "corirdor", "--json")
    assert code == 0 and "searched its close spelling corridor" in err
    assert [hit["text"] for hit in json.loads(out)] == ["The humanitarian corridor opens at dawn,"]


def test_close_spellings_whose_stem_stems_again_or_not(runner: Quotes, tmp_path: Path) -> None:
    # "decision" is stored as "decis", which SQLite's stemmer turns into "deci" when it
    # reads it again; "tractors" as "tractor", which it leaves alone. Both must be found,
    # and only by their own claims.
    ingest_text(
        runner,
        tmp_path / "stems",
        ' date 2024-06-11 "The decision on grain exports is final," Putin said.'
        '\n\n"New tractors reach the farms in spring," Putin added.'
        '\n\n"The deci is not a unit we use," Putin said.',
    )
    decision = asked(runner, "putin", "decisoin")
    assert [h["text"] for h in decision] == ["The decision on grain exports is final,"]
    tractors = asked(runner, "putin", "tractros")
    assert [h["text"] for h in tractors] == ["New tractors reach the farms in spring,"]
    both = asked(runner, "putin", "tractros spring")
    assert [h["text"] for h in both] == ["New tractors reach the farms in spring,"]


def test_a_close_spelling_is_that_term_only(runner: Quotes, tmp_path: Path) -> None:
    # "bordre" stands for "border", not for every word that starts like it.
    ingest_text(
        runner,
        tmp_path / "borders",
        ' date 2024-08-05 "The border stays closed for now," Putin said.'
        '\n\n"The borderlands are quiet tonight," Putin added.',
    )
    assert [h["text"] for h in asked(runner, "putin", "bordre")] == [
        "The border stays closed for now,"
    ]


def test_sqlite_tokens_are_the_index_stems(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'q.db'}")
    with Session(engine) as session:
        assert index_terms(session, "security") == ["secur"]
        assert index_terms(session, "secur") == ["secur"]
        assert index_terms(session, "decis") == ["deci"]
        assert index_terms(session, "Défense forces") == ["defens", "forc"]
    engine.dispose()


def test_a_close_spelling_whose_mentions_are_gone_stands_in_for_nothing(
    runner: Quotes, tmp_path: Path, db_url: str
) -> None:
    # The term table keeps "convoy" once its only mention is deleted: a misspelt "convooy"
    # must then not stand for it, but for the next closest spelling, "convoke".
    ingest_text(
        runner,
        tmp_path / "convoys",
        ' date 2024-07-01 "The convoy left Rostov at noon," Putin said.'
        '\n\n"We will convoke the council in May," Putin added.',
    )
    assert [h["text"] for h in asked(runner, "putin", "convooy")] == [
        "The convoy left Rostov at noon,"
    ]
    engine = open_database(db_url)
    with engine.begin() as conn:
        conn.execute(text("delete from claim_mentions where text like :t"), {"t": "%convoy%"})
    engine.dispose()
    assert [h["text"] for h in asked(runner, "putin", "convooy")] == [
        "We will convoke the council in May,"
    ]


def test_a_speaker_is_found_when_others_say_the_topic_far_more(
    runner: Quotes, tmp_path: Path
) -> None:
    # Peskov says "pipeline" in 120 different sentences, Putin once: Putin's one quote must
    # still come back, by the word and by its close spelling, and nothing of Peskov's.
    folder = tmp_path / "crowd"
    folder.mkdir()
    lines = [f'"The pipeline schedule {n} stays as agreed," Peskov said.' for n in range(120)]
    (folder / "peskov.txt").write_text(" date 2024-02-01 " + "\n\n".join(lines))
    (folder / "putin.txt").write_text(
        ' date 2024-02-02 "Nobody will stop the pipeline," Putin said.'
    )
    runner.ok("ingest", "-q", str(folder))
    for topic in ("pipeline", "piepline"):
        hits = asked(runner, "putin", topic, "--limit", "1")
        assert [h["text"] for h in hits] == ["Nobody will stop the pipeline,"], topic
    assert len(asked(runner, "peskov", "pipeline", "--limit", "200")) == 120


def test_filters(made_up: Quotes) -> None:
    later = asked(made_up, "putin", "weapons", "--since", "2024-06-01")
    assert [h["date"] for h in later] == ["2024-09-20"]
    earlier = asked(made_up, "putin", "weapons", "--until", "2024-06-01")
    assert earlier and all(h["date"] == "2024-05-10" for h in earlier)
    assert all(h["kind"] == "full" for h in asked(made_up, "putin", "--kind", "full"))
    confident = asked(made_up, "putin", "--min-confidence", "0.9")
    assert all(h["confidence"] >= 0.9 for h in confident)
    assert len(asked(made_up, "putin", "--limit", "1")) == 1
    code, _, err = made_up.run("ask", "putin", "--since", "2024-13-01")
    assert code == 2 and "--since" in err
    code, _, err = made_up.run("ask", "putin", "--since", "2024-09-01", "--until", "2024-01-01")
    assert code == 2


@pytest.mark.parametrize(
    "topic",
    [
        '"weapons',
        "weapons OR",
        "NEAR(weapons deployed)",
        "weapon*",
        "-weapons",
        "--weapons",
        "'; DROP TABLE quotes; --",
        "text:weapons",
        "^weapons",
        "(",
        "AND",
        "?!",
        "   ",
        "weapons\x00",
    ],
)
def test_topics_are_words_never_syntax(made_up: Quotes, topic: str) -> None:
    # After "--" a topic that starts with a dash is a topic, not an option.
    code, out, err = made_up.run("ask", "putin", "--json", "--", topic)
    assert code == 0, err
    if "weapon" in topic.lower():
        assert "The weapons are already in place," in out
    assert len(asked(made_up, "putin")) > 0  # the database is intact


def test_topic_words_fold_case_accents_and_punctuation() -> None:
    assert topic_words("Air-Défense, «NATO»!") == ["air", "defense", "nato"]
    assert topic_words('x" OR y*') == ["x", "or", "y"]
    assert topic_words("___") == []


def test_output_formats(made_up: Quotes) -> None:
    table = made_up.ok("ask", "putin", "weapons")
    assert "Vladimir Putin about 'weapons'" in table and "arms.txt" in table
    rows = list(csv.DictReader(io.StringIO(made_up.ok("ask", "putin", "weapons", "--csv"))))
    assert rows and {"claim_id", "text", "sources", "confidence"} <= set(rows[0])
    hit = asked(made_up, "putin", "weapons")[0]
    assert set(hit["sources"][0]) == {
        *("path", "record", "date", "via", "quote"),
        *("outlet", "url", "title", "author", "published"),
    }
    code, out, _ = made_up.run("ask", "putin", "zzzzqqq")
    assert code == 0 and "no claims of Vladimir Putin about 'zzzzqqq'" in out


def test_speakers_lists_the_registry_with_counts(corpus: Quotes) -> None:
    rows = corpus.json("speakers")
    by_key = {r["key"]: r for r in rows}
    assert set(by_key) == {"lukashenko", "peskov", "putin", "shoigu", "OTHER"}
    assert by_key["shoigu"]["quotes"] == 0 and by_key["lukashenko"]["quotes"] > 0
    assert sum(r["quotes"] for r in rows) == 24
    assert "Kremlin spokesman" in by_key["peskov"]["roles"]


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_sheet_in_every_format(made_up: Quotes, fmt: str) -> None:
    out = made_up.ok("sheet", "putin", "--format", fmt)
    assert "Vladimir Putin" in out
    assert "The weapons are already in place" in out
    made_up.ok("sheet", "putin", "--format", fmt, "-o", f"putin.{fmt}")
    assert "The weapons are already in place" in Path(f"putin.{fmt}").read_text(encoding="utf-8")


def test_sheet_is_in_date_order_or_by_topic(made_up: Quotes) -> None:
    sheet = json.loads(made_up.ok("sheet", "putin", "--format", "json"))
    dates = [c["date"] for c in sheet["claims"]]
    assert dates == sorted(dates)
    by_topic = json.loads(made_up.ok("sheet", "putin", "--format", "json", "--by", "topic"))
    assert any(c["topic"] for c in by_topic["claims"])
    empty = made_up.ok("sheet", "shoigu")
    assert "No quotes from Sergei Shoigu" in empty


def test_sheet_filters_and_errors(made_up: Quotes) -> None:
    later = json.loads(made_up.ok("sheet", "putin", "--format", "json", "--since", "2024-06-01"))
    assert [c["date"] for c in later["claims"]] == ["2024-09-20"]
    code, _, err = made_up.run("sheet", "putin", "-o", "no/such/folder/x.md")
    assert code != 0 and "x.md" in err


def test_hostile_article_text_is_inert_in_sheets(runner: Quotes, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        '"<script>alert(1)</script> =HYPERLINK(""http://x"") [go](javascript:alert(1))"'
        " Putin said.",
        encoding="utf-8",
    )
    runner.ok("ingest", "-q", str(hostile))
    page = runner.ok("sheet", "putin", "--format", "html")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    markdown = runner.ok("sheet", "putin", "--format", "md")
    assert "<script>" not in markdown and "[go](javascript" not in markdown
    rows = list(csv.reader(io.StringIO(runner.ok("ask", "putin", "--csv"))))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
