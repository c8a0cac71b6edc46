"""How long a notes search takes on 10,000 notes: is it quick enough to run as you type?

Fills a fresh database with the test suite's sample notes (English and Chinese, 40
residents, two years), then times every sample query with no filter, one resident and
a date range, the best of three tries each (what the query costs, not the noise).
A keystroke can wait well under 100 ms; that is the target. Prints numbers, asserts nothing.

    .venv/bin/python benchmarks/notes_search.py
    .venv/bin/python benchmarks/notes_search.py --notes 50000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "app"), str(REPO)]

from tests.notes.sample_notes import QUERIES, fill  # noqa: E402

from carevoice.notes.store import NoteStore  # noqa: E402

TARGET_S = 0.1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notes.sqlite3"
        NoteStore(path).close()
        fill(path, args.notes)
        slowest: dict[str, float] = {}
        with NoteStore(path) as store:
            resident = store.get_resident(7)
            for query in QUERIES:
                runs = []
                for filters in ({}, {"resident": resident}, {"since": date(2025, 6, 1)}):
                    tries = []
                    for _ in range(3):
                        started = time.perf_counter()
                        store.search(query, limit=50, **filters)
                        tries.append(time.perf_counter() - started)
                    runs.append(min(tries))
                slowest[query] = max(runs)
    print(f"search on {args.notes:,} notes, slowest of 3 filters, best of 3 tries:")
    for query, seconds in slowest.items():
        print(f"  {query!r:<18} {seconds * 1000:7.1f} ms")
    worst = max(slowest.values())
    print(
        f"median {statistics.median(slowest.values()) * 1000:.1f} ms, "
        f"worst {worst * 1000:.1f} ms: {'PASS' if worst < TARGET_S else 'MISS'} "
        f"(target < {TARGET_S * 1000:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
