"""The corpus-level boilerplate filter: fitting, merging, binding, and what it cuts."""

from __future__ import annotations

import importlib.util
import pickle
import sys
from collections.abc import Mapping
from pathlib import Path
from random import Random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import documents
from textwash import Pipeline
from textwash.document import Document
from textwash.filters.boilerplate import (
    Boilerplate,
    BoilerplateStats,
    BoundBoilerplate,
    document_group,
    normalise_line,
)
from textwash.filters.registry import filter_class, make_filter

ROOT = Path(__file__).resolve().parent.parent

FURNITURE = ["Subscribe to our newsletter", "Most read", "© 2019 Example News"]


def doc(text: str, host: str | None = "example.com", **metadata: Any) -> Document:
    meta: dict[str, Any] = dict(metadata)
    if host is not None:
        meta["url"] = f"https://www.{host}/story"
    return Document(text, id=text[:20], metadata=meta)


def site(n: int = 10, host: str = "example.com") -> list[Document]:
    """``n`` pages that share a header and a footer around their own two lines."""
    return [
        doc(
            f"{FURNITURE[0]}\n\nStory {chr(65 + i)} starts.\nMost read\nStory {chr(65 + i)} ends."
            f"\n\n{FURNITURE[1]}\n{FURNITURE[2]}\n",
            host,
        )
        for i in range(n)
    ]


def fitted(docs: list[Document], **options: Any) -> BoundBoilerplate:
    corpus = Boilerplate(**options)
    return corpus.bind(corpus.fit(docs))


# -- what it cuts and what it leaves ------------------------------------------------------


def test_cuts_head_and_tail_runs_but_not_the_middle() -> None:
    pages = site()
    bound = fitted(pages)
    assert bound.apply_document(pages[2]).text == "Story C starts.\nMost read\nStory C ends.\n"


def test_text_without_a_source_is_unchanged() -> None:
    pages = site()
    bound = fitted(pages)
    assert bound.apply(pages[0].text) == pages[0].text
    assert bound.explain(pages[0].text) == (pages[0].text, [])
    unknown = Document(pages[0].text)
    assert bound.apply_document(unknown) is unknown


def test_other_sources_and_small_sources_are_unchanged() -> None:
    pages = site(10) + site(4, host="small.org")
    bound = fitted(pages)
    other = doc(pages[0].text, host="elsewhere.net")
    assert bound.apply_document(other) is other
    small = pages[-1]
    assert bound.apply_document(small) is small  # four documents < min_documents


def test_a_document_of_nothing_but_boilerplate_is_left_whole() -> None:
    pages = site()
    only_furniture = doc(f"{FURNITURE[0]}\n\n{FURNITURE[1]}\n")
    bound = fitted([*pages, only_furniture])
    assert bound.apply_document(only_furniture) is only_furniture


def test_thresholds() -> None:
    # "Sponsored" is on 5 of 12 pages: it goes with min_fraction 0.4 (5 >= 4.8), not 0.5.
    pages = [
        doc(f"Sponsored\nPage {chr(65 + i)} text.\n" if i < 5 else f"Page {chr(65 + i)} text.\n")
        for i in range(12)
    ]
    assert fitted(pages, min_fraction=0.4).apply_document(pages[0]).text == "Page A text.\n"
    assert fitted(pages, min_fraction=0.5).apply_document(pages[0]) is pages[0]
    assert fitted(pages, min_documents=6, min_fraction=0.0).apply_document(pages[0]) is pages[0]
    assert fitted(pages, min_documents=5, min_fraction=0.0).apply_document(pages[0]).text == (
        "Page A text.\n"
    )


def test_lines_compare_normalised() -> None:
    assert normalise_line(" Updated  9:14 AM ") == normalise_line("UPDATED 10:02 am")
    assert normalise_line("ｆｕｌｌ width") == normalise_line("full width")
    assert normalise_line(" -- * -- ") == normalise_line("___") == ""
    pages = [doc(f"Updated {i}:{i:02d} AM\nText number {chr(65 + i)}.") for i in range(6)]
    assert fitted(pages).apply_document(pages[3]).text == "Text number D."


