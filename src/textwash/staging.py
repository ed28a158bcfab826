"""Parts of a big file (:mod:`textwash.shards`), cleaned by the runner as parts.

A part is cut at round byte offsets by the driver, which never reads the file; the worker
moves its ends to line boundaries (:func:`textwash.shards.align`, a line or two read at
each end) and hands the runner a task naming that byte range
(:class:`~textwash.formats.base.Part`), which the format's reader reads from the file or
object directly. So a part is cleaned by exactly the code that cleans a file.
"""

from __future__ import annotations

from collections.abc import Sequence

from textwash.formats.base import Part
from textwash.io.storage import Location, open_input
from textwash.runner import Job, Outcome, Status, Task, run_batch


def aligned(task: Task) -> Task:
    """The part as a task of the runner, its byte range on line boundaries."""
    from textwash.shards import PartTask, align

    assert isinstance(task, PartTask)
    if task.format == "parquet":  # row groups: nothing to align
        start, end = task.start, task.end
    else:
        with open_input(Location.parse(task.source)) as stream:
            start, end = align(stream, task.start, task.end)
    return Task(
        task.index,
        task.source,
        task.path,
        task.format,
        task.target,
        max(0, end - start),
        part=Part(start, max(start, end)),
    )


def _why(error: BaseException) -> str:
    if isinstance(error, FileNotFoundError):
        return "vanished before it could be read"
    return str(error) if isinstance(error, OSError) else f"{type(error).__name__}: {error}"


def run_staged_batch(job: Job, tasks: Sequence[Task]) -> list[Outcome]:
    """:func:`~textwash.runner.run_batch` for a batch that may hold parts of files."""
    from textwash.shards import PartTask

    outcomes: list[Outcome] = []
    for task in tasks:
        if not isinstance(task, PartTask):
            outcomes += run_batch(job, [task])
            continue
        try:
            part = aligned(task)
        except Exception as error:
            outcomes.append(
                Outcome(task.index, task.path, Status.FAILED, f"cannot read: {_why(error)}")
            )
            continue
        outcomes += run_batch(job, [part])
    return outcomes
