"""The audit page: one self-contained HTML file showing what every filter cut, and why.

The page carries its data as one JSON block and draws itself with its own script and
style (``page.js``, ``page.css`` beside this module, inlined): no network, no CDN, it opens
from disk. What goes in is bounded whatever the size of the run: the report's counts, the
histogram of the share removed, and the sampled documents (:mod:`textwash.audit.sample`),
each explained again here with :meth:`~textwash.Pipeline.explain` (the reasons ``clean
--explain`` gives) and cut to at most :data:`MAX_ROWS` rows of :data:`MAX_LINE` characters.
"""

from __future__ import annotations

import difflib
import html
import json
from collections.abc import Iterator, Sequence
from importlib.resources import files
from typing import Any

from textwash.audit.sample import BINS, Candidate, Sampler
from textwash.filters.base import Change
from textwash.pipeline import Pipeline

#: Unchanged lines shown around each change; longer runs are folded into one row.
CONTEXT = 2
#: Rows shown per document (a document cut to a few lines of a million stays small).
MAX_ROWS = 300
#: Characters shown per line, and per side of a change in the list of changes.
MAX_LINE = 2000
#: Characters compared one by one to highlight what changed inside a line (past the common
#: start and end, which cost nothing to find); a longer middle is highlighted whole.
MAX_CHAR_DIFF = 200
#: Lines matched against each other past the common start and end of a document; beyond
#: that (a filter rewrote most of a huge document) lines are paired in order.
MAX_LINE_DIFF = 400
#: Failures listed on the page (all of them are in the JSON report).
MAX_FAILURES = 200
#: The characters explained for the page, as a share of every character the run cleaned.
#: Explaining a document and laying out its rows costs about 4.3 times cleaning it, per
#: character (measured on the article-extraction benchmark's extractor outputs), so 1%
#: keeps the page within 5% of the run.
BUDGET_SHARE = 0.01
#: What a small run may always explain, whatever its size (a fraction of a second).
MIN_BUDGET = 100_000
#: The group of the documents that lost the largest share.
LARGEST = "largest share removed"

Row = list[Any]


def build_page(
    report: dict[str, Any], sampler: Sampler, pipeline: Pipeline, *, check: bool = False
) -> str:
    """The page for a run: ``report`` as ``Report.to_json`` gives it, the merged sampler,
    and the (fitted) pipeline the run cleaned with."""
    from textwash.runner import whole_file_pipeline

    samples: list[dict[str, Any]] = []
    index: dict[tuple[str, str], int] = {}
    budget = max(MIN_BUDGET, int(sampler.characters * BUDGET_SHARE))
    by_filter = sampler.by_filter()
    order = [name for name in pipeline.names if name in by_filter]
    order += [name for name in by_filter if name not in order]
    groups = {**{name: by_filter[name] for name in order}, LARGEST: sampler.largest()}
    left_out: set[tuple[str, str]] = set()
    for group, candidate in _in_turn(groups):
        where = (candidate.path, candidate.id)
        if where not in index:
            size = len(candidate.text)
            if size > budget:
                left_out.add(where)
                continue
            budget -= size
            runner = whole_file_pipeline(pipeline) if candidate.whole_file else pipeline
            explanation = runner.explain(candidate.document)
            index[where] = len(samples)
            samples.append(
                _sample(candidate, candidate.text, explanation.text, explanation.changes)
            )
        sample_groups: list[str] = samples[index[where]]["groups"]
        if group not in sample_groups:
            sample_groups.append(group)

    shown = dict(report)
    failed = list(report.get("failed", []))
    shown["failed"] = failed[:MAX_FAILURES]
    data = {
        "report": shown,
        "failed_total": len(failed),
        "check": check,
        "filters": list(pipeline.names),
        "histogram": list(sampler.histogram),
        "bins": BINS,
        "sample_size": sampler.size,
        "left_out": len(left_out),
        "largest": LARGEST,
        "samples": samples,
    }
    return render(data)


def _in_turn(groups: dict[str, list[Candidate]]) -> Iterator[tuple[str, Candidate]]:
    """Each group's first candidate, then each one's second, ...: a budget that runs out
    leaves every filter some samples rather than the last filters none."""
    for rank in range(max((len(c) for c in groups.values()), default=0)):
        for group, candidates in groups.items():
            if rank < len(candidates):
                yield group, candidates[rank]


def render(data: dict[str, Any]) -> str:
    """The HTML page around ``data`` (script and style inlined)."""
    assets = files("textwash.audit")
    style = assets.joinpath("page.css").read_text(encoding="utf-8")
    script = assets.joinpath("page.js").read_text(encoding="utf-8")
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # inside <script>, "</script>" and "<!--" must not appear: "<" is written as \u003c
    payload = payload.replace("<", "\\u003c").replace("\u2028", "\\u2028")
    payload = payload.replace("\u2029", "\\u2029")
    version = html.escape(str(data["report"].get("textwash", "")))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="textwash {version}">
