"""What the audit page costs: ``clean --report FILE.html`` against ``--report FILE.json``.

Usage (from the project root)::

    .venv/bin/python benchmarks/bench_audit.py [--repeat 2] [--rounds 3]

The outputs of the 32 extractors of the article-extraction benchmark (about 5,800
documents, 45 MB) are written as one JSONL shard, ``--repeat`` times over under new ids, to a
temporary folder. ``clean SHARD --check -j 1 --no-cache`` then runs in this process with a
JSON report and with the audit page, alternating for ``--rounds`` rounds (so a busy spell on a
shared machine hits both); the ratio of the medians is the page's cost. Also printed: the
page's size, the documents it shows and those it left out to stay within its budget.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import statistics
import tempfile
import time
from pathlib import Path

from _data import extractor_names, extractor_output, require
from textwash.cli import clean


def write_shard(path: Path, repeat: int) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for copy in range(repeat):
            for name in extractor_names():
                for page_id, text in extractor_output(name).items():
                    record = {"id": f"{copy}/{name}/{page_id}", "text": text}
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    n += 1
    return n


def timed(shard: Path, report: Path) -> float:
    start = time.perf_counter()
    with contextlib.suppress(SystemExit):
        clean.main(
            [str(shard), "--check", "-j", "1", "--no-cache", "-q", "--report", str(report)],
            standalone_mode=False,
        )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="copies of the corpus in the shard")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each, alternating")
    args = parser.parse_args()
    require("article-extraction-benchmark")
    with tempfile.TemporaryDirectory() as folder:
        shard = Path(folder) / "corpus.jsonl"
        documents = write_shard(shard, args.repeat)
        size = shard.stat().st_size
        print(f"shard: {documents:,} documents, {size / 1e6:.1f} MB")
        as_json, as_page = Path(folder) / "r.json", Path(folder) / "r.html"
        times: dict[str, list[float]] = {"json": [], "html": []}
        for _ in range(args.rounds):
            times["json"].append(timed(shard, as_json))
            times["html"].append(timed(shard, as_page))
        plain, page = statistics.median(times["json"]), statistics.median(times["html"])
        html = as_page.read_text(encoding="utf-8")
        match = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S)
        assert match is not None
        data = json.loads(match.group(1))
        print(
            f"--report r.json: median {plain:.2f} s  ({', '.join(f'{t:.2f}' for t in times['json'])})"
        )
        print(
            f"--report r.html: median {page:.2f} s  ({', '.join(f'{t:.2f}' for t in times['html'])})"
        )
        print(f"page cost: {100 * (page / plain - 1):+.1f}% of the run")
        print(
            f"page: {len(html.encode()) / 1e6:.2f} MB, {len(data['samples'])} documents shown, "
            f"{data['left_out']} left out for the budget"
        )


if __name__ == "__main__":
    main()
