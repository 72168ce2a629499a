"""Instructions the pure core runs over generated news, counted by valgrind's callgrind.

A shared machine's wall clock and CPU seconds swing by a fifth from one run to the next;
the count of instructions does not, so it compares two versions of the core where
``split_attribute.py`` cannot. Each tree is run twice under callgrind, once to set up
(imports, generating the articles, the first article) and once to set up and run every
article; the difference is the core's own work.

    python bench/instructions.py [--mb 0.5] [TREE ...]   # TREE: a checkout (default: this one)

Needs valgrind (Debian: ``apt-get install valgrind``); without it, one line says so. About
three minutes a tree at 0.5 MB. Compare trees with ``git worktree add /tmp/old REV``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")

# Run in the child: the same workload as split_attribute.py, read from the tree on PYTHONPATH.
_CHILD = """
import sys
sys.path.insert(0, {bench!r})
from generate import articles
from quotes.attribute.registry import load_registry
from quotes.attribute.runner import extract
from quotes.config import speakers_path
from quotes.extract.read import parse_article
docs = [parse_article(f"g/{{i}}.txt", t.encode()) for i, t in enumerate(articles(1, {size}))]
registry = load_registry(speakers_path())
extract(docs[0], registry)
if {run}:
    for doc in docs:
        extract(doc, registry)
"""


def count(tree: Path, size: int, run: bool) -> int:
    code = _CHILD.format(bench=str(HERE), size=size, run=run)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            code,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"callgrind failed in {tree}: {done.stderr.strip().splitlines()[-1:]}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=0.5, help="generated megabytes (0.5)")
    parser.add_argument("trees", nargs="*", type=Path, help="checkouts to count (this one)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("instructions: valgrind is not installed; nothing counted")
        return
    size = int(args.mb * 1e6)
    for tree in args.trees or [HERE.parent]:
        core = count(tree, size, True) - count(tree, size, False)
        print(f"instructions: {core / 1e6:,.0f} M for {args.mb:g} MB of generated news ({tree})")


if __name__ == "__main__":
    main()
