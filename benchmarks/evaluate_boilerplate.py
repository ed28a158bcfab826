"""Measure the ``boilerplate`` filter on the article-extraction benchmark.

Each extractor's 181 outputs are one corpus: the filter is fitted on them and the bound
filter is run on each, so an extractor's furniture is compared only with its own output.
Every output is scored against the human gold body before and after, and every removed line
is checked against the gold text.

Sources (``--group-by``):

``host``
    the host of the page's URL (from ``ground-truth.json``), the filter's own ``auto``
    rule. This is how the filter is meant to be used; here most hosts have one page and
    none has more than two.
``extractor``
    all 181 outputs of an extractor form one source, so the lines an extractor adds to
    every page (its own artefacts, or phrases common to unrelated sites) are what repeats.
    An experiment: it tests the thresholds on groups of realistic size, but the pages of
    one group come from 126 different sites.

Score: token 4-gram shingles over ``\\w+`` tokens; per document, true positives, false
positives and false negatives are counted over the shingle multisets and normalised to sum
to 1; precision and recall are averaged over documents; F1 is the harmonic mean of the
averages, precision over the documents where something was extracted. With that, the stored
outputs score trafilatura 0.958 / 0.938 / 0.978 and newspaper 0.949 / 0.964 / 0.934, as
documented for this data. (The filter never empties a document, so the documents in each
average are the same before and after.)

Usage (from the project root)::

    .venv/bin/python benchmarks/evaluate_boilerplate.py                       # defaults, by host
    .venv/bin/python benchmarks/evaluate_boilerplate.py --min-documents 2 --min-fraction 1
    .venv/bin/python benchmarks/evaluate_boilerplate.py --group-by extractor --sample 40
    .venv/bin/python benchmarks/evaluate_boilerplate.py --group-by extractor --sweep

The data folder is ``$TEXTWASH_DATA`` (default ``../shared/data`` from the project root);
without it the script says so and exits with status 0.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textwash.document import Document
from textwash.filters.boilerplate import (
    DEFAULT_MIN_DOCUMENTS,
    DEFAULT_MIN_FRACTION,
    Boilerplate,
    BoilerplateStats,
)

ROOT = Path(__file__).resolve().parents[1]
BENCHMARK = "article-extraction-benchmark"

_TOKEN = re.compile(r"\w+")


# -- scoring ------------------------------------------------------------------------------


def shingles(text: str, n: int = 4) -> Counter[str]:
    """Token n-grams of a text (a shorter non-empty text is one shingle; empty, none)."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    return Counter(" ".join(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def precision_recall(gold: Counter[str], text: str) -> tuple[float | None, float | None]:
    """One document's precision and recall of shingles against the gold body.

    Precision is ``None`` for an empty extraction (nothing predicted) and recall for an
    empty gold body: such documents are left out of that average.
    """
    predicted = shingles(text)
    tp = sum((gold & predicted).values())
    fp = sum((predicted - gold).values())
    fn = sum((gold - predicted).values())
    total = tp + fp + fn or 1
    tp_, fp_, fn_ = tp / total, fp / total, fn / total
    precision = tp_ / (tp_ + fp_) if tp + fp else None
    recall = tp_ / (tp_ + fn_) if tp + fn else None
    return precision, recall


@dataclass(frozen=True)
class Score:
    f1: float
    precision: float
    recall: float

    @classmethod
    def of(cls, pairs: Iterable[tuple[float | None, float | None]]) -> Score:
        rows = list(pairs)
        ps = [p for p, _ in rows if p is not None]
        rs = [r for _, r in rows if r is not None]
        p = sum(ps) / len(ps) if ps else 0.0
        r = sum(rs) / len(rs) if rs else 0.0
        return cls(2 * p * r / (p + r) if p + r else 0.0, p, r)

    def __str__(self) -> str:
        return f"{self.f1:.3f} / {self.precision:.3f} / {self.recall:.3f}"


# -- data ---------------------------------------------------------------------------------


def data_folder() -> Path:
    return Path(os.environ.get("TEXTWASH_DATA", ROOT.parent / "shared" / "data"))