def test_line_endings_are_kept() -> None:
    pages = site()
    bound = fitted(pages)
    no_newline = doc(f"{FURNITURE[0]}\nOwn text.\n{FURNITURE[1]}")
    assert bound.apply_document(no_newline).text == "Own text."
    crlf = doc(f"{FURNITURE[0]}\r\nOwn text.\r\n{FURNITURE[1]}\r\n")
    assert bound.apply_document(crlf).text == "Own text.\r\n"
    head_only = doc(f"{FURNITURE[0]}\nOwn text.\nMore.\n\n")
    assert bound.apply_document(head_only).text == "Own text.\nMore.\n\n"


def test_explain_says_how_common_each_line_was() -> None:
    pages = site(12)
    bound = fitted(pages)
    cleaned, changes = bound.explain_document(pages[0])
    assert cleaned == bound.apply_document(pages[0])
    assert [(c.line, c.before, c.after) for c in changes] == [
        (1, FURNITURE[0], ""),
        (7, FURNITURE[1], ""),
        (8, FURNITURE[2], ""),
    ]
    assert str(changes[0]) == (
        "boilerplate: line 1: removed 'Subscribe to our newsletter' "
        "(seen in 12 of 12 documents of example.com)"
    )


# -- sources ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "group_by", "expected"),
    [
        (Document("", metadata={"source_group": "g", "url": "https://a.com"}), "auto", "g"),
        (Document("", source="x/y.txt", metadata={"url": "https://www.A.com/p"}), "auto", "a.com"),
        (Document("", metadata={"metadata": {"url": "http://b.org:8080/p"}}), "auto", "b.org"),
        (Document("", metadata={"url": "c.net/path"}), "auto", "c.net"),
        (Document("", source="crawl/site/1.txt"), "auto", "crawl/site"),
        (Document("", source="C:\\crawl\\site\\1.txt"), "auto", "C:/crawl/site"),
        (Document("", source="/1.txt"), "auto", "/"),
        (Document("", source="1.txt"), "auto", "."),
        (Document("", source="https://d.com/a/b"), "auto", "d.com"),
        (Document(""), "auto", None),
        (Document("", source="s/1.txt", metadata={"url": "https://a.com"}), "folder", "s"),
        (Document("", source="s/1.txt", metadata={"url": "https://a.com"}), "url-host", "a.com"),
        (Document("", source="s/1.txt"), "url-host", None),
        (Document("", metadata={"site": "ex", "url": "https://a.com"}), "site", "ex"),
        (Document("", metadata={"site": 3}), "site", None),
        (Document("", metadata={"url": "http://[::1"}), "auto", None),
        (Document("", metadata={"url": 42, "metadata": "nope"}), "auto", None),
    ],
)
def test_document_group(document: Document, group_by: str, expected: str | None) -> None:
    assert document_group(document, group_by) == expected


class _Broken(Mapping[str, Any]):
    def __getitem__(self, key: str) -> Any:
        raise RuntimeError("broken")

    def __iter__(self) -> Any:
        raise RuntimeError("broken")

    def __len__(self) -> int:
        return 1

    def get(self, key: str, default: Any = None) -> Any:
        raise RuntimeError("broken")


def test_misbehaving_metadata_means_no_source() -> None:
    broken = Document("Most read\n", metadata=_Broken())
    assert document_group(broken) is None
    assert fitted(site()).apply_document(broken) is broken


def test_options_are_checked() -> None:
    with pytest.raises(ValueError):
        Boilerplate(min_documents=0)
    with pytest.raises(ValueError):
        Boilerplate(min_fraction=1.5)
    with pytest.raises(ValueError):
        Boilerplate(group_by="")
    with pytest.raises(TypeError):
        Boilerplate().bind({"not": "stats"})


# -- statistics ---------------------------------------------------------------------------


def test_a_line_counts_once_per_document() -> None:
    stats = Boilerplate().fit([doc("Most read\nMost read\nMOST  READ\n"), doc("Most read")])
    assert stats.documents("example.com") == 2
    assert stats.count("example.com", "most read") == 2
    assert stats.count("example.com", "absent") == 0
    assert stats.count("nowhere", "most read") == 0


def test_documents_without_a_source_are_not_counted() -> None:
    stats = Boilerplate().fit([doc("Most read", host=None), doc("Most read")])
    assert stats.groups == ["example.com"]
    assert stats.total_documents == 1


