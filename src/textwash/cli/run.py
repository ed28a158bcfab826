"""A run over files: plan them, fit the corpus filters, clean on an engine, report.

The same steps serve local folders (:func:`run_local`) and object storage
(:func:`textwash.cli.remote.run_remote`); only the plan and the resume state differ.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from textwash.cli.output import Output, converted_note, print_summary, say_fit_failed

if TYPE_CHECKING:
    from textwash.cache import Cache
    from textwash.cli.report import AuditPage
    from textwash.cli.settings import Settings
    from textwash.engines import Engine
    from textwash.io.files import Problem
    from textwash.report import Report
    from textwash.runner import Job, Outcome, Task, Write


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops a run the way Ctrl-C does: workers killed, cache saved, summary."""

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def make_engine(
    ctx: click.Context, name: str, address: str | None, jobs: int | None, settings: Settings
) -> Engine:
    """The engine ``--engine`` names; ``jobs`` is -j as given (``None``: not given).

    Ray is started (or its cluster reached) here, so that a missing install or an
    unreachable cluster is said plainly; the engine is closed when the command ends.
    """
    if name == "local":
        if address is not None:
            raise click.UsageError("--address is for --engine ray")
        from textwash.engines.local import LocalEngine

        local = LocalEngine(settings.jobs)
        ctx.call_on_close(local.close)  # (workers started for a run that stopped early)
        return local
    from textwash.engines.ray import RayEngine, UnreachableError

    engine = RayEngine(address, workers=jobs)
    ctx.call_on_close(engine.close)
    try:
        engine.connect()
    except ImportError as error:
        raise click.UsageError(str(error)) from None
    except UnreachableError as error:  # said by textwash, which names the address
        raise click.ClickException(f"cannot reach Ray: {error}") from None
    except Exception as error:  # ray.init: no cluster at that address, and the like
        where = f" at {address}" if address else ""
        raise click.ClickException(f"cannot start or reach Ray{where}: {error}") from None
    return engine


def start_workers_early(config: Any, enable: Sequence[str], disable: Sequence[str]) -> None:
    """Start the local engine's forkserver before the pipeline is even built, where its
    workers are not forked from this process (:meth:`~textwash.engines.local.LocalEngine.start`).

    A worker can start only once the forkserver has loaded the runner and the filters'
    modules (a fresh interpreter: a few tenths of a second), so it is started as soon as
    the command knows it will run workers, with the modules of the built-in filters the
    configuration and flags turn on, worked out from their names alone (importing the
    filters is what building the pipeline then does, at the same time).
    """
    from textwash.engines.local import can_fork_now, start_forkserver
    from textwash.filters.registry import BUILTIN, BUILTIN_DEFAULTS

    if can_fork_now():
        return  # the workers are forked from this process once the pipeline is built
    names = set(BUILTIN_DEFAULTS)
    names = (names | set(config.enable)) - set(config.disable)
    names = (names | set(enable)) - set(disable)
    start_forkserver(BUILTIN[name].partition(":")[0] for name in names if name in BUILTIN)


@dataclass
class Request:
    """What a run over files was asked to do, once flags and configuration are resolved.

    Local and object-storage runs take the same request (paths stay text on object
    storage, :class:`~pathlib.Path` locally); the engine it runs on is given apart.
    """

    paths: Sequence[Path | str]
    output_dir: Path | str | None
    in_place: bool
    check: bool
    diff: bool
    no_cache: bool
    settings: Settings
    pipeline: Any
    report: Report
    out: Output
    #: ``--report FILE.html``: the sampler the run feeds (``None`` without it).
    audit: AuditPage | None = None
    #: The lines each filter changed are shown (in the summary, or a ``--report``): the
    #: run counts them only then.
    line_counts: bool = True

    @property
    def write(self) -> Write:
        """Where outputs go: an output folder, over the inputs, or nowhere."""
        from textwash.runner import Write

        if self.output_dir is not None:
            return Write.OUTDIR
        return Write.IN_PLACE if self.in_place else Write.NOTHING

    def job(self) -> Job:
        """The job every task of the run is cleaned under."""
        from textwash.runner import Job

        settings = self.settings
        return Job(
            self.pipeline,
            self.write,
            self.diff,
            settings.text_key,
            encoding=settings.encoding,
            html=settings.html,
            sample=self.audit.sampler.size if self.audit is not None else 0,
            fsync=settings.fsync,
            count_lines=self.line_counts,
        )


