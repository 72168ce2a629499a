"""Peak memory of ``quotes ingest`` at 10 MB and 100 MB: it must not grow with the corpus.

The ingest benchmark at several sizes, one run each: every run is a ``quotes ingest`` child
process into a new SQLite file, and its peak resident memory is ``ru_maxrss`` from
``os.wait4``. Each size also prints its throughput (documents/s, MB/s).

    python bench/memory.py [--mb 10 100] [--seed 1] [--db URL --reset CMD] [--workers N]
"""

from __future__ import annotations

import ingest

if __name__ == "__main__":
    ingest.main(sizes=(10.0, 100.0), runs=1)