<title>textwash audit</title>
<style>
{style}</style>
</head>
<body>
<noscript>This page draws itself with JavaScript; the same counts are in the JSON report
(clean --report FILE.json).</noscript>
<main id="app"></main>
<script type="application/json" id="data">{payload}</script>
<script>
{script}</script>
</body>
</html>
"""


def _sample(
    candidate: Candidate, before: str, after: str, changes: Sequence[Change]
) -> dict[str, Any]:
    return {
        "id": candidate.id,
        "path": candidate.path,
        "removed": round(candidate.removed, 4),
        "filters": sorted({change.filter for change in changes}),
        "groups": [],
        "changes": [
            [c.filter, c.line, _cut(c.before, 300), _cut(c.after, 300), c.reason] for c in changes
        ],
        "rows": diff_rows(before, after, changes),
    }


def diff_rows(before: str, after: str, changes: Sequence[Change] = ()) -> list[Row]:
    """The document as rows: ``["=", line]`` kept, ``["-", line, reasons]`` cut,
    ``["+", line, reasons]`` new, ``["~", old, new, reasons]`` changed inside (``old`` and
    ``new`` as ``[changed?, text]`` pieces), ``["…", n]`` n unchanged lines folded.

    ``reasons`` are indexes into ``changes``: the changes whose lines match the row's.

    >>> diff_rows("a\\nbig\\nc\\n", "a\\nBig\\n")
    [['=', 'a'], ['~', [[1, 'b'], [0, 'ig']], [[1, 'B'], [0, 'ig']], []], ['-', 'c', []], ['=', '']]
    """
    old, new = before.split("\n"), after.split("\n")
    by_old: dict[str, list[int]] = {}
    by_new: dict[str, list[int]] = {}
    for i, change in enumerate(changes):
        for line in change.before.split("\n"):
            by_old.setdefault(line, []).append(i)
        for line in change.after.split("\n") if change.after else ():
            by_new.setdefault(line, []).append(i)
    rows: list[Row] = []
    for op, i1, i2, j1, j2 in _opcodes(old, new):
        if op == "equal":
            rows += _context(old[i1:i2], first=i1 == 0, last=i2 == len(old))
            continue
        gone, came = old[i1:i2], new[j1:j2]
        paired = min(len(gone), len(came)) if op == "replace" else 0
        for a, b in zip(gone[:paired], came[:paired], strict=True):
            reasons = sorted(set(by_old.get(a, [])) | set(by_new.get(b, [])))
            old_pieces, new_pieces = _pieces(a, b)
            if _kept(old_pieces) * 2 < len(a):  # mostly rewritten: a cut and a new line
                rows += [["-", _cut(a), reasons], ["+", _cut(b), reasons]]
            else:
                rows.append(["~", old_pieces, new_pieces, reasons])
        rows += [["-", _cut(line), by_old.get(line, [])] for line in gone[paired:]]
        rows += [["+", _cut(line), by_new.get(line, [])] for line in came[paired:]]
    if len(rows) > MAX_ROWS:
        rows = [*rows[:MAX_ROWS], ["…", sum(_lines(row) for row in rows[MAX_ROWS:])]]
    return rows


def _opcodes(
    a: Sequence[str], b: Sequence[str], *, limit: int = MAX_LINE_DIFF
) -> list[tuple[str, int, int, int, int]]:
    """``SequenceMatcher.get_opcodes``, bounded: the common start and end are found first,
    and only a middle of at most ``limit`` items a side is matched (a longer one is one
    replacement)."""
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    ops: list[tuple[str, int, int, int, int]] = []
    if start:
        ops.append(("equal", 0, start, 0, start))
    if max(end_a, end_b) - start > limit:
        ops.append(("replace", start, end_a, start, end_b))
    else:
        matcher = difflib.SequenceMatcher(None, a[start:end_a], b[start:end_b], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            ops.append((op, i1 + start, i2 + start, j1 + start, j2 + start))
    if end_a < len(a):
        ops.append(("equal", end_a, len(a), end_b, len(b)))
    return [op for op in ops if op[2] > op[1] or op[4] > op[3]]


def _context(lines: list[str], *, first: bool, last: bool) -> list[Row]:
    """Unchanged lines: those next to a change, the rest folded."""
    head = 0 if first else CONTEXT
    tail = 0 if last else CONTEXT
    if len(lines) <= head + tail + 1:
        return [["=", _cut(line)] for line in lines]
    rows: list[Row] = [["=", _cut(line)] for line in lines[:head]]
    rows.append(["…", len(lines) - head - tail])
    rows += [["=", _cut(line)] for line in lines[len(lines) - tail :]]
    return rows


def _lines(row: Row) -> int:
    return int(row[1]) if row[0] == "…" else 1


def _pieces(a: str, b: str) -> tuple[list[list[Any]], list[list[Any]]]:
    """Both lines as ``[changed?, text]`` pieces, the characters that differ marked."""
    a, b = _cut(a), _cut(b)
    old: list[list[Any]] = []
    new: list[list[Any]] = []
    for op, i1, i2, j1, j2 in _opcodes(a, b, limit=MAX_CHAR_DIFF):
        mark = int(op != "equal")
        if i2 > i1:
            old.append([mark, a[i1:i2]])
        if j2 > j1:
            new.append([mark, b[j1:j2]])
    return old, new


def _kept(pieces: list[list[Any]]) -> int:
    return sum(len(text) for changed, text in pieces if not changed)


def _cut(text: str, limit: int = MAX_LINE) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