def run_local(request: Request, engine: Engine) -> int:
    """Clean local files and folders; the exit code.

    The engine starts on the first files while the walk is still finding the others (a
    corpus filter, which must see every file first, waits for the whole list).
    """
    from textwash.cache import known_outputs
    from textwash.engines import Planner
    from textwash.io.files import (
        Globs,
        Input,
        Problem,
        UnsafeLayoutError,
        check_output_dir,
        iter_inputs,
        layout_base,
    )

    paths = [Path(path) for path in request.paths]
    output_dir = Path(request.output_dir) if request.output_dir is not None else None
    settings, out = request.settings, request.out
    skip: list[str] = []
    if output_dir is not None:
        try:
            skip = check_output_dir(paths, output_dir)
        except UnsafeLayoutError as error:
            raise click.BadParameter(str(error), param_hint="-o/--output-dir") from None

    job = request.job()
    if not job.pipeline.corpus_filters:  # (else the fit pass changes the job first)
        engine.start(job)  # workers get ready while the files are found
    found = iter_inputs(
        paths,
        include=Globs(settings.include, ignore_case=settings.default_include),
        exclude=Globs(settings.exclude),
        follow_symlinks=settings.follow_symlinks,
        skip=skip,
        outputs=known_outputs(),
    )
    planner = Planner(write=request.write, outdir=output_dir, format_name=settings.format_name)
    tally = Tally()

    def planned() -> Iterator[Task]:
        for item in found:
            task = planner.add(item) if isinstance(item, Input) else item
            if isinstance(task, Problem):
                announce(request, task)
            elif task is not None:
                tally.add(task)
                yield task
        tally.complete = True
        if not tally.files and not request.report.files:
            say_nothing_found(request)

    tasks: Iterable[Task] = planned()
    if job.pipeline.corpus_filters:
        tasks = list(tasks)
    out.info(f"workers: {settings.jobs}", verbose=True)

    def open_state(job: Job) -> tuple[Any, Path | None] | None:
        if output_dir is not None:
            output_dir.mkdir(parents=True, exist_ok=True)
        roots = (os.path.realpath(layout_base(paths)), output_dir)
        try:
            cache = open_local_state(job.cache_key(), roots, settings.state, request.no_cache, out)
        except StateLocked as error:
            out.error(str(error))
            return None
        if cache is not None and request.no_cache:
            cache.entries.clear()
        return cache, output_dir

    return clean_planned(request, job, tasks, open_state, engine, tally)


@dataclass
class Tally:
    """The files found so far, for the progress bar: the walk goes on while they are
    cleaned."""

    files: int = 0
    bytes: int = 0
    #: Every file has been found.
    complete: bool = False

    def add(self, task: Task) -> None:
        self.files += 1
        self.bytes += task.size

    @classmethod
    def of(cls, tasks: Sequence[Task]) -> Tally:
        return cls(len(tasks), sum(task.size for task in tasks), True)


def say_nothing_found(request: Request) -> None:
    """Warn that the walk found no file to clean (as ruff does): a folder of files whose
    names say no known format is most often a wrong path or a missing ``--include``."""
    settings = request.settings
    where = ", ".join(str(path) for path in request.paths)
    looked_for = ", ".join(settings.include)
    if settings.default_include:
        hint = "the known formats; --include and --format choose others"
    else:
        hint = "--include"
    request.out.warn(f"no files to clean under {where}: looked for {looked_for} ({hint})")


def announce(request: Request, problem: Problem) -> None:
    """Say what the walk met: a file that fails, or one skipped."""
    out = request.out
    request.report.add_problems([problem])
    if problem.failed:
        out.error(f"{problem.path}: {problem.message}")
    else:
        out.info(f"skipped {problem.path}: {problem.message}", verbose=True)


