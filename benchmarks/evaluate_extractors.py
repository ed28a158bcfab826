"""Score the 32 extractors of the article-extraction benchmark before and after textwash.

Usage (from the project root)::

    .venv/bin/python benchmarks/evaluate_extractors.py [--ablation] [--show-lost]
        [--extractor NAME ...] [--markdown PATH]
    .venv/bin/python benchmarks/evaluate_extractors.py --titles [--show-lost]
    .venv/bin/python benchmarks/evaluate_extractors.py --speed

For every extractor's stored output it prints F1 / precision / recall against the human
gold bodies before cleaning and after ``textwash.clean`` (the default pipeline), the lines
the structure filters removed, and how many of those were body lines. The score is the
benchmark's own (see ``benchmarks/_data.py``); the "before" column reproduces the figures
in the data set's README.

A removed line is a *body line lost* when the gold body holds more copies of it than the
cleaned text does while the text before the structure filters held at least that many: the
cut took away text the gold keeps. Copies are counted on the line's word tokens
(case-folded, at word boundaries), so a headline copy or a repeat the gold has once is not
a loss, and a teaser the gold never has is not one either. "Lines removed" counts lines the
structure filters took out of the text the repair filters produced.

``--ablation`` adds, per extractor, F1 after cleaning with each structure filter disabled
in turn: what each filter contributes. ``--markdown PATH`` writes the tables as markdown
(for ``docs/evaluation.md``); without it they are printed after the plain table.
``--titles`` checks the headline filter on the Readability test pages' real titles instead,
``--speed`` times each filter of the default pipeline. Data sets that are missing make the
script exit with a message saying where it looked (``$TEXTWASH_DATA``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import _data  # the script's own folder is on sys.path when it runs
from textwash import Pipeline, make_filter
from textwash.structure import heuristics, patterns
from textwash.structure.heuristics import tokens

STRUCTURE = ("headline", "repeats", "teasers")


@dataclass
class Row:
    name: str
    before: _data.Score
    repaired: _data.Score
    after: _data.Score
    removed: int
    lost: int
    ablation: dict[str, _data.Score]


def split_pipeline(pipeline: Pipeline) -> tuple[Pipeline, Pipeline]:
    """The filters before the first structure filter, and the rest (same order)."""
    filters = list(pipeline)
    first = next((i for i, f in enumerate(filters) if f.name in STRUCTURE), len(filters))
    return Pipeline(filters[:first]), Pipeline(filters[first:])


def _padded(text: str) -> str:
    return " " + " ".join(tokens(text)) + " "


def lost_lines(gold: str, before: str, after: str) -> tuple[list[str], list[str]]:
    """Lines of ``before`` missing from ``after``, and those of them that were body text."""
    removed = list((Counter(before.split("\n")) - Counter(after.split("\n"))).elements())
    removed = [line for line in removed if tokens(line)]
    gold_p, before_p, after_p = _padded(gold), _padded(before), _padded(after)
    lost = []
    for line in removed:
        needle = _padded(line)
        want = min(gold_p.count(needle), before_p.count(needle))
        if after_p.count(needle) < want:
            lost.append(line)
    return removed, lost


def evaluate(
    name: str,
    gold: dict[str, str],
    repair: Callable[[str], str],
    structure: Pipeline,
    ablation: bool,
    show_lost: bool,
) -> Row:
    raw = _data.extractor_output(name)
    before_rows, repaired_rows, after_rows = [], [], []
    variants = (
        {f: structure.disable(f) for f in STRUCTURE if f in structure.names} if ablation else {}
    )
    variant_rows: dict[str, list[tuple[float, float, float]]] = {f: [] for f in variants}
    removed_total = lost_total = 0
    for key in gold:
        repaired = repair(raw[key])
        cleaned = structure(repaired)
        before_rows.append(_data.match(gold[key], raw[key]))
        repaired_rows.append(_data.match(gold[key], repaired))
        after_rows.append(_data.match(gold[key], cleaned))
        removed, lost = lost_lines(gold[key], repaired, cleaned)
        removed_total += len(removed)
        lost_total += len(lost)
        if show_lost:
            for line in lost:
                print(f"  lost [{name} {key[:10]}] {line[:150]!r}")
        for f, pipeline in variants.items():
            variant_rows[f].append(_data.match(gold[key], pipeline(repaired)))
    return Row(
        name,
        _data.score(before_rows),
        _data.score(repaired_rows),
        _data.score(after_rows),
        removed_total,
        lost_total,
        {f: _data.score(rows) for f, rows in variant_rows.items()},
    )


def plain_table(rows: Sequence[Row]) -> str:
    head = f"{'extractor':<22}{'F1 before':>10}{'repair':>8}{'F1 after':>10}{'dF1':>8}{'P before':>10}{'P after':>9}{'R before':>10}{'R after':>9}{'removed':>9}{'lost':>6}"
    out = [head]
    for r in rows:
        out.append(
            f"{r.name:<22}{r.before.f1:>10.3f}{r.repaired.f1:>8.3f}{r.after.f1:>10.3f}{r.after.f1 - r.before.f1:>+8.3f}"
            f"{r.before.precision:>10.3f}{r.after.precision:>9.3f}{r.before.recall:>10.3f}"
            f"{r.after.recall:>9.3f}{r.removed:>9}{r.lost:>6}"
        )
    return "\n".join(out)


def markdown_tables(rows: Sequence[Row], command: str) -> str:
    out = [
        f"Produced by `{command}`.",
        "",
        "| extractor | F1 before | F1 after | ΔF1 | P before | P after | R before | R after | lines removed | body lines lost |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        out.append(
            f"| {r.name} | {r.before.f1:.3f} | {r.after.f1:.3f} | {r.after.f1 - r.before.f1:+.4f} "
            f"| {r.before.precision:.3f} | {r.after.precision:.3f} | {r.before.recall:.3f} "
            f"| {r.after.recall:.3f} | {r.removed} | {r.lost} |"
        )
    if rows and rows[0].ablation:
        names = list(rows[0].ablation)
        out += [
            "",
            "F1 after cleaning with one structure filter disabled (a filter's contribution is "
            "the drop from the full pipeline):",
            "",
            "| extractor | F1 after (all) | " + " | ".join(f"without {n}" for n in names) + " |",
            "|---|---:|" + "---:|" * len(names),
        ]
        for r in rows:
            cells = " | ".join(
                f"{r.ablation[n].f1:.3f} ({r.after.f1 - r.ablation[n].f1:+.4f})" for n in names
            )
            out.append(f"| {r.name} | {r.after.f1:.3f} | {cells} |")
    return "\n".join(out)


# -- the headline filter on real titles -------------------------------------------------


def _glued_miss_reason(first: str) -> str:
    """Why a lede glued to a title copy is not split off (see ``Headline``'s docstring)."""
    start = first.lstrip(patterns.QUOTES)
    words = tokens(first)
    if len(first.split()) < 4:
        return "first body line under four words"
    if words and words[0] in patterns.CONTINUATION_WORDS:
        return "starts with a day or month name"
    if not start:
        return "empty"
    if start[0].isdigit():
        return "starts with a digit"
    if start[0].islower():
        return "starts in lower case"
    if start[0].isalpha():
        return "script without capitals"
    return "starts with a bracket or symbol"


def check_titles(show: bool) -> str:
    """Prepend each Readability test page's title to its expected body text once, twice,
    three times, in capitals, with a site name and glued to the lede; count how often the
    headline filter reduces the copies to one, and check it never touches the body."""
    repair = Pipeline(["markup", "mojibake", "apostrophes", "whitespace"])
    headline = make_filter("headline")
    structure = Pipeline(list(STRUCTURE))
    counts: Counter[str] = Counter()
    misses: Counter[str] = Counter()
    removed_from_body: list[str] = []
    for page in _data.readability_pages():
        html = (page.html_path.parent / "expected.html").read_text(encoding="utf-8")
        body = "\n".join(line.strip() for line in repair(html).split("\n")).strip("\n")
        title = repair(page.title).strip()
        if not body or not title:
            counts["no body or title"] += 1
            continue
        body += "\n"
        first = body.split("\n", 1)[0]
        counts["pages"] += 1
        if heuristics.same_headline(title, first):
            counts["body starts with the title"] += 1
            continue
        once = f"{title}\n\n{body}"
        cases = {
            "once": once,
            "twice": f"{title}\n\n{title}\n\n{body}",
            "three times": f"{title}\n{title}\n\n{title}\n\n{body}",
            "in capitals": f"{title.upper()}\n\n{title}\n\n{body}",
            "with a site name": f"{title} | Example News\n\n{title}\n\n{body}",
            "glued to the lede": f"{title}\n\n{title} {body}",
        }
        for case, text in cases.items():
            out = headline(text)
            # one copy on top, then the body: after a blank line, or after a line break
            # where the body's own lines follow each other directly
            top, _, rest = out.partition("\n")
            rest = rest.removeprefix("\n")
            ok = rest == body and heuristics.same_headline(title, top)
            counts[f"{case}: one copy, body intact"] += ok
            counts[f"{case}: tried"] += 1
            if case == "glued to the lede" and not ok:
                if out != text:
                    counts["glued to the lede: changed otherwise (a bug)"] += 1
                misses[_glued_miss_reason(first)] += 1
            elif not ok and show:
                print(f"  {case} [{page.name}] {out[:120]!r}")
        counts["body alone unchanged by headline"] += headline(body) == body
        after = structure(body)
        gone = list((Counter(body.split("\n")) - Counter(after.split("\n"))).elements())
        removed_from_body += [f"{page.name}: {line}" for line in gone if line.strip()]
    lines = [f"Readability test pages with a title and a body: {counts['pages']}"]
    lines.append(
        f"  body already starts with the title (skipped): {counts['body starts with the title']}"
    )
    tried = counts["pages"] - counts["body starts with the title"]
    for case in [
        "once",
        "twice",
        "three times",
        "in capitals",
        "with a site name",
        "glued to the lede",
    ]:
        lines.append(
            f"  title {case}: one copy left, body intact in {counts[f'{case}: one copy, body intact']} of {tried}"
        )
    for reason, n in misses.most_common():
        lines.append(f"    glued copy kept ({reason}): {n}")
    lines.append(
        f"  glued copy changed in any other way: {counts['glued to the lede: changed otherwise (a bug)']}"
    )
    lines.append(
        f"  body alone left unchanged by the headline filter: {counts['body alone unchanged by headline']} of {tried}"
    )
    lines.append(
        f"  lines the three structure filters remove from the bodies alone: {len(removed_from_body)}"
    )
    lines += [f"    {line[:140]}" for line in removed_from_body]
    return "\n".join(lines)


# -- speed -------------------------------------------------------------------------------


def measure_speed(runs: int = 5) -> str:
    """Median time of each filter of the default pipeline over all extractor outputs.

    Each filter gets the text the filters before it produced, as in the pipeline; the
    filters take turns within each run so that a busy machine slows them alike.
    """
    pipeline = Pipeline.default()
    inputs: dict[str, list[str]] = {}
    texts = [
        text for name in _data.extractor_names() for text in _data.extractor_output(name).values()
    ]
    for f in pipeline:
        inputs[f.name] = texts
        texts = [f.apply(text) for text in texts]
    times: dict[str, list[float]] = {name: [] for name in inputs}
    for _ in range(runs):
        for f in pipeline:
            start = time.perf_counter()
            for text in inputs[f.name]:
                f.apply(text)
            times[f.name].append(time.perf_counter() - start)
    docs = len(inputs["whitespace"]) if "whitespace" in inputs else 1
    base = statistics.median(times.get("whitespace", [1.0]))
    out = [f"median of {runs} runs over {docs} documents; ratio to the whitespace filter"]
    for name, values in times.items():
        m = statistics.median(values)
        out.append(f"  {name:<12} {m:6.2f} s  {m / docs * 1e6:6.0f} us/doc  {m / base:5.1f}x")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extractor", action="append", help="only this extractor (repeatable)")
    parser.add_argument(
        "--ablation", action="store_true", help="also score each structure filter disabled"
    )
    parser.add_argument("--show-lost", action="store_true", help="print every body line lost")
    parser.add_argument("--markdown", type=Path, help="write the markdown tables here")
    parser.add_argument(
        "--titles", action="store_true", help="only check the headline filter on real titles"
    )
    parser.add_argument("--speed", action="store_true", help="only time each filter")
    args = parser.parse_args(argv)
    if args.titles:
        print(check_titles(args.show_lost))
        return 0
    if args.speed:
        print(measure_speed())
        return 0

    gold = _data.ground_truth()
    names = args.extractor or _data.extractor_names()
    repair, structure = split_pipeline(Pipeline.default())
    start = time.perf_counter()
    rows = []
    for name in names:
        rows.append(evaluate(name, gold, repair, structure, args.ablation, args.show_lost))
        print(f"  {name}: done", file=sys.stderr)
    elapsed = time.perf_counter() - start

    print(plain_table(rows))
    worse = [r.name for r in rows if r.after.f1 < r.before.f1]
    worse_structure = [r.name for r in rows if r.after.f1 < r.repaired.f1]
    print()
    print(f"extractors with a lower F1 after cleaning: {len(worse)} {worse}")
    print(
        f"... lower after the structure filters than before them: {len(worse_structure)} {worse_structure}"
    )
    print(f"body lines lost: {sum(r.lost for r in rows)} of {sum(r.removed for r in rows)} removed")
    print(f"pipeline: {' -> '.join(repair.names + structure.names)}; {elapsed:.0f} s")
    command = "python benchmarks/evaluate_extractors.py" + (" --ablation" if args.ablation else "")
    text = markdown_tables(rows, command)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    else:
        print()
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
