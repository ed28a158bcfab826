"""Run batches here (one worker) or in a pool of local worker processes.

The shape follows black's ``reformat_many``: the worker count comes from ``-j`` (default:
every core this process may use); one worker means no pool at all; each worker receives
the :class:`~textwash.runner.Job` once, when it starts, and then only lists of files.

Starting workers takes a while (a fresh interpreter, then the filters' modules and their
patterns), so the modules the job's filters live in are imported once, in the forkserver,
and every worker is forked with them loaded; :func:`start_forkserver` starts it as soon
as the command knows it will run workers (before it builds the pipeline, which imports the
same modules), so that this happens while the command builds the pipeline and finds the
first files. Batches are taken from the stream of files as workers can start them.

What keeps a long run safe:

* **a crashing file does not stop the run.** If a worker process dies (a segfault in a
  library, the out-of-memory killer), every batch it might have been running is retried,
  one file at a time and one at a time, in a fresh pool; the file that kills its worker
  again is reported as failed and the rest go on;
* **Ctrl-C and SIGTERM** stop the pool at once: workers ignore SIGINT, and the engine
  kills them when it is interrupted, so no worker goes on writing after the command is gone;
  a consumer that stops taking results (its output pipe closed) lets the batches already
  running end first, which takes a moment and never hangs;
* **kill -9 of the command** takes the workers with it: on Linux the kernel kills the
  forkserver when the command dies, and each worker when the forkserver dies (see
  :mod:`textwash.engines._forkserver`), so a resumed run never races a leftover worker.

On Linux the workers are forked from the command itself by :meth:`LocalEngine.start`,
once the pipeline is built and before any thread starts (:func:`can_fork_now`): they start
within milliseconds with every filter loaded. Elsewhere, and for every pool made later
(after a worker died, when threads run: a progress bar's, fsync helpers), workers start
from the ``forkserver`` where available (else ``spawn``), never by forking a process that
runs threads, which can deadlock the child.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from textwash.engines import Engine
from textwash.runner import Job, Task

R = TypeVar("R")

_job: Job | None = None

#: Set to the command's pid before workers start; see :mod:`textwash.engines._forkserver`.
PARENT_ENV = "TEXTWASH_ENGINE_PARENT"


def default_workers() -> int:
    """Every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no orphan keeps writing)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent is already gone
        os._exit(1)


def _init_worker(job: Job) -> None:
    global _job
    _job = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    die_with_parent()


def _run(fn: Callable[[Job, Sequence[Task]], Any], batch: Sequence[Task]) -> Any:
    assert _job is not None, "worker was not initialised"
    return fn(_job, batch)


def _context(modules: Iterable[str] = ()) -> Any:
    """The way workers start; with a forkserver, the modules it loads before it forks any:
    this package's runner and ``modules`` (a job's filters, :func:`filter_modules`)."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        os.environ[PARENT_ENV] = str(os.getpid())
        preload = ["textwash.engines._forkserver", "textwash.runner", *sorted(set(modules))]
        ctx.set_forkserver_preload(preload)
        return ctx
    return multiprocessing.get_context("spawn")


def filter_modules(job: Job) -> list[str]:
    """The modules the job's filters live in."""
    return sorted({type(f).__module__ for f in job.pipeline})


def start_forkserver(modules: Iterable[str]) -> None:
    """Start the forkserver now, loading ``modules`` (see the module docstring), without
    waiting for it. Once it runs, later pools use it as it is: a module it lacks is
    imported by each worker instead, which is slower but the same."""
    if _context(modules).get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _new_pool(workers: int, job: Job) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        workers,
        mp_context=_context(filter_modules(job)),
        initializer=_init_worker,
        initargs=(job,),
    )


def can_fork_now() -> bool:
    """Whether workers may be forked from this process as it is now: on Linux, while it
    runs no thread but its main one (so no lock a thread holds is copied into a child that
    lacks the thread: forking is safe only before any thread starts)."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def _forked_pool(workers: int, job: Job) -> ProcessPoolExecutor:
    """A pool whose workers are forked from this process now: they start with everything
    it has loaded (the job's filters, their patterns) within milliseconds, where a
    forkserver's need a fresh interpreter to load them first."""
    for stream in (sys.stdout, sys.stderr):  # (a child would write their buffers again)
        with contextlib.suppress(Exception):
            stream.flush()
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_worker,
        initargs=(job,),
    )
    pool.submit(int)  # forks every worker now, before any thread of this process starts
    return pool


_CRASH = "its worker process died while cleaning it (a crash, or out of memory)"


