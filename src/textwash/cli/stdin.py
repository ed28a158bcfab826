"""``clean -``: standard input cleaned to standard output, for shell pipes.

The command's part of it: choosing the format (``--format``, text by default), refusing
what a stream cannot do (a usage error), running :func:`textwash.runner.clean_stream` and
printing as for files: diffs to stdout, errors and the summary to stderr (as ``black -``
does; ``-q`` keeps only errors), the same exit codes.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import click

if TYPE_CHECKING:
    from textwash.report import Report


def clean_stdin(
    pipeline: Any,
    settings: Any,
    report: Report,
    out: Any,
    *,
    check: bool,
    diff: bool,
    sample: int = 0,
) -> int:
    """Clean stdin into stdout (nothing with ``--check``/``--diff``); the exit code."""
    from textwash.cli.output import EXIT_INTERRUPTED
    from textwash.cli.run import sigterm_as_interrupt
    from textwash.formats import FORMATS
    from textwash.io.streams import FullWriter
    from textwash.runner import Job, Status, Write, clean_stream, stream_problem

    fmt = FORMATS[settings.format_name or "txt"]
    problem = stream_problem(fmt, bool(pipeline.corpus_filters))
    if problem is not None:
        raise click.UsageError(f"cannot clean standard input: {problem}")
    out.info(f"reading standard input as {fmt.name}", verbose=True)
    job = Job(
        pipeline,
        Write.NOTHING,
        diff,
        settings.text_key,
        encoding=settings.encoding,
        html=settings.html,
        sample=sample,
    )
    stdout = FullWriter(sys.stdout.buffer)

    def show_diff(text: str) -> None:
        stdout.write(text.encode("utf-8", "backslashreplace"))

    sink = None if check or diff else cast(BinaryIO, stdout)
    try:
        with sigterm_as_interrupt():
            outcome = clean_stream(job, fmt, sys.stdin.buffer, sink, on_diff=show_diff)
            stdout.flush()
    except KeyboardInterrupt:
        out.error("interrupted")
        return EXIT_INTERRUPTED
    report.add(outcome)
    if outcome.status is Status.FAILED:
        out.error(f"{outcome.path}: {outcome.message}")
        for line in outcome.problems:
            out.error(f"  {outcome.path}: {line}")
    elif out.verbose:
        status = "would change" if check and outcome.status is Status.CHANGED else None
        extra = f" (converted from {outcome.encoding})" if outcome.encoding else ""
        out.info(f"{status or outcome.status.value} {outcome.path}{extra}")
    if not out.quiet:
        for line in report.summary():
            click.echo(line, err=True)
    return report.exit_code