def clean_planned(
    request: Request,
    job: Job,
    tasks: Iterable[Task],
    open_state: Callable[[Job], tuple[Any, Path | None] | None],
    engine: Engine,
    tally: Tally,
) -> int:
    """Fit the corpus filters, open the resume state (``open_state`` gives it and the local
    output folder, or ``None`` to stop with exit 1), clean every task, and report: the same
    for local and object-storage runs."""
    from textwash.engines import FitError, clean_files, fit_corpus_filters
    from textwash.io.files import Problem

    report, out, audit = request.report, request.out, request.audit
    interrupted = False
    with sigterm_as_interrupt():
        try:
            if job.pipeline.corpus_filters:
                out.info("fitting corpus filters on every document first", verbose=True)
                try:
                    assert isinstance(tasks, list)  # (a stream is for runs without)
                    job = fit_corpus_filters(job, tasks, engine)
                except FitError as error:
                    say_fit_failed(error, out)
                    report.add_problems(Problem(p, r, True) for p, r in error.failures)
                    print_summary(report, out)
                    return report.exit_code
                if audit is not None:
                    audit.pipeline = job.pipeline  # samples are explained as they were cleaned
            opened = open_state(job)
            if opened is None:
                return 1
            state, outdir = opened
            try:
                outcomes = clean_files(job, tasks, engine, state, outdir=outdir)
                consume(outcomes, tally, report, out, request.check)
            finally:
                if state is not None:
                    state.close()
        except KeyboardInterrupt:
            interrupted = True
    report.interrupted = interrupted
    print_summary(report, out)
    return report.exit_code


class StateLocked(Exception):
    """Another run holds the state folder of this output folder."""


def open_local_state(
    key: str,
    roots: tuple[str, Path | None],
    state: Path | None,
    no_cache: bool,
    out: Output,
) -> Cache | None:
    """The resume state of this run (see :mod:`textwash.cache` for where it lives).

    With an output folder it is always kept (``--no-cache`` only ignores what it holds:
    it must go on describing that folder), in ``--state DIR`` or in the user cache folder;
    otherwise only without ``--no-cache``. A state folder named with ``--state`` that
    cannot be used is a usage error; the default one, a warning (the run goes on without).
    """
    from textwash.cache import (
        Cache,
        CacheLockedError,
        output_state_dir,
        register_output,
        user_cache_dir,
    )

    inputs: str | None = roots[0]
    output_dir = roots[1]
    if output_dir is None and no_cache:
        return None
    if output_dir is not None:
        register_output(output_dir)
        folder = state or output_state_dir(output_dir)
        outputs: str | None = os.path.abspath(output_dir)
    else:
        folder, outputs = state or user_cache_dir(), None
        if state is None:
            inputs = None  # one cache for every folder, as black's: absolute paths
    try:
        cache = Cache.open(
            folder, key, exclusive=output_dir is not None, inputs=inputs, outputs=outputs
        )
    except CacheLockedError as error:
        raise StateLocked(str(error)) from None
    except OSError as error:
        message = f"cannot use the state folder {folder}: {error.strerror or error}"
        if state is not None:
            raise click.BadParameter(message, param_hint="--state") from None
        out.warn(f"{message}; running without resume state")
        return None
    out.info(f"state: {cache.folder}", verbose=True)
    return cache


def consume(
    outcomes: Iterator[Outcome], tally: Tally, report: Report, out: Output, check: bool
) -> None:
    """Take outcomes as they come: progress, messages, diffs in input order, counts."""
    from textwash.runner import Status

    diffs: dict[int, str] = {}
    next_diff = 0
    done = 0
    with out.progress(tally.bytes, tally.files) as bar:
        try:
            for outcome in outcomes:
                report.add(outcome)
                done += 1
                if bar is not None:
                    if bar.total != tally.bytes:  # more files found since
                        bar.total = tally.bytes
                    more = "" if tally.complete else "+"
                    bar.set_description_str(f"{done}/{tally.files}{more} files", refresh=False)
                    bar.update(outcome.bytes)
                if outcome.status is Status.FAILED:
                    out.error(f"{outcome.path}: {outcome.message}")
                    for problem in outcome.problems:
                        out.error(f"  {outcome.path}: {problem}")
                elif check and outcome.status is Status.CHANGED:
                    # named without -v, as black's "would reformat": what --check is for
                    out.info(f"would clean {outcome.path}{converted_note(outcome)}")
                elif out.verbose:
                    note = f": {outcome.message}" if outcome.message else ""
                    out.info(
                        f"{outcome.status.value} {outcome.path}{converted_note(outcome)}{note}"
                    )
                diffs[outcome.index] = outcome.diff
                while next_diff in diffs:
                    text = diffs.pop(next_diff)
                    if text:
                        out.stdout(text)
                    next_diff += 1
        finally:
            outcomes_close = getattr(outcomes, "close", None)
            if outcomes_close is not None:
                outcomes_close()  # stops the workers if we are leaving early
