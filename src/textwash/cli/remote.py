"""``clean`` where an input, the output or the resume state is on object storage.

The same steps as a local run (:func:`textwash.cli.run.run_local`): plan, fit the corpus filters,
clean on the engine, report; only the plan (:func:`textwash.remote.plan`) and the resume
state (:class:`textwash.remote.MarkerState`) differ. Kept apart from :mod:`textwash.cli`
so that a local run never imports what object storage needs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from textwash.cli.run import Request
    from textwash.engines import Engine


def run_remote(request: Request, engine: Engine) -> int:
    """Clean where an input, the output or the state is on object storage; the exit code."""
    from textwash.cli.run import Tally, announce, clean_planned
    from textwash.io.files import Globs, UnsafeLayoutError
    from textwash.io.storage import Location, LocationError, MissingExtraError
    from textwash.remote import MarkerState, default_state, plan
    from textwash.runner import Job

    paths, output_dir, settings = request.paths, request.output_dir, request.settings
    if request.in_place:
        raise click.UsageError(
            "--in-place rewrites local files only: write to an output location with -o"
        )
    write = request.write
    job = request.job()
    if not job.pipeline.corpus_filters:  # (else the fit pass changes the job first)
        engine.start(job)  # workers get ready while the store is listed
    try:
        planned = plan(
            [os.fspath(p) for p in paths],
            write=write,
            output=os.fspath(output_dir) if output_dir is not None else None,
            include=Globs(settings.include, ignore_case=settings.default_include),
            exclude=Globs(settings.exclude),
            format_name=settings.format_name,
            follow_symlinks=settings.follow_symlinks,
        )
    except UnsafeLayoutError as error:
        raise click.BadParameter(str(error), param_hint="-o/--output-dir") from None
    except (LocationError, MissingExtraError) as error:
        raise click.UsageError(str(error)) from None
    except OSError as error:  # the store refused: no such bucket, no credentials, no access
        listed = ", ".join(os.fspath(p) for p in paths)
        raise click.ClickException(f"cannot list {listed}: {error}") from None
    tasks, problems = planned.tasks, planned.problems
    for problem in problems:
        announce(request, problem)
    request.out.info(
        f"{len(tasks)} files to clean, {request.settings.jobs} worker(s)", verbose=True
    )
    out = request.out

    def open_state(job: Job) -> tuple[Any, Path | None] | None:
        if planned.output is None:
            return None, None
        where = (
            Location.parse(os.fspath(settings.state))
            if settings.state is not None
            else default_state(planned.output)
        )
        try:
            state = MarkerState.open(
                where, job.cache_key(), planned, ignore_existing=request.no_cache
            )
        except (OSError, LocationError, MissingExtraError) as error:
            raise click.BadParameter(
                f"cannot use the state location {where.url}: {error}", param_hint="--state"
            ) from None
        out.info(f"state: {where.url}", verbose=True)
        local_output = Path(planned.output.path) if planned.output.is_local else None
        return state, local_output

    return clean_planned(request, job, tasks, open_state, engine, Tally.of(tasks))
