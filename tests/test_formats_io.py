"""Each format reads documents from an opened stream and writes them back to an opened sink;
a task can name a part of a file.

The readers take streams, not paths (object storage opens its own), so these tests feed
them in-memory bytes and pipes' worth of non-seekable streams.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from textwash import Pipeline
from textwash.document import Document
from textwash.formats import FORMATS, FormatError
from textwash.formats.base import EVERYTHING, Item, Part, ReadOptions
from textwash.io.atomic import AtomicBatch
from textwash.runner import Job, Status, Task, Write, process_file

LINES = [
    b'{"id": "a", "text": "Tom &amp; Jerry  ", "n": 1.50}\n',
    b"\n",
    b"not json\n",
    b'{"text": "caf\\u00e9\\u00a0\\n", "metadata": {"site": "x"}}\n',
    b'{"id": 7, "text": "plain\\n"}\n',
]
SHARD = b"".join(LINES)


class NoSeek(io.RawIOBase):
    """A stream that can only be read front to back, like a pipe."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        return self._data.readinto(buffer)


def read(fmt: str, data: bytes, part: Part = EVERYTHING) -> list[Item]:
    handler = FORMATS[fmt].handler
    stream = io.BufferedReader(NoSeek(data)) if part.everything else io.BytesIO(data)
    reader = handler.reader(stream, FORMATS[fmt].decoder, ReadOptions("s.jsonl", part=part))
    return list(reader)


def test_jsonl_items_carry_documents_problems_and_their_lines() -> None:
    items = read("jsonl", SHARD)
    assert [i.line for i in items] == [1, 2, 3, 4, 5]
    docs = [i.document for i in items]
    assert docs[0] == Document("Tom &amp; Jerry  ", "a", None, {})
    assert docs[1] is None and docs[2] is None
    assert items[2].problem.startswith("malformed JSON")
    assert docs[3] == Document("café\u00a0\n", "s.jsonl:4", None, {"site": "x"})
    assert docs[4].id == "7" and items[4].given_id == "7"


@pytest.mark.parametrize("fmt", ["jsonl", "jsonl.gz"])
def test_jsonl_writer_changes_only_the_text(fmt: str) -> None:
    data = gzip.compress(SHARD) if fmt == "jsonl.gz" else SHARD
    handler, codec = FORMATS[fmt].handler, FORMATS[fmt].decoder
    reader = handler.reader(io.BytesIO(data), codec, ReadOptions("s"))
    sink = io.BytesIO()
    writer = handler.writer(sink, codec, reader)
    for item in reader:
        doc = item.document
        writer.write(item, None if doc is None else doc.with_text(doc.text.strip()))
    writer.close()
    out = gzip.decompress(sink.getvalue()) if fmt == "jsonl.gz" else sink.getvalue()
    lines = out.splitlines(keepends=True)
    assert lines[0] == b'{"id": "a", "text": "Tom &amp; Jerry", "n": 1.50}\n'
    assert lines[1:3] == LINES[1:3]  # blank and bad lines pass through
    assert lines[3] == b'{"text": "caf\\u00e9", "metadata": {"site": "x"}}\n'
    assert not sink.closed


def test_jsonl_parts_on_line_boundaries_read_the_shard_once_between_them() -> None:
    cut = len(LINES[0]) + len(LINES[1]) + len(LINES[2])
    first = read("jsonl", SHARD, Part(0, cut))
    second = read("jsonl", SHARD, Part(cut, None, first_line=4))
    whole = read("jsonl", SHARD)
    assert first + second == whole


def test_a_compressed_shard_cannot_be_read_in_parts() -> None:
    with pytest.raises(FormatError, match="gzip shard cannot be read in parts"):
        read("jsonl.gz", gzip.compress(SHARD), Part(0, 10))


def test_a_text_file_is_one_document_read_from_a_stream_that_cannot_seek() -> None:
    (item,) = read("txt", "caf\xe9 \x93cr\xe8me\x94\n".encode("latin-1"))
    assert item.document.text == "café “crème”\n"
    assert item.encoding == "windows-1252" and item.guessed and item.converted


def test_an_empty_text_file_has_no_document() -> None:
    (item,) = read("txt.gz", gzip.compress(b""))
    assert item.document is None


def test_a_task_for_part_of_a_shard_cleans_and_writes_that_part_only(tmp_path: Path) -> None:
    shard = tmp_path / "s.jsonl"
    shard.write_bytes(SHARD)
    cut = len(LINES[0]) + len(LINES[1])
    target = tmp_path / "out" / "s.part0.jsonl"
    target.parent.mkdir()
    task = Task(0, str(shard), "s.jsonl", "jsonl", str(target), len(SHARD), Part(0, cut))
    batch = AtomicBatch()
    outcome = process_file(Job(Pipeline.default(), Write.OUTDIR), task, batch)
    assert not batch.commit()
    assert outcome.status is Status.CHANGED and outcome.documents == 1
    assert outcome.entry is None  # only whole files are remembered
    assert target.read_bytes() == b'{"id": "a", "text": "Tom & Jerry", "n": 1.50}\n\n'


def test_parquet_parts_are_ranges_of_row_groups(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "s.parquet"
    table = pa.table({"id": [f"r{i}" for i in range(6)], "text": [f"t{i}" for i in range(6)]})
    pq.write_table(table, path, row_group_size=2)
    data = path.read_bytes()
    rows = [(i.row, i.document.id) for i in read("parquet", data, Part(1, 3))]
    assert rows == [(2, "r2"), (3, "r3"), (4, "r4"), (5, "r5")]


def test_every_format_has_a_handler() -> None:
    for fmt in FORMATS.values():
        handler = fmt.handler
        assert handler.whole_file == (fmt.kind == "document")
        assert handler.sequential == (fmt.kind != "table")
