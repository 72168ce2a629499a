"""Peak memory of ingesting one large JSON-lines export and one large WARC.gz archive.

A multi-article file is read a record at a time, so peak memory must stay flat as the file
grows. Two measures, each a child process whose peak resident memory is ``ru_maxrss`` from
``os.wait4``:

- ``quotes ingest FILE`` into a new SQLite file, at ``--mb`` sizes (the whole path: read,
  extract the page, split, attribute, store);
- the readers alone (``quotes.extract.formats.pending`` and, for JSON lines,
  ``read_pending``) at ``--read-mb`` sizes, which runs fast enough to try gigabytes.

The articles are ``bench/generate.py``'s; in the archive each is an HTML page (title, site
name, canonical link, a menu and a footer around the paragraphs) in one response record,
with a request record before it.

    python bench/formats_memory.py [--mb 0.5 1.5] [--read-mb 10 40] [--seed 1]
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from generate import articles
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

QUOTES = str(Path(sys.executable).with_name("quotes"))
_DATE = re.compile(r"\A date (\d{4}-\d{2}-\d{2})\s*")


def _stories(total_bytes: int, seed: int) -> Iterator[tuple[int, str | None, str]]:
    """(index, date, text) of generated articles, the date token taken off the text."""
    for index, text in enumerate(articles(seed, total_bytes)):
        match = _DATE.match(text)
        yield index, match.group(1) if match else None, text[match.end() :] if match else text


def write_jsonl(path: Path, total_bytes: int, seed: int) -> int:
    with path.open("w", encoding="utf-8") as out:
        for index, day, text in _stories(total_bytes, seed):
            record = {
                "id": f"gen-{index}",
                "url": f"https://news{index % 7}.example.com/story/{index}",
                "source": {"name": f"Example News {index % 7}"},
                "title": f"Story {index}",
                "publishedAt": day,
                "content": text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path.stat().st_size


def _page(index: int, text: str) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    site = f"Example News {index % 7}"
    return (
        f"<!doctype html><html><head><title>Story {index} | {site}</title>"
        f'<meta property="og:site_name" content="{site}">'
        f'<link rel="canonical" href="https://news{index % 7}.example.com/story/{index}">'
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Story {index}</h1>{paragraphs}</article>"
        "<footer>All rights reserved.</footer></body></html>"
    ).encode()


def write_warc(path: Path, total_bytes: int, seed: int) -> int:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for index, day, text in _stories(total_bytes, seed):
            uri = f"https://news{index % 7}.example.com/story/{index}"
            warc_date = f"{day or '2024-01-01'}T12:00:00Z"
            request = StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "x")], is_http_request=True)
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    "request",
                    http_headers=request,
                    warc_headers_dict={"WARC-Date": warc_date},
                )
            )
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    "response",
                    payload=io.BytesIO(_page(index, text)),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": warc_date},
                )
            )
    return path.stat().st_size


def child(command: list[str]) -> tuple[float, float, str]:
    """Run ``command``: (seconds, peak RSS in MB, last line of its stderr)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace").strip()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{errors}")
    return seconds, usage.ru_maxrss / 1024, errors.splitlines()[-1] if errors else ""


def read_only(path: str) -> None:
    """In a child: stream ``path`` through the readers, as ingest does before attributing."""
    from quotes.extract.formats import PendingFile, pending, read_pending
    from quotes.extract.records import RecordArticle
    from quotes.extract.warc import ArchivedPage

    count = size = 0
    for item in pending(path):
        if isinstance(item, RecordArticle | PendingFile):
            size += len(read_pending(item).text)
        elif isinstance(item, ArchivedPage):
            size += len(item.html)  # the page is extracted per record: its cost is per page
        count += 1
    print(f"{count:,} records, {size:,} characters", file=sys.stderr)


WRITERS = {"jsonl": write_jsonl, "warc.gz": write_warc}


def main(argv: list[str] | None = None) -> None:
    found = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    found.add_argument("--mb", type=float, nargs="+", default=[0.5, 1.5], help="ingest sizes")
    found.add_argument(
        "--read-mb", type=float, nargs="+", default=[10.0, 40.0], help="reader-only sizes"
    )
    found.add_argument("--seed", type=int, default=1)
    found.add_argument("--child-read", help=argparse.SUPPRESS)
    args = found.parse_args(argv)
    if args.child_read:
        read_only(args.child_read)
        return
    scratch = Path(tempfile.mkdtemp(prefix="quotes-formats-"))
    try:
        for kind, write in WRITERS.items():
            for label, sizes, command in (
                (
                    "ingest",
                    args.mb,
                    lambda p: [QUOTES, "ingest", "-q", "--db", f"sqlite:///{p}.db", str(p)],
                ),
                (
                    "read",
                    args.read_mb,
                    lambda p: [sys.executable, __file__, "--child-read", str(p)],
                ),
            ):
                peaks = []
                for megabytes in sizes:
                    path = scratch / f"{label}-{megabytes:g}.{kind}"
                    size = write(path, int(megabytes * 1e6), args.seed)
                    seconds, peak, last = child(command(path))
                    peaks.append((size, peak))
                    print(
                        f"{label} {kind}, {size / 1e6:.1f} MB on disk: {seconds:.1f} s,"
                        f" peak RSS {peak:.0f} MB {f'({last})' if last else ''}",
                        flush=True,
                    )
                    path.unlink()
                if len(peaks) > 1:
                    (small, low), (large, high) = peaks[0], peaks[-1]
                    print(
                        f"  {label} {kind}: peak RSS {high / low:.2f}x for"
                        f" {large / small:.1f}x the input",
                        flush=True,
                    )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
