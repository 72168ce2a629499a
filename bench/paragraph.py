"""The unbalanced file: 10,000 short quotes in one 130 KB paragraph, as the robustness test
writes it. Prints the ingest's time, peak memory and the database's size against the text's.

Every quote's sentence is the whole paragraph, so whatever is stored or indexed per quote
from its sentence grows with the square of the file (it made a 1.6 GB database).

    python bench/paragraph.py [--quotes 10000]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from ingest import run_ingest, sqlite_bytes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quotes", type=int, default=10_000)
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="quotes-bench-"))
    try:
        folder = scratch / "in"
        folder.mkdir()
        article = folder / "unbalanced.txt"
        article.write_text('He said "yes ' * args.quotes, encoding="utf-8")
        size = article.stat().st_size
        db = scratch / "q.db"
        run = run_ingest(folder, f"sqlite:///{db}")
        stored = sqlite_bytes(db)
        print(
            f"{args.quotes:,} quotes in one paragraph ({size / 1e3:.0f} KB): ingest"
            f" {run.seconds:.1f} s (CPU {run.cpu_seconds:.1f} s), peak RSS"
            f" {run.peak_rss_mb:.0f} MB, database {stored / 1e6:.2f} MB ="
            f" {stored / size:.1f}x the text ({run.summary})"
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
