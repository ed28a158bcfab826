"""Many files: plan the work, skip what is done, run the rest on an engine, stream outcomes.

An :class:`Engine` only decides *where* batches of files run; what happens to a file is
:func:`textwash.runner.run_batch`, the same everywhere. :class:`~.local.LocalEngine` runs
batches in this process (``-j 1``) or in a pool of worker processes. A Ray engine is the
same contract over a cluster: implement :meth:`Engine.map` with remote tasks calling the
same functions (a :class:`~textwash.runner.Job` and its tasks pickle; outputs go straight to
their paths, so those must be on a shared file system), and nothing else changes.

The functions here are engine-independent and are what ``clean`` calls, in this order:

1. :class:`Planner` (:func:`plan` over a list): input files to
   :class:`~textwash.runner.Task` s (format, output path), refusing output paths that would
   clash, one at a time as the walk (:func:`textwash.io.files.iter_inputs`) finds them;
2. :func:`fit_corpus_filters`: the seam for corpus filters. Each
   :class:`~textwash.filters.CorpusFilter` in the pipeline, in order, gets a fit pass: every
   batch of files is read on the engine, its documents run through the filters before it,
   and :meth:`~textwash.filters.CorpusFilter.fit` returns statistics; these are added up
   (in a fixed order, so the result does not depend on the number of workers) and
   :meth:`~textwash.Pipeline.bind` turns the filter into a document filter. The bound
   pipeline's cache key then covers the statistics, so a changed corpus is redone;
3. :func:`clean_files`: files the resume cache knows are done come back as ``cached``
   without being read; the rest run in batches, and each finished file is recorded in the
   cache once its output is on disk. The tasks may come as a stream: the engine gets its
   first batches while the walk is still finding files (a corpus filter, which must see
   every file first, takes the whole list).
"""

from __future__ import annotations

import dataclasses
import functools
import heapq
import inspect
import operator
import os
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from textwash.cache import Entry
from textwash.formats import FORMATS, detect, output_name
from textwash.io.files import Input, Problem, is_within
from textwash.runner import Job, Outcome, Status, Task, Write, crashed, fit_batch, run_batch

R = TypeVar("R")

#: A batch holds at most this many files...
BATCH_FILES = 64
#: ... and at most about this many bytes of input (a bigger file is a batch of its own).
BATCH_BYTES = 8 << 20
#: A JSONL file larger than this is cleaned as several tasks (:mod:`textwash.shards`,
#: whose ``SPLIT_BYTES`` it is, kept here so that a local run does not import it).
SPLIT_BYTES = 128 << 20


class Engine(ABC):
    """Runs a function over batches of files, somewhere, yielding results as they finish."""

    #: How many batches may run at once.
    workers: int = 1

    @abstractmethod
    def map(
        self,
        fn: Callable[[Job, Sequence[Task]], R],
        job: Job,
        batches: Iterable[Sequence[Task]],
        *,
        on_crash: Callable[[Sequence[Task], str], R],
    ) -> Iterator[R]:
        """``fn(job, batch)`` for every batch, in any order.

        ``batches`` may be a stream that finds its files as it goes (:func:`clean_files`
        gives one): take the next batch when a worker can start it, not all at once.
        ``fn`` is a picklable module-level function (or a :func:`functools.partial` of one)
        that handles its own errors; if running it fails anyway (an exception escaping it,
        a worker process that dies), the engine yields ``on_crash(batch, reason)`` instead,
        and goes on with the other batches.
        """

    def start(self, job: Job) -> None:  # noqa: B027 (a hint most engines need not take)
        """The next :meth:`map` will run with ``job``: an engine whose workers take a while
        to start may start them now, while the caller finds and plans the files."""

    def close(self) -> None:  # noqa: B027 (most engines hold nothing between maps)
        """Release workers; the engine can be used again afterwards."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def plan(
    inputs: Iterable[Input],
    *,
    write: Write,
    outdir: Path | None = None,
    format_name: str | None = None,
) -> tuple[list[Task], list[Problem]]:
    """Decide each input's format and output path (:class:`Planner`, over a list)."""
    planner = Planner(write=write, outdir=outdir, format_name=format_name)
    tasks: list[Task] = []
    problems: list[Problem] = []
    for item in inputs:
        planned = planner.add(item)
        if isinstance(planned, Problem):
            problems.append(planned)
        elif planned is not None:
            tasks.append(planned)
    return tasks, problems


