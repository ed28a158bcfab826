"""Parquet shards: the text column cleaned, every other column, the schema, the row groups
and the compression kept; errors per file, naming the column."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import DIRTY, cleaned, run

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

TEXTS = [
    "Tom &amp; Jerry  ",
    None,
    "Already clean.",
    "It\u00b4s fine\r\n",
    DIRTY,
    "Zoë’s café",
    None,
]

SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("text", pa.large_string()),
        pa.field("metadata", pa.struct([("url", pa.string()), ("year", pa.int16())])),
        pa.field("tags", pa.list_(pa.string())),
        pa.field("added", pa.timestamp("ms", tz="UTC")),
        pa.field("lang", pa.dictionary(pa.int8(), pa.string())),
        pa.field("score", pa.float32(), nullable=False),
    ],
    metadata={b"huggingface": b'{"info": {"features": {}}}', b"origin": b"test"},
)


def table(texts: list[str | None] = TEXTS) -> Any:
    n = len(texts)
    return pa.table(
        {
            "id": [f"doc-{i}" for i in range(n)],
            "text": texts,
            "metadata": [{"url": f"https://example.com/{i}", "year": 2019} for i in range(n)],
            "tags": [["a", "b"][: i % 3] for i in range(n)],
            "added": [1_600_000_000_000 + i for i in range(n)],
            "lang": pa.array(["en", "fr"] * (n // 2) + ["en"] * (n % 2)).dictionary_encode(),
            "score": [i / 2 for i in range(n)],
        },
        schema=SCHEMA,
    )


def write_shard(path: Path, data: Any, **options: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(data, path, **options)
    return path


def layout(path: Path) -> dict[str, Any]:
    """What a rewrite must keep: schema (with metadata), row group sizes, codecs."""
    shard = pq.ParquetFile(path)
    meta = shard.metadata
    return {
        "schema": shard.schema_arrow,
        "metadata": shard.schema_arrow.metadata,
        "rows": [meta.row_group(i).num_rows for i in range(meta.num_row_groups)],
        "codecs": [
            [meta.row_group(i).column(j).compression for j in range(meta.num_columns)]
            for i in range(meta.num_row_groups)
        ],
        "dictionary": [
            "RLE_DICTIONARY" in meta.row_group(0).column(j).encodings
            for j in range(meta.num_columns)
        ],
        "statistics": [meta.row_group(0).column(j).is_stats_set for j in range(meta.num_columns)],
        "version": meta.format_version,
    }


def expected_texts(texts: list[str | None]) -> list[str | None]:
    return [None if t is None else cleaned(t) for t in texts]


@pytest.mark.parametrize(
    "compression",
    ["zstd", "gzip", "snappy", "none", {"text": "zstd", "id": "gzip", "metadata.url": "snappy"}],
    ids=str,
)
def test_only_the_text_column_changes(tmp_path: Path, compression: Any) -> None:
    src = write_shard(
        tmp_path / "in" / "shard.parquet", table(), row_group_size=3, compression=compression
    )
    out = tmp_path / "out"
    result = run([str(src.parent), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 file: 1 changed" in result.stderr
    documents = [t for t in TEXTS if t is not None]  # null texts are not documents
    changing = sum(cleaned(t) != t for t in documents)
    assert 0 < changing < len(documents)
    assert f"{len(documents)} documents, {changing} changed" in result.stderr
    written = out / "shard.parquet"
    assert layout(written) == layout(src)
    assert layout(written)["rows"] == [3, 3, 1]
    before, after = pq.read_table(src), pq.read_table(written)
    assert after.schema.equals(before.schema, check_metadata=True)
    assert after.column("text").to_pylist() == expected_texts(TEXTS)
    assert after.drop_columns(["text"]).equals(before.drop_columns(["text"]))


@pytest.mark.parametrize(
    "options",
    [
        {"use_dictionary": False, "write_statistics": False, "version": "1.0"},
        {"use_dictionary": ["id"], "write_statistics": ["text"], "compression": "brotli"},
    ],
    ids=["plain", "some-columns"],
)
def test_writer_options_are_those_of_the_input(tmp_path: Path, options: dict[str, Any]) -> None:
    src = write_shard(tmp_path / "in" / "s.parquet", table(), row_group_size=5, **options)
    result = run([str(src.parent), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert layout(tmp_path / "out" / "s.parquet") == layout(src)


def test_a_clean_shard_is_copied_and_not_rewritten(tmp_path: Path) -> None:
    texts = [None if t is None else cleaned(t) for t in TEXTS]
    src = write_shard(tmp_path / "in" / "clean.parquet", table(texts), row_group_size=2)
    check = run([str(src), "--check"])
    assert check.exit_code == 0, check.output
    assert "5 documents, 0 would change" in check.stderr
    result = run([str(src.parent), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0 and "1 unchanged" in result.stderr
    assert (tmp_path / "out" / "clean.parquet").read_bytes() == src.read_bytes()
    os.utime(src, ns=(1_000_000_000, 1_000_000_000))
    in_place = run([str(src), "--in-place", "--no-cache"])  # --check recorded it as clean
    assert in_place.exit_code == 0 and "1 unchanged" in in_place.stderr
    assert src.stat().st_mtime_ns == 1_000_000_000


def test_in_place_check_diff_and_resume(tmp_path: Path) -> None:
    src = write_shard(tmp_path / "in" / "s.parquet", table(), row_group_size=4)
    shape = layout(src)
    assert run([str(src), "--check"]).exit_code == 1
    diff = run([str(src), "--diff"])
    assert diff.exit_code == 0
    assert f"--- {src}:row 0\t(original, id doc-0)\n+++ {src}:row 0\t(cleaned)\n" in diff.stdout
    assert f"{src}:row 2\t" not in diff.stdout  # a clean row
    assert f"{src}:row 1\t" not in diff.stdout  # a null text
    result = run([str(src), "--in-place"])
    assert result.exit_code == 0, result.output
    assert pq.read_table(src).column("text").to_pylist() == expected_texts(TEXTS)
    assert layout(src) == shape
    assert run([str(src), "--check"]).exit_code == 0
    out = tmp_path / "out"
    first = run([str(src.parent), "-o", str(out)])
    again = run([str(src.parent), "-o", str(out)])
    assert "1 unchanged" in first.stderr and "1 cached" in again.stderr


def test_explain_says_which_row(tmp_path: Path) -> None:
    src = write_shard(tmp_path / "s.parquet", table())
    result = run(["--explain", str(src)])
    assert result.exit_code == 0, result.output
    assert f"{src}:row 0 (id doc-0): 2 changes\n" in result.stdout
    assert "  text line 1: markup: 'Tom &amp; Jerry  ' -> 'Tom & Jerry  '" in result.stdout
    assert f"{src}:row 2 " not in result.stdout


@pytest.mark.parametrize("kind", ["string", "large_string", "string_view"])
def test_every_arrow_string_type_is_read_and_kept(tmp_path: Path, kind: str) -> None:
    if not hasattr(pa, kind):
        pytest.skip(f"this pyarrow has no {kind}")
    field = pa.field("text", getattr(pa, kind)(), nullable=False)
    data = pa.table({"text": ["Tom &amp; Jerry", "x"]}, schema=pa.schema([field]))
    src = write_shard(tmp_path / "in" / "s.parquet", data)
    result = run([str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    out = pq.read_table(tmp_path / "out" / "s.parquet")
    assert out.schema.field("text") == field
    assert out.column("text").to_pylist() == [cleaned("Tom &amp; Jerry"), "x"]


def test_text_key_names_the_column(tmp_path: Path) -> None:
    data = pa.table({"body": ["a  ", None], "text": ["keep  ", "x"]})
    src = write_shard(tmp_path / "in" / "s.parquet", data)
    result = run([str(src), "-o", str(tmp_path / "out"), "--text-key", "body"])
    assert result.exit_code == 0, result.output
    out = pq.read_table(tmp_path / "out" / "s.parquet")
    assert out.to_pylist() == [
        {"body": cleaned("a  "), "text": "keep  "},
        {"body": None, "text": "x"},
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        (pa.table({"content": ["a"]}), "no column 'text' (columns: 'content')"),
        (pa.table({"text": [1, 2]}), "column 'text' holds int64, not strings"),
    ],
    ids=["missing", "not-strings"],
)
def test_a_shard_without_a_text_column_fails_alone(
    tmp_path: Path, write: Callable[..., Path], data: Any, message: str
) -> None:
    bad = write_shard(tmp_path / "in" / "bad.parquet", data)
    good = write(tmp_path / "in" / "good.txt", DIRTY)
    out = tmp_path / "out"
    result = run([str(bad.parent), "-o", str(out), "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 1
    assert f"error: {bad}: {message}" in result.stderr
    assert (out / "good.txt").read_text() == cleaned(DIRTY)
    assert not (out / "bad.parquet").exists()
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["failed"] == [{"path": str(bad), "reason": report["failed"][0]["reason"]}]
    assert message in report["failed"][0]["reason"] and good.exists()


def test_a_file_that_is_not_parquet_fails(tmp_path: Path, write: Callable[..., Path]) -> None:
    bad = write(tmp_path / "in" / "fake.parquet", b"PAR1 this is not a parquet file")
    result = run([str(bad), "--check"])
    assert result.exit_code == 1
    assert f"error: {bad}: not a readable Parquet file" in result.stderr


def test_without_pyarrow_parquet_fails_with_the_install_hint(
    tmp_path: Path, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write_shard(tmp_path / "in" / "s.parquet", table())
    write(tmp_path / "in" / "a.txt", DIRTY)
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    out = tmp_path / "out"
    result = run([str(src.parent), "-o", str(out), "-j", "1"])
    assert result.exit_code == 1
    assert f"error: {src}: reading .parquet files needs pyarrow: " in result.stderr
    assert "pip install 'textwash[parquet]'" in result.stderr
    assert (out / "a.txt").read_text() == cleaned(DIRTY)
    assert "1 changed, 0 unchanged, 1 failed" in result.stderr


def test_corpus_filters_learn_from_parquet_rows(tmp_path: Path) -> None:
    """The fit pass reads a shard's rows: the same texts give the same output as JSONL."""
    texts = [
        f"Subscribe to our newsletter\n\nStory number {i} is about topic {i * 7}.\n\nMost read\n"
        for i in range(12)
    ]
    urls = [f"https://example.com/{i}" for i in range(12)]
    data = pa.table({"text": texts, "metadata": [{"url": u} for u in urls]})
    write_shard(tmp_path / "pq" / "s.parquet", data)
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "s.jsonl").write_text(
        "".join(
            json.dumps({"text": t, "metadata": {"url": u}}) + "\n"
            for t, u in zip(texts, urls, strict=True)
        )
    )
    for kind in ("pq", "js"):
        result = run(
            [str(tmp_path / kind), "-o", str(tmp_path / f"{kind}-out"), "--enable", "boilerplate"]
        )
        assert result.exit_code == 0, result.output
    from_jsonl = [
        json.loads(line)["text"]
        for line in (tmp_path / "js-out" / "s.jsonl").read_text().splitlines()
    ]
    assert from_jsonl != texts  # the filter did cut something
    assert pq.read_table(tmp_path / "pq-out" / "s.parquet").column("text").to_pylist() == from_jsonl


def test_parquet_cannot_come_from_stdin() -> None:
    from click.testing import CliRunner

    from textwash.cli import clean

    result = CliRunner().invoke(clean, ["-", "--format", "parquet"], input=b"PAR1")
    assert result.exit_code == 2
    assert "parquet files need random access" in result.stderr


def test_pyarrow_loads_only_for_parquet_files(tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    program = (
        "import sys, textwash\n"
        "from textwash.cli import clean\n"
        "clean.main([sys.argv[1], '-o', sys.argv[2], '-j', '1', '-q'], standalone_mode=False)\n"
        "print('pyarrow' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program, str(tmp_path / "a.txt"), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_audit_page_samples_rows(tmp_path: Path) -> None:
    from test_cli_audit import page_data

    write_shard(tmp_path / "in" / "a.parquet", table())
    assert run(["in", "--check", "--report", "r.html"], cwd=tmp_path).exit_code == 1
    data = page_data(tmp_path / "r.html")
    changed = {f"doc-{i}" for i, t in enumerate(TEXTS) if t is not None and cleaned(t) != t}
    assert {s["id"] for s in data["samples"]} == changed
    assert data["report"]["documents"]["seen"] == sum(t is not None for t in TEXTS)
