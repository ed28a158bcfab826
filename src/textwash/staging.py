"""Files on object storage, cleaned through the local disk of the worker that cleans them.

The runner (:mod:`textwash.runner`) reads and writes files on a local file system: it
checks that an input does not change while it is read, copies an unchanged input byte for
byte, and replaces outputs atomically, all with file operations. For a task whose input or
output is a URL, :func:`run_staged_batch` gives it local files: the input object is
streamed to a temporary file on the worker, the runner cleans it as any file, and the
output is streamed up to its location, all or nothing (:func:`textwash.io.storage.open_output`),
before the next file of the batch starts. So a worker holds one input and one output on
its disk at a time, its memory is the runner's (bounded, whatever the file's size), and
nothing about a format or a filter changes.

The cost is a copy through the worker's disk; reading and writing the streams directly is
the runner's own business once its formats read from any binary stream.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textwash.io.storage import Location, open_input, open_output
from textwash.runner import Job, Outcome, Status, Task, fit_batch, run_batch

#: Bytes copied at a time between a stream and a temporary file.
CHUNK = 8 << 20


def is_staged(task: Task) -> bool:
    """Whether the task's input or output is on object storage, or it is part of a file."""
    from textwash.shards import PartTask

    remote = "://" in task.source or (task.target is not None and "://" in task.target)
    return remote or isinstance(task, PartTask)


def _local_name(index: int, url: str) -> str:
    name = url.rsplit("/", 1)[-1] or "object"
    return f"{index}-{name[-150:]}"


def _download(task: Task, folder: Path) -> Task:
    """The task with its input copied to ``folder`` (if it is an object, or a part of a
    file: then only the part's lines are copied, and the copy is a whole file)."""
    from textwash.shards import PartTask, copy_part

    if "://" not in task.source and not isinstance(task, PartTask):
        return task
    local = folder / _local_name(task.index, task.source)
    with open_input(Location.parse(task.source)) as stream, open(local, "wb") as copy:
        if isinstance(task, PartTask):
            copy_part(stream, task.start, task.end, copy)
        else:
            shutil.copyfileobj(stream, copy, CHUNK)
    if isinstance(task, PartTask):  # from here on, a whole file of its own
        return Task(task.index, str(local), task.path, task.format, task.target, task.size)
    return dataclasses.replace(task, source=str(local))


def _upload(local: Path, target: str) -> int:
    """Stream a finished output to its location; return its size."""
    size = 0
    with open_output(Location.parse(target)) as out, open(local, "rb") as data:
        while chunk := data.read(CHUNK):
            out.write(chunk)
            size += len(chunk)
    return size


def _failed(task: Task, message: str) -> Outcome:
    return Outcome(task.index, task.path, Status.FAILED, message=message, bytes=task.size)


def _why(error: BaseException) -> str:
    if isinstance(error, FileNotFoundError):
        return "vanished before it could be read"
    if isinstance(error, PermissionError):
        return f"access denied: {error}"
    return f"{type(error).__name__}: {error}" if not isinstance(error, OSError) else str(error)


def run_staged_batch(job: Job, tasks: Sequence[Task]) -> list[Outcome]:
    """:func:`~textwash.runner.run_batch` for tasks whose input or output is a URL, or
    that are parts of a file (:mod:`textwash.shards`); other tasks run as they are."""
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="textwash-") as tmp:
        folder = Path(tmp)
        for task in tasks:
            if is_staged(task):
                outcomes.append(_run_one(job, task, folder))
            else:
                outcomes += run_batch(job, [task])
    return outcomes


def _run_one(job: Job, task: Task, folder: Path) -> Outcome:
    try:
        local = _download(task, folder)
    except Exception as error:
        return _failed(task, f"cannot read: {_why(error)}")
    remote_target = task.target if task.target is not None and "://" in task.target else None
    if remote_target is not None:
        local = dataclasses.replace(
            local, target=str(folder / ("out-" + _local_name(task.index, remote_target)))
        )
    try:
        # an output bound for object storage is a temporary file here: no need to sync it
        staged_job = job if remote_target is None else dataclasses.replace(job, fsync=False)
        (outcome,) = run_batch(staged_job, [local])
        if local.source != task.source:
            outcome.message = outcome.message.replace(local.source, task.source)
        if remote_target is None or not outcome.written:
            return outcome
        assert local.target is not None
        try:
            size = _upload(Path(local.target), remote_target)
        except Exception as error:
            outcome.status, outcome.written, outcome.entry = Status.FAILED, False, None
            outcome.message = f"could not write output {remote_target}: {_why(error)}"
            return outcome
        if outcome.entry is not None:
            outcome.entry = dataclasses.replace(
                outcome.entry, output=remote_target, output_size=size
            )
        return outcome
    finally:
        for path in (local.source, local.target):
            if path is not None and path.startswith(str(folder)):
                Path(path).unlink(missing_ok=True)


def fit_staged_batch(job: Job, tasks: Sequence[Task], *, name: str) -> Any:
    """:func:`~textwash.runner.fit_batch` for tasks whose input is a URL (an input that
    cannot be read is left out, as the fit pass leaves out a file it cannot read)."""
    with tempfile.TemporaryDirectory(prefix="textwash-") as tmp:
        local = []
        for task in tasks:
            try:
                local.append(_download(task, Path(tmp)))
            except Exception:
                continue  # the clean pass reports it
        return fit_batch(job, local, name=name)
