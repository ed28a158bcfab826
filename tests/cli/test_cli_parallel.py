"""Worker processes: the same output whatever ``-j``, crashes contained, corpus filters."""

from __future__ import annotations

import gzip
import io
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
from cli_helpers import DIRTY, cleaned, files, run

from textwash import Document, Pipeline
from textwash.engines import clean_files, fit_corpus_filters, plan
from textwash.engines.local import LocalEngine
from textwash.filters.base import CorpusFilter, Filter
from textwash.filters.registry import BUILTIN
from textwash.io.files import Globs, find_inputs
from textwash.runner import Job, Status, Write


def mixed_tree(src: Path, write: Callable[..., Path]) -> None:
    for i in range(40):
        write(src / f"d{i % 4}" / f"t{i:03d}.txt", DIRTY.replace("noon", f"noon {i}") * (1 + i % 5))
    write(src / "clean.txt", cleaned("Clean already.\n"))
    records = "".join(json.dumps({"id": i, "text": DIRTY + str(i)}) + "\n" for i in range(200))
    write(src / "shards" / "a.jsonl", records)
    write(src / "shards" / "b.jsonl.gz", gzip.compress(records.encode(), mtime=0))
    write(src / "pages" / "p.html", "<p>Tom &amp; Jerry</p><div>x  </div>")
    write(
        src / "latin.txt", "Caf\u00e9 d\u00e9j\u00e0 vu, na\u00efve fa\u00e7ade.\n".encode("cp1252")
    )


def test_j2_output_is_identical_to_j1(tmp_path: Path, write: Callable[..., Path]) -> None:
    src = tmp_path / "src"
    mixed_tree(src, write)
    outputs, reports, diffs = [], [], []
    for jobs in ("1", "2"):
        out, report = tmp_path / f"out{jobs}", tmp_path / f"report{jobs}.json"
        result = run([str(src), "-o", str(out), "-j", jobs, "--report", str(report)])
        assert result.exit_code == 0, result.output
        outputs.append(files(out, hidden=True))
        reports.append(json.loads(report.read_text()))
        diffs.append(run([str(src), "--diff", "-j", jobs]).stdout)
    assert outputs[0] == outputs[1]
    assert reports[0] == reports[1]
    assert diffs[0] == diffs[1] and diffs[0]


# -- a worker that dies ------------------------------------------------------------------


@dataclass(frozen=True)
class Crash(Filter):
    """Kills its process on any text holding the word CRASH (as a segfault would)."""

    name: ClassVar[str] = "crash"
    summary: ClassVar[str] = "dies"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 999

    def apply(self, text: str) -> str:
        if "CRASH" in text:
            os._exit(3)
        return text


