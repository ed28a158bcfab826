"""Many files: plan the work, skip what is done, run the rest on an engine, stream outcomes.

An :class:`Engine` only decides *where* batches of files run; what happens to a file is
:func:`textwash.runner.run_batch`, the same everywhere. :class:`~.local.LocalEngine` runs
batches in this process (``-j 1``) or in a pool of worker processes. A Ray engine is the
same contract over a cluster: implement :meth:`Engine.map` with remote tasks calling the
same functions (a :class:`~textwash.runner.Job` and its tasks pickle; outputs go straight to
their paths, so those must be on a shared file system), and nothing else changes.

The functions here are engine-independent and are what ``clean`` calls, in this order:

1. :func:`plan`: input files to :class:`~textwash.runner.Task` s (format, output path),
   refusing output paths that would clash;
2. :func:`fit_corpus_filters`: the seam for corpus filters. Each
   :class:`~textwash.filters.CorpusFilter` in the pipeline, in order, gets a fit pass: every
   batch of files is read on the engine, its documents run through the filters before it,
   and :meth:`~textwash.filters.CorpusFilter.fit` returns statistics; these are added up
   (in a fixed order, so the result does not depend on the number of workers) and
   :meth:`~textwash.Pipeline.bind` turns the filter into a document filter. The bound
   pipeline's cache key then covers the statistics, so a changed corpus is redone;
3. :func:`clean_files`: files the resume cache knows are done come back as ``cached``
   without being read; the rest run in batches, and each finished file is recorded in the
   cache once its output is on disk.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import operator
import os
from abc import ABC, abstractmethod
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
        batches: Sequence[Sequence[Task]],
        *,
        on_crash: Callable[[Sequence[Task], str], R],
    ) -> Iterator[R]:
        """``fn(job, batch)`` for every batch, in any order.

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
    inputs: Sequence[Input],
    *,
    write: Write,
    outdir: Path | None = None,
    format_name: str | None = None,
) -> tuple[list[Task], list[Problem]]:
    """Decide each input's format and output path.

    With ``Write.IN_PLACE`` the output is the input's resolved path (a file reached through
    two links is cleaned once); with ``Write.OUTDIR`` it is ``outdir`` plus the input's
    relative path (HTML becoming ``.txt``). Two inputs with the same output path are a
    problem for the second one, never a silent overwrite.
    """
    tasks: list[Task] = []
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    out_abs = os.path.abspath(outdir) if outdir is not None else ""
    for item in inputs:
        fmt = FORMATS[format_name] if format_name else detect(os.path.basename(item.path))
        if fmt is None:
            problems.append(
                Problem(item.path, "unknown format (by its name); say which with --format", True)
            )
            continue
        target: str | None = None
        if write is Write.OUTDIR:
            assert outdir is not None
            target = os.path.join(out_abs, *output_name(item.rel, fmt).split("/"))
            if target in owner:
                problems.append(
                    Problem(item.path, f"its output {target} is also that of {owner[target]}", True)
                )
                continue
            owner[target] = item.path
        elif write is Write.IN_PLACE:
            target = item.real
            if target in owner:
                continue  # the same file, met twice (through a link)
            owner[target] = item.path
        tasks.append(Task(len(tasks), item.real, item.path, fmt.name, target, item.size))
    return tasks, problems


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
        share = 4 * workers
        files = max(1, min(files, -(-len(tasks) // share)))
        size = max(1, min(size, sum(t.size for t in tasks) // share))
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


def prepare_folders(tasks: Sequence[Task], outdir: Path) -> tuple[list[Task], list[Outcome]]:
    """Create the output folders, one level at a time, refusing any that resolves outside
    ``outdir`` (a symlink in it pointing elsewhere): nothing is written outside OUTDIR."""
    base = os.path.abspath(outdir)
    os.makedirs(base, exist_ok=True)
    root = os.path.realpath(outdir)
    verdicts: dict[str, str | None] = {base: None}

    def check(folder: str) -> str | None:
        chain = []  # the folder and its parents up to the first one already judged
        while folder not in verdicts:
            chain.append(folder)
            folder = os.path.dirname(folder)
        verdict = verdicts[folder]
        for current in reversed(chain):
            if verdict is None:
                verdict = _make_folder(current, root)
            verdicts[current] = verdict
        return verdict

    ready: list[Task] = []
    failed: list[Outcome] = []
    for task in tasks:
        assert task.target is not None
        folder = os.path.dirname(task.target)
        problem = check(folder) if is_within(folder, base) else "output outside OUTDIR"
        if problem is None:
            ready.append(task)
        else:
            failed.append(Outcome(task.index, task.path, Status.FAILED, problem, bytes=task.size))
    return ready, failed


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
    tasks: Sequence[Task],
    engine: Engine,
    cache: ResumeState | None = None,
    *,
    outdir: Path | None = None,
    split_bytes: int | None = None,
) -> Iterator[Outcome]:
    """Clean every task on ``engine``, yielding each file's outcome as it finishes.

    Under an output directory, a JSONL or Parquet file larger than ``split_bytes`` (default
    :data:`SPLIT_BYTES`) is cleaned as several tasks whose outputs are joined in order
    (:mod:`textwash.shards`).

    Files the cache knows are done are yielded first, as ``cached``. Every other finished
    file whose outcome says what to remember is recorded in the cache right away, after
    its output is on disk, so a run killed at any point resumes where it stopped.
    """
    if job.pipeline.corpus_filters:
        raise ValueError("fit the corpus filters first (fit_corpus_filters)")
    todo: list[Task] = []
    # An entry names its output only under an output directory; in place, the output is
    # the input itself, which the entry's fingerprint already describes.
    keyed_by_output = job.write is Write.OUTDIR
    for task in tasks:
        output = task.target if keyed_by_output else None
        if cache is not None and cache.done(task.source, task.format, output):
            yield Outcome(task.index, task.path, Status.CACHED, bytes=task.size)
        else:
            todo.append(task)
    on_disk = [task for task in todo if task.target is not None and "://" not in task.target]
    if job.write is Write.OUTDIR and on_disk:  # (object storage has no folders to make)
        if outdir is None:
            raise ValueError("writing into an output directory needs outdir")
        todo, refused = prepare_folders(todo, outdir)
        yield from refused
    joiner = None
    split_bytes = SPLIT_BYTES if split_bytes is None else split_bytes
    if job.write is Write.OUTDIR and any(t.size > split_bytes for t in todo):
        from textwash.shards import Joiner, split

        todo = split(todo, split_bytes, workers=engine.workers)
        joiner = Joiner(fsync=job.fsync != "never")
    by_index = {task.index: task for task in todo}
    batches = make_batches(todo, workers=engine.workers, by_size=not job.diff)
    run: Callable[[Job, Sequence[Task]], list[Outcome]] = run_batch
    if joiner is not None:
        from textwash.staging import run_staged_batch as run
    for outcomes in engine.map(run, job, batches, on_crash=crashed):
        finished: list[tuple[str, Outcome]] = []  # (the input's source, its outcome)
        for outcome in outcomes:
            task = by_index[outcome.index]
            for done in joiner.add(task, outcome) if joiner is not None else (outcome,):
                finished.append((task.source, done))
        if cache is not None:  # the batch's outputs are on disk: one journal write for it
            cache.record_all(
                (source, done.entry) for source, done in finished if done.entry is not None
            )
        for _, done in finished:
            yield done
