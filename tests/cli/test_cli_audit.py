"""``clean … --report FILE.html``: the audit page, its sample, its bounds."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cli_helpers import DIRTY, run

from textwash import Document, Pipeline
from textwash.audit import page
from textwash.audit.sample import Sampler, sample_key

#: A real scraped article ending in teasers of other stories.
SEED = Path(__file__).parents[2] / "fixtures" / "seeds" / "003_21d1f7410107b794.txt"


def page_data(path: Path) -> dict[str, Any]:
    """The JSON block the page draws itself from."""
    html = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', html, re.S)
    assert match is not None, "no data block in the page"
    return dict(json.loads(match.group(1)))


def shard(folder: Path, n: int, write: Callable[..., Path], name: str = "a.jsonl") -> Path:
    """A JSONL shard whose records different filters change."""
    texts = [
        DIRTY,
        "Headline here\nHeadline here\n\nThe body of the story goes on.\n",
        "A story about caf\u00c3\u00a9s in town.\n",
        SEED.read_text(encoding="utf-8"),
        "Nothing to do here.\n",
    ]
    lines = [json.dumps({"id": f"doc-{i}", "text": texts[i % len(texts)]}) for i in range(n)]
    return write(folder / name, "\n".join(lines) + "\n")


def test_html_report_has_the_json_reports_counts(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    shard(tmp_path / "in", 60, write)
    write(tmp_path / "in" / "bad.jsonl", '{"text": "fine"}\nnot json\n')
    as_json = run(["in", "--check", "--no-cache", "--report", "r.json"], cwd=tmp_path)
    as_html = run(["in", "--check", "--no-cache", "--report", "r.html"], cwd=tmp_path)
    assert as_json.exit_code == as_html.exit_code == 1
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    data = page_data(tmp_path / "r.html")
    assert data["report"] == report
    assert data["report"]["failed"][0]["path"].endswith("bad.jsonl")
    assert sum(data["histogram"]) == report["documents"]["seen"]


def test_page_is_self_contained(tmp_path: Path, write: Callable[..., Path]) -> None:
    shard(tmp_path / "in", 20, write)
    # a document that tries to close the script block and load something
    write(
        tmp_path / "in" / "hostile.txt",
        'Text</script><script src="https://example.com/x.js"></script> &amp;\r\n',
    )
    assert run(["in", "--check", "--report", "r.HTML"], cwd=tmp_path).exit_code == 1
    html = (tmp_path / "r.HTML").read_text(encoding="utf-8")
    assert html.count("<script") == 2  # the data block and the page's own script
    tags = re.findall(r"<[a-zA-Z][^>]*>", html)
    assert not [tag for tag in tags if re.search(r"\s(src|href)\s*=", tag)]
    assert "<link" not in html
    assert "</script><script" not in html
    assert page_data(tmp_path / "r.HTML")["samples"], "the hostile file is sampled"


def test_samples_show_each_change_with_its_reason(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    shard(tmp_path / "in", 10, write)
    run(["in", "--check", "--report", "r.html"], cwd=tmp_path)
    data = page_data(tmp_path / "r.html")
    pipeline = Pipeline.default()
    texts = {
        json.loads(line)["id"]: json.loads(line)["text"]
        for line in (tmp_path / "in" / "a.jsonl").read_text().splitlines()
    }
    teasers = [s for s in data["samples"] if "teasers" in s["groups"]]
    assert teasers
    for sample in data["samples"]:
        explanation = pipeline.explain(Document(texts[sample["id"]], sample["id"]))
        assert [c[4] for c in sample["changes"]] == [c.reason for c in explanation.changes]
        assert set(sample["groups"]) - {page.LARGEST} <= set(explanation.steps)
    cut = [row for s in teasers for row in s["rows"] if row[0] == "-"]
    teaser = "Since May 2023, some 260 people have been killed in and more than 60,000 displaced"
    assert [row for row in cut if row[1] == teaser], "the cut teaser is shown struck through"
    assert all(row[2] for row in cut if row[1] == teaser), "each cut says why"


def test_sample_is_the_same_whatever_the_split(tmp_path: Path, write: Callable[..., Path]) -> None:
    for i in range(12):
        shard(tmp_path / "in", 30, write, name=f"part-{i:02}.jsonl")
    run(["in", "--check", "--no-cache", "-j", "1", "--report", "one.html"], cwd=tmp_path)
    run(["in", "--check", "--no-cache", "-j", "2", "--report", "two.html"], cwd=tmp_path)
    one, two = page_data(tmp_path / "one.html"), page_data(tmp_path / "two.html")
    assert [(s["path"], s["id"], s["groups"]) for s in one["samples"]] == [
        (s["path"], s["id"], s["groups"]) for s in two["samples"]
    ]
    assert len(one["samples"]) > 20


def test_whole_files_sampled_in_worker_processes(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    """A document read from a whole file crosses from a worker to the command."""
    for i in range(4):
        write(tmp_path / "in" / f"{i}.txt", DIRTY + f"Line {i}.\n")
    result = run(["in", "--check", "-j", "2", "--report", "r.html"], cwd=tmp_path)
    assert "error" not in result.stderr
    assert len(page_data(tmp_path / "r.html")["samples"]) == 4


def test_sampler_keeps_the_smallest_keys_per_filter() -> None:
    rng = random.Random(7)
    docs = []
    for i in range(400):
        filters = {name: 1 for name in ("a", "b", "c") if rng.random() < 0.4}
        text = "x" * rng.randint(1, 50)
        docs.append(
            (f"f{i % 9}", Document(text, str(i)), text[: rng.randint(0, len(text))], filters)
        )
    whole = Sampler(size=5)
    for path, doc, after, changed in docs:
        whole.note(path, doc, after, changed, whole_file=False)
    rng.shuffle(docs)
    merged = Sampler(size=5)
    for start in range(0, len(docs), 37):  # files of any size, in any order
        part = Sampler(size=5)
        for path, doc, after, changed in docs[start : start + 37]:
            part.note(path, doc, after, changed, whole_file=False)
        merged.add(part.result())
    for name in ("a", "b", "c"):
        expected = sorted(sample_key(p, d.id) for p, d, _, changed in docs if name in changed)[:5]
        assert [c.key for c in whole.by_filter()[name]] == expected
        assert [c.key for c in merged.by_filter()[name]] == expected
    assert [c.key for c in merged.largest()] == [c.key for c in whole.largest()]
    assert merged.histogram == whole.histogram and merged.characters == whole.characters


def test_page_stays_small_and_cheap(tmp_path: Path) -> None:
    """A document of a million lines shows a few hundred rows; the characters explained
    stay within the budget, so a document larger than the budget is left out."""
    huge = "".join(f"line {i}\u00a0\n" for i in range(200_000))
    sampler = Sampler()
    pipeline = Pipeline.default()
    for ident, text in (("huge", huge), ("small", DIRTY)):
        doc = Document(text, ident)
        sampler.note("x.jsonl", doc, pipeline(text), {"whitespace": 1}, whole_file=False)
    report = {"textwash": "test", "files": {}, "documents": {}, "filters": {}, "failed": []}
    html = page.build_page(report, sampler, pipeline)
    data = page_data(_written(tmp_path, html))
    assert [s["id"] for s in data["samples"]] == ["small"]
    assert data["left_out"] == 1
    rows = page.diff_rows(huge, pipeline(huge))
    assert len(rows) <= page.MAX_ROWS + 1
    assert rows[-1][0] == "…" and sum(page._lines(r) for r in rows) >= 200_000
    assert len(json.dumps(rows)) < 100_000


def test_stdin_report_page(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from textwash.cli import clean

    result = CliRunner().invoke(clean, ["-", "--report", str(tmp_path / "r.html")], input=DIRTY)
    assert result.exit_code == 0, result.output
    data = page_data(tmp_path / "r.html")
    assert [s["id"] for s in data["samples"]] == ["<stdin>"]


def _written(folder: Path, html: str) -> Path:
    path = folder / "page.html"
    path.write_text(html, encoding="utf-8")
    return path
