"""``clean -``: standard input cleaned to standard output, as a file of its format would be."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from cli_helpers import DIRTY, cleaned, run
from click.testing import CliRunner, Result

from textwash import Pipeline
from textwash.cli import clean

RECORDS = (
    '{"id": "r1", "text": "It\\u00b4s fine  \\n", "metadata": {"n": 1.50}, "z": [1, 2]}\n'
    '{"text":"Already clean.","id":"r2"}\n'
    "\n"
    '{"id": 3, "content": "Tom &amp; Jerry\\r\\n", "text": "not this one  "}\n'
)


def pipe(args: Sequence[str], data: bytes) -> Result:
    """``clean ARGS`` with ``data`` on stdin (stdout and stderr kept apart)."""
    return CliRunner().invoke(clean, list(args), input=data, catch_exceptions=False)


def as_file(tmp_path: Path, name: str, data: bytes, *args: str) -> bytes:
    """What ``clean`` makes of ``data`` saved as the file ``name``."""
    src = tmp_path / "as-file" / name
    src.parent.mkdir(exist_ok=True)
    src.write_bytes(data)
    out = tmp_path / "as-file-out"
    run([str(src), "-o", str(out), *args])
    return (out / name).read_bytes()


def test_text_on_stdin_is_cleaned_as_a_whole_text_file(tmp_path: Path) -> None:
    data = DIRTY.encode("utf-8")
    result = pipe(["-"], data)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == Pipeline.default().for_whole_files()(DIRTY).encode("utf-8")
    assert result.stdout_bytes == as_file(tmp_path, "a.txt", data)
    assert result.stdout_bytes.endswith(b"\n")  # a whole file ends in one newline
    assert "1 file: 1 changed" in result.stderr  # the summary, on stderr, as black - does


def test_stdin_in_another_encoding_is_decoded_as_a_file_is(tmp_path: Path) -> None:
    data = "Café “quoted” déjà vu, naïve façade — the Kremlin’s envoy.\n".encode("cp1252")
    result = pipe(["-"], data)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == as_file(tmp_path, "a.txt", data)
    assert "<stdin> (from windows-1252, guessed)" in result.stderr


def test_encoding_flag_applies_to_stdin(tmp_path: Path) -> None:
    data = "Privet Привет\n".encode("koi8-r")  # guessed as Big5 without the flag
    result = pipe(["-", "--encoding", "koi8-r"], data)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == "Privet Привет\n".encode()
    assert result.stdout_bytes == as_file(tmp_path, "a.txt", data, "--encoding", "koi8-r")


def test_quiet_prints_nothing_but_the_text() -> None:
    result = pipe(["-", "-q"], DIRTY.encode())
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == cleaned(DIRTY, Pipeline.default().for_whole_files())


def test_check_and_diff_on_stdin() -> None:
    dirty = pipe(["-", "--check"], DIRTY.encode())
    assert dirty.exit_code == 1 and dirty.stdout == ""
    assert "1 would change" in dirty.stderr
    text = Pipeline.default().for_whole_files()(DIRTY)
    assert pipe(["-", "--check"], text.encode()).exit_code == 0
    diff = pipe(["-", "--diff"], DIRTY.encode())
    assert diff.exit_code == 0
    assert diff.stdout.startswith("--- <stdin>\t(original)\n+++ <stdin>\t(cleaned)\n")
    assert "+Tom & Jerry met\n" in diff.stdout
    both = pipe(["-", "--diff", "--check", "-q"], DIRTY.encode())
    assert both.exit_code == 1 and both.stdout == diff.stdout and both.stderr == ""


def test_jsonl_on_stdin_is_cleaned_as_a_shard(tmp_path: Path) -> None:
    data = RECORDS.encode("utf-8")
    result = pipe(["-", "--format", "jsonl"], data)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == as_file(tmp_path, "s.jsonl", data)
    lines = result.stdout_bytes.split(b"\n")
    assert json.loads(lines[0])["text"] == cleaned("It\u00b4s fine  \n")  # no newline added
    assert lines[1] == RECORDS.split("\n")[1].encode()  # a clean record: the very same line
    assert "3 documents, 2 changed" in result.stderr
    keyed = pipe(["-", "--format", "jsonl", "--text-key", "content"], data)
    assert keyed.stdout_bytes == as_file(tmp_path, "k.jsonl", data, "--text-key", "content")
    assert json.loads(keyed.stdout_bytes.split(b"\n")[3])["text"] == "not this one  "


def test_malformed_jsonl_lines_on_stdin_are_reported_and_kept() -> None:
    data = b'{"text": "a  "}\n{not json\n["a list"]\n{"text": "b"}\n'
    result = pipe(["-", "--format", "jsonl"], data)
    assert result.exit_code == 1
    assert "error: <stdin>: 2 bad lines (kept unchanged in the output)" in result.stderr
    assert "<stdin>: line 2: malformed JSON" in result.stderr
    assert "<stdin>: line 3: a JSON list, not an object" in result.stderr
    assert result.stdout_bytes.split(b"\n")[1:4] == [b"{not json", b'["a list"]', b'{"text": "b"}']


def test_compressed_jsonl_on_stdin(tmp_path: Path) -> None:
    import gzip

    data = gzip.compress(RECORDS.encode(), mtime=0)
    result = pipe(["-", "--format", "jsonl.gz"], data)
    assert result.exit_code == 0, result.stderr
    assert gzip.decompress(result.stdout_bytes) == gzip.decompress(
        as_file(tmp_path, "s.jsonl.gz", data)
    )


def test_empty_stdin_is_skipped() -> None:
    result = pipe(["-"], b"")
    assert result.exit_code == 0 and result.stdout_bytes == b""
    assert "1 skipped" in result.stderr and "<stdin>: empty input" in result.stderr


def test_a_bad_stream_fails_with_its_cause() -> None:
    result = pipe(["-"], b"\x00\x01PNG")
    assert result.exit_code == 1 and result.stdout_bytes == b""
    assert "error: <stdin>: binary file (NUL byte at offset 0), not text" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["-", "{file}"], "cannot be mixed with other PATHs"),
        (["-", "-"], "cannot be mixed with other PATHs"),
        (["-", "-o", "{out}"], "drop -o/--in-place"),
        (["-", "--in-place"], "drop -o/--in-place"),
        (["-", "--enable", "boilerplate"], "corpus filters read every document"),
    ],
)
def test_what_a_stream_cannot_do_is_a_usage_error(
    tmp_path: Path, write: Callable[..., Path], args: list[str], message: str
) -> None:
    src = write(tmp_path / "a.txt", DIRTY)
    args = [a.format(file=src, out=tmp_path / "out") for a in args]
    result = pipe(args, DIRTY.encode())
    assert result.exit_code == 2, result.output
    assert message in result.stderr and result.stdout == ""
    assert src.read_bytes() == DIRTY.encode() and not (tmp_path / "out").exists()


def clean_process(*args: str, stdin: int | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "textwash", *args],
        stdin=stdin if stdin is not None else subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.parametrize("fmt", ["txt", "jsonl"])
def test_a_closed_stdout_ends_the_run_quietly(tmp_path: Path, fmt: str) -> None:
    """``clean - < big | head``: no traceback, no "Broken pipe", no summary."""
    if fmt == "txt":
        data = "".join(f"Line {i} of the Kremlin\u00b4s text  \n" for i in range(20_000))
    else:
        data = "".join(
            json.dumps({"id": i, "text": f"Tom &amp; Jerry {i}"}) + "\n" for i in range(20_000)
        )
    big = tmp_path / "big"
    big.write_text(data, encoding="utf-8")
    with big.open("rb") as source:
        process = clean_process("-", "--format", fmt, stdin=source.fileno())
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()  # as head does after one line
        stderr = process.stderr.read()
        code = process.wait(timeout=120)
    assert b"Kremlin's" in first or b"Tom & Jerry 0" in first
    assert stderr == b""
    assert code == 1  # as click ends any command whose stdout closes early


def test_jsonl_records_come_out_as_they_go_in() -> None:
    """A stream is cleaned record by record: each record is out before the next is in."""
    process = clean_process("-", "--format", "jsonl", "-q")
    assert process.stdin is not None and process.stdout is not None
    try:
        for i in range(3):
            process.stdin.write(
                json.dumps({"id": i, "text": f"Tom &amp; Jerry {i}"}).encode() + b"\n"
            )
            process.stdin.flush()
            assert json.loads(process.stdout.readline()) == {"id": i, "text": f"Tom & Jerry {i}"}
        process.stdin.close()
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_stdin_needs_no_config_folder(tmp_path: Path, write: Callable[..., Path]) -> None:
    """Settings come from the configuration found from the working folder."""
    write(tmp_path / "textwash.toml", 'format = "jsonl"\ntext-key = "content"\n')
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = pipe(["-"], b'{"content": "a  "}\n')
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout_bytes) == {"content": cleaned("a  ")}