class LocalEngine(Engine):
    """Batches in this process (``workers=1``) or in ``workers`` local processes."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or default_workers())
        # Workers forked by :meth:`start`, for the job they were forked with.
        self._started: tuple[Job, ProcessPoolExecutor] | None = None

    def start(self, job: Job) -> None:
        """Get workers ready for ``job`` while the command finds the files: forked from
        this process now, where that is safe (:func:`can_fork_now`: Linux, no thread yet),
        else from the forkserver, started now (see the module docstring). It does not wait;
        workers a run never uses cost it a few milliseconds, and end with it."""
        if self.workers <= 1:
            return
        if self._started is None and can_fork_now():
            self._started = (job, _forked_pool(self.workers, job))
        else:
            start_forkserver(filter_modules(job))

    def _take_started(self, job: Job) -> ProcessPoolExecutor | None:
        """The workers :meth:`start` forked, if they were forked for ``job`` (others stop)."""
        started = self._started
        if started is not None and started[0] is job:
            self._started = None
            return started[1]
        self.close()
        return None

    def close(self) -> None:
        """Stop workers :meth:`start` got ready and no run used."""
        started, self._started = self._started, None
        if started is not None:
            started[1].shutdown(wait=True, cancel_futures=True)

    def map(
        self,
        fn: Callable[[Job, Sequence[Task]], R],
        job: Job,
        batches: Iterable[Sequence[Task]],
        *,
        on_crash: Callable[[Sequence[Task], str], R],
    ) -> Iterator[R]:
        stream = iter(batches)
        ahead: list[Sequence[Task]] = []
        if self.workers > 1:  # a pool, unless there is only one batch
            ahead = list(itertools.islice(stream, 2))
            if len(ahead) > 1:
                yield from self._pool_map(fn, job, itertools.chain(ahead, stream), on_crash)
                return
            self.close()  # (workers started for nothing)
        for batch in itertools.chain(ahead, stream):
            try:
                result = fn(job, batch)
            except Exception as error:
                result = on_crash(batch, f"internal error: {type(error).__name__}: {error}")
            yield result

    def _pool_map(
        self,
        fn: Callable[[Job, Sequence[Task]], R],
        job: Job,
        batches: Iterator[Sequence[Task]],
        on_crash: Callable[[Sequence[Task], str], R],
    ) -> Iterator[R]:
        workers = self.workers  # (processes start as batches are handed out)

        def new_pool() -> ProcessPoolExecutor:
            return _new_pool(workers, job)

        more = True  # ``batches`` may still give some
        # Files that were in flight when a worker died: rerun alone, one at a time.
        suspects: deque[Sequence[Task]] = deque()
        running: dict[Future[R], tuple[Sequence[Task], bool]] = {}
        pool = self._take_started(job) or new_pool()
        finished = False
        try:
            while more or suspects or running:
                if suspects:
                    if not running:
                        batch = suspects.popleft()
                        running[pool.submit(_run, fn, batch)] = (batch, True)
                else:
                    while more and len(running) < 2 * workers:
                        given = next(batches, None)  # (finds more files, for a stream)
                        if given is None:
                            more = False
                            break
                        running[pool.submit(_run, fn, given)] = (given, False)
                if not running:
                    continue
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                broken = False
                for future in done:
                    batch, isolated = running.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        if isolated:
                            yield on_crash(batch, _CRASH)
                        else:
                            suspects.extend([task] for task in batch)
                        continue
                    except Exception as error:
                        result = on_crash(batch, f"internal error: {type(error).__name__}: {error}")
                    yield result
                if broken:
                    for batch, _isolated in running.values():
                        suspects.extend([task] for task in batch)
                    running.clear()
                    _stop(pool)
                    pool = new_pool()
            finished = True
        except GeneratorExit:
            # The consumer stopped early (its output went away, it had what it needed):
            # let the running batches end instead of killing a worker that may be in the
            # middle of sending its result, which leaves the pool's manager thread waiting
            # forever for the rest (and the interpreter waiting for it at exit).
            pool.shutdown(wait=True, cancel_futures=True)
            finished = True
            raise
        finally:
            if finished:
                pool.shutdown(wait=True)
            else:  # interrupted (Ctrl-C, SIGTERM) or failed: stop now
                _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut a pool down now: cancel what has not started, kill what is running."""
    processes = dict(getattr(pool, "_processes", None) or {})
    manager = getattr(pool, "_executor_manager_thread", None)
    results = getattr(pool, "_result_queue", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes.values():
        if process.is_alive():
            process.kill()
    for process in processes.values():
        process.join(timeout=5)
    writer = getattr(results, "_writer", None)
    if isinstance(manager, threading.Thread) and writer is not None:
        unblock_reader(manager, writer.fileno())


def unblock_reader(reader: threading.Thread, writer: int, *, wait: float = 1.0) -> None:
    """End ``reader``, a pool's thread that takes results from the pipe ``writer`` writes to.

    A worker killed while it was sending a result (a large one goes in two writes) leaves
    that thread waiting forever for the rest of the message, and the interpreter waits for
    the thread at exit: ``clean`` would hang after Ctrl-C or SIGTERM. Bytes written into
    the pipe complete the message; it does not unpickle, which the thread takes for a
    broken pool, and it ends.
    """
    reader.join(timeout=wait)
    if not reader.is_alive():
        return
    os.set_blocking(writer, False)
    deadline = time.monotonic() + 10
    while reader.is_alive() and time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            os.write(writer, bytes(1 << 16))
        reader.join(timeout=0.1)
