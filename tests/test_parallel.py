"""Parallel and sharded ingest: worker processes, slices of the input, concurrent writers."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from conftest import Quotes
from sqlalchemy import create_engine, text

from quotes import ingest
from quotes.ingest import discover, in_shard

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def make_input(folder: Path) -> Path:
    """The corpus three ways: as is, under other names (same text, new sources), and as
    another outlet edited it (re-punctuated, one quote cut), so claims join across files."""
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt")):
        body = path.read_text(encoding="utf-8")
        shutil.copy(path, folder / path.name)
        shutil.copy(path, folder / f"copy_{path.name}")
        edited = body.replace(
            "It's been going on for, I think, two days. ", "It's been going on ... "
        )
        edited = edited.replace("the Union State,", "the Union State").replace(" - ", " — ")
        (folder / f"edited_{path.name}").write_text(edited, encoding="utf-8")
    return folder


def cli_ok(*args: str) -> str:
    return Quotes().ok(*args)


def claims(url: str) -> set[tuple[str | None, tuple[str, ...], int]]:
    """Each claim as (speaker, the quotes behind it, how many sources carried it)."""
    rows = json.loads(cli_ok("claims", "--json", "--db", url))
    return {(r["speaker"], tuple(r["quotes"]), r["sources"]) for r in rows}


def stored(url: str) -> tuple[list[tuple[str, int]], set[tuple[str, str]], set[str]]:
    """Documents with how often each text is stored, their sources, and every quote's id."""
    engine = create_engine(url)
    with engine.connect() as conn:
        documents = conn.execute(
            text("select sha256, count(*) from documents group by sha256 order by sha256")
        ).all()
        sources = conn.execute(
            text("select d.sha256, s.path from sources s join documents d on d.id = s.document_id")
        ).all()
        uids = conn.execute(text("select uid from quotes")).scalars().all()
    engine.dispose()
    return (
        [(sha, count) for sha, count in documents],
        {(sha, Path(path).name) for sha, path in sources},
        set(uids),
    )


@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_shards_are_disjoint_and_cover_the_input(count: int) -> None:
    keys = [
        f"{year}/{month:02d}/article_{n}.txt"
        for year in (2023, 2024)
        for month in range(1, 13)
        for n in range(10)
    ]
    owners = [[i for i in range(1, count + 1) if in_shard(key, (i, count))] for key in keys]
    assert all(len(found) == 1 for found in owners)
    if count > 1:
        assert {found[0] for found in owners} == set(range(1, count + 1))  # none left empty


def test_shards_depend_on_the_path_below_the_folder_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_input(tmp_path / "archive")
    shutil.copytree(tmp_path / "archive", tmp_path / "elsewhere" / "mounted")
    monkeypatch.chdir(tmp_path)
    for index in (1, 2):
        here = [Path(f).name for f in discover(["archive"], (index, 2))[0]]
        there = [
            Path(f).name for f in discover([str(tmp_path / "elsewhere" / "mounted")], (index, 2))[0]
        ]
        assert here == there


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0/2", "from 1 to N"),
        ("3/2", "from 1 to N"),
        ("1/0", "from 1 to N"),
        ("half", "is not I/N"),
        ("1/2/3", "is not I/N"),
    ],
)
def test_a_bad_shard_is_a_usage_error(value: str, message: str) -> None:
    result = Quotes().call("ingest", "--shard", value, str(CORPUS))
    assert result.exit_code == 2
    assert message in result.stderr


def test_workers_store_exactly_what_one_process_stores(tmp_path: Path) -> None:
    folder = make_input(tmp_path / "input")
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    cli_ok("ingest", "--quiet", "--db", one, str(folder))
    cli_ok("ingest", "--quiet", "--workers", "2", "--db", two, str(folder))
    # Same documents in the same order, so the same rows, ids and claims, byte for byte.
    assert cli_ok("export", "--db", two) == cli_ok("export", "--db", one)
    assert cli_ok("claims", "--json", "--db", two) == cli_ok("claims", "--json", "--db", one)


def test_the_slices_of_a_sharded_ingest_add_up_to_the_whole(tmp_path: Path) -> None:
    folder = make_input(tmp_path / "input")
    whole, sharded = f"sqlite:///{tmp_path / 'whole.db'}", f"sqlite:///{tmp_path / 'sharded.db'}"
    cli_ok("ingest", "--quiet", "--db", whole, str(folder))
    for shard in ("1/2", "2/2"):
        cli_ok("ingest", "--quiet", "--shard", shard, "--db", sharded, str(folder))
    assert stored(sharded) == stored(whole)
    assert claims(sharded) == claims(whole)