def load(folder: Path) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Gold ({id: {articleBody, url}}) and outputs ({extractor: {id: text}})."""
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    outputs = {}
    for path in sorted((folder / "output").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        records = raw["output"] if "output" in raw and "version" in raw else raw
        outputs[path.stem] = {
            key: (records.get(key) or {}).get("articleBody") or "" for key in gold
        }
    return gold, outputs


# -- one run ------------------------------------------------------------------------------


@dataclass
class Result:
    extractor: str
    before: Score
    after: Score
    documents_changed: int = 0
    lines_removed: int = 0
    lines_in_gold: int = 0
    clean_seconds: float = 0.0
    removed: list[tuple[str, str, str]] = field(default_factory=list)  # (id, line, reason)


def _in_gold(line: str, gold_tokens: str) -> bool:
    """Whether a line of three or more tokens occurs in the gold text (shorter lines, such
    as "Home" or "Share", occur in gold text by chance and are not checked)."""
    tokens = _TOKEN.findall(line.lower())
    return len(tokens) >= 3 and f" {' '.join(tokens)} " in gold_tokens


@dataclass(frozen=True)
class Corpus:
    """The benchmark, fitted once per extractor (thresholds apply only at bind time)."""

    gold: dict[str, dict[str, str]]
    gold_shingles: dict[str, Counter[str]]
    gold_tokens: dict[str, str]
    documents: dict[str, list[Document]]
    stats: dict[str, BoilerplateStats]
    before: dict[str, dict[str, tuple[float | None, float | None]]]
    fit_seconds: float

    def describe(self) -> str:
        """What fitting cost: documents, characters, time, statistics held and pickled."""
        docs = [doc for docs in self.documents.values() for doc in docs]
        chars = sum(len(doc.text) for doc in docs)
        pairs = sum(len(stats) for stats in self.stats.values())
        pickled = sum(len(pickle.dumps(stats)) for stats in self.stats.values())
        return (
            f"fit: {len(docs)} documents, {chars / 1e6:.1f} M characters in "
            f"{self.fit_seconds:.2f} s; statistics: {pairs} (source, line) pairs, "
            f"{pickled / 1e6:.2f} MB pickled"
        )

    @classmethod
    def build(
        cls, gold: dict[str, dict[str, str]], outputs: dict[str, dict[str, str]], group_by: str
    ) -> Corpus:
        gold_shingles = {key: shingles(page["articleBody"]) for key, page in gold.items()}
        gold_tokens = {
            key: f" {' '.join(_TOKEN.findall(page['articleBody'].lower()))} "
            for key, page in gold.items()
        }
        documents = {
            extractor: [
                Document(
                    texts[key],
                    id=key,
                    metadata={"url": gold[key]["url"]}
                    if group_by == "host"
                    else {"source_group": extractor},
                )
                for key in gold
            ]
            for extractor, texts in outputs.items()
        }
        fitter = Boilerplate()  # fitting does not depend on the thresholds
        started = time.perf_counter()
        stats = {extractor: fitter.fit(docs) for extractor, docs in documents.items()}
        fit_seconds = time.perf_counter() - started
        before = {
            extractor: {key: precision_recall(gold_shingles[key], texts[key]) for key in gold}
            for extractor, texts in outputs.items()
        }
        return cls(gold, gold_shingles, gold_tokens, documents, stats, before, fit_seconds)


def run(corpus: Corpus, min_documents: int, min_fraction: float) -> list[Result]:
    """Bind each extractor's statistics with these thresholds, clean and score."""
    fitter = Boilerplate(min_documents=min_documents, min_fraction=min_fraction)
    results = []
    for extractor, docs in corpus.documents.items():
        bound = fitter.bind(corpus.stats[extractor])
        scores = dict(corpus.before[extractor])
        result = Result(extractor, Score.of(scores.values()), Score.of(scores.values()))
        for doc in docs:
            started = time.perf_counter()
            cleaned, changes = bound.explain_document(doc)
            result.clean_seconds += time.perf_counter() - started
            if cleaned.text == doc.text:
                continue
            result.documents_changed += 1
            scores[doc.id] = precision_recall(corpus.gold_shingles[doc.id], cleaned.text)
            for change in changes:
                result.lines_removed += 1
                result.lines_in_gold += _in_gold(change.before, corpus.gold_tokens[doc.id])
                result.removed.append((doc.id, change.before, change.reason))
        result.after = Score.of(scores.values())
        results.append(result)
    return results


