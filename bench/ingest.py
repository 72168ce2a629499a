"""Ingest throughput through the command line: documents/s and MB/s, with peak memory.

Generates a corpus (or takes ``--corpus DIR``), then times ``quotes ingest --db URL DIR`` in
a child process, a fresh database each run. Every run also reports the child's peak resident
memory (``ru_maxrss`` from ``os.wait4``), which ``bench/memory.py`` compares across sizes.

    python bench/ingest.py [--mb 10 ...] [--runs 3] [--db URL] [--workers 1 2]

``--db`` defaults to a new SQLite file per run. Any other URL must name an empty database
that the run may fill; ``--reset CMD`` is run (through the shell, with the URL in $DB)
before each run to empty it, which is the hook for PostgreSQL. ``--workers N`` is passed to
``quotes ingest`` only when N is not 1, so a build without parallel ingest measures one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generate import write_corpus

QUOTES = str(Path(sys.executable).with_name("quotes"))


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system time of the child: what a shared machine does not blur
    peak_rss_mb: float
    summary: str


def corpus_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) of the ``*.txt`` files under ``folder``."""
    files = list(folder.rglob("*.txt"))
    return len(files), sum(f.stat().st_size for f in files)


def supports_workers() -> bool:
    help_text = subprocess.run([QUOTES, "ingest", "--help"], capture_output=True, text=True)
    return "--workers" in help_text.stdout


def run_ingest(folder: Path, db_url: str, workers: int = 1) -> Run:
    """One ``quotes ingest`` of ``folder`` into ``db_url``: wall time and peak RSS of the child."""
    command = [QUOTES, "ingest", "--db", db_url, str(folder)]
    if workers != 1:
        command[2:2] = ["--workers", str(workers)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read().decode(errors="replace")
    # wait4 gives this child's own rusage; the high-water mark is ru_maxrss (KiB on Linux).
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if child.returncode != 0:
        sys.exit(f"quotes ingest failed ({child.returncode}):\n{errors}")
    summary = errors.strip().splitlines()[-1] if errors.strip() else ""
    return Run(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, summary)


def sqlite_bytes(path: Path) -> int:
    """Bytes of a SQLite database on disk, its write-ahead log included."""
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def fresh_db(url: str | None, scratch_file: Path, reset: str | None) -> str:
    """A new SQLite file, or ``url`` emptied by the ``reset`` command."""
    if url is None:
        return f"sqlite:///{scratch_file}"
    if reset:
        subprocess.run(reset, shell=True, check=True, env={**os.environ, "DB": url})
    return url


def measure(
    folder: Path, scratch: Path, args: argparse.Namespace, workers: int
) -> list[Run] | None:
    """``args.runs`` ingests of ``folder``, each into a fresh database, printing each run."""
    if workers != 1 and not supports_workers():
        print(f"ingest, {workers} workers: skipped (this build has no --workers)")
        return None
    files, size = corpus_size(folder)
    runs: list[Run] = []
    for i in range(args.runs):
        scratch_file = scratch / f"w{workers}-{i}.db"
        db = fresh_db(args.db, scratch_file, args.reset)
        run = run_ingest(folder, db, workers)
        runs.append(run)
        stored = (
            f", database {sqlite_bytes(scratch_file) / 1e6:.1f} MB ="
            f" {sqlite_bytes(scratch_file) / size:.1f}x the text"
            if args.db is None
            else ""
        )
        print(
            f"  run {i + 1}: {run.seconds:.1f} s, {files / run.seconds:,.0f} docs/s,"
            f" {size / 1e6 / run.seconds:.2f} MB/s (CPU {run.cpu_seconds:.1f} s:"
            f" {size / 1e6 / run.cpu_seconds:.2f} MB/s), peak RSS {run.peak_rss_mb:.0f} MB"
            + stored,
            flush=True,
        )
        if args.db is None:
            scratch_file.unlink(missing_ok=True)
    seconds = statistics.median(r.seconds for r in runs)
    cpu = statistics.median(r.cpu_seconds for r in runs)
    rss = statistics.median(r.peak_rss_mb for r in runs)
    backend = (args.db or "sqlite").split(":")[0]
    print(
        f"ingest {size / 1e6:.1f} MB into {backend}, {workers} worker(s):"
        f" {files / seconds:,.0f} docs/s, {size / 1e6 / seconds:.2f} MB/s wall,"
        f" {size / 1e6 / cpu:.2f} MB/s per CPU second, peak RSS {rss:.0f} MB;"
        f" median of {len(runs)} ({files:,} files; {runs[-1].summary})",
        flush=True,
    )
    return runs


def parser(description: str, sizes: list[float], runs: int) -> argparse.ArgumentParser:
    found = argparse.ArgumentParser(description=description)
    found.add_argument("--mb", type=float, nargs="+", default=sizes, help="generated MB")
    found.add_argument("--seed", type=int, default=1)
    found.add_argument("--corpus", help="ingest this folder instead of a generated corpus")
    found.add_argument("--runs", type=int, default=runs, help=f"runs per setting ({runs})")
    found.add_argument("--db", help="database URL (default: a new SQLite file per run)")
    found.add_argument("--reset", help="shell command emptying --db before each run ($DB)")
    found.add_argument("--workers", type=int, nargs="+", default=[1])
    return found


def main(argv: list[str] | None = None, sizes: tuple[float, ...] = (10.0,), runs: int = 3) -> None:
    args = parser(__doc__.split("\n\n")[0], list(sizes), runs).parse_args(argv)
    if args.db and args.runs > 1 and not args.reset:
        sys.exit("--db with more than one run needs --reset to empty the database between runs")
    peaks: list[tuple[float, float]] = []
    for megabytes in [0.0] if args.corpus else args.mb:
        scratch = Path(tempfile.mkdtemp(prefix="quotes-bench-"))
        try:
            if args.corpus:
                folder = Path(args.corpus)
            else:
                folder = write_corpus(scratch / "corpus", int(megabytes * 1e6), args.seed).folder
            for workers in args.workers:
                runs_done = measure(folder, scratch, args, workers)
                if runs_done and workers == args.workers[0]:
                    peaks.append((megabytes, statistics.median(r.peak_rss_mb for r in runs_done)))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    if len(peaks) > 1:
        (small, low), (large, high) = peaks[0], peaks[-1]
        print(
            f"peak RSS of ingest: {low:.0f} MB at {small:g} MB of input, {high:.0f} MB at"
            f" {large:g} MB ({high / low:.2f}x for {large / small:g}x the input)"
        )


if __name__ == "__main__":
    main()
