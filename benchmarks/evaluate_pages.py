"""``clean --html article`` on pages that are not all news: the Readability test pages.

Usage (from the project root)::

    .venv/bin/python benchmarks/evaluate_pages.py [--show-lost] [--markdown PATH]

Each of the 130 pages of ``mozilla-readability-testpages`` (``$TEXTWASH_DATA``) is turned
into text by trafilatura as ``clean --html article`` does, and scored, before and after the
default pipeline (as ``clean`` runs it on whole files), against the text of the page's
``expected.html`` (the article Readability extracts, its visible text as ``clean --html
text`` gives it) with the article-extraction benchmark's metric (``benchmarks/_data.py``).
The scores are given per kind of page (:data:`KINDS`, labelled by hand by the rule in
:data:`KIND_RULES`), and every line the structure filters removed that the expected text
keeps (a *line lost*, counted as in ``evaluate_extractors.py``) is counted per kind, filter
and reason: which losses are deliberate decisions, and which are mistakes. "Of which
structure filters" is the change of F1 from the text the repair filters (markup, mojibake,
apostrophes, whitespace) give to the text after the structure filters.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import _data  # the script's own folder is on sys.path when it runs
from evaluate_extractors import STRUCTURE, lost_lines, split_pipeline
from textwash import Pipeline
from textwash.formats.html import HtmlOptions, extract_html, page_text

#: What each kind means; a page is labelled by the first rule that fits.
KIND_RULES = {
    "synthetic": "the suite's own fixtures: lorem-ipsum filler, or a few lines written to "
    "test one feature of a parser (named after it)",
    "news": "a story of a news organisation or magazine (a dated story by a newsroom, "
    "on its news site)",
    "blog": "a post on a personal, company or project blog (release notes included)",
    "docs": "reference and how-to text: encyclopedia, manual, specification, book, "
    "health or how-to guide",
    "forum": "a thread of posts by several users (the suite has none)",
    "product": "a page presenting a product or a service",
    "other": "anything else: fiction and literature, front pages, an about page",
}

_KIND_PAGES = {
    "synthetic": """
        003-metadata-preferred 004-metadata-space-separated-properties
        005-unescape-html-entities base-url base-url-base-element
        base-url-base-element-relative basic-tags-cleaning comment-inside-script-parsing
        data-url-image dev418 embedded-videos hidden-nodes invalid-attributes
        js-link-replacement lazy-image-3 metadata-content-missing missing-paragraphs
        normalize-spaces ol parsely-metadata remove-aria-hidden remove-extra-brs
        remove-extra-paragraphs remove-script-tags reordering-paragraphs replace-brs
        replace-font-tags rtl-1 rtl-2 rtl-3 rtl-4 social-buttons style-tags-removal
        svg-parsing title-and-h1-discrepancy title-en-dash visibility-hidden
    """,
    "news": """
        aktualne ars-1 article-author-tag bbc-1 breitbart bug-1255978 buzzfeed-1 citylab-1
        cnet cnet-svg-classes cnn engadget folha gmw guardian-1 heise herald-sun-1
        keep-images la-nacion lazy-image-2 lemonde-1 liberation-1 lifehacker-post-comment-load
        lifehacker-working lwn-1 medicalnewstoday msn nytimes-1 nytimes-2 nytimes-3 nytimes-4
        qq quanta-1 salon-1 schema-org-context-object seattletimes-1 simplyfound-1 spiceworks
        telegraph theverge tmz-1 videos-1 videos-2 wapo-1 wapo-2 webmd-1 wikia wordpress
        yahoo-1 yahoo-3 yahoo-4 youth
    """,
    "blog": """
        001 002 aclu blogger dropbox-blog ebb-org firefox-nightly-blog gitlab-blog iab-1
        keep-tabular-data lazy-image-1 links-in-tables medium-1 medium-2 medium-3 pixnet
        table-style-attributes toc-missing topicseed-1 tumblr v8-blog
    """,
    "docs": """
        ehow-1 ehow-2 google-sre-book-1 ietf-1 mathjax mercurial webmd-2 wikipedia
        wikipedia-2 wikipedia-3 wikipedia-4
    """,
    "forum": "",
    "product": "mozilla-1 mozilla-2",
    "other": """
        archive-of-our-own clean-links daringfireball-1 hukumusume nytimes-5 royal-road yahoo-2
    """,
}

#: The kind of each test page, by folder name.
KINDS = {page: kind for kind, pages in _KIND_PAGES.items() for page in pages.split()}


@dataclass
class KindRow:
    kind: str
    before: list[tuple[float, float, float]] = field(default_factory=list)
    repaired: list[tuple[float, float, float]] = field(default_factory=list)
    after: list[tuple[float, float, float]] = field(default_factory=list)
    removed: int = 0
    lost: Counter[str] = field(default_factory=Counter)
    pages_lower: list[str] = field(default_factory=list)
    pages_higher: list[str] = field(default_factory=list)


def pages() -> list[tuple[str, str, str]]:
    """``(name, trafilatura's text, expected text)`` of every test page, in name order."""
    found = []
    root = _data.require(_data.READABILITY)
    article = HtmlOptions(article=True)
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        source, expected = folder / "source.html", folder / "expected.html"
        if source.is_file() and expected.is_file():
            text = extract_html(source.read_bytes(), None, article).text
            found.append((folder.name, text, page_text(expected.read_text(encoding="utf-8"))))
    return found


def _reasons(pipeline: Pipeline, text: str) -> dict[str, str]:
    """Each line a structure filter removed, with ``filter: reason`` (the reason's kind)."""
    found = {}
    for change in pipeline.explain(text).changes:
        if change.filter in STRUCTURE and not change.after:
            reason = change.reason.split(",")[0].split(" (")[0]
            if reason.startswith("teaser: listed under"):
                reason = "teaser: listed under a heading"
            found.setdefault(change.before, f"{change.filter}: {reason}")
    return found


def evaluate(show_lost: bool) -> dict[str, KindRow]:
    clean = Pipeline.default().for_whole_files()
    repair, structure = split_pipeline(clean)
    rows = {kind: KindRow(kind) for kind in KIND_RULES}
    rows["real pages"] = KindRow("real pages")  # all but the synthetic fixtures
    rows["all"] = KindRow("all")
    for name, text, expected in pages():
        kind = KINDS.get(name, "other")
        repaired = repair(text)
        cleaned = structure(repaired)
        before, after = _data.match(expected, text), _data.match(expected, clean(text))
        removed, lost = lost_lines(expected, repaired, cleaned)
        reasons = _reasons(structure, repaired) if lost else {}
        delta = _data.score([after]).f1 - _data.score([before]).f1
        totals = [rows["all"]] if kind == "synthetic" else [rows["real pages"], rows["all"]]
        for row in (rows[kind], *totals):
            row.before.append(before)
            row.repaired.append(_data.match(expected, repaired))
            row.after.append(after)
            row.removed += len(removed)
            for line in lost:
                row.lost[reasons.get(line, "?")] += 1
            if delta < -1e-9:
                row.pages_lower.append(name)
            elif delta > 1e-9:
                row.pages_higher.append(name)
        if show_lost:
            for line in lost:
                print(f"  lost [{kind} {name}] {reasons.get(line, '?')}: {line[:120]!r}")
    return rows


def tables(rows: dict[str, KindRow]) -> str:
    out = [
        "| kind | pages | F1 before | F1 after | ΔF1 | of which structure filters | P before "
        "| P after | R before | R after | lines removed | lines the expected text keeps "
        "| pages lower / higher |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows.values():
        if not row.before:
            out.append(f"| {row.kind} | 0 |" + " – |" * 11)
            continue
        b, a = _data.score(row.before), _data.score(row.after)
        r = _data.score(row.repaired)
        out.append(
            f"| {row.kind} | {len(row.before)} | {b.f1:.4f} | {a.f1:.4f} | {a.f1 - b.f1:+.4f} "
            f"| {a.f1 - r.f1:+.4f} "
            f"| {b.precision:.3f} | {a.precision:.3f} | {b.recall:.3f} | {a.recall:.3f} "
            f"| {row.removed} | {sum(row.lost.values())} "
            f"| {len(row.pages_lower)} / {len(row.pages_higher)} |"
        )
    out += ["", "Lines the structure filters removed that the expected text keeps:", ""]
    out += ["| kind | filter: reason | lines |", "|---|---|---:|"]
    for row in rows.values():
        if row.kind in ("real pages", "all"):
            continue
        for reason, count in sorted(row.lost.items()):
            out.append(f"| {row.kind} | {reason} | {count} |")
    out += ["", "Pages whose F1 is lower after cleaning:", ""]
    for row in rows.values():
        if row.kind not in ("real pages", "all") and row.pages_lower:
            out.append(f"* {row.kind}: {', '.join(row.pages_lower)}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-lost", action="store_true", help="print every line lost")
    parser.add_argument("--markdown", type=Path, help="write the tables here")
    args = parser.parse_args(argv)
    text = tables(evaluate(args.show_lost))
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