def summary(results: list[Result]) -> dict[str, Any]:
    deltas = [r.after.f1 - r.before.f1 for r in results]
    return {
        "lines_removed": sum(r.lines_removed for r in results),
        "lines_in_gold": sum(r.lines_in_gold for r in results),
        "documents_changed": sum(r.documents_changed for r in results),
        "extractors_lower": sum(d < -1e-12 for d in deltas),
        "extractors_higher": sum(d > 1e-12 for d in deltas),
        "worst_delta_f1": min(deltas),
        "mean_delta_f1": sum(deltas) / len(deltas),
    }


def print_table(results: list[Result]) -> None:
    print(
        f"{'extractor':22} {'F1 / P / R before':>23} {'F1 / P / R after':>23} "
        f"{'dF1':>7} {'docs':>5} {'lines':>6} {'in gold':>7}"
    )
    for r in results:
        print(
            f"{r.extractor:22} {r.before!s:>23} {r.after!s:>23} "
            f"{r.after.f1 - r.before.f1:+7.3f} {r.documents_changed:5d} "
            f"{r.lines_removed:6d} {r.lines_in_gold:7d}"
        )
    s = summary(results)
    print(
        f"total: {s['lines_removed']} lines removed from {s['documents_changed']} documents, "
        f"{s['lines_in_gold']} of them found in the gold text; F1 lower for "
        f"{s['extractors_lower']} extractors, higher for {s['extractors_higher']}; "
        f"worst dF1 {s['worst_delta_f1']:+.4f}, mean dF1 {s['mean_delta_f1']:+.4f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--group-by", choices=["host", "extractor"], default="host")
    parser.add_argument("--min-documents", type=int, default=DEFAULT_MIN_DOCUMENTS)
    parser.add_argument("--min-fraction", type=float, default=DEFAULT_MIN_FRACTION)
    parser.add_argument("--sweep", action="store_true", help="summarise a grid of thresholds")
    parser.add_argument("--sample", type=int, default=0, help="print this many removed lines")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--json", type=Path, help="write the per-extractor results here")
    args = parser.parse_args(argv)

    folder = data_folder() / BENCHMARK
    if not (folder / "ground-truth.json").is_file():
        print(f"skipped: no benchmark data at {folder} (set TEXTWASH_DATA)")
        return 0
    started = time.perf_counter()
    gold, outputs = load(folder)
    corpus = Corpus.build(gold, outputs, args.group_by)

    if args.sweep:
        print(f"group by {args.group_by}: N = min_documents, F = min_fraction")
        print(
            f"{'N':>3} {'F':>5} {'lines':>6} {'in gold':>7} {'docs':>5} {'lower':>5} "
            f"{'higher':>6} {'worst dF1':>9} {'mean dF1':>9}"
        )
        for n in (2, 3, 5, 10):
            for f in (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0):
                s = summary(run(corpus, n, f))
                print(
                    f"{n:3d} {f:5.2f} {s['lines_removed']:6d} {s['lines_in_gold']:7d} "
                    f"{s['documents_changed']:5d} {s['extractors_lower']:5d} "
                    f"{s['extractors_higher']:6d} {s['worst_delta_f1']:+9.5f} "
                    f"{s['mean_delta_f1']:+9.5f}"
                )
    else:
        print(
            f"group by {args.group_by}, min_documents={args.min_documents}, "
            f"min_fraction={args.min_fraction}; F1 / precision / recall"
        )
        results = run(corpus, args.min_documents, args.min_fraction)
        print_table(results)
        print(corpus.describe())
        print(f"clean (explain_document): {sum(r.clean_seconds for r in results):.2f} s")
        if args.sample:
            removed = [(r.extractor, *line) for r in results for line in r.removed]
            sample = random.Random(args.seed).sample(removed, min(args.sample, len(removed)))
            print(f"\n{len(sample)} of {len(removed)} removed lines, at random:")
            for extractor, key, line, reason in sorted(sample):
                print(f"  {extractor:20} {key[:10]:10} {line[:90]!r}  [{reason}]")
        if args.json:
            args.json.write_text(
                json.dumps(
                    [
                        {
                            "extractor": r.extractor,
                            "before": vars(r.before),
                            "after": vars(r.after),
                            "documents_changed": r.documents_changed,
                            "lines_removed": r.lines_removed,
                            "lines_in_gold": r.lines_in_gold,
                        }
                        for r in results
                    ],
                    indent=1,
                ),
                encoding="utf-8",
            )
    print(f"\n({time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
