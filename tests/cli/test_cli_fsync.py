"""Durability is a barrier per batch: ``--fsync batch|always|never`` and the config key."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import DIRTY, cleaned, files, run

import textwash.io.atomic as atomic
from textwash.cli import FSYNC_MODES
from textwash.io.atomic import AtomicBatch


def test_the_flag_takes_the_modes_the_batches_know() -> None:
    assert FSYNC_MODES == atomic.FSYNC_MODES


def fill(batch: AtomicBatch, folder: Path, count: int) -> None:
    for i in range(count):
        out = batch.open(folder / f"{i}.txt")
        out.file.write(f"{i}\n".encode())
        batch.ready(out)


def count_fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        calls.append(fd)
        real(fd)

    monkeypatch.setattr(atomic.os, "fsync", counting)
    return calls


def test_a_batch_is_made_durable_once_not_file_by_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if atomic._syncfs() is None:
        pytest.skip("no syncfs(2) here")
    syncs: list[int] = []
    real = atomic._syncfs()
    assert real is not None
    monkeypatch.setattr(atomic, "_syncfs", lambda: lambda fd: syncs.append(fd) or real(fd))
    fsyncs = count_fsyncs(monkeypatch)
    batch = AtomicBatch(fsync="batch")
    fill(batch, tmp_path, 20)
    assert batch.commit() == {}
    assert len(syncs) == 1 and fsyncs == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{i}.txt" for i in range(20))


def test_without_syncfs_a_batch_fsyncs_each_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "_syncfs", lambda: None)
    fsyncs = count_fsyncs(monkeypatch)
    batch = AtomicBatch(fsync="batch")
    fill(batch, tmp_path, 5)
    assert batch.commit() == {}
    assert len(fsyncs) == 5


@pytest.mark.parametrize("mode, expected", [("always", 5), ("never", 0)])
def test_always_syncs_every_file_and_never_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str, expected: int
) -> None:
    fsyncs = count_fsyncs(monkeypatch)
    batch = AtomicBatch(fsync=mode)
    fill(batch, tmp_path, 5)
    assert batch.commit() == {}
    assert len(fsyncs) == expected
    assert (tmp_path / "4.txt").read_bytes() == b"4\n"


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown fsync mode 'sometimes'"):
        AtomicBatch(fsync="sometimes")


@pytest.mark.parametrize("mode", FSYNC_MODES)
def test_every_mode_writes_the_same_outputs(
    tmp_path: Path, write: Callable[..., Path], mode: str
) -> None:
    for i in range(3):
        write(tmp_path / "src" / f"{i}.txt", DIRTY)
    result = run([str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--fsync", mode, "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert files(tmp_path / "out") == {f"{i}.txt": cleaned(DIRTY).encode() for i in range(3)}


def test_a_wrong_mode_is_a_usage_error(tmp_path: Path, write: Callable[..., Path]) -> None:
    write(tmp_path / "src" / "a.txt", DIRTY)
    result = run([str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--fsync", "often"])
    assert result.exit_code == 2 and "'often' is not one of 'batch', 'always', 'never'" in (
        result.stderr
    )
    write(tmp_path / "src" / "textwash.toml", 'fsync = "often"\n')
    result = run([str(tmp_path / "src"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "'fsync' in " in result.stderr and "must be one of: batch, always, never" in (
        result.stderr
    )
