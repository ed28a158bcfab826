"""Big JSONL shards cleaned as several tasks (textwash.shards): the parts cover every line
once, and the joined output is the output of one task on the whole file."""

from __future__ import annotations

import io
import itertools
import json
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import damage, make_article
from textwash import Pipeline
from textwash.cache import Cache
from textwash.engines import clean_files, plan
from textwash.engines.local import LocalEngine
from textwash.io.files import Globs, find_inputs
from textwash.runner import Job, Status, Write
from textwash.shards import copy_part, split


@given(
    st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"")), max_size=30),
    st.booleans(),
    st.lists(st.integers(min_value=0, max_value=400), max_size=8),
)
def test_parts_cover_every_line_once_in_order(
    lines: list[bytes], final_newline: bool, cuts: list[int]
) -> None:
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    bounds = sorted({0, len(data), *(c for c in cuts if c < len(data))})
    joined = b""
    for start, end in itertools.pairwise(bounds):
        sink = io.BytesIO()
        copy_part(io.BytesIO(data), start, end, sink)
        part = sink.getvalue()
        assert not part or part.endswith(b"\n") or data.endswith(part)  # whole lines only
        joined += part
    assert joined == data


def make_shard(path: Path, records: int) -> None:
    rng = random.Random(4)
    lines = []
    for n in range(records):
        if n % 37 == 5:
            lines.append("")  # a blank line
        elif n % 53 == 7:
            lines.append('{"text": broken')  # a bad line
        else:
            lines.append(json.dumps({"id": n, "text": damage(rng, make_article(rng))}))
    path.write_text("\n".join(lines), encoding="utf-8")  # no final newline