def test_a_dying_worker_fails_only_its_file(
    tmp_path: Path, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(BUILTIN, "crash", f"{__name__}:Crash")
    src = tmp_path / "src"
    for i in range(30):
        write(src / f"ok{i:02d}.txt", DIRTY)
    write(src / "bad.txt", "CRASH\n")
    report = tmp_path / "r.json"
    result = run(
        [
            str(src),
            "-o",
            str(tmp_path / "out"),
            "-j",
            "2",
            "--enable",
            "crash",
            "--report",
            str(report),
        ]
    )
    assert result.exit_code == 1
    failed = json.loads(report.read_text())["failed"]
    assert [(Path(f["path"]).name, f["reason"]) for f in failed] == [
        ("bad.txt", "its worker process died while cleaning it (a crash, or out of memory)")
    ]
    assert len(files(tmp_path / "out")) == 30


# -- corpus filters ------------------------------------------------------------------------


@dataclass(frozen=True)
class DropCommonLines(Filter):
    """Removes the lines the corpus has in common (the bound half of the toy below)."""

    common: frozenset[str] = frozenset()
    name: ClassVar[str] = "common_lines"
    summary: ClassVar[str] = "line found in many documents removed"

    def apply(self, text: str) -> str:
        return "".join(
            line for line in text.splitlines(keepends=True) if line.strip() not in self.common
        )


@dataclass(frozen=True)
class CommonLines(CorpusFilter):
    """A toy corpus filter: lines in at least ``min_docs`` documents are boilerplate."""

    min_docs: int = 3
    name: ClassVar[str] = "common_lines"
    summary: ClassVar[str] = "line found in many documents removed"

    def fit(self, docs: Iterable[Document]) -> Counter[str]:
        counts: Counter[str] = Counter()
        for doc in docs:
            counts.update({line.strip() for line in doc.text.splitlines() if line.strip()})
        return counts

    def bind(self, stats: Any) -> Filter:
        return DropCommonLines(frozenset(line for line, n in stats.items() if n >= self.min_docs))


def test_corpus_filters_fit_on_every_document_then_clean(
    tmp_path: Path, write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    for i in range(12):
        write(
            src / f"a{i:02d}.txt",
            f"Story {i} begins.\nSubscribe to our newsletter!\nThe end of {i}.\n",
        )
    write(src / "s.jsonl", json.dumps({"text": "Subscribe to our newsletter!\nUnique.\n"}) + "\n")
    pipeline = Pipeline([CommonLines()])
    inputs, _ = find_inputs([src], include=Globs(["*.txt", "*.jsonl"]), exclude=Globs([]))
    results = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        tasks, _ = plan(inputs, write=Write.OUTDIR, outdir=out)
        engine = LocalEngine(workers)
        job = fit_corpus_filters(Job(pipeline), tasks, engine)
        assert job.pipeline.names == ("common_lines",) and not job.pipeline.corpus_filters
        outcomes = list(clean_files(job, tasks, engine, outdir=out))
        assert {o.status for o in outcomes} == {Status.CHANGED}
        results.append((files(out), job.cache_key()))
    assert results[0] == results[1]
    assert results[0][0]["a03.txt"] == b"Story 3 begins.\nThe end of 3.\n"
    assert json.loads(results[0][0]["s.jsonl"])["text"] == "Unique.\n"

    # and through the command, which fits before it cleans
    monkeypatch.setitem(BUILTIN, "common_lines", f"{__name__}:CommonLines")
    names = [a for n in Pipeline.default().names for a in ("--disable", n)]
    result = run(
        [str(src), "-o", str(tmp_path / "cli"), "--enable", "common_lines", *names, "-j", "2"]
    )
    assert result.exit_code == 0, result.output
    assert files(tmp_path / "cli") == results[0][0]


@dataclass(frozen=True)
class FragileFit(CorpusFilter):
    """A corpus filter whose fit fails on one document: it raises on the word RAISE and
    kills its process on CRASH (as a segfault would). Bound, it changes nothing."""

    name: ClassVar[str] = "fragile_fit"
    summary: ClassVar[str] = "nothing"
    default_enabled: ClassVar[bool] = False
    order: ClassVar[int] = 950

    def fit(self, docs: Iterable[Document]) -> int:
        count = 0
        for doc in docs:
            if "RAISE" in doc.text:
                raise RuntimeError("cannot fit this")
            if "CRASH" in doc.text:
                os._exit(3)
            count += 1
        return count

    def bind(self, stats: Any) -> Filter:
        return DropCommonLines(frozenset())


@pytest.mark.parametrize(
    "word, jobs, reason",
    [
        ("RAISE", "1", "internal error: RuntimeError: cannot fit this"),
        ("CRASH", "2", "its worker process died while cleaning it (a crash, or out of memory)"),
    ],
)
def test_a_crashed_batch_of_the_fit_pass_fails_the_run(
    tmp_path: Path,
    write: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    word: str,
    jobs: str,
    reason: str,
) -> None:
    monkeypatch.setitem(BUILTIN, "fragile_fit", f"{__name__}:FragileFit")
    src, out, report = tmp_path / "src", tmp_path / "out", tmp_path / "report.json"
    for i in range(20):
        write(src / f"ok{i:02d}.txt", DIRTY)
    bad = write(src / "bad.txt", f"{word}\n")
    args = [str(src), "-o", str(out), "--enable", "fragile_fit", "-j", jobs]
    result = run([*args, "--report", str(report)])
    assert result.exit_code == 1, result.output
    assert f"error: {bad}: {reason} (while fitting corpus filter 'fragile_fit')" in result.stderr
    assert "ok0" not in result.stderr  # only the file that fails is named
    assert "nothing was cleaned" in result.stderr
    assert [(f["path"], f["reason"]) for f in json.loads(report.read_text())["failed"]] == [
        (str(bad), reason)
    ]
    assert files(out) == {}  # not cleaned with a filter fitted on part of the corpus
    if word == "RAISE":  # --explain fits in its own process: a crash would end the tests
        explain = run(["--explain", str(bad), "--enable", "fragile_fit"])
        assert explain.exit_code == 1 and "nothing was cleaned" in explain.stderr


# -- the progress bar --------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_shows_files_and_speed(monkeypatch: pytest.MonkeyPatch) -> None:
    from textwash.cli.output import Output

    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    output = Output(quiet=False, verbose=False)
    with output.progress(10_000_000, 3) as bar:
        assert bar is not None
        bar.set_description_str("1/3 files", refresh=False)
        bar.update(5_000_000)
        bar.refresh()
    shown = terminal.getvalue()
    assert "1/3 files" in shown and "B/s" in shown
    with Output(quiet=True, verbose=False).progress(10, 1) as bar:
        assert bar is None


# -- workers ready early -------------------------------------------------------------------

_STARTED = """
import os, sys, threading, time
from textwash import Pipeline
from textwash.engines.local import LocalEngine
from textwash.runner import Job

threading.Thread(target=time.sleep, args=(5,), daemon=True).start()  # no fork then
LocalEngine(2).start(Job(Pipeline.default()))
for _ in range(500):  # the forkserver is a child of this process, found by its command line
    children = open(f"/proc/self/task/{os.getpid()}/children").read().split()
    lines = [open(f"/proc/{pid}/cmdline", "rb").read() for pid in children]
    found = [line for line in lines if b"forkserver" in line]
    if found:
        print(found[0].decode(errors="replace"))
        break
    time.sleep(0.01)
"""


@pytest.mark.skipif(
    not os.path.exists(f"/proc/self/task/{os.getpid()}/children"), reason="Linux /proc needed"
)
def test_start_runs_a_forkserver_that_loads_the_filters_ahead() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _STARTED], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    for name in Pipeline.default().names:  # every filter's module is preloaded
        assert f"'textwash.filters.{name}'" in done.stdout


_FORKED = """
import os, sys
from textwash import Pipeline
from textwash.engines.local import LocalEngine
from textwash.runner import Job, Task


def modules(job, batch):
    return os.getppid(), "textwash.filters.teasers" in sys.modules


if __name__ == "__main__":
    job = Job(Pipeline.default())
    engine = LocalEngine(2)
    engine.start(job)
    children = open(f"/proc/self/task/{os.getpid()}/children").read().split()
    mine = open("/proc/self/cmdline", "rb").read()
    print(len(children), all(open(f"/proc/{c}/cmdline", "rb").read() == mine for c in children))
    batches = [[Task(i, "x", "x", "txt", None)] for i in range(4)]
    print(set(engine.map(modules, job, batches, on_crash=lambda b, r: r)) == {(os.getpid(), True)})
"""


@pytest.mark.skipif(
    not os.path.exists(f"/proc/self/task/{os.getpid()}/children"), reason="Linux /proc needed"
)
def test_start_forks_the_workers_while_no_thread_runs(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = tmp_path / "forked.py"
    script.write_text(_FORKED)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # two children of this process, forked from it (no forkserver), with the filters loaded
    assert done.stdout.split() == ["2", "True", "True"]


def test_a_reader_left_waiting_by_a_killed_worker_is_ended() -> None:
    """A worker killed in the middle of sending its result (Ctrl-C, SIGTERM) must not leave
    the pool's result reader, which the interpreter waits for at exit, blocked forever."""
    import multiprocessing
    import struct
    import threading

    from textwash.engines.local import unblock_reader

    reader, writer = multiprocessing.Pipe(duplex=False)
    got: list[object] = []

    def take() -> None:
        try:
            got.append(reader.recv())
        except Exception as error:  # the pool's thread takes this for a broken pool
            got.append(error)

    thread = threading.Thread(target=take, daemon=True)
    thread.start()
    # the header of a 40 kB result, then only the first kilobyte of it
    os.write(writer.fileno(), struct.pack("!i", 40_000) + b"x" * 1000)
    thread.join(timeout=0.3)
    assert thread.is_alive()  # waiting for the rest, as it would forever
    unblock_reader(thread, writer.fileno(), wait=0.1)
    assert not thread.is_alive()
    assert len(got) == 1 and isinstance(got[0], Exception)
