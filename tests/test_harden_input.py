"""Issue 20, the input side: special files, file names, canonical sources, wrapped text,
structured files given as text, registry mistakes, short and re-spelt claims, names in
capitals or with invisible characters, and a cap on quotes per document.

Each test names the issue's item it covers and fails on the code before the fix.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EASTPORT_SPEAKERS, Quotes
from sqlalchemy import create_engine, func, select

from quotes.db.models import Document, Quote, Source

PESKOV = '"We will study the proposal carefully," Peskov told reporters on Monday.\n'


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """A test that would hang (a FIFO opened for reading) fails after 60 s instead."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("the command hung")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def stored(db_url: str) -> tuple[list[str], list[str], int]:
    """Document paths, source paths and the number of quotes in the database."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            docs = sorted(connection.scalars(select(Document.path)))
            sources = sorted(connection.scalars(select(Source.path)))
            quotes = connection.scalar(select(func.count()).select_from(Quote)) or 0
    finally:
        engine.dispose()
    return docs, sources, quotes


def warnings_of(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("warning: ")]


# Item 7: special files, undecodable names, unreadable folders.


def test_special_files_in_a_folder_are_named_and_skipped(
    db_runner: Quotes, tmp_path: Path, db_url: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(PESKOV, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "sock.txt"))
        (folder / "null.txt").symlink_to("/dev/null")
        code, _, err = db_runner.run("ingest", "in")
    finally:
        server.close()
    assert code == 1
    assert warnings_of(err) == [
        "warning: in/null.txt: a character device, not a regular file; skipped",
        "warning: in/pipe.txt: a named pipe (FIFO), not a regular file; skipped",
        "warning: in/sock.txt: a socket, not a regular file; skipped",
    ]
    assert err.splitlines()[-1] == (
        "ingested 1 document(s): 1 quotes, 1 attributed to registry speakers; 3 skipped"
    )
    assert stored(db_url)[0] == [str(folder.resolve() / "a.txt")]


def test_a_special_file_named_directly_is_one_line(runner: Quotes, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    code, _, err = runner.run("ingest", "pipe", "/dev/null")
    assert code == 1
    assert warnings_of(err) == [
        "warning: pipe: a named pipe (FIFO), not a regular file; skipped",
        "warning: /dev/null: a character device, not a regular file; skipped",
    ]
    assert err.splitlines()[-1].endswith("; 2 skipped")


def test_a_file_name_that_is_not_utf8_is_stored_escaped_and_printed_safely(
    db_runner: Quotes, tmp_path: Path, db_url: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = os.fsdecode(bytes(folder) + b"/caf\xe9.txt")
    bad = os.fsdecode(bytes(folder) + b"/r\xe9sum\xe9\x1b[31m.txt")
    Path(good).write_text(PESKOV, encoding="utf-8")
    Path(bad).write_bytes(b"\xff\xfe not text")
    code, _, err = db_runner.run("ingest", "in")
    assert code == 1
    assert warnings_of(err) == [
        "warning: in/r\\xe9sum\\xe9\\x1b[31m.txt: UTF-16 text, skipped; convert it first,"
        " e.g. `iconv -f utf-16 -t utf-8`"
    ]
    assert err.splitlines()[-1] == (
        "ingested 1 document(s): 1 quotes, 1 attributed to registry speakers; 1 skipped"
    )
    escaped = str(folder.resolve()) + "/caf\\xe9.txt"
    assert stored(db_url) == ([escaped], [escaped], 1)
    # Once more: the same name is met, nothing new is stored.
    code, _, err = db_runner.run("ingest", "in")
    assert stored(db_url) == ([escaped], [escaped], 1)


def test_an_unreadable_folder_or_file_is_one_line(
    runner: Quotes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated (the tests may run as root, who reads everything)."""
    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(PESKOV, encoding="utf-8")
    (tmp_path / "closed").mkdir()
    real_stat, real_scandir = os.stat, os.scandir

    def stat(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path).endswith("closed/x.txt"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_stat(path, *args, **kwargs)

    def scandir(path=".", *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "scandir", scandir)
    code, _, err = runner.run("ingest", "in", "closed/x.txt")
    assert code == 1
    assert warnings_of(err) == [
        "warning: in/locked: cannot read folder (Permission denied), skipped",
        "warning: closed/x.txt: cannot read (Permission denied), skipped",
    ]
    assert err.splitlines()[-1] == (
        "ingested 1 document(s): 1 quotes, 1 attributed to registry speakers; 2 skipped"
    )


# Item 9: one file is one source however its path is spelt.


def test_one_folder_spelt_five_ways_is_one_source(
    db_runner: Quotes, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(PESKOV, encoding="utf-8")
    (tmp_path / "link").symlink_to(corpus)
    first = db_runner.run("ingest", "corpus")
    assert first[0] == 0
    for spelling in ("./corpus/", str(corpus), "corpus/../corpus", "link"):
        code, _, err = db_runner.run("ingest", spelling)
        assert (code, err.splitlines()[-1]) == (
            0,
            "ingested 0 document(s): 0 quotes, 0 attributed to registry speakers;"
            " 1 already stored, unchanged",
        )
    monkeypatch.chdir(corpus)
    code, _, err = db_runner.run("ingest", ".")
    assert err.splitlines()[-1].endswith("1 already stored, unchanged")
    path = str(corpus.resolve() / "a.txt")
    assert stored(db_url) == ([path], [path], 1)


# Item 3: hard-wrapped plain text.

WIRE = [
    "Kremlin turns down the offer of talks",
    "MOSCOW, June 4 (Northern Wire) - The Kremlin on Wednesday rejected the newest offer"
    " of talks from the coalition, saying that the terms attached to it could never be met"
    " by any government that respected itself.",
    '"We read the letter twice and we found nothing in it that we have not heard before,'
    ' nothing that would let a serious conversation begin," Kremlin spokesman Dmitry Peskov'
    " told reporters on a call.",
    "Belarusian President Alexander Lukashenko, speaking to farmers near Gomel, went further"
    ' than his ally. "Nobody in a foreign capital will tell our two nations how to run our'
    ' own affairs, not this year and not in a hundred years," Lukashenko said.',
    "Vladimir Putin told the security council in the evening that"
    ' "the door stays open for anyone who comes with honest intentions and a serious plan,'
    ' and we are ready for that conversation."',
]


def wrapped(paragraphs: list[str], width: int, newline: str = "\n") -> str:
    lines = (newline.join(textwrap.wrap(p, width)) for p in paragraphs)
    return (newline * 2).join(lines) + newline


def extracted(text: str) -> list[tuple[str, str | None, str | None, str]]:
    """(quote with its spaces normalised, speaker, mention, rule) of every quote; checks
    that each quote's offsets slice the text to its stored words."""
    from quotes.attribute.registry import load_registry
    from quotes.attribute.runner import extract
    from quotes.config import speakers_path
    from quotes.extract.read import parse_article

    article = parse_article("wire.txt", text.encode("utf-8"))
    found = []
    for quote in extract(article, load_registry(speakers_path())).quotes:
        assert text[quote.span.start : quote.span.end] == quote.text
        a = quote.attribution
        mention = " ".join(a.mention.split()) if a.mention else None
        found.append((" ".join(quote.text.split()), a.speaker, mention, a.rule))
    return found


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("width", [60, 66, 72])
def test_hard_wrapped_wire_copy_reads_as_the_unwrapped_text(width: int, newline: str) -> None:
    flat = extracted("\n\n".join(WIRE) + "\n")
    assert [speaker for _, speaker, _, _ in flat] == ["peskov", "lukashenko", "putin"]
    text = wrapped(WIRE, width, newline)
    assert max(len(line) for line in text.splitlines()) <= width
    assert extracted(text) == flat


def test_wrapped_quotes_are_stored_whole_with_offsets_into_the_file(
    runner: Quotes, tmp_path: Path
) -> None:
    text = wrapped(WIRE, 64)
    (tmp_path / "wire.txt").write_text(text, encoding="utf-8")
    code, _, err = runner.run("ingest", "wire.txt")
    assert (code, err.splitlines()[-1]) == (
        0,
        "ingested 1 document(s): 3 quotes, 3 attributed to registry speakers",
    )
    rows = [json.loads(line) for line in runner.ok("export").splitlines()]
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"]
        assert text[row["mention_start"] : row["mention_end"]].split() == row["mention"].split()
    assert [" ".join(r["mention"].split()) for r in rows] == [
        "Dmitry Peskov",
        "Lukashenko",
        "Vladimir Putin",
    ]


def test_lines_that_are_paragraphs_stay_paragraphs() -> None:
    """Short paragraphs of a line each, with a blank line somewhere, are not joined: their
    breaks do not fall where a wrapping program breaks."""
    text = (
        "Talks stall\n\n"
        '"We are not in a hurry," Peskov said.\n'
        "Nothing else was said on Monday about the matter or about the date.\n"
        '"It is too early," Lukashenko said.\n'
    )
    assert [(q, s) for q, s, _, _ in extracted(text)] == [
        ("We are not in a hurry,", "peskov"),
        ("It is too early,", "lukashenko"),
    ]


# Item 10: the registry is checked against its schema, one line per mistake.

GOOD_SPEAKER = '[[speaker]]\nkey = "berg"\nname = "Anna Berg"\n'
ROLE = '[[speaker.role]]\ntitle = "Mayor of Eastport"\n'


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        pytest.param(
            GOOD_SPEAKER + ROLE + 'patterns = "Eastport mayor"\n',
            "speaker 1 (berg) role 1, field 'patterns': a list of strings is expected, got a"
            " string; write patterns = ['Eastport mayor']",
            id="string-for-list",
        ),
        pytest.param(
            'speaker = "Anna Berg"\n',
            "speaker registry {path}: 'speaker' must be [[speaker]] entries (a list of tables),"
            " got a string; write [[speaker]] with two brackets",
            id="speaker-string",
        ),
        pytest.param(
            '[speaker]\nkey = "berg"\nname = "Anna Berg"\n',
            "speaker registry {path}: 'speaker' must be [[speaker]] entries (a list of tables),"
            " got a table; write [[speaker]] with two brackets",
            id="single-brackets",
        ),
        pytest.param(
            "speaker = [1, 2]\n",
            "speaker 1: a [[speaker]] table is expected, got a number",
            id="speaker-number",
        ),
        pytest.param(
            GOOD_SPEAKER + 'role = "Mayor"\n',
            "speaker 1 (berg), field 'role': [[speaker.role]] tables are expected, got a string",
            id="role-string",
        ),
        pytest.param(
            GOOD_SPEAKER + 'surnames = ["Berg", 7]\n',
            "speaker 1 (berg), field 'surnames', item 2: a string is expected, got a number (7)",
            id="number-in-list",
        ),
        pytest.param(
            GOOD_SPEAKER + "names = 5\n",
            "speaker 1 (berg), field 'names': a list of strings is expected, got a number (5)",
            id="number-for-list",
        ),
        pytest.param(
            '[[speaker]]\nkey = "berg"\nname = "  "\n',
            "speaker 1 (berg), field 'name': is empty; give a name or remove it",
            id="blank-name",
        ),
        pytest.param(
            '[[speaker]]\nkey = "berg"\n',
            "speaker 1 (berg): field 'name' is missing; every [[speaker]] needs 'name'",
            id="no-name",
        ),
        pytest.param(
            '[[speaker]]\nkey = 3\nname = "Anna Berg"\n',
            "speaker 1, field 'key': a string is expected, got a number (3)",
            id="number-key",
        ),
        pytest.param(
            GOOD_SPEAKER + ROLE + "from = 2024-05-01\nto = 2020-01-01\n",
            "speaker 1 (berg) role 1 (Mayor of Eastport): 'from' 2024-05-01 is after 'to'"
            " 2020-01-01; the role must start before it ends",
            id="dates-reversed",
        ),
        pytest.param(
            '[[speaker]]\nkey = "OTHER"\nname = "Anna Berg"\n',
            "speaker 1 (OTHER), field 'key': 'OTHER' is reserved (it means none of the registry"
            " in reports and gold files); choose another key",
            id="reserved-key",
        ),
        pytest.param(
            GOOD_SPEAKER + 'surname = ["Berg"]\n',
            "speaker 1 (berg): unknown field 'surname' (did you mean 'surnames'?)",
            id="unknown-field",
        ),
        pytest.param(
            GOOD_SPEAKER + ROLE + "until = 2020-01-01\n",
            "speaker 1 (berg) role 1: unknown field 'until' (known: title, patterns, from, to)",
            id="unknown-role-field",
        ),
        pytest.param(
            GOOD_SPEAKER + 'gender = "male"\n',
            "speaker 1 (berg), field 'gender': 'male' is not one of m, f; leave it out when"
            " unknown",
            id="gender",
        ),
        pytest.param(
            '[[speakers]]\nkey = "berg"\nname = "Anna Berg"\n',
            "speaker registry {path}: unknown table or field 'speakers' (did you mean"
            " [[speaker]]?); a registry holds [[speaker]] entries only",
            id="unknown-table",
        ),
    ],
)
def test_a_registry_mistake_is_one_line_naming_file_entry_and_field(
    runner: Quotes, tmp_path: Path, toml: str, message: str
) -> None:
    path = tmp_path / "speakers.toml"
    path.write_text(toml, encoding="utf-8")
    (tmp_path / "a.txt").write_text('"The bridge opens in May," Berg said.\n', encoding="utf-8")
    code, out, err = runner.run("ingest", "--speakers", str(path), "a.txt")
    expected = message.format(path=path)
    if not expected.startswith("speaker registry"):
        expected = f"{path} {expected}"
    assert (code, out, err) == (1, "", f"Error: {expected}\n")
    assert not (tmp_path / "quotes.db").exists()  # nothing was opened, nothing stored


