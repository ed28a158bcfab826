"""Bad files are reported by path, with the cause, and the rest of the run goes on."""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest
from cli_helpers import DIRTY, cleaned, files, run

from textwash import Pipeline
from textwash.engines import clean_files, plan
from textwash.engines.local import LocalEngine
from textwash.filters.base import Filter
from textwash.filters.registry import BUILTIN
from textwash.io.files import Globs, find_inputs
from textwash.runner import Job, Status, Write


def run_tree(src: Path, tmp_path: Path, *extra: str) -> tuple[int, str, dict[str, object]]:
    report = tmp_path / "report.json"
    result = run([str(src), "-o", str(tmp_path / "out"), "--report", str(report), *extra])
    return result.exit_code, result.stderr, json.loads(report.read_text())


def failures(report: dict[str, object]) -> dict[str, str]:
    return {Path(f["path"]).name: f["reason"] for f in report["failed"]}  # type: ignore[attr-defined]


def test_bad_files_fail_alone(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = tmp_path / "src"
    write(src / "good.txt", DIRTY)
    write(src / "binary.txt", b"GIF89a\x00\x01\x02\x03" * 100)
    write(src / "empty.txt", b"")
    write(src / "bad.txt.gz", b"this is not gzip data")
    rng = random.Random(3)
    noise = bytes(rng.choice(range(0x80, 0x100)) for _ in range(400))
    write(src / "noise.txt", noise)  # not UTF-8, and no other encoding fits either
    shard = gzip.compress(b'{"text": "a  "}\n' * 1000)
    write(src / "cut.jsonl.gz", shard[: len(shard) // 2])
    code, stderr, report = run_tree(src, tmp_path)
    assert code == 1
    assert failures(report) == {
        "binary.txt": "binary file (NUL byte at offset 6), not text",
        "bad.txt.gz": failures(report)["bad.txt.gz"],
        "noise.txt": "not UTF-8 (byte 0xbc at offset 0) and no other encoding fits",
        "cut.jsonl.gz": "gzip data ends too early (truncated file)",
    }
    assert "not valid gzip data" in failures(report)["bad.txt.gz"]
    assert f"error: {src / 'binary.txt'}: binary file" in stderr
    assert report["skipped"] == [{"path": str(src / "empty.txt"), "reason": "empty file"}]
    out = tmp_path / "out"
    assert (out / "good.txt").read_text() == cleaned(DIRTY)
    assert (out / "empty.txt").read_bytes() == b""  # the output tree stays complete
    assert not (out / "binary.txt").exists() and not (out / "cut.jsonl.gz").exists()


def test_a_huge_single_line(tmp_path: Path, write: Callable[..., Path]) -> None:
    """100 MB without a line break: read, cleaned, written; nothing is split or lost.

    The filters are switched off here: how fast each one is on such a line is the
    filter's business (see docs/benchmarks.md); this checks the reading and writing.
    """
    line = b"abcdefghij" * 10_000_000
    src = write(tmp_path / "src" / "huge.txt", line)
    off = [arg for name in Pipeline.default().names for arg in ("--disable", name)]
    code, _, report = run_tree(src.parent, tmp_path, "-j", "1", *off)
    assert code == 0
    assert report["files"]["unchanged"] == 1
    out = tmp_path / "out" / "huge.txt"
    assert out.stat().st_size == len(line) and out.read_bytes() == line


def test_unreadable_files(
    tmp_path: Path, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, where chmod 000 does not stop reading: fail the open instead."""
    import textwash.runner as runner

    src = tmp_path / "src"
    write(src / "good.txt", DIRTY)
    locked = write(src / "locked.txt", DIRTY)
    if os.geteuid() != 0:
        locked.chmod(0)
    else:
        real_open = open

        def guarded_open(file: object, *args: object, **kwargs: object) -> object:
            if str(file) == str(locked):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(runner, "open", guarded_open, raising=False)
    code, _, report = run_tree(src, tmp_path, "-j", "1")
    assert code == 1
    assert failures(report) == {"locked.txt": "cannot read or write: Permission denied"}
    assert (tmp_path / "out" / "good.txt").read_text() == cleaned(DIRTY)


def test_unlistable_folder(
    tmp_path: Path, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import textwash.io.files as io_files

    src = tmp_path / "src"
    write(src / "ok" / "a.txt", DIRTY)
    write(src / "closed" / "b.txt", DIRTY)
    real_scandir = os.scandir

    def guarded(path: object) -> object:
        if str(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(io_files.os, "scandir", guarded)
    code, _, report = run_tree(src, tmp_path)
    assert code == 1
    assert failures(report) == {"closed": "cannot list folder: Permission denied"}
    assert sorted(files(tmp_path / "out")) == ["ok/a.txt"]


def test_files_that_vanish_mid_run(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = tmp_path / "src"
    for i in range(3):
        write(src / f"f{i}.txt", DIRTY)
    inputs, _ = find_inputs([src], include=Globs(["*.txt"]), exclude=Globs([]))
    tasks, _ = plan(inputs, write=Write.OUTDIR, outdir=tmp_path / "out")
    (src / "f1.txt").unlink()  # gone between finding and reading
    outcomes = {
        o.path: o
        for o in clean_files(
            Job(Pipeline.default()), tasks, LocalEngine(1), outdir=tmp_path / "out"
        )
    }
    assert outcomes[str(src / "f1.txt")].status is Status.FAILED
    assert outcomes[str(src / "f1.txt")].message == "vanished before it could be read"
    assert outcomes[str(src / "f0.txt")].status is Status.CHANGED
    assert sorted(files(tmp_path / "out")) == ["f0.txt", "f2.txt"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_symlinks(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = tmp_path / "src"
    outside = write(tmp_path / "outside" / "o.txt", DIRTY)
    write(src / "real.txt", DIRTY)
    (src / "inside-link.txt").symlink_to(src / "real.txt")
    (src / "outside-link.txt").symlink_to(outside)
    (src / "outside-dir").symlink_to(outside.parent, target_is_directory=True)
    (src / "loop.txt").symlink_to(src / "loop.txt")
    (src / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (src / "sub").mkdir()
    (src / "sub" / "up").symlink_to(src, target_is_directory=True)  # a folder loop

    code, _, report = run_tree(src, tmp_path)
    assert code == 1
    assert failures(report) == {
        "loop.txt": "symlink loop",
        "dangling.txt": f"broken symlink (to {tmp_path / 'nowhere.txt'})",
    }
    skipped = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert "not followed (use --follow-symlinks)" in skipped["outside-link.txt"]
    assert "not followed" in skipped["outside-dir"]
    assert sorted(files(tmp_path / "out")) == ["inside-link.txt", "real.txt"]
    assert outside.read_bytes() == DIRTY.encode()

    # followed on request; the folder loop is cut, not walked forever
    code, _, report = run_tree(src, tmp_path / "f", "--follow-symlinks")
    assert sorted(files(tmp_path / "f" / "out")) == [
        "inside-link.txt",
        "outside-dir/o.txt",
        "outside-link.txt",
        "real.txt",
    ]
    assert any("symlink loop" in f["reason"] for f in report["failed"])
    assert outside.read_bytes() == DIRTY.encode()


def test_in_place_through_a_link_cleans_the_file_once(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    src = tmp_path / "src"
    real = write(src / "real.txt", DIRTY)
    (src / "link.txt").symlink_to(real)
    result = run([str(src), "--in-place", "-v"])
    assert result.exit_code == 0, result.output
    assert (src / "link.txt").is_symlink()  # the link is still a link
    assert real.read_text() == cleaned(DIRTY)
    assert [line for line in result.stderr.splitlines() if line.startswith("changed ")] == [
        f"changed {src / 'link.txt'}"
    ]


def test_special_files_are_never_opened(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = tmp_path / "src"
    write(src / "a.txt", DIRTY)
    os.mkfifo(src / "pipe.txt")
    code, _, report = run_tree(src, tmp_path)
    assert code == 1
    assert failures(report) == {"pipe.txt": "not a regular file (pipe, socket or device)"}


def test_explain_on_a_binary_file_or_a_pipe_fails_without_waiting(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    binary = write(tmp_path / "binary.txt", b"GIF89a\x00\x01\x02")
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    result = run(["--explain", str(binary)])
    assert result.exit_code == 1  # as a bad file in any other run (docs/user-guide.md)
    assert result.stderr == f"error: {binary}: binary file (NUL byte at offset 6), not text\n"
    process = subprocess.run(
        [sys.executable, "-m", "textwash.cli", "--explain", str(pipe)],
        capture_output=True,
        text=True,
        timeout=60,  # a pipe opened for reading would wait for a writer forever
    )
    assert process.returncode == 1
    assert process.stderr == f"error: {pipe}: not a regular file (pipe, socket or device)\n"


def _read_one_line_then_close(args: list[str]) -> tuple[int, str]:
    """Run ``clean`` as ``clean ARGS | head -1`` runs it: the reader leaves early."""
    process = subprocess.Popen(
        [sys.executable, "-m", "textwash.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    return process.wait(timeout=120), stderr


@pytest.mark.parametrize("mode", ["--explain", "--diff"])
def test_a_closed_output_pipe_stops_the_run_quietly(
    tmp_path: Path, write: Callable[..., Path], mode: str
) -> None:
    # far more output than a pipe holds, written piece by piece (a record, a file at a
    # time), so that writing goes on after the reader left
    dirty = "".join(f"Line {i} of the Kremlin\u00b4s text  \n" for i in range(40))
    records = "".join(json.dumps({"id": i, "text": dirty}) + "\n" for i in range(1500))
    shard = write(tmp_path / "src" / "x.jsonl", records)
    for i in range(30):
        write(tmp_path / "src" / f"{i:02d}.txt", dirty * 20)
    args = ["--explain", str(shard)] if mode == "--explain" else [str(shard.parent), "--diff"]
    code, stderr = _read_one_line_then_close(args)
    assert stderr == ""  # no "error: Broken pipe", no traceback, no summary
    assert code == 141  # as a process ended by SIGPIPE (yes | head)


# -- a filter that raises ------------------------------------------------------------


@dataclass(frozen=True)
class Boom(Filter):
    """Raises on any text holding the word BOOM."""

    name: ClassVar[str] = "boom"
    summary: ClassVar[str] = "explodes"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 999

    def apply(self, text: str) -> str:
        if "BOOM" in text:
            raise ValueError("cannot handle BOOM")
        return text


@pytest.fixture
def boom(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BUILTIN, "boom", f"{__name__}:Boom")


@pytest.mark.usefixtures("boom")
def test_a_filter_raising_fails_only_that_file(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = tmp_path / "src"
    write(src / "ok.txt", DIRTY)
    write(src / "bad.txt", "BOOM goes the text\n")
    write(src / "shard.jsonl", '{"text": "fine"}\n{"text": "BOOM"}\n')
    code, _, report = run_tree(src, tmp_path, "--enable", "boom", "-j", "1")
    assert code == 1
    assert failures(report) == {
        "bad.txt": "filter 'boom' failed: ValueError: cannot handle BOOM",
        "shard.jsonl": "filter 'boom' failed: line 2: filter 'boom' failed: ValueError: cannot handle BOOM",
    }
    assert sorted(files(tmp_path / "out")) == ["ok.txt"]  # no half-cleaned output


@pytest.mark.parametrize("mode", [[], ["--check"]])
def test_a_lone_surrogate_fails_the_shard_whether_or_not_it_is_written(
    tmp_path: Path, write: Callable[..., Path], mode: list[str]
) -> None:
    write(tmp_path / "src" / "s.jsonl", '{"text": "a \\ud800 b  "}\n')
    args = [str(tmp_path / "src"), *(mode or ["-o", str(tmp_path / "out")]), "-j", "1"]
    result = run(args)
    assert result.exit_code == 1
    assert "cleaned text holds an unpaired surrogate (U+D800)" in result.stderr
