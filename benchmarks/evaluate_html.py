"""Raw HTML pages to article text: ``clean --html article`` against extractors alone.

Usage (from the project root)::

    .venv/bin/python benchmarks/evaluate_html.py [--rounds 3]

On the 181 pages of the article-extraction benchmark (``html/<id>.html.gz``), scored against
the human gold bodies with the benchmark's metric (``benchmarks/_data.py``), it prints F1 /
precision / recall and pages per second for:

* **trafilatura alone** and **resiliparse alone** (``extract_plain_text(main_content=True)``),
  each given the decoded page (resiliparse only where it is installed: it is measured, not
  used);
* **visible text** (``--html text``, the default) and **article** (``--html article``): the
  page's bytes as ``clean`` reads them, before the filters;
* **article + clean** and **visible text + clean**: what ``clean --html article`` and
  ``clean`` write (the default pipeline, as for whole files).

Speed is the median over ``--rounds`` passes over all pages, in this process.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time
from collections.abc import Callable

from _data import AEB, ground_truth, match, require, score
from textwash import Pipeline
from textwash.formats.html import HtmlOptions, extract_html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the pages")
    args = parser.parse_args()
    folder = require(AEB)
    gold = ground_truth()
    ids = sorted(gold)
    pages = {i: gzip.decompress((folder / "html" / f"{i}.html.gz").read_bytes()) for i in ids}
    decoded = {i: extract_html_source(pages[i]) for i in ids}
    clean = Pipeline.default().for_whole_files()
    article = HtmlOptions(article=True)

    runs: dict[str, Callable[[str], str]] = {}
    from trafilatura import extract

    runs["trafilatura alone"] = lambda i: extract(decoded[i], include_comments=False) or ""
    try:
        from resiliparse.extract.html2text import extract_plain_text

        runs["resiliparse alone"] = lambda i: extract_plain_text(decoded[i], main_content=True)
    except ImportError:
        print("resiliparse is not installed: not measured")
    runs["visible text (--html text)"] = lambda i: extract_html(pages[i]).text
    runs["visible text + clean (clean)"] = lambda i: clean(extract_html(pages[i]).text)
    runs["article (--html article, no filters)"] = lambda i: (
        extract_html(pages[i], None, article).text
    )
    runs["article + clean (clean --html article)"] = lambda i: clean(
        extract_html(pages[i], None, article).text
    )

    print(f"{len(ids)} pages")
    print(f"| {'what':<40} | F1 | precision | recall | pages/s |")
    print("|---|---|---|---|---|")
    for name, run in runs.items():
        outputs: dict[str, str] = {}
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            outputs = {i: run(i) for i in ids}
            times.append(time.perf_counter() - start)
        s = score(match(gold[i], outputs[i]) for i in ids)
        speed = len(ids) / statistics.median(times)
        print(f"| {name:<40} | {s.f1:.3f} | {s.precision:.3f} | {s.recall:.3f} | {speed:.0f} |")


def extract_html_source(data: bytes) -> str:
    """The page decoded as ``clean`` decodes it (declared encoding, else UTF-8)."""
    from bs4.dammit import UnicodeDammit

    return str(UnicodeDammit(data, is_html=True).unicode_markup)


if __name__ == "__main__":
    main()
