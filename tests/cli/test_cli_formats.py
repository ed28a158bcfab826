"""Formats: text, gzip'd text, HTML, JSONL shards (plain, gzip, zstd), other encodings."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import DIRTY, cleaned, files, run

from textwash.cli import FORMAT_NAMES
from textwash.formats import DEFAULT_INCLUDE, FORMATS, detect
from textwash.formats.html import extract_html

RECORDS = [
    '{"id": "r1", "text": "It\\u00b4s fine  \\n", "metadata": {"url": "u", "n": 1.50}, "z": [1, 2]}',
    '{"text":"Already clean.\\n","id":"r2","source":"x"}',
    '{"id": "r3", "text": "Zoë’s café  ", "added": "2024-01-01T00:00:00Z"}',
    "",
    '{"id": 4, "text": "Tom &amp; Jerry\\r\\n", "metadata": {"nested": {"text": "not this one"}}}',
]


def shard_bytes() -> bytes:
    return ("\n".join(RECORDS) + "\n").encode("utf-8")


def check_shard(data: bytes) -> None:
    """Each record: text cleaned, every other field byte for byte as it was."""
    out_lines = data.decode("utf-8").split("\n")
    assert len(out_lines) == len(RECORDS) + 1 and out_lines[-1] == ""
    for before, after in zip(RECORDS, out_lines, strict=False):
        if not before:
            assert after == ""
            continue
        old, new = json.loads(before), json.loads(after)
        assert new["text"] == cleaned(old["text"])
        assert {k: v for k, v in new.items() if k != "text"} == {
            k: v for k, v in old.items() if k != "text"
        }
        if new["text"] == old["text"]:
            assert after == before  # unchanged records: the very same line
        else:  # only the text value moved: the line around it is the same
            prefix = before[: before.index('"text"')]
            assert after.startswith(prefix)
    assert b'"n": 1.50' in data  # number formatting kept


@pytest.mark.parametrize(
    "name, opener",
    [
        ("shard.jsonl", None),
        ("shard.jsonl.gz", "gzip"),
        ("shard.json.gz", "gzip"),
        ("shard.jsonl.zst", "zstd"),
        ("shard.ndjson", None),
        ("shard.NDJSON.gz", "gzip"),
        ("shard.ndjson.zst", "zstd"),
    ],
)
def test_jsonl_shards_keep_every_other_field(
    tmp_path: Path, write: Callable[..., Path], name: str, opener: str | None
) -> None:
    raw = shard_bytes()
    if opener == "gzip":
        raw = gzip.compress(raw)
    elif opener == "zstd":
        zstandard = pytest.importorskip("zstandard")
        raw = zstandard.ZstdCompressor().compress(raw)
    src = write(tmp_path / "in" / name, raw)
    out = tmp_path / "out"
    result = run([str(src.parent), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = (out / name).read_bytes()
    if opener == "gzip":
        assert data[4:8] == b"\0\0\0\0"  # no timestamp: the same text, the same bytes
        data = gzip.decompress(data)
    elif opener == "zstd":
        import zstandard

        data = zstandard.ZstdDecompressor().stream_reader(data).read()
    check_shard(data)
    assert "4 documents, 3 changed" in result.stderr


def test_unchanged_compressed_shard_is_copied_byte_for_byte(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    line = json.dumps({"id": "a", "text": cleaned("Clean text.\n")}) + "\n"
    raw = gzip.compress(line.encode() * 3, compresslevel=1, mtime=12345)
    src = write(tmp_path / "in" / "s.jsonl.gz", raw)
    result = run([str(src.parent), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0 and "1 unchanged" in result.stderr
    assert (tmp_path / "out" / "s.jsonl.gz").read_bytes() == raw


def test_malformed_jsonl_lines_are_reported_and_kept(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    lines = [RECORDS[0], "{not json", '["a list"]', '{"id": "no-text"}', RECORDS[4], "\xff"]
    data = "\n".join(lines).encode("utf-8").replace("\xff".encode(), b"\xff")
    src = write(tmp_path / "in" / "s.jsonl", data)
    out = tmp_path / "out"
    result = run([str(src.parent), "-o", str(out), "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 1
    assert f"{src}: 4 bad lines (kept unchanged in the output)" in result.stderr
    for number in (2, 3, 4, 6):
        assert f"line {number}: " in result.stderr
    written = (out / "s.jsonl").read_bytes().split(b"\n")
    assert json.loads(written[0])["text"] == cleaned(json.loads(RECORDS[0])["text"])
    assert json.loads(written[4])["text"] == cleaned(json.loads(RECORDS[4])["text"])
    assert written[1:4] == [line.encode() for line in lines[1:4]] and written[5] == b"\xff"
    report = json.loads((tmp_path / "r.json").read_text())
    assert (
        report["failed"][0]["lines"][0]
        == "line 2: malformed JSON: Expecting property name enclosed in double quotes (column 2)"
    )


def test_text_key_option_and_config(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = write(tmp_path / "in" / "s.jsonl", '{"content": "a  \\n", "text": "keep  "}\n')
    result = run([str(src.parent), "-o", str(tmp_path / "out"), "--text-key", "content"])
    assert result.exit_code == 0, result.output
    record = json.loads((tmp_path / "out" / "s.jsonl").read_text())
    assert record == {"content": cleaned("a  \n"), "text": "keep  "}


def test_gzipped_text(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = write(tmp_path / "in" / "a.txt.gz", gzip.compress(DIRTY.encode()))
    result = run([str(src.parent), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert gzip.decompress((tmp_path / "out" / "a.txt.gz").read_bytes()) == cleaned(DIRTY).encode()


def test_html_becomes_text(tmp_path: Path, write: Callable[..., Path]) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Headline</title><style>p {color: red}</style>"
        "<script>var x = '<p>no</p>';</script></head><body><h1>Headline</h1>"
        "<p>First   paragraph,\n with <b>bold</b> text.</p><div>One<br>Two</div>"
        "<ul><li>item</li><li>item two</li></ul><!-- a comment --></body></html>"
    )
    src = write(tmp_path / "in" / "page.html", page)
    write(tmp_path / "in" / "other.HTM", "<p>Caf&eacute;</p>")
    out = tmp_path / "out"
    result = run([str(src.parent), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(files(out)) == ["other.txt", "page.txt"]
    text = (out / "page.txt").read_text(encoding="utf-8")
    assert text == cleaned(extract_html(page.encode()).text)
    assert "var x" not in text and "color" not in text and "comment" not in text
    extracted = extract_html(page.encode()).text
    assert "First paragraph, with bold text.\n" in extracted
    assert "One\nTwo\n" in extracted and "item\nitem two\n" in extracted
    assert (out / "other.txt").read_text(encoding="utf-8") == cleaned("Café\n")


def test_gzipped_html_becomes_gzipped_text(tmp_path: Path, write: Callable[..., Path]) -> None:
    """A crawl's pages stored compressed (``page.html.gz``, as the article-extraction
    benchmark keeps its pages) are read like ``.html`` and written as ``.txt.gz``."""
    page = "<html><head><title>T</title></head><body><p>Caf&eacute;   au lait.</p></body></html>"
    src = write(tmp_path / "in" / "page.html.gz", gzip.compress(page.encode()))
    write(tmp_path / "in" / "other.HTM.gz", gzip.compress(b"<p>It&acute;s here</p>"))
    out = tmp_path / "out"
    result = run([str(src.parent), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 files:" in result.stderr and "0 failed" in result.stderr
    assert sorted(files(out)) == ["other.txt.gz", "page.txt.gz"]
    text = gzip.decompress((out / "page.txt.gz").read_bytes()).decode("utf-8")
    assert text == cleaned(extract_html(page.encode()).text) == "T\n\nCafé au lait.\n"
    other = gzip.decompress((out / "other.txt.gz").read_bytes()).decode("utf-8")
    assert other == cleaned(extract_html(b"<p>It&acute;s here</p>").text) == "It's here\n"
    in_place = run([str(src.parent), "--in-place"])
    assert in_place.exit_code == 1 and "cannot be cleaned in place" in in_place.stderr


def test_deeply_nested_html_is_read(tmp_path: Path, write: Callable[..., Path]) -> None:
    depth = 20_000
    src = write(tmp_path / "in" / "deep.html", "<div>" * depth + "deep text" + "</div>" * depth)
    result = run([str(src.parent), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "deep.txt").read_text() == cleaned("deep text\n")


def test_html_cannot_be_cleaned_in_place(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = write(tmp_path / "in" / "page.html", "<p>x</p>")
    result = run([str(src.parent), "--in-place"])
    assert result.exit_code == 1 and "cannot be cleaned in place" in result.stderr
    assert src.read_text() == "<p>x</p>"


def test_other_encodings_are_converted_and_reported(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    text = "Café “quoted” déjà vu, naïve façade — the Kremlin’s envoy said so.\n"
    src = write(tmp_path / "in" / "latin.txt", text.encode("cp1252"))
    write(tmp_path / "in" / "utf16.txt", text.encode("utf-16"))
    out = tmp_path / "out"
    result = run([str(src.parent), "-o", str(out), "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    assert (out / "latin.txt").read_text(encoding="utf-8") == cleaned(text)
    assert (out / "utf16.txt").read_text(encoding="utf-8") == cleaned(text)
    assert "converted to UTF-8: 2 (1 with a guessed encoding)" in result.stderr
    assert f"{src} (from windows-1252, guessed)" in result.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert {(c["from"], c["guessed"]) for c in report["converted"]} == {
        ("windows-1252", True),
        ("utf-16", False),
    }
    check = run([str(src), "--check"])  # a conversion is a change
    assert check.exit_code == 1


def test_format_flag_overrides_the_file_name(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = write(tmp_path / "in" / "data.records", '{"text": "a  "}\n')
    result = run([str(src), "-o", str(tmp_path / "out"), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "out" / "data.records").read_text())["text"] == cleaned("a  ")
    unknown = run([str(src), "-o", str(tmp_path / "out2")])
    assert unknown.exit_code == 1 and "unknown format" in unknown.stderr


def test_format_table() -> None:
    assert detect("a.JSONL.GZ") is FORMATS["jsonl.gz"] and detect(".txt") is None
    assert detect("a.ndjson") is FORMATS["jsonl"] and detect("a.ndjson.gz") is FORMATS["jsonl.gz"]
    assert set(DEFAULT_INCLUDE) == {f"*{s}" for f in FORMATS.values() for s in f.suffixes}
    assert set(FORMAT_NAMES) == {"auto", *FORMATS}  # --format takes every format


def test_diff_of_a_shard_names_each_record(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = write(tmp_path / "in" / "s.jsonl", shard_bytes())
    result = run([str(src), "--diff"])
    assert result.exit_code == 0
    assert f"--- {src}:1\t(original, id r1)\n+++ {src}:1\t(cleaned)\n" in result.stdout
    assert f"{src}:2\t" not in result.stdout  # record 2 is clean
    assert src.read_bytes() == shard_bytes()


CLEAN_RECORDS = (
    '{"id": 1, "text": "A clean title", "url": "https://example.com/a"}\n'
    '{"text":"Second record.\\nWith two lines.","meta":{"a":[1,2]}}\n'
    '{"text": "caf\\u00e9 \\u2019quoted\\u2019", "n": 1.50}\n'
    '{"text": "Ends in a newline.\\n"}\n'
)


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_a_clean_shard_passes_check_and_comes_out_byte_identical(
    tmp_path: Path, write: Callable[..., Path], suffix: str
) -> None:
    """A record's text keeps its own ending: no final newline is added to a record."""
    data = CLEAN_RECORDS.encode("utf-8")
    shard = write(
        tmp_path / "in" / f"shard{suffix}", gzip.compress(data) if ".gz" in suffix else data
    )
    check = run([str(shard.parent), "--check"])
    assert check.exit_code == 0, check.output
    assert "4 documents, 0 would change" in check.stderr
    result = run([str(shard.parent), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    out = (tmp_path / "out" / shard.name).read_bytes()
    assert (gzip.decompress(out) if ".gz" in suffix else out) == data


def test_a_text_file_still_ends_in_one_newline(tmp_path: Path, write: Callable[..., Path]) -> None:
    write(tmp_path / "in" / "a.txt", "No final newline  ")
    result = run([str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "a.txt").read_bytes() == b"No final newline\n"
