"""Each listing command's exact output as a table, JSON and CSV, on a small made-up corpus.

Two articles and two made-up registry speakers, on each backend; one sentence is credited to
both speakers, so claims, conflicts, ask and audit all have something to mark. The expected
output is in tests/data/cli/; `make golden` writes it again from the current code, to be
read in the diff before it is committed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from conftest import EASTPORT_SPEAKERS, Quotes

GOLDEN = Path(__file__).parent / "data" / "cli"
REWRITE = os.environ.get("QUOTES_WRITE_GOLDEN") == "1"

ARTICLES = {
    "first.txt": (
        ' date 2024-03-01 "The bridge will open in May," Berg said.\n\n'
        '"Talks with the builders are going well," Lind told reporters.\n'
    ),
    "second.txt": ' date 2024-03-02 "The bridge will open in May," Lind said on Saturday.\n',
    # An export record: its source has an outlet, a URL, a title and a publication date.
    "herald.jsonl": json.dumps(
        {
            "id": "eh-3",
            "outlet": "Eastport Herald",
            "url": "https://eastportherald.example.org/2024/03/03/ferry",
            "title": "Ferry to run all winter",
            "author": "Mia Holm",
            "published": "2024-03-03",
            "text": '"The ferry will run all winter," Berg told the council.',
        }
    )
    + "\n",
}
COMMANDS = {
    "list": ["list"],
    "claims": ["claims"],
    "conflicts": ["conflicts"],
    "speakers": ["speakers"],
    "ask": ["ask", "berg"],
    "audit": ["audit"],
    "disputed": ["audit", "--disputed"],
    "stats": ["audit", "--stats"],
    "sources": ["sources"],
}
FORMATS = {"table": [], "json": ["--json"], "nl": ["--nl"], "csv": ["--csv"]}
# A review's time is the clock's: it is masked before comparing.
_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def _here(out: str) -> str:
    """Sources are stored as absolute paths (issue 20): the goldens give them below the
    test's folder."""
    return out.replace(os.path.realpath(os.getcwd()) + os.sep, "")


@pytest.fixture
def small(db_runner: Quotes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Quotes:
    """The two articles ingested (by a relative path), and two review decisions taken."""
    (tmp_path / "speakers.toml").write_text(EASTPORT_SPEAKERS.read_text("utf-8"), "utf-8")
    monkeypatch.setenv("QUOTES_SPEAKERS", str(tmp_path / "speakers.toml"))
    (tmp_path / "in").mkdir()
    for name, body in ARTICLES.items():
        (tmp_path / "in" / name).write_text(body, encoding="utf-8")
    db_runner.ok("ingest", "-q", "in")
    ids = {r["text"]: r["id"] for r in db_runner.json("list", "--speaker", "berg")}
    ids |= {
        r["text"]: r["id"] for r in db_runner.json("list", "--speaker", "lind", "--doc", "first")
    }
    db_runner.ok("review", ids["The bridge will open in May,"], "--confirm")
    db_runner.ok("review", ids["Talks with the builders are going well,"], "--speaker", "berg")
    return db_runner


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", COMMANDS)
def test_listing_output_is_exact(small: Quotes, command: str, fmt: str) -> None:
    out = _here(_TIMESTAMP.sub("<time>", small.ok(*COMMANDS[command], *FORMATS[fmt])))
    golden = GOLDEN / f"{command}.{'txt' if fmt == 'table' else fmt}"
    if REWRITE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_format_holds_the_same_rows(small: Quotes, command: str) -> None:
    """--json is one document; JSON lines are its rows; CSV has a record per row."""
    rows = small.json(*COMMANDS[command])
    assert isinstance(rows, list) and rows
    lines = small.ok(*COMMANDS[command], "--nl").splitlines()
    assert [json.loads(line) for line in lines] == rows
    records = list(csv.DictReader(io.StringIO(small.ok(*COMMANDS[command], "--csv"))))
    assert len(records) == len(rows)
    assert all(set(record) <= set(rows[0]) for record in records)


@pytest.mark.parametrize(
    "command", ["list", "claims", "conflicts", "speakers", "ask", "audit", "sources"]
)
def test_every_listing_command_takes_the_output_options(small: Quotes, command: str) -> None:
    shown = small.ok(*COMMANDS[command], "--help")
    assert all(flag in shown for flag in ("--table", "--json", "--nl", "--csv"))


@pytest.mark.parametrize("fmt", ["txt", "json"])
def test_show_is_exact(small: Quotes, fmt: str) -> None:
    """One quote in full: its evidence, the claim other sources share, the review log."""
    quote = next(r["id"] for r in small.json("list", "--speaker", "berg", "--doc", "first"))
    out = small.ok("show", quote, *(["--json"] if fmt == "json" else []))
    out = _here(_TIMESTAMP.sub("<time>", out))
    golden = GOLDEN / f"show.{fmt}"
    if REWRITE:
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")