class Planner:
    """Each input's format and output path, decided one input at a time, as they are found.

    With ``Write.IN_PLACE`` the output is the input's resolved path (a file reached through
    two links is cleaned once); with ``Write.OUTDIR`` it is ``outdir`` plus the input's
    relative path (HTML becoming ``.txt``). Two inputs with the same output path are a
    problem for the second one, never a silent overwrite. Tasks are numbered in the order
    the inputs come, which is the order diffs are printed in.
    """

    def __init__(
        self, *, write: Write, outdir: Path | None = None, format_name: str | None = None
    ) -> None:
        self.write = write
        self.outdir = os.path.abspath(outdir) if outdir is not None else ""
        if write is Write.OUTDIR and outdir is None:
            raise ValueError("writing into an output directory needs outdir")
        self.format = FORMATS[format_name] if format_name else None
        self.count = 0
        self._owner: dict[str, str] = {}

    def add(self, item: Input) -> Task | Problem | None:
        """The task for ``item``, the problem that keeps it from being cleaned, or ``None``
        for a file already planned (met again through a link)."""
        fmt = self.format or detect(os.path.basename(item.path))
        if fmt is None:
            return Problem(item.path, "unknown format (by its name); say which with --format", True)
        target: str | None = None
        owner = self._owner
        if self.write is Write.OUTDIR:
            target = os.path.join(self.outdir, *output_name(item.rel, fmt).split("/"))
            if target in owner:
                return Problem(
                    item.path, f"its output {target} is also that of {owner[target]}", True
                )
            owner[target] = item.path
        elif self.write is Write.IN_PLACE:
            target = item.real
            if target in owner:
                return None  # the same file, met twice (through a link)
            owner[target] = item.path
        task = Task(self.count, item.real, item.path, fmt.name, target, item.size)
        self.count += 1
        return task


