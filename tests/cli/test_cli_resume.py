"""Resume: what an earlier run finished is skipped, what changed is redone, and a run
killed with SIGKILL at any moment ends, when run again, exactly like one that was not."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cli_helpers import DIRTY, cleaned, files, journal_entries, run, state_folder

from textwash import Pipeline


def make_tree(src: Path, count: int, write: Callable[..., Path], *, size: int = 1) -> None:
    rng = random.Random(count)
    words = "the envoy said no to a plan for peace talks in spring while markets fell".split()
    for i in range(count):
        body = "\n\n".join(
            " ".join(rng.choice(words) for _ in range(60)) + "." for _ in range(size)
        )
        text = DIRTY.replace("noon", f"noon {i}") + body + "  \n"
        write(src / f"part{i % 7}" / f"doc{i:05d}.txt", text)


def summary(stderr: str) -> str:
    return next(line for line in stderr.splitlines() if " files: " in line)


def test_a_second_run_skips_finished_files(tmp_path: Path, write: Callable[..., Path]) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    make_tree(src, 12, write)
    first = run([str(src), "-o", str(out)])
    assert (
        summary(first.stderr) == "12 files: 12 changed, 0 unchanged, 0 failed, 0 cached, 0 skipped"
    )
    outputs = files(out)
    second = run([str(src), "-o", str(out)])
    assert (
        summary(second.stderr) == "12 files: 0 changed, 0 unchanged, 0 failed, 12 cached, 0 skipped"
    )
    assert files(out) == outputs
    assert files(out, hidden=True) == outputs  # nothing but the outputs


def test_changed_inputs_and_deleted_outputs_are_redone(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    make_tree(src, 6, write)
    run([str(src), "-o", str(out)])
    changed = src / "part1" / "doc00001.txt"
    write(changed, "New text  \n")
    touched = src / "part2" / "doc00002.txt"
    os.utime(touched, ns=(5, 5))  # same content, new mtime: the hash says it is done
    (out / "part3" / "doc00003.txt").unlink()
    again = run([str(src), "-o", str(out), "-v"])
    assert summary(again.stderr) == "6 files: 2 changed, 0 unchanged, 0 failed, 4 cached, 0 skipped"
    assert f"changed {changed}" in again.stderr
    assert (out / "part1" / "doc00001.txt").read_text() == cleaned("New text  \n")
    assert (out / "part3" / "doc00003.txt").exists()


def test_a_changed_configuration_is_redone(tmp_path: Path, write: Callable[..., Path]) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    make_tree(src, 4, write)
    run([str(src), "-o", str(out)])
    state = state_folder(out)
    cache_files = sorted(p.name for p in state.iterdir() if p.suffix in (".json", ".log"))
    other = run([str(src), "-o", str(out), "--disable", "whitespace"])
    assert "0 cached" in summary(other.stderr)
    without = Pipeline.default().disable("whitespace")
    text = (src / "part0" / "doc00000.txt").read_text(encoding="utf-8")
    assert (out / "part0" / "doc00000.txt").read_text(encoding="utf-8") == cleaned(text, without)
    # the old configuration's cache is gone: its outputs were just overwritten
    assert not set(cache_files) & {p.name for p in state.iterdir()}
    back = run([str(src), "-o", str(out)])
    assert "0 cached" in summary(back.stderr)
    assert (out / "part0" / "doc00000.txt").read_text(encoding="utf-8") == cleaned(text)


def test_no_cache_redoes_everything(tmp_path: Path, write: Callable[..., Path]) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    make_tree(src, 3, write)
    run([str(src), "-o", str(out)])
    again = run([str(src), "-o", str(out), "--no-cache"])
    assert summary(again.stderr) == "3 files: 3 changed, 0 unchanged, 0 failed, 0 cached, 0 skipped"


def test_failed_files_are_tried_again(tmp_path: Path, write: Callable[..., Path]) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    write(src / "bad.jsonl", '{"text": "a  "}\nnot json\n')
    first = run([str(src), "-o", str(out)])
    second = run([str(src), "-o", str(out)])
    assert first.exit_code == second.exit_code == 1
    assert "line 2: malformed JSON" in second.stderr


def test_check_mode_caches_clean_files_only(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = tmp_path / "src"
    write(src / "clean.txt", cleaned("Clean.\n"))
    write(src / "dirty.txt", DIRTY)
    run([str(src), "--check"])
    again = run([str(src), "--check"])
    assert (
        summary(again.stderr)
        == "2 files: 1 would change, 0 unchanged, 0 failed, 1 cached, 0 skipped"
    )


def test_in_place_resumes_without_reading_the_files(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    src = tmp_path / "src"
    make_tree(src, 150, write, size=20)
    write(src / "clean.txt", cleaned("Already clean.\n"))
    start = time.perf_counter()
    first = run([str(src), "--in-place", "-j", "1"])
    first_time = time.perf_counter() - start
    assert summary(first.stderr) == (
        "151 files: 150 changed, 1 unchanged, 0 failed, 0 cached, 0 skipped"
    )
    second_times = []
    for _ in range(2):  # the faster of two: a loaded machine gets some slack
        start = time.perf_counter()
        second = run([str(src), "--in-place", "-j", "1"])
        second_times.append(time.perf_counter() - start)
        assert summary(second.stderr) == (
            "151 files: 0 changed, 0 unchanged, 0 failed, 151 cached, 0 skipped"
        )
    assert min(second_times) < first_time / 5, (first_time, second_times)
    # a file edited since is cleaned again, the others stay cached
    write(src / "part0" / "doc00000.txt", DIRTY)
    third = run([str(src), "--in-place", "-j", "1"])
    assert summary(third.stderr) == (
        "151 files: 1 changed, 0 unchanged, 0 failed, 150 cached, 0 skipped"
    )


def test_outputs_moved_with_their_state_still_resume(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    src, out, state = tmp_path / "src", tmp_path / "out", tmp_path / "state"
    make_tree(src, 8, write)
    first = run([str(src), "-o", str(out), "--state", str(state)])
    assert "8 changed" in summary(first.stderr)
    assert sorted(files(out, hidden=True)) == sorted(files(src))  # the state is not there
    outputs = files(out)
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    out.rename(moved / "out")
    state.rename(moved / "state")
    again = run([str(src), "-o", str(moved / "out"), "--state", str(moved / "state")])
    assert summary(again.stderr) == "8 files: 0 changed, 0 unchanged, 0 failed, 8 cached, 0 skipped"
    assert files(moved / "out") == outputs


def test_inputs_and_outputs_moved_together_still_resume(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    project, state = tmp_path / "project", tmp_path / "state"
    make_tree(project / "src", 8, write)
    write(project / "textwash.toml", 'state = "../state"\n')  # relative to the file
    run([str(project / "src"), "-o", str(project / "out")])
    assert (state).is_dir() and not (project / "state").exists()
    moved = tmp_path / "project-moved"
    project.rename(moved)
    again = run([str(moved / "src"), "-o", str(moved / "out")])
    assert summary(again.stderr) == "8 files: 0 changed, 0 unchanged, 0 failed, 8 cached, 0 skipped"
    # the state vouches for outputs, not for paths: an output deleted since is redone
    (moved / "out" / "part1" / "doc00001.txt").unlink()
    third = run([str(moved / "src"), "-o", str(moved / "out")])
    assert summary(third.stderr) == "8 files: 1 changed, 0 unchanged, 0 failed, 7 cached, 0 skipped"


def test_a_state_folder_that_cannot_be_used_is_a_usage_error(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    write(tmp_path / "src" / "a.txt", DIRTY)
    blocker = write(tmp_path / "file", "not a folder")
    result = run(
        [str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--state", str(blocker / "s")]
    )
    assert result.exit_code == 2
    assert f"cannot use the state folder {blocker / 's'}" in result.stderr


# -- killed runs ---------------------------------------------------------------------------


def _journal_entries(out: Path) -> int:
    return journal_entries(state_folder(out))


def _start(src: Path, out: Path, jobs: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "textwash.cli", str(src), "-o", str(out), "-j", str(jobs), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _kill_after(
    process: subprocess.Popen[bytes], out: Path, entries: int, rng: random.Random
) -> bool:
    """SIGKILL once the journal holds ``entries`` lines (plus a random moment); whether the
    process was still running when it was killed."""
    deadline = time.monotonic() + 120
    while _journal_entries(out) < entries and process.poll() is None:
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.005)
    time.sleep(rng.uniform(0, 0.05))
    running = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    return running


def test_kill_9_then_resume_gives_the_output_of_an_uninterrupted_run(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    src, ref, out = tmp_path / "src", tmp_path / "ref", tmp_path / "out"
    make_tree(src, 600, write, size=6)
    write(
        src / "shards" / "s.jsonl",
        "".join(
            json.dumps({"id": i, "text": DIRTY + f" {i}", "meta": {"i": i}}) + "\n"
            for i in range(3000)
        ),
    )
    write(src / "bad.txt", b"\x00binary")
    reference = run([str(src), "-o", str(ref), "-j", "2", "-q"])
    assert reference.exit_code == 1  # bad.txt
    expected = files(ref, hidden=True)
    total = len(expected)

    rng = random.Random(7)
    killed = 0
    for round_ in range(2):
        process = _start(src, out, jobs=2)
        if _kill_after(process, out, entries=_journal_entries(out) + 40 + round_ * 80, rng=rng):
            killed += 1
        # whatever is visible is complete: a file is either absent or whole
        for rel, data in files(out).items():
            assert data == expected[rel], f"{rel} is visible but not complete"
    assert killed, "the corpus was cleaned before it could be killed: make it larger"

    final = subprocess.run(
        [sys.executable, "-m", "textwash.cli", str(src), "-o", str(out), "-j", "2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert final.returncode == 1, final.stderr  # bad.txt, as in the reference
    counts = summary(final.stderr)
    cached = int(counts.split(", ")[3].split()[0])
    assert ", 1 failed," in counts, final.stderr  # bad.txt only
    assert 0 < cached < total + 1, counts  # it resumed: finished files were skipped
    assert files(out, hidden=True) == expected  # same bytes, no stale temp files


def test_sigterm_stops_cleanly_and_the_next_run_finishes(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    make_tree(src, 400, write, size=6)
    process = subprocess.Popen(
        [sys.executable, "-m", "textwash.cli", str(src), "-o", str(out), "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while _journal_entries(out) < 10 and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 130, stderr
        assert b"interrupted: run the same command again to resume" in stderr
    final = run([str(src), "-o", str(out), "-j", "2"])
    assert final.exit_code == 0
    expected = {
        p.relative_to(src).as_posix(): cleaned(p.read_text(encoding="utf-8")).encode()
        for p in src.rglob("*.txt")
    }
    assert files(out, hidden=True) == expected