# An elder Berg who was mayor too: with the Eastport registry, a surname and a role shared.
ELDER_BERG = """
[[speaker]]
key = "bo"
name = "Boris Berg"
names = ["Boris Berg", "the elder Berg"]
surnames = ["Berg"]
[[speaker.role]]
title = "Mayor of Eastport"
from = 2016-01-01
to = 2022-06-30
patterns = ["Eastport mayor"]
"""
SHARED_REGISTRY = EASTPORT_SPEAKERS.read_text("utf-8") + ELDER_BERG


def test_shared_names_and_roles_are_warned_and_attribute_nobody(
    runner: Quotes, tmp_path: Path
) -> None:
    path = tmp_path / "speakers.toml"
    path.write_text(SHARED_REGISTRY, encoding="utf-8")
    (tmp_path / "a.txt").write_text(
        ' date 2021-03-01 "The bridge opens in May," Berg said.\n\n'
        '"The budget is fine," the Eastport mayor said.\n\n'
        '"We will see," Boris Berg said.\n',
        encoding="utf-8",
    )
    code, _, err = runner.run("ingest", "--speakers", str(path), "a.txt")
    assert code == 0
    assert warnings_of(err) == [
        f"warning: speaker registry {path}: the name 'Berg' belongs to berg and bo: it is left"
        " unattributed unless a full name, a role or the article says which",
        f"warning: speaker registry {path}: the role 'eastport mayor' is held by berg and bo at"
        " the same time: it is left unattributed while both hold it",
    ]
    rows = [json.loads(line) for line in runner.ok("export").splitlines()]
    assert [r["speaker"] for r in rows] == [None, None, "Boris Berg"]


