"""The datatrove step, in a real ``LocalPipelineExecutor`` run over JSONL shards."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

pytest.importorskip("datatrove", reason="datatrove is not installed (pip install '.[dev]')")

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from textwash import Document as TextwashDocument
from textwash import Pipeline
from textwash.filters.base import Filter
from textwash.integrations.datatrove import TextwashCleaner
from textwash.runner import clean_document

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"
TEXTS = [
    *(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))),
    "The Kremlin\u00b4s envoy said \u00e2\u20ac\u0153no\u00e2\u20ac\u009d.\u00a0\r\n",
    "&nbsp;\u200b\n",  # nothing left once cleaned
    "Already clean.\n",
]


def _shards(folder: Path) -> list[dict[str, str]]:
    records = [{"id": f"doc-{i}", "text": text} for i, text in enumerate(TEXTS * 3)]
    folder.mkdir()
    for shard in range(2):
        with (folder / f"part-{shard}.jsonl").open("w", encoding="utf-8") as out:
            for record in records[shard::2]:
                out.write(json.dumps(record) + "\n")
    return records


def _stats(logs: Path) -> dict[str, int]:
    """The textwash step's counters, summed over tasks."""
    steps = json.loads((logs / "stats.json").read_text())
    (step,) = [s for s in steps if "textwash" in s["name"]]
    # a counter always bumped by 1 is written as a number, any other as a summary
    return {
        name: value if isinstance(value, int) else value["total"]
        for name, value in step["stats"].items()
    }


def test_step_cleans_counts_and_drops_in_a_real_pipeline(tmp_path: Path) -> None:
    records = _shards(tmp_path / "in")
    pipeline = Pipeline.default().disable("headline")
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            TextwashCleaner(disable=["headline"], drop_empty=True),
            JsonlWriter(str(tmp_path / "out"), compression=None),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    ).run()

    out = {}
    for path in sorted((tmp_path / "out").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            out[record["id"]] = record["text"]
    expected = {r["id"]: pipeline(r["text"]) for r in records}
    assert out == {k: v for k, v in expected.items() if v.strip()}
    assert len(out) < len(records), "the document left empty is dropped"

    wanted: dict[str, int] = {}
    for record in records:
        _, counts = clean_document(pipeline, TextwashDocument(record["text"]))
        for name, c in counts.items():
            if c.changed:
                wanted[f"{name}_changed"] = wanted.get(f"{name}_changed", 0) + 1
                wanted[f"{name}_lines"] = wanted.get(f"{name}_lines", 0) + c.lines
    stats = _stats(tmp_path / "logs")
    assert {k: stats.get(k) for k in wanted} == wanted
    assert stats["documents"] == len(records)
    assert stats["changed"] == sum(expected[r["id"]] != r["text"] for r in records)
    assert stats["dropped_empty"] == len(records) - len(out)
    assert "headline_changed" not in stats


def test_options_and_filter_failures() -> None:
    step = TextwashCleaner(enable=["transliterate"], options={"teasers": {"min_block": 4}})
    assert "transliterate" in step.pipeline.names
    assert step.pipeline == Pipeline.default().enable("transliterate").enable(
        "teasers", min_block=4
    )
    docs = list(step.run([Document("Caf\u00e9 \u201cMoskva\u201d\n", "a")]))
    assert [d.text for d in docs] == ['Cafe "Moskva"\n']


@dataclass(frozen=True)
class _Failing(Filter):
    name: ClassVar[str] = "failing"
    summary: ClassVar[str] = "fails on every text"

    def apply(self, text: str) -> str:
        raise RuntimeError("no")


def test_a_failing_filter_keeps_the_document_and_is_counted() -> None:
    step = TextwashCleaner(Pipeline([_Failing()]))
    docs = list(step.run([Document("Text\u00a0\n", "a"), Document("More\n", "b")]))
    assert [d.text for d in docs] == ["Text\u00a0\n", "More\n"]
    assert step.stats["filter_failed"].total == 2
    assert step.stats["failing_failed"].total == 2


def test_corpus_filters_must_be_bound() -> None:
    with pytest.raises(ValueError, match="boilerplate"):
        TextwashCleaner(enable=["boilerplate"])