def run(src: Path, out: Path, split_bytes: int, workers: int = 1, include: str = "*.jsonl") -> list:
    inputs, _ = find_inputs([src], include=Globs([include]), exclude=Globs([]))
    tasks, _ = plan(inputs, write=Write.OUTDIR, outdir=out)
    job = Job(Pipeline.default())
    cache = Cache.open(out.parent / f"state-{out.name}", job.cache_key(), exclusive=True)
    try:
        with LocalEngine(workers) as engine:
            return list(clean_files(job, tasks, engine, cache, outdir=out, split_bytes=split_bytes))
    finally:
        cache.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_split_shard_gives_the_output_of_one_task(tmp_path: Path, workers: int) -> None:
    src = tmp_path / "src"
    src.mkdir()
    make_shard(src / "big.jsonl", 400)
    make_shard(src / "small.jsonl", 3)
    whole = run(src, tmp_path / "whole", split_bytes=1 << 30)
    size = (src / "big.jsonl").stat().st_size
    parts = run(src, tmp_path / "parts", split_bytes=size // 7, workers=workers)
    for name in ("big.jsonl", "small.jsonl"):
        assert (tmp_path / "parts" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == ["big.jsonl", "small.jsonl"]

    one = {o.path: o for o in whole}
    many = {o.path: o for o in parts}
    assert len(parts) == 2  # one outcome per file
    big = str(src / "big.jsonl")
    assert many[big].status is one[big].status is Status.FAILED  # its bad lines
    assert (many[big].documents, many[big].changed_documents) == (
        one[big].documents,
        one[big].changed_documents,
    )
    assert many[big].filters == one[big].filters
    assert len(many[big].problems) == len(one[big].problems)
    assert all(p.startswith("part ") and " (from byte " in p for p in many[big].problems)


def test_a_split_shard_is_resumed_as_a_whole(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    rng = random.Random(8)
    lines = [json.dumps({"text": damage(rng, make_article(rng))}) for _ in range(200)]
    (src / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    size = (src / "big.jsonl").stat().st_size
    first = run(src, tmp_path / "out", split_bytes=size // 5)
    assert [o.status for o in first] == [Status.CHANGED]
    again = run(src, tmp_path / "out", split_bytes=size // 5)
    assert [o.status for o in again] == [Status.CACHED]


def test_only_big_plain_jsonl_is_split() -> None:
    from textwash.runner import Task

    tasks = [
        Task(0, "a.jsonl", "a.jsonl", "jsonl", "out/a.jsonl", 1000),
        Task(1, "b.jsonl.gz", "b.jsonl.gz", "jsonl.gz", "out/b.jsonl.gz", 1000),
        Task(2, "c.jsonl", "c.jsonl", "jsonl", "out/c.jsonl", 10),
        Task(3, "d.txt", "d.txt", "txt", "out/d.txt", 1000),
    ]
    out = split(tasks, 300)
    parts = [t for t in out if t.source == "a.jsonl"]
    assert len(parts) == 4 and [t.index for t in parts] == [4, 5, 6, 7]
    assert [(t.start, t.end) for t in parts] == [(0, 250), (250, 500), (500, 750), (750, 1000)]  # type: ignore[attr-defined]
    assert {t.source for t in out} - {"a.jsonl"} == {"b.jsonl.gz", "c.jsonl", "d.txt"}


def _make_parquet(path: Path, rows: int, group: int, *, damaged: bool = True) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rng = random.Random(5)
    texts: list[str | None] = []
    for n in range(rows):
        if not damaged:
            texts.append(f"Row {n} holds a clean sentence that no filter changes.\n")
            continue
        texts.append(None if n % 41 == 3 else damage(rng, make_article(rng)))
    table = pa.table({"id": [f"doc-{n}" for n in range(rows)], "text": texts, "n": range(rows)})
    pq.write_table(table, path, row_group_size=group, compression="zstd")


@pytest.mark.parametrize("workers", [1, 2])
def test_a_split_parquet_shard_gives_the_output_of_one_task(tmp_path: Path, workers: int) -> None:
    src = tmp_path / "src"
    src.mkdir()
    _make_parquet(src / "big.parquet", 240, 20)
    _make_parquet(src / "tidy.parquet", 120, 10, damaged=False)
    whole = run(src, tmp_path / "whole", split_bytes=1 << 30, include="*.parquet")
    size = (src / "big.parquet").stat().st_size
    parts = run(
        src, tmp_path / "parts", split_bytes=size // 5, workers=workers, include="*.parquet"
    )
    for name in ("big.parquet", "tidy.parquet"):
        got = (tmp_path / "parts" / name).read_bytes()
        assert got == (tmp_path / "whole" / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == [
        "big.parquet",
        "tidy.parquet",
    ]
    one = {o.path: o for o in whole}
    many = {o.path: o for o in parts}
    assert len(parts) == len(whole) == 2
    for path in one:
        assert many[path].status is one[path].status
        assert (many[path].documents, many[path].changed_documents, many[path].filters) == (
            one[path].documents,
            one[path].changed_documents,
            one[path].filters,
        )
    tidy = str(src / "tidy.parquet")
    assert many[tidy].status is Status.UNCHANGED
    assert (tmp_path / "parts" / "tidy.parquet").read_bytes() == (src / "tidy.parquet").read_bytes()


def test_a_parquet_shard_is_cut_between_row_groups(tmp_path: Path) -> None:
    from textwash.runner import Task

    _make_parquet(tmp_path / "a.parquet", 90, 10)  # 9 row groups
    size = (tmp_path / "a.parquet").stat().st_size
    task = Task(0, str(tmp_path / "a.parquet"), "a.parquet", "parquet", "out/a.parquet", size)
    parts = split([task], -(-size // 4))  # four parts' worth of bytes
    assert [(t.start, t.end) for t in parts] == [(0, 2), (2, 4), (4, 6), (6, 9)]  # type: ignore[attr-defined]
    assert len(split([task], size // 20)) == 9  # never more parts than row groups
    one_group = tmp_path / "b.parquet"
    _make_parquet(one_group, 30, 100)  # a single row group cannot be cut
    whole = Task(1, str(one_group), "b.parquet", "parquet", "out/b.parquet", 10**9)
    assert split([whole], 1000) == [whole]


def test_a_file_is_cut_into_a_multiple_of_the_workers() -> None:
    from textwash.runner import Task

    task = Task(0, "a.jsonl", "a.jsonl", "jsonl", "out/a.jsonl", 1000)
    assert len(split([task], 200)) == 5
    parts = split([task], 200, workers=2)
    assert len(parts) == 6
    assert (parts[0].start, parts[0].end) == (0, 166)  # type: ignore[attr-defined]
    assert parts[-1].end == 1000  # type: ignore[attr-defined]