def test_statistics_add_pickle_and_compare() -> None:
    corpus = Boilerplate()
    parts = [corpus.fit(site(10)[i::3]) for i in range(3)]
    total = corpus.fit(site(10))
    assert parts[0] + parts[1] + parts[2] == total
    assert sum(parts) == total == BoilerplateStats.total(reversed(parts))
    assert BoilerplateStats() + total == total
    assert pickle.loads(pickle.dumps(total)) == total
    assert pickle.dumps(parts[2] + parts[0] + parts[1]) == pickle.dumps(total)
    assert hash(parts[2] + parts[0] + parts[1]) == hash(total)
    assert repr(total).startswith("BoilerplateStats(groups=1, documents=10, lines=")


def test_statistics_pickle_compactly() -> None:
    def name(i: int) -> str:  # letters only: digits all read alike
        return "".join(chr(97 + int(d)) for d in str(i))

    pages = [doc(f"Line {name(i)} of page\nSame line\n") for i in range(5000)]
    stats = Boilerplate().fit(pages)
    assert len(stats) == 5001
    assert len(pickle.dumps(stats)) < 10 * len(stats)


def test_buckets_reduce_separately_to_the_same_filter() -> None:
    corpus = Boilerplate(min_documents=2, min_fraction=0.3)
    shards = [corpus.fit(site(10)[:4] + site(3, "b.org")), corpus.fit(site(10)[4:])]
    buckets = 3
    reduced = [
        BoilerplateStats.total(shard.bucket(i, buckets) for shard in shards).frequent(2, 0.3)
        for i in range(buckets)
    ]
    joined = BoilerplateStats.join(reduced)
    direct = corpus.bind(shards[0] + shards[1])
    assert corpus.bind(joined) == direct
    assert joined == direct.lines
    with pytest.raises(ValueError):
        BoilerplateStats.join(shards)  # shards, not buckets: document counts disagree
    with pytest.raises(ValueError):
        shards[0].bucket(3, 3)


# -- the pipeline -------------------------------------------------------------------------


def test_registry_and_pipeline() -> None:
    assert filter_class("boilerplate") is Boilerplate
    assert isinstance(make_filter("boilerplate"), Boilerplate)
    assert "boilerplate" not in Pipeline.default().names
    pipeline = Pipeline.default().enable("boilerplate")
    assert pipeline.names[-1] == "boilerplate"
    assert [f.name for f in pipeline.corpus_filters] == ["boilerplate"]

    pages = site(12)
    corpus = pipeline["boilerplate"]
    assert isinstance(corpus, Boilerplate)
    bound = pipeline.bind("boilerplate", corpus.fit(pages))
    assert bound.run(pages[0]).text == "Story A starts.\nMost read\nStory A ends.\n"
    assert pickle.loads(pickle.dumps(bound)) == bound
    reordered = pipeline.bind("boilerplate", corpus.fit(pages[::-1]))
    assert reordered.cache_key() == bound.cache_key()
    fewer = pipeline.bind("boilerplate", corpus.fit(pages[:6]))
    assert fewer.cache_key() != bound.cache_key()


# -- properties ---------------------------------------------------------------------------

POOL = [
    *FURNITURE,
    "",
    "",
    "* * *",
    "Updated 9:14 AM",
    "UPDATED 10:02 am",
    "Story text one.",
    "Story text two.",
    "Another line",
    "café crème",
    "CAFÉ  crème",
    "\u00a0",
]

HOSTS = ["a.com", "b.org", None]
ENDS = ["", "\n", "\n\n"]


def make_corpus(rng: Random) -> list[Document]:
    """Up to 30 pages of two sites (and some of none) drawn from a small pool of lines."""
    return [
        doc(
            "\n".join(rng.choice(POOL) for _ in range(rng.randint(0, 10))) + rng.choice(ENDS),
            rng.choice(HOSTS),
        )
        for _ in range(rng.randint(0, 30))
    ]


