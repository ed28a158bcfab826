"""``clean`` where an input, the output or the resume state is on object storage.

The same steps as a local run (:func:`textwash.cli._run`): plan, fit the corpus filters,
clean on the engine, report; only the plan (:func:`textwash.remote.plan`) and the resume
state (:class:`textwash.remote.MarkerState`) differ. Kept apart from :mod:`textwash.cli`
so that a local run never imports what object storage needs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from textwash.cli import _AuditPage, _Output, _Settings
    from textwash.engines import Engine
    from textwash.report import Report


def run_remote(
    paths: Sequence[Path | str],
    output_dir: Path | str | None,
    in_place: bool,
    check: bool,
    diff: bool,
    no_cache: bool,
    settings: _Settings,
    pipeline: Any,
    report: Report,
    out: _Output,
    engine: Engine,
    audit: _AuditPage | None = None,
) -> int:
    from textwash.cli import _announce, _clean_planned, _job
    from textwash.io.files import Globs, UnsafeLayoutError
    from textwash.io.storage import Location, LocationError, MissingExtraError
    from textwash.remote import MarkerState, default_state, plan
    from textwash.runner import Job, Write

    if in_place:
        raise click.UsageError(
            "--in-place rewrites local files only: write to an output location with -o"
        )
    write = Write.OUTDIR if output_dir else Write.NOTHING
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
    _announce(tasks, problems, settings, report, out)
    job = _job(pipeline, write, diff, settings, audit)

    def open_state(job: Job) -> tuple[Any, Path | None] | None:
        if planned.output is None:
            return None, None
        where = (
            Location.parse(os.fspath(settings.state))
            if settings.state is not None
            else default_state(planned.output)
        )
        try:
            state = MarkerState.open(where, job.cache_key(), planned, ignore_existing=no_cache)
        except (OSError, LocationError, MissingExtraError) as error:
            raise click.BadParameter(
                f"cannot use the state location {where.url}: {error}", param_hint="--state"
            ) from None
        out.info(f"state: {where.url}", verbose=True)
        local_output = Path(planned.output.path) if planned.output.is_local else None
        return state, local_output

    return _clean_planned(job, tasks, open_state, check, report, out, engine, audit)
