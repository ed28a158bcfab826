"""Files are cleaned while the walk is still finding others, and the run pays only for
what its output and report need."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import pytest
from cli_helpers import DIRTY, cleaned, files, run

import textwash.engines as engines
import textwash.pipeline
from textwash import Pipeline
from textwash.engines import Engine, Planner, clean_files
from textwash.engines.local import LocalEngine
from textwash.io.files import Globs, Input, iter_inputs
from textwash.runner import Job, Outcome, Status, Task, Write

R = TypeVar("R")


class Recording(Engine):
    """Runs each batch here, noting how many tasks the stream had given by then."""

    workers = 2

    def __init__(self, given: list[int]) -> None:
        self.given = given
        self.seen_then: list[int] = []

    def map(
        self,
        fn: Callable[[Job, Sequence[Task]], R],
        job: Job,
        batches: Iterable[Sequence[Task]],
        *,
        on_crash: Callable[[Sequence[Task], str], R],
    ) -> Iterator[R]:
        for batch in batches:
            self.seen_then.append(self.given[0])
            yield fn(job, batch)


def tasks_of(src: Path, out: Path, given: list[int]) -> Iterator[Task]:
    planner = Planner(write=Write.OUTDIR, outdir=out)
    for item in iter_inputs([src], include=Globs(["*.txt"]), exclude=Globs([])):
        assert isinstance(item, Input)
        task = planner.add(item)
        assert isinstance(task, Task)
        given[0] += 1
        yield task


def test_the_first_batch_runs_before_every_file_is_found(
    tmp_path: Path, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engines, "LOOKAHEAD", 8)
    src, out = tmp_path / "src", tmp_path / "out"
    for i in range(40):
        write(src / f"d{i % 3}" / f"{i:02d}.txt", DIRTY + f"{i}\n")
    given = [0]
    engine = Recording(given)
    job = Job(Pipeline.default(), Write.OUTDIR)
    outcomes = list(clean_files(job, tasks_of(src, out, given), engine, outdir=out))
    assert engine.seen_then[0] < 40  # the walk was still going
    assert engine.seen_then == sorted(engine.seen_then)
    assert sorted(o.index for o in outcomes) == list(range(40))
    assert {o.status for o in outcomes} == {Status.CHANGED}
    expected = {f"d{i % 3}/{i:02d}.txt": cleaned(DIRTY + f"{i}\n").encode() for i in range(40)}
    assert files(out) == expected


def test_batches_once_every_file_is_known_are_those_of_make_batches(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    for i in range(30):
        write(src / f"{i:02d}.txt", DIRTY * (1 + i % 7))
    planned = list(tasks_of(src, out, [0]))
    formed: list[list[int]] = []

    class Listing(Recording):
        def map(self, fn, job, batches, *, on_crash):  # type: ignore[no-untyped-def]
            for batch in batches:
                formed.append([task.index for task in batch])
                yield [Outcome(task.index, task.path, Status.UNCHANGED) for task in batch]

    job = Job(Pipeline.default(), Write.OUTDIR)
    list(clean_files(job, iter(planned), Listing([0]), outdir=out))
    expected = engines.make_batches(planned, workers=2)
    assert formed == [[task.index for task in batch] for batch in expected]


def test_local_engine_takes_batches_as_workers_free_up() -> None:
    pulled: list[int] = []

    def batches() -> Iterator[list[Task]]:
        for i in range(6):
            pulled.append(i)
            yield [Task(i, f"/nowhere/{i}", f"{i}", "txt", None)]

    engine = LocalEngine(1)
    results = engine.map(_first_index, Job(Pipeline([])), batches(), on_crash=_crash)
    assert next(results) == 0 and pulled == [0]
    assert list(results) == [1, 2, 3, 4, 5]


def _first_index(job: Job, batch: Sequence[Task]) -> int:
    return batch[0].index


def _crash(batch: Sequence[Task], reason: str) -> int:
    return -1


def test_j2_streams_a_tree_to_the_same_output_and_report(
    tmp_path: Path, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    for i in range(50):
        write(src / f"d{i % 5}" / f"{i:02d}.txt", DIRTY.replace("noon", f"noon {i}"))
    write(src / "bad.txt", b"\x00\x01binary")
    reports = []
    for jobs in ("1", "2"):
        out, report = tmp_path / f"out{jobs}", tmp_path / f"r{jobs}.json"
        result = run([str(src), "-o", str(out), "-j", jobs, "--report", str(report)])
        assert result.exit_code == 1 and "bad.txt: binary file" in result.stderr
        reports.append(json.loads(report.read_text()))
    assert files(tmp_path / "out1") == files(tmp_path / "out2")
    assert reports[0] == reports[1]
    assert reports[0]["files"]["seen"] == 51 and reports[0]["filters"]["apostrophes"]["lines"]


def test_lines_are_counted_only_when_shown(
    tmp_path: Path, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    write(src / "a.txt", DIRTY)

    def refuse(before: str, after: str) -> int:
        raise AssertionError("lines counted for a report nobody sees")

    monkeypatch.setattr(textwash.pipeline, "lines_changed", refuse)
    quiet = run([str(src), "-o", str(tmp_path / "q"), "-j", "1", "-q", "--no-cache"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert files(tmp_path / "q") == {"a.txt": cleaned(DIRTY).encode()}
    # with a report, or a summary to print, they are counted
    reported = run(
        [str(src), "-o", str(tmp_path / "r"), "-j", "1", "-q", "--report", str(tmp_path / "r.json")]
    )
    summary = run([str(src), "-o", str(tmp_path / "s"), "-j", "1"])
    for counted in (reported, summary):
        assert counted.exit_code == 1 and "lines counted for a report" in counted.stderr