# One random draw per corpus: assembling it from many Hypothesis draws makes generation, not
# the filter, the cost of the test.
corpora = st.randoms(use_true_random=False).map(make_corpus)
options = st.fixed_dictionaries(
    {
        "min_documents": st.integers(1, 4),
        "min_fraction": st.sampled_from([0.0, 0.2, 0.5, 1.0]),
    }
)


@given(corpus=corpora, opts=options, rng=st.randoms(use_true_random=False))
def test_result_does_not_depend_on_order_or_sharding(
    corpus: list[Document], opts: dict[str, Any], rng: Random
) -> None:
    fitter = Boilerplate(**opts)
    shards = rng.randint(1, 5)
    assignment = [rng.randrange(shards) for _ in corpus]
    parts = [
        fitter.fit([d for d, s in zip(corpus, assignment, strict=True) if s == i])
        for i in range(shards)
    ]
    rng.shuffle(parts)
    summed = BoilerplateStats()
    for part in parts:
        summed = summed + part
    whole = fitter.fit(corpus)
    assert summed == whole
    assert pickle.dumps(summed) == pickle.dumps(whole)
    one, other = fitter.bind(whole), fitter.bind(summed)
    assert one == other
    for d in corpus:
        assert one.apply_document(d) == other.apply_document(d)


@given(corpus=corpora, opts=options, extra=documents)
def test_bound_filter_is_idempotent_and_cuts_only_the_ends(
    corpus: list[Document], opts: dict[str, Any], extra: str
) -> None:
    fitter = Boilerplate(**opts)
    bound = fitter.bind(fitter.fit(corpus))
    for d in [*corpus, doc(extra, "a.com"), doc(f"{FURNITURE[0]}\n{extra}\nMost read", "a.com")]:
        once = bound.apply_document(d)
        assert bound.apply_document(once) == once
        assert once.text in d.text  # a head and a tail cut, nothing in between
        explained, changes = bound.explain_document(d)
        assert explained == once
        assert bool(changes) == (once.text != d.text)


METADATA_VALUES = [
    None,
    7,
    "",
    "a.com",
    "https://a.com/x",
    "http://[::1",
    "://",
    {"url": "https://b.org/y"},
    {"url": 3},
    ["https://a.com"],
]


@given(
    corpus=corpora,
    text=documents,
    metadata=st.dictionaries(
        st.sampled_from(["url", "source_group", "metadata", "site"]),
        st.sampled_from(METADATA_VALUES) | st.text(max_size=20),
    ),
    source=st.sampled_from([None, "", "a/b.txt", "/x", "https://a.com/p", "\\", "?"]),
    group_by=st.sampled_from(["auto", "folder", "url-host", "site"]),
)
def test_total_on_any_document(
    corpus: list[Document],
    text: str,
    metadata: dict[str, Any],
    source: str | None,
    group_by: str,
) -> None:
    fitter = Boilerplate(group_by=group_by, min_documents=1, min_fraction=0.0)
    d = Document(text, source=source, metadata=metadata)
    bound = fitter.bind(fitter.fit([*corpus, d]))
    out = bound.apply_document(d)
    assert isinstance(out.text, str)
    assert bound.apply(text) == text


# -- the benchmark ------------------------------------------------------------------------


def _benchmark_module() -> Any:
    path = ROOT / "benchmarks" / "evaluate_boilerplate.py"
    spec = importlib.util.spec_from_file_location("evaluate_boilerplate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_benchmark_score_and_gain(shared_data: Path) -> None:
    folder = shared_data / "article-extraction-benchmark"
    if not folder.is_dir():
        pytest.skip(f"article-extraction-benchmark not found in {shared_data}")
    bench = _benchmark_module()
    gold, outputs = bench.load(folder)
    outputs = {name: outputs[name] for name in ("trafilatura", "html2text")}
    corpus = bench.Corpus.build(gold, outputs, "host")
    defaults, pairs = bench.run(corpus, 5, 0.5), bench.run(corpus, 2, 1.0)
    trafilatura = defaults[0].before
    assert (trafilatura.f1, trafilatura.precision, trafilatura.recall) == pytest.approx(
        (0.958, 0.938, 0.978), abs=5e-4
    )
    assert all(r.after == r.before and r.lines_removed == 0 for r in defaults)
    html2text = pairs[1]
    assert html2text.after.f1 > html2text.before.f1 + 0.05