# Item 8: a structured file given as text, and every name a folder holds.

RECORD = {"title": "Talks", "text": '"We will study it," Peskov said on Monday.', "outlet": "Wire"}


def test_structured_files_named_as_text_are_refused_with_the_right_format(
    db_runner: Quotes, tmp_path: Path, db_url: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "dump.txt").write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    (folder / "list.txt").write_text(json.dumps([RECORD], indent=1), encoding="utf-8")
    code, _, err = db_runner.run("ingest", "in")
    assert code == 1
    assert warnings_of(err) == [
        "warning: in/dump.txt: JSON lines (one JSON object per line), not article text; name"
        " the file .jsonl to read each line as an article (--field maps its columns), skipped",
        "warning: in/list.txt: a JSON array, not article text; convert it to JSON lines named"
        " .jsonl first, e.g. `jq -c '.[]' file > file.jsonl`, skipped",
    ]
    assert err.splitlines()[-1] == (
        "ingested 0 document(s): 0 quotes, 0 attributed to registry speakers; 2 skipped"
    )
    assert stored(db_url) == ([], [], 0)  # no key of the record became a quote


def test_every_file_of_a_folder_is_read_or_named(runner: Quotes, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.md").write_text(PESKOV, encoding="utf-8")
    (folder / "LOUD.TXT").write_text(PESKOV.replace("carefully", "closely"), encoding="utf-8")
    (folder / "feed.json").write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    (folder / "letter.docx").write_bytes(b"PK\x03\x04 a word file")
    code, _, err = runner.run("ingest", "in")
    assert code == 1
    assert warnings_of(err) == [
        "warning: in/letter.docx: not a format quotes reads (.txt, .md, .html, .jsonl, .json,"
        " .csv, .tsv, .warc, .warc.gz), skipped"
    ]
    assert err.splitlines()[-1] == (
        "ingested 3 document(s): 3 quotes, 3 attributed to registry speakers; 1 skipped"
    )


# Item 14: short texts are no conflict; a compound spelt three ways is one claim.


def test_short_words_from_two_speakers_are_no_conflict(db_runner: Quotes, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        ' date 2024-03-01 "Thank you," Peskov said. "No," Lukashenko said.\n\n'
        '"Thank you," Lukashenko said. "No," Peskov said.\n\n'
        '"The border stays closed until the spring," Peskov said.\n',
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        ' date 2024-03-02 "The border stays closed until the spring," Lukashenko said.\n\n'
        '"Thank you," Peskov said.\n',
        encoding="utf-8",
    )
    db_runner.ok("ingest", "a.txt", "b.txt")
    conflicts = db_runner.json("conflicts")
    assert {r["text"] for r in conflicts} == {"The border stays closed until the spring,"}
    claims = db_runner.json("claims", "--speaker", "peskov")
    thanks = [c for c in claims if c["text"] == "Thank you,"]
    # Peskov's own "Thank you" in two documents is still one claim with two sources.
    assert [(c["sources"], c["conflict"]) for c in thanks] == [(2, False)]


@pytest.mark.parametrize("spelling", ["self sufficient", "selfsufficient", "self-sufficient"])
def test_a_compound_spelt_another_way_is_a_second_source(
    db_runner: Quotes, tmp_path: Path, spelling: str
) -> None:
    words = "Our farms are {} in grain and will stay that way for years,"
    (tmp_path / "a.txt").write_text(
        f' date 2024-03-01 "{words.format("self-sufficient")}" Lukashenko said.\n',
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        f' date 2024-03-02 "{words.format(spelling)}" Lukashenko told farmers.\n',
        encoding="utf-8",
    )
    db_runner.ok("ingest", "a.txt", "b.txt")
    claims = db_runner.json("claims", "--speaker", "lukashenko")
    assert [c["sources"] for c in claims] == [2]


def test_spaced_and_joined_compounds_match_and_other_words_still_do_not() -> None:
    from quotes.dedupe.match import same_claim
    from quotes.dedupe.normalise import normalise

    base = normalise("The region is self-sufficient in energy now")
    assert same_claim(base, normalise("The region is self sufficient in energy now"))
    assert same_claim(normalise("The region is self sufficient in energy now"), base)
    assert same_claim(base, normalise("The region is selfsufficient in energy now"))
    # Joining two words that the other side has as one changes nothing else.
    assert not same_claim(base, normalise("The region is self reliant in energy now"))
    assert not same_claim(base, normalise("The region is not self sufficient in energy now"))


# Item 15: names in capitals or with invisible characters; soft line breaks.

INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


@pytest.mark.parametrize(
    ("text", "speaker", "mention"),
    [
        ('PESKOV said: "We have no plans to answer that today."', "peskov", "PESKOV"),
        ('"We have no plans to answer that today," LUKASHENKO said.', "lukashenko", "LUKASHENKO"),
        ('"We have no plans for it," said DMITRY PESKOV.', "peskov", "DMITRY PESKOV"),
        *[
            (f'"We have no plans for it," Pes{c}kov said.', "peskov", f"Pes{c}kov")
            for c in INVISIBLE
        ],
        (
            '"We have no plans for it," Luka\u00adshen\u00adko told reporters.',
            "lukashenko",
            "Luka\u00adshen\u00adko",
        ),
    ],
)
def test_names_in_capitals_or_with_invisible_characters_are_found(
    text: str, speaker: str, mention: str
) -> None:
    [(_, found, named, _)] = extracted(text + "\n")
    assert (found, named) == (speaker, mention)


@pytest.mark.parametrize("soft", ["\x0b", "\u2028"])
def test_a_soft_line_break_does_not_split_a_quote(soft: str) -> None:
    text = f'"We will not sign it this year,{soft}and not the next," Peskov said.\n'
    assert extracted(text) == extracted(text.replace(soft, " "))
    assert [(q, s) for q, s, _, _ in extracted(text)] == [
        ("We will not sign it this year, and not the next,", "peskov")
    ]


def test_a_paragraph_separator_ends_a_paragraph() -> None:
    text = '"We will not sign it," Peskov said.\u2029"Nor will we," Lukashenko said.\n'
    [first, second] = extracted(text)
    assert (first[1], second[1]) == ("peskov", "lukashenko")
    from quotes.extract.splitter import paragraphs

    assert len(paragraphs(text)) == 2


# Item 6 (the input side): a document of thousands of quotes on one line is bounded.


def test_a_line_of_thousands_of_quotes_is_capped_with_a_warning(
    runner: Quotes, tmp_path: Path
) -> None:
    from quotes.extract.sentences import MAX_SENTENCE_CHARS
    from quotes.extract.splitter import MAX_QUOTES_PER_DOCUMENT

    count = MAX_QUOTES_PER_DOCUMENT + 300
    line = "".join(f'"We will look at offer {i} closely," Peskov said, and ' for i in range(count))
    (tmp_path / "dump.txt").write_text(line + "that was all.\n", encoding="utf-8")
    code, _, err = runner.run("ingest", "dump.txt")
    assert code == 0
    assert warnings_of(err) == [
        f"warning: {tmp_path.resolve() / 'dump.txt'}: 2,000 quotes or more in one document"
        " (a dump or a table, not an article?); only the first 2,000 are kept"
    ]
    assert err.splitlines()[-1] == (
        "ingested 1 document(s): 2000 quotes, 2000 attributed to registry speakers"
    )
    engine = create_engine(f"sqlite:///{tmp_path / 'quotes.db'}")
    try:
        with engine.connect() as connection:
            widest = connection.scalar(select(func.max(Quote.sentence_end - Quote.sentence_start)))
    finally:
        engine.dispose()
    # The writer's "sentence" kept with each quote is a few pieces, not the whole line.
    assert widest is not None and widest <= 2 * MAX_SENTENCE_CHARS + 100
    assert len(line) > 50 * MAX_SENTENCE_CHARS


def test_a_long_sentence_is_cut_after_a_comma_into_bounded_pieces() -> None:
    from quotes.extract.sentences import MAX_SENTENCE_CHARS, sentences

    text = "They listed " + ", ".join(f"item number {i}" for i in range(600)) + "."
    found = sentences(text, [(0, len(text))])
    assert len(found) > 1
    assert all(end - start <= MAX_SENTENCE_CHARS for start, end in found)
    assert all(text[start:end] == text[start:end].strip() for start, end in found)
    assert all(text[end - 1] == "," for _, end in found[:-1])  # cut after a comma
    assert found[0][0] == 0 and found[-1][1] == len(text)