WORDS = (
    "bridge harvest border treaty pipeline reserve winter railway summit grain tariff envoy"
    " harbour archive festival factory orchard reactor ferry convoy census budget village"
    " airport canal tunnel bakery glacier market council"
).split()


def make_pairs(first: Path, second: Path, count: int) -> None:
    """``count`` articles written twice, by two outlets: other lead lines, the same quotes.

    Every article brings words no other has, so whichever process stores one of a pair
    first starts new claims, and the other's copy must join them.
    """
    first.mkdir(exist_ok=True)
    second.mkdir(exist_ok=True)
    for n in range(count):
        a, b, c, d = (WORDS[(n * k + k) % len(WORDS)] for k in (1, 3, 5, 7))
        quotes = (
            f'"The {a} and the {b} of article {n} are ready for the {c}," Peskov said.\n\n'
            f'"Nobody will close the {d} near the {a} this year," Putin told reporters.\n'
        )
        (first / f"{n:03d}_pair.txt").write_text(f"Moscow, report {n}.\n\n{quotes}")
        (second / f"{n:03d}_pair.txt").write_text(f"Minsk (wire), story {n}.\n\n{quotes}")


def test_claims_do_not_depend_on_the_order_files_arrive(tmp_path: Path) -> None:
    """Several writers store documents in no fixed order; the corpus, its renamed and its
    edited copies group into the same claims whichever comes first."""
    files = sorted(str(path) for path in make_input(tmp_path / "input").iterdir())
    forward, backward = f"sqlite:///{tmp_path / 'f.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    cli_ok("ingest", "--quiet", "--db", forward, *files)
    cli_ok("ingest", "--quiet", "--db", backward, *reversed(files))
    assert claims(backward) == claims(forward)


def _ingest(url: str, *paths: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "quotes", "ingest", "--quiet", "--workers", "2", "--db", url]
        + [str(path) for path in paths],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_with_workers_store_what_one_process_stores(
    db_url: str, tmp_path: Path
) -> None:
    """Issue 6's acceptance: two OS processes with 2 workers each ingest the corpus, renamed
    and edited copies of it and pairs of articles quoting the same words, into one new
    database at once, in opposite orders, so they race for the same documents and start
    claims for the same words at the same time. The result is a single process's."""
    one, two = tmp_path / "one", tmp_path / "two"
    make_input(tmp_path / "corpus")
    for path in (tmp_path / "corpus").iterdir():
        (one if path.name[0].isdigit() else two).mkdir(exist_ok=True)
        shutil.move(path, (one if path.name[0].isdigit() else two) / path.name)
    make_pairs(one, two, 30)
    single = f"sqlite:///{tmp_path / 'single.db'}"
    cli_ok("ingest", "--quiet", "--db", single, str(one), str(two))

    first, second = _ingest(db_url, one, two), _ingest(db_url, two, one)
    for process in (first, second):
        _, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        assert "Traceback (most recent call last)" not in err  # a real process: stderr is real

    documents, sources, uids = stored(db_url)
    expected_documents, expected_sources, expected_uids = stored(single)
    files = [*one.iterdir(), *two.iterdir()]
    texts = {hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    assert documents == expected_documents == [(sha, 1) for sha in sorted(texts)]
    assert sources == expected_sources and len(sources) == len(files)  # every path, once
    assert uids == expected_uids
    assert claims(db_url) == claims(single)


def test_a_wait_for_a_chunk_ends_when_a_worker_seen_alive_is_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker killed while writing its answer leaves the pool reading half a message
    forever; the wait notices the worker is gone instead of hanging with it."""
    monkeypatch.setattr(ingest, "WORKER_CHECK_SECONDS", 0.01)
    never: Future[list[object]] = Future()  # the answer a dead worker never finished
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    with pytest.raises(BrokenProcessPool):
        ingest._result(never, {int(gone.stdout)})  # type: ignore[arg-type]


def test_a_wait_for_a_chunk_returns_its_answer() -> None:
    done: Future[list[object]] = Future()
    done.set_result(["answer"])
    assert ingest._result(done, set()) == ["answer"]  # type: ignore[arg-type]
