"""Where the command's messages go, and how they read: errors, progress, diffs, summary.

Messages go to stderr (through the progress bar while one shows); diffs and explanations
to stdout, whole. A reader that goes away (``clean --diff | head``) ends the run quietly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from textwash.engines import FitError
    from textwash.filters.base import Change
    from textwash.report import Report
    from textwash.runner import Outcome

#: Stopped by Ctrl-C or SIGTERM; the same command resumes (as
#: :data:`textwash.report.EXIT_INTERRUPTED`, not imported: ``--help`` stays light).
EXIT_INTERRUPTED = 130
#: The reader of our output went away (``clean --diff | head``): what a shell reports for a
#: process ended by SIGPIPE, as ``yes | head`` ends.
EXIT_CLOSED_PIPE = 141


class ClosedPipe(Exception):
    """Our stdout or stderr is a pipe whose reader has gone (``clean --diff | head``)."""


@contextmanager
def stop_quietly_on_a_closed_pipe(ctx: click.Context) -> Iterator[None]:
    """End the run as Unix tools do when their reader goes away: no message, no traceback.

    The exception unwinds the run like Ctrl-C does (workers stopped, state saved); then
    both streams are pointed at ``/dev/null``, so that the interpreter's last flush of what
    is still buffered for the closed pipe fails silently too.
    """
    try:
        yield
    except ClosedPipe:
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            # not a real file (a test runner's capture): nothing to silence
            with suppress(OSError, ValueError):
                os.dup2(devnull, stream.fileno())
        os.close(devnull)
        ctx.exit(EXIT_CLOSED_PIPE)


class Output:
    """Where messages go: stderr, through the progress bar when one is showing."""

    def __init__(self, *, quiet: bool, verbose: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose and not quiet
        self.bar: Any = None
        #: What the summary must repeat at the end (a fallback the run took).
        self.notes: list[str] = []

    def _echo(self, message: str) -> None:
        try:
            if self.bar is not None:
                self.bar.write(message, file=sys.stderr)
            else:
                click.echo(message, err=True)
        except BrokenPipeError:
            raise ClosedPipe from None

    def error(self, message: str) -> None:
        self._echo(click.style("error: ", fg="red", bold=True) + message)

    def warn(self, message: str) -> None:
        if not self.quiet:
            self._echo(click.style("warning: ", fg="yellow") + message)

    def info(self, message: str, *, verbose: bool = False) -> None:
        if not self.quiet and (self.verbose or not verbose):
            self._echo(message)

    def stdout(self, text: str) -> None:
        """Diffs and explanations: to stdout, whole, never mixed with other output."""
        if self.bar is not None:
            self.bar.clear()
        try:
            click.echo(text, nl=False)
            sys.stdout.flush()
        except BrokenPipeError:
            raise ClosedPipe from None
        if self.bar is not None:
            self.bar.refresh()

    @contextmanager
    def progress(self, total_bytes: int, files: int) -> Iterator[Any]:
        """A progress bar on a terminal (``None`` elsewhere, or with ``-q``); the totals may
        grow while it shows (files still being found)."""
        show = not self.quiet and sys.stderr.isatty()
        if not show:
            yield None
            return
        from tqdm import tqdm

        self.bar = tqdm(
            total=total_bytes,
            unit="B",
            unit_scale=True,
            unit_divisor=1000,
            desc=f"0/{files} files",
            file=sys.stderr,
            dynamic_ncols=True,
            leave=False,
        )
        try:
            yield self.bar
        finally:
            self.bar.close()
            self.bar = None


def describe_change(change: Change, *, in_record: bool) -> str:
    where = f"text line {change.line}" if in_record else f"line {change.line}"
    before, after = shorten(change.before, change.after)
    if not change.after:
        return f"{where}: {change.filter}: removed {before} ({change.reason})"
    return f"{where}: {change.filter}: {before} -> {after} ({change.reason})"


def shorten(before: str, after: str, width: int = 100) -> tuple[str, str]:
    """Both texts, cut to a window around where they first differ when they are long."""
    if len(before) <= width and len(after) <= width:
        return repr(before), repr(after)
    same = 0
    for a, b in zip(before, after, strict=False):
        if a != b:
            break
        same += 1
    start = max(0, same - width // 3)

    def cut(text: str) -> str:
        part = text[start : start + width]
        return ("…" if start else "") + repr(part) + ("…" if start + width < len(text) else "")

    return cut(before), cut(after)


def print_summary(report: Report, out: Output) -> None:
    if not out.quiet:
        for line in report.summary():
            out.info(line)
    elif report.interrupted:
        out.error("interrupted")


def say_fit_failed(error: FitError, out: Output) -> None:
    """Say which files the fit pass lost, and that nothing was cleaned."""
    for path, reason in error.failures:
        out.error(f"{path}: {reason} (while fitting corpus filter {error.name!r})")
    out.error(
        f"corpus filter {error.name!r} was not fitted on every file, so it would not be the "
        "filter asked for: nothing was cleaned"
    )


def converted_note(outcome: Outcome) -> str:
    if not outcome.encoding:
        return ""
    guessed = ", guessed" if outcome.guessed else ""
    return f" (converted from {outcome.encoding}{guessed})"