def _batch_limits(
    count: int, total: int, workers: int, files: int = BATCH_FILES, size: int = BATCH_BYTES
) -> tuple[int, int]:
    """The most files and bytes a batch may hold so that each of ``workers`` gets several
    of ``count`` tasks of ``total`` bytes, within ``files`` and ``size``."""
    share = 4 * workers
    return max(1, min(files, -(-count // share))), max(1, min(size, total // share))


def make_batches(
    tasks: Sequence[Task],
    *,
    workers: int = 1,
    by_size: bool = True,
    files: int = BATCH_FILES,
    size: int = BATCH_BYTES,
) -> list[list[Task]]:
    """Group tasks for the engine.

    Batches are as large as :data:`BATCH_FILES` / :data:`BATCH_BYTES` allow (a batch is
    synced to disk at once), but small enough that every worker gets several. Largest files
    go first (the slowest start early, so workers finish together), unless the output must
    stream in input order (``--diff``).
    """
    if workers > 1 and tasks:
        files, size = _batch_limits(len(tasks), sum(t.size for t in tasks), workers, files, size)
    ordered = sorted(tasks, key=lambda t: (-t.size, t.index)) if by_size else list(tasks)
    batches: list[list[Task]] = []
    current: list[Task] = []
    current_size = 0
    for task in ordered:
        if current and (len(current) >= files or current_size + task.size > size):
            batches.append(current)
            current, current_size = [], 0
        current.append(task)
        current_size += task.size
    if current:
        batches.append(current)
    return batches


class OutputFolders:
    """Creates output folders, one level at a time, as tasks need them, refusing any that
    resolves outside ``outdir`` (a symlink in it pointing elsewhere): nothing is written
    outside OUTDIR. Each folder is made and judged once."""

    def __init__(self, outdir: Path | str) -> None:
        self.base = os.path.abspath(outdir)
        os.makedirs(self.base, exist_ok=True)
        self.root = os.path.realpath(outdir)
        self._verdicts: dict[str, str | None] = {self.base: None}

    def _check(self, folder: str) -> str | None:
        verdicts = self._verdicts
        chain = []  # the folder and its parents up to the first one already judged
        while folder not in verdicts:
            chain.append(folder)
            folder = os.path.dirname(folder)
        verdict = verdicts[folder]
        for current in reversed(chain):
            if verdict is None:
                verdict = _make_folder(current, self.root)
            verdicts[current] = verdict
        return verdict

    def prepare(self, task: Task) -> Outcome | None:
        """Make the folder ``task``'s output goes in; ``None`` if it is ready, else the
        task's failed outcome."""
        assert task.target is not None
        folder = os.path.dirname(task.target)
        verdict = self._verdicts.get(folder, "")
        if verdict is None:
            return None  # (the usual case: a folder already made)
        problem = self._check(folder) if is_within(folder, self.base) else "output outside OUTDIR"
        if problem is None:
            return None
        return Outcome(task.index, task.path, Status.FAILED, problem, bytes=task.size)


def _make_folder(folder: str, root: str) -> str | None:
    """Create one folder (its parent exists); why it cannot hold outputs, or ``None``."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except OSError as error:
        return f"cannot create output folder {folder}: {error.strerror}"
    real = os.path.realpath(folder)
    if not is_within(real, root):
        return f"output folder {folder} leads outside the output directory (to {real})"
    if not os.path.isdir(folder):
        return f"{folder} is in the way of an output folder (not a folder)"
    return None


class FitError(Exception):
    """A batch of a corpus filter's fit pass failed (an exception escaped it, or its worker
    died): the statistics would lack its files, so the fitted filter would not be the one
    asked for, and nothing must be cleaned with it. ``failures`` are (path, reason) pairs."""

    def __init__(self, name: str, failures: Sequence[tuple[str, str]]) -> None:
        self.name = name
        self.failures = list(failures)
        paths = ", ".join(path for path, _ in self.failures[:3])
        more = f" and {len(self.failures) - 3} more" if len(self.failures) > 3 else ""
        super().__init__(f"corpus filter {name!r} could not be fitted on {paths}{more}")


@dataclasses.dataclass(frozen=True)
class _FitCrash:
    """What a crashed fit batch gives instead of statistics."""

    tasks: tuple[Task, ...]
    reason: str


def fit_corpus_filters(
    job: Job, tasks: Sequence[Task], engine: Engine, *, batches: Sequence[Sequence[Task]] = ()
) -> Job:
    """Fit and bind every corpus filter of the job's pipeline (see the module docstring).

    Raises :class:`FitError` if a batch of a fit pass crashed (an exception escaping it, a
    worker that died) and a file of it, fitted again alone, crashes again: the error names
    every such file. Files that merely cannot be read are left out of the statistics, as
    they are of the clean pass, which reports them as failed.
    """
    pipeline = job.pipeline
    groups = list(batches) or make_batches(tasks, workers=engine.workers, by_size=False)
    for corpus in pipeline.corpus_filters:
        current = dataclasses.replace(job, pipeline=pipeline)
        fit = functools.partial(fit_batch, name=corpus.name)
        parts = _fit_parts(engine, fit, current, [list(b) for b in groups])
        crashed = [p for p in parts if isinstance(p[1], _FitCrash)]
        if crashed:
            # each file of a crashed batch again, alone, to name the one that fails (a
            # batch of one already is: engines run the files of a dead worker one by one)
            again = [[task] for _, part in crashed if len(part.tasks) > 1 for task in part.tasks]
            parts = [p for p in parts if not (isinstance(p[1], _FitCrash) and len(p[1].tasks) > 1)]
            parts += _fit_parts(engine, fit, current, again)
            failures = sorted(
                (task.index, task.path, part.reason)
                for _, part in parts
                if isinstance(part, _FitCrash)
                for task in part.tasks
            )
            if failures:
                raise FitError(corpus.name, [(path, reason) for _, path, reason in failures])
        # a fixed order, whatever ran first
        ordered = [stats for _, stats in sorted(parts, key=lambda p: p[0]) if stats is not None]
        total = add_up(ordered) if ordered else corpus.fit(iter(()))
        pipeline = pipeline.bind(corpus.name, total)
    return dataclasses.replace(job, pipeline=pipeline)


def _fit_parts(
    engine: Engine, fit: Callable[..., Any], job: Job, batches: list[list[Task]]
) -> list[tuple[int, Any]]:
    """The fit pass over ``batches``: (first task index, statistics or a crash) each."""
    return list(
        engine.map(
            _indexed(fit),
            job,
            batches,
            on_crash=lambda batch, reason: (
                batch[0].index if batch else -1,
                _FitCrash(tuple(batch), reason),
            ),
        )
    )


def add_up(parts: Sequence[Any]) -> Any:
    """The sum of some statistics, in the order given (at least one).

    A statistics class with a static ``total(parts)`` (as
    :class:`~textwash.filters.boilerplate.BoilerplateStats` has) adds them in one pass,
    copying each count once; any other is added with ``+``, left to right, which copies
    the running sum at every step: slow for the hundreds of parts of a large run.
    """
    kind = type(parts[0])
    if isinstance(inspect.getattr_static(kind, "total", None), staticmethod) and all(
        type(part) is kind for part in parts
    ):
        return kind.total(parts)
    return functools.reduce(operator.add, parts)


def _indexed(fn: Callable[[Job, Sequence[Task]], Any]) -> Callable[[Job, Sequence[Task]], Any]:
    return functools.partial(_call_indexed, fn)


def _call_indexed(
    fn: Callable[[Job, Sequence[Task]], Any], job: Job, batch: Sequence[Task]
) -> tuple[int, Any]:
    return (batch[0].index if batch else -1), fn(job, batch)


class ResumeState(Protocol):
    """What :func:`clean_files` asks of a resume state: the local journal
    (:class:`~textwash.cache.Cache`) or completion markers on object storage
    (:class:`~textwash.remote.MarkerState`)."""

    def done(self, path: str, fmt: str, output: str | None = None) -> bool: ...

    def record_all(self, finished: Iterable[tuple[str, Entry]]) -> None: ...


def clean_files(
    job: Job,
    tasks: Iterable[Task],
    engine: Engine,
    cache: ResumeState | None = None,
    *,
    outdir: Path | None = None,
    split_bytes: int | None = None,
) -> Iterator[Outcome]:
    """Clean every task on ``engine``, yielding each file's outcome as it finishes.

    ``tasks`` may be a list or a stream (the files as a walk finds them, :class:`Planner`):
    the engine gets its first batches while later tasks are still being found
    (:class:`_Feed`). Under an output directory, a JSONL or Parquet file larger than
    ``split_bytes`` (default :data:`SPLIT_BYTES`) is cleaned as several tasks whose outputs
    are joined in order (:mod:`textwash.shards`).

    Files the cache knows are done are yielded as ``cached``, without being read. Every
    other finished file whose outcome says what to remember is recorded in the cache right
    away, after its output is on disk, so a run killed at any point resumes where it
    stopped.
    """
    if job.pipeline.corpus_filters:
        raise ValueError("fit the corpus filters first (fit_corpus_filters)")
    feed = _Feed(job, tasks, engine.workers, cache, outdir, split_bytes)
    for outcomes in engine.map(run_tasks, job, feed.batches(), on_crash=crashed):
        yield from feed.settled()
        finished: list[tuple[str, Outcome]] = []  # (the input's source, its outcome)
        for outcome in outcomes:
            task = feed.running.pop(outcome.index)
            joiner = feed.joiner
            for done in joiner.add(task, outcome) if joiner is not None else (outcome,):
                finished.append((task.source, done))
        if cache is not None:  # the batch's outputs are on disk: one journal write for it
            cache.record_all(
                (source, done.entry) for source, done in finished if done.entry is not None
            )
        for _, done in finished:
            yield done
    yield from feed.settled()


def run_tasks(job: Job, tasks: Sequence[Task]) -> list[Outcome]:
    """:func:`~textwash.runner.run_batch`, or for a batch holding parts of a big file,
    :func:`textwash.staging.run_staged_batch` (what engines run)."""
    if all(type(task) is Task for task in tasks):
        return run_batch(job, tasks)
    from textwash.staging import run_staged_batch

    return run_staged_batch(job, tasks)


#: While files are still being found, batches are formed once this many tasks wait (or
#: the walk is over): enough to put the largest of them first, few enough that the first
#: batches start within a few milliseconds of walking.
LOOKAHEAD = 1024

#: Once batches run, each time the engine asks for one the stream is read for this many
#: seconds more: the walk runs ahead of the workers (ending within the first seconds of a
#: run on tens of thousands of files) at the cost of a few milliseconds a batch.
WALK_SLICE = 0.01

#: Parts of big files are numbered from here, apart from the files' own indexes, which
#: count from 0 as files are found (no run has this many files).
_PART_INDEXES = 1 << 48


class _Feed:
    """The tasks of a run on their way to an engine: each checked against the resume state
    and given its output folder as it comes, then handed out in batches as the engine asks.

    Batches are formed as :func:`make_batches` forms them, largest files first (in input
    order for ``--diff``), over the tasks known when the engine asks: every task once the
    stream has ended, the next :data:`LOOKAHEAD` before that. What needs no worker (files
    cached, folders refused) waits in :meth:`settled`.
    """

    def __init__(
        self,
        job: Job,
        tasks: Iterable[Task],
        workers: int,
        cache: ResumeState | None,
        outdir: Path | None,
        split_bytes: int | None,
    ) -> None:
        self.job = job
        self.workers = workers
        self.cache = cache
        self.outdir = outdir
        self.split_bytes = SPLIT_BYTES if split_bytes is None else split_bytes
        self._tasks: Iterator[Task] | None = iter(tasks)
        # Tasks waiting for a batch: a heap of (-size, index, task), largest first, or in
        # input order (``--diff``, whose output streams in that order).
        self._by_size = not job.diff
        self._heap: list[tuple[int, int, Task]] = []
        self._fifo: deque[Task] = deque()
        self._folders: OutputFolders | None = None
        self._ready: list[Outcome] = []
        #: Tasks handed out, by index, until their outcome comes back.
        self.running: dict[int, Task] = {}
        self._handed_out = 0  # batches
        #: Joins the parts of big files (made when the first one is met).
        self.joiner: Any = None
        self._next_part = _PART_INDEXES
        # Batch limits: :func:`make_batches`' own, once every task is known.
        self._files, self._bytes = BATCH_FILES, BATCH_BYTES
        self._seen_files = self._seen_bytes = 0
        # An entry names its output only under an output directory; in place, the output
        # is the input itself, which the entry's fingerprint already describes.
        self._keyed_by_output = job.write is Write.OUTDIR

    def settled(self) -> Iterator[Outcome]:
        """The outcomes decided without running (cached files, refused folders) since the
        last call."""
        while self._ready:
            ready, self._ready = self._ready, []
            yield from ready

    def _take(self, task: Task) -> None:
        """One task from the stream: cached, refused, or waiting for a batch."""
        job = self.job
        output = task.target if self._keyed_by_output else None
        if self.cache is not None and self.cache.done(task.source, task.format, output):
            self._ready.append(Outcome(task.index, task.path, Status.CACHED, bytes=task.size))
            return
        if job.write is Write.OUTDIR and task.target is not None and "://" not in task.target:
            if self._folders is None:  # (object storage has no folders to make)
                if self.outdir is None:
                    raise ValueError("writing into an output directory needs outdir")
                self._folders = OutputFolders(self.outdir)
            refused = self._folders.prepare(task)
            if refused is not None:
                self._ready.append(refused)
                return
        pieces: Sequence[Task] = (task,)
        if job.write is Write.OUTDIR and task.size > self.split_bytes:
            from textwash.shards import Joiner, split

            pieces = split(
                [task], self.split_bytes, workers=self.workers, first_index=self._next_part
            )
            self._next_part += len(pieces)
            if self.joiner is None:
                self.joiner = Joiner(fsync=job.fsync != "never")
        for piece in pieces:
            self._seen_files += 1
            self._seen_bytes += piece.size
            if self._by_size:
                heapq.heappush(self._heap, (-piece.size, piece.index, piece))
            else:
                self._fifo.append(piece)

    def _waiting(self) -> int:
        return len(self._heap) + len(self._fifo)

    def _fill(self) -> None:
        """Take tasks from the stream until :data:`LOOKAHEAD` wait, and, once batches are
        running, for :data:`WALK_SLICE` more (so the walk ends early in the run, and the
        progress bar knows the whole), or until the stream ends."""
        deadline = time.perf_counter() + WALK_SLICE if self._handed_out else 0.0
        while self._tasks is not None and (
            self._waiting() < LOOKAHEAD or time.perf_counter() < deadline
        ):
            task = next(self._tasks, None)
            if task is not None:
                self._take(task)
                continue
            self._tasks = None
            if self.workers > 1 and self._seen_files:
                # every task is known: each worker gets several batches
                self._files, self._bytes = _batch_limits(
                    self._seen_files, self._seen_bytes, self.workers
                )

    def _next(self) -> Task:
        return self._heap[0][2] if self._by_size else self._fifo[0]

    def _pop(self) -> Task:
        return heapq.heappop(self._heap)[2] if self._by_size else self._fifo.popleft()

    def batches(self) -> Iterator[list[Task]]:
        """Batches for the engine, formed as it asks for them (see the class docstring)."""
        while True:
            self._fill()
            if not self._waiting():
                return
            batch = [self._pop()]
            size = batch[0].size
            while self._waiting() and len(batch) < self._files:
                if size + self._next().size > self._bytes:
                    break
                batch.append(self._pop())
                size += batch[-1].size
            for task in batch:
                self.running[task.index] = task
            self._handed_out += 1
            yield batch
