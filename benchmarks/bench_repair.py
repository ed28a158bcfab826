"""Time the repair stage in memory against ftfy alone, on the extractor outputs.

The corpus is every extractor's output in the article-extraction benchmark (about 5,800
documents, 45 MB of UTF-8). In one run, alternating so that machine noise hits both alike,
it times:

* ``ftfy``: ``ftfy.fix_text`` on each document (its defaults), the baseline;
* ``repair``: textwash's default repair filters (markup, mojibake, apostrophes,
  whitespace) on each document;
* ``mojibake``: the mojibake filter alone (ftfy's repair with the fast path);
* ``pipeline``: the whole default pipeline (repair and structure filters).

and prints the median of each, MB/s, and the ratio to ftfy alone. Run:

    python benchmarks/bench_repair.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import ftfy

from _data import extractor_names, extractor_output
from textwash import Pipeline

REPAIR_FILTERS = ["markup", "mojibake", "apostrophes", "whitespace"]


def load_corpus() -> list[str]:
    """Every extractor's output, as one list of documents."""
    return [text for name in extractor_names() for text in extractor_output(name).values()]


def timed(function: Callable[[str], str], docs: list[str]) -> float:
    start = time.perf_counter()
    for doc in docs:
        function(doc)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    docs = load_corpus()  # exits with a message where the data is absent
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    repair = Pipeline(REPAIR_FILTERS)
    candidates: dict[str, Callable[[str], str]] = {
        "ftfy.fix_text": ftfy.fix_text,
        "repair filters": repair,
        "mojibake filter": Pipeline(["mojibake"]),
        "default pipeline": Pipeline.default(),
    }
    for function in candidates.values():  # warm up: imports, regex compilation
        function(docs[0])
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(args.runs):
        for name, function in candidates.items():
            times[name].append(timed(function, docs))

    print(f"{len(docs)} documents, {megabytes:.1f} MB, median of {args.runs} alternating runs")
    baseline = statistics.median(times["ftfy.fix_text"])
    print(f"{'':<18}{'median s':>10}{'MB/s':>9}{'vs ftfy':>10}")
    for name, runs in times.items():
        median = statistics.median(runs)
        print(f"{name:<18}{median:>10.2f}{megabytes / median:>9.1f}{baseline / median:>9.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
