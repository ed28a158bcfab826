"""Shared data loading and scoring for the benchmarks.

The third-party data lives outside the repository, in ``$TEXTWASH_DATA`` (default
``../shared/data`` from the project root). :func:`data_dir` finds it; :func:`require` exits
with a message when a set is missing, so a benchmark never fails with a traceback on a
machine without the data.

The score is the article-extraction benchmark's: tokens are ``\\w+`` runs, a document's
token 4-gram shingles are compared as multisets, its TP/FP/FN are normalised to sum to 1,
precision and recall are averaged over documents (precision over documents with
``tp + fp > 0``, recall over documents with ``tp + fn > 0``) and F1 is the harmonic mean of
the two averages.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

AEB = "article-extraction-benchmark"
READABILITY = "mozilla-readability-testpages"


def data_dir() -> Path:
    """The third-party data folder: ``$TEXTWASH_DATA``, else ``../shared/data``."""
    return Path(os.environ.get("TEXTWASH_DATA", ROOT.parent / "shared" / "data"))


def require(name: str) -> Path:
    """The folder of one data set; without it, exit (status 0) saying where it was looked for."""
    path = data_dir() / name
    if not path.is_dir():
        print(
            f"skipped: data set {name!r} not found at {path} (set TEXTWASH_DATA)", file=sys.stderr
        )
        sys.exit(0)
    return path


# -- article-extraction-benchmark --------------------------------------------------------


def ground_truth() -> dict[str, str]:
    """Gold article bodies by page id."""
    raw = json.loads((require(AEB) / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: value.get("articleBody") or "" for key, value in raw.items()}


def extractor_names() -> list[str]:
    """Every extractor with a stored output, sorted by name."""
    return sorted(p.stem for p in (require(AEB) / "output").glob("*.json"))


def extractor_output(name: str) -> dict[str, str]:
    """One extractor's article bodies by page id.

    The files come in two shapes, ``{id: {articleBody}}`` and
    ``{"version": ..., "output": {id: {articleBody}}}``; both give the same result here.
    """
    raw = json.loads((require(AEB) / "output" / f"{name}.json").read_text(encoding="utf-8"))
    if isinstance(raw.get("output"), dict) and "version" in raw:
        raw = raw["output"]
    return {key: (value or {}).get("articleBody") or "" for key, value in raw.items()}


def page_html(page_id: str) -> str:
    """The stored HTML of one page."""
    path = require(AEB) / "html" / f"{page_id}.html.gz"
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
        return f.read()


# -- mozilla-readability-testpages -------------------------------------------------------


@dataclass(frozen=True)
class TestPage:
    name: str
    title: str
    html_path: Path
    language: str = ""


def readability_pages() -> Iterator[TestPage]:
    """Each test page with a known title, in name order."""
    for folder in sorted(p for p in require(READABILITY).iterdir() if p.is_dir()):
        meta_path = folder / "expected-metadata.json"
        source = folder / "source.html"
        if not (meta_path.is_file() and source.is_file()):
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        title = (meta.get("title") or "").strip()
        if title:
            yield TestPage(folder.name, title, source, (meta.get("lang") or "").strip())


# -- the shingle score -------------------------------------------------------------------

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of token ``n``-grams; a text shorter than ``n`` tokens is one shingle."""
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def match(gold: str, predicted: str) -> tuple[float, float, float]:
    """A document's (tp, fp, fn) over shingle multisets, normalised to sum to 1."""
    want, got = shingles(gold), shingles(predicted)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


@dataclass(frozen=True)
class Score:
    f1: float
    precision: float
    recall: float


def score(counts: Iterable[tuple[float, float, float]]) -> Score:
    """F1, precision and recall over documents, as the benchmark defines them."""
    rows = list(counts)
    precisions = [_precision(*r) for r in rows if r[0] + r[1] > 0]
    recalls = [_recall(*r) for r in rows if r[0] + r[2] > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return Score(2 * p * r / (p + r) if p + r else 0.0, p, r)
