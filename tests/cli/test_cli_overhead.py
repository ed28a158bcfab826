"""The command's own work per file: one read of a whole file, one journal write per batch,
and the checks that keep them safe (a file that changes while it is read still fails)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import DIRTY, cleaned, files, run

import textwash.runner as runner
from textwash.cache import Cache, Entry, Fingerprint


def test_a_whole_file_is_read_with_one_system_call(
    tmp_path: Path, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = [write(tmp_path / "src" / f"{i}.txt", DIRTY * (i + 1)) for i in range(3)]
    inodes = {path.stat().st_ino for path in inputs}
    reads: list[int] = []
    real_read = os.read

    def counting(fd: int, size: int) -> bytes:
        if os.fstat(fd).st_ino in inodes:
            reads.append(size)
        return real_read(fd, size)

    monkeypatch.setattr(runner.os, "read", counting)
    result = run([str(tmp_path / "src"), "-o", str(tmp_path / "out"), "-j", "1", "--no-cache"])
    assert result.exit_code == 0, result.stderr
    assert sorted(reads) == sorted(path.stat().st_size + 1 for path in inputs)
    assert files(tmp_path / "out") == {
        f"{i}.txt": cleaned(DIRTY * (i + 1)).encode() for i in range(3)
    }


@pytest.mark.parametrize("change", [b"more text\n", None], ids=["grows", "shrinks"])
def test_a_file_that_changes_while_it_is_read_fails(
    tmp_path: Path,
    write: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    change: bytes | None,
) -> None:
    moving = write(tmp_path / "src" / "moving.txt", DIRTY)
    write(tmp_path / "src" / "still.txt", DIRTY)
    real = runner._read_to_end

    def changing_first(fd: int, size: int) -> bytes:
        if os.fstat(fd).st_ino == moving.stat().st_ino:
            with open(moving, "ab" if change else "r+b") as f:
                f.write(change) if change else f.truncate(3)
        return real(fd, size)

    monkeypatch.setattr(runner, "_read_to_end", changing_first)
    report = tmp_path / "report.json"
    result = run(
        [str(tmp_path / "src"), "-o", str(tmp_path / "out"), "-j", "1", "--report", str(report)]
    )
    assert result.exit_code == 1
    failed = json.loads(report.read_text())["failed"]
    assert failed == [{"path": str(moving), "reason": "changed while it was being read; run again"}]
    assert files(tmp_path / "out", hidden=True) == {"still.txt": cleaned(DIRTY).encode()}


def test_a_batch_is_recorded_with_one_journal_write(
    tmp_path: Path, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(10):
        write(tmp_path / "src" / f"{i}.txt", DIRTY)
    writes: list[int] = []
    real = Cache.record_all

    def counting(self: Cache, finished: Iterable[tuple[str, Entry]]) -> None:
        finished = list(finished)
        writes.append(len(finished))
        real(self, finished)

    monkeypatch.setattr(Cache, "record_all", counting)
    result = run([str(tmp_path / "src"), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert writes == [10]
    again = run([str(tmp_path / "src"), "-o", str(tmp_path / "out"), "-j", "1"])
    assert "10 cached" in again.stderr


def test_journal_lines_after_a_torn_one_are_kept(tmp_path: Path) -> None:
    def line(name: str) -> bytes:
        entry = Entry(Fingerprint(1, 2, "ab"), "txt")
        return json.dumps([name, *entry.to_json()], separators=(",", ":")).encode()

    folder = tmp_path / "state"
    folder.mkdir()
    # a run killed mid-line, then another run of the same configuration appending
    (folder / "k.log").write_bytes(line("a") + b"\n" + b'["b",1' + line("c") + b"\n" + line("d"))
    entries: dict[str, Any] = Cache.open(folder, "k").entries
    assert sorted(entries) == ["a", "d"]
