"""Parts of a big file (:mod:`textwash.shards`), cleaned as files of their own.

A part is cut at a round byte offset by the driver, which never reads the file; the worker
finds the part's line boundaries as it copies the part's lines (:func:`textwash.shards.copy_part`)
to a temporary file on its own disk, and cleans that as a whole file with the runner, whose
output goes to the part's own output (on disk or on object storage). So a part is cleaned
by exactly the code that cleans a file, and a worker holds one part on its disk at a time.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from textwash.io.storage import Location, open_input
from textwash.runner import Job, Outcome, Status, Task, run_batch


def _local_copy(task: Task, folder: Path) -> Task:
    """The part's lines copied to a file in ``folder``, as a task of a whole file."""
    from textwash.shards import PartTask, copy_part

    assert isinstance(task, PartTask)
    local = folder / f"{task.index}-{task.source.rsplit('/', 1)[-1][-150:]}"
    with open_input(Location.parse(task.source)) as stream, open(local, "wb") as copy:
        copy_part(stream, task.start, task.end, copy)
    return Task(task.index, str(local), task.path, task.format, task.target, task.size)


def _why(error: BaseException) -> str:
    if isinstance(error, FileNotFoundError):
        return "vanished before it could be read"
    return str(error) if isinstance(error, OSError) else f"{type(error).__name__}: {error}"


def run_staged_batch(job: Job, tasks: Sequence[Task]) -> list[Outcome]:
    """:func:`~textwash.runner.run_batch` for a batch that may hold parts of files."""
    from textwash.shards import PartTask

    outcomes: list[Outcome] = []
    with tempfile.TemporaryDirectory(prefix="textwash-") as tmp:
        for task in tasks:
            if not isinstance(task, PartTask):
                outcomes += run_batch(job, [task])
                continue
            try:
                local = _local_copy(task, Path(tmp))
            except Exception as error:
                outcomes.append(
                    Outcome(task.index, task.path, Status.FAILED, f"cannot read: {_why(error)}")
                )
                continue
            try:
                (outcome,) = run_batch(job, [local])
            finally:
                Path(local.source).unlink(missing_ok=True)
            outcome.message = outcome.message.replace(local.source, task.source)
            outcomes.append(outcome)
    return outcomes
