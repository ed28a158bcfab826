"""One file whose input or output is on object storage: opened, walked, written, as a file.

:func:`textwash.runner.process_file` hands a task here when its source or target is a URL.
The cleaning is the runner's own :func:`~textwash.runner.walk` (the format's reader on the
opened input, the pipeline, the format's writer on the pending output); only opening and
keeping differ from a local file:

* the input is opened through :func:`textwash.io.storage.open_input` (ranged reads,
  seekable, so Parquet's reader works as on disk); an object cannot change while it is
  read (a new version is a new object: s3fs fails a read whose ETag moved);
* the output is an :class:`~textwash.io.storage.Output`: it appears whole on
  :meth:`~textwash.io.storage.Output.commit` and not at all if anything fails; an input
  in which nothing changed, in a format that would not write it back byte for byte, is
  copied as it was (the output started so far is dropped);
* the resume state's fingerprint of an object is its size (completion markers identify an
  object by its listing's ETag, never by a hash of its bytes), so nothing is read twice.
"""

from __future__ import annotations

import io
from typing import Any, cast

from textwash.cache import Entry, Fingerprint
from textwash.formats import Format
from textwash.io.storage import Location, OutputStream, open_input, open_output
from textwash.runner import Job, Outcome, Status, Task, Write, walk


def clean_object(job: Job, task: Task, fmt: Format) -> Outcome:
    """Clean one file on object storage, or to it (see the module docstring)."""
    if job.write is Write.IN_PLACE:
        from textwash.formats import FormatError

        raise FormatError("objects are not rewritten in place; use -o OUTDIR")
    handler = fmt.handler
    outcome = Outcome(task.index, task.path, Status.UNCHANGED)
    writes = task.target is not None and job.write is Write.OUTDIR
    target = Location.parse(task.target) if writes and task.target is not None else None
    with open_input(Location.parse(task.source)) as raw:
        outcome.bytes = task.size
        stream = io.BufferedReader(cast(Any, raw), 1 << 20)
        buffer = io.BytesIO() if target is not None and handler.whole_file else None
        output = open_output(target) if target is not None and buffer is None else None
        sink: Any = buffer if output is None else OutputStream(output)
        try:
            diffs: list[str] = []
            changed = walk(
                job, fmt, task, stream, sink, outcome, source=task.source, on_diff=diffs.append
            )
            outcome.diff = "".join(diffs)
            if buffer is not None:
                assert target is not None
                output = open_output(target)
                sink = OutputStream(output)
                sink.write(buffer.getvalue())
            elif output is not None and not changed and not handler.faithful(fmt.decoder):
                output.discard()  # the output is the input, byte for byte
                output = open_output(cast(Location, target))
                sink = OutputStream(output)
                raw.seek(0)
                while chunk := raw.read(1 << 20):
                    sink.write(chunk)
            if output is not None:
                output.commit()
        except BaseException:
            if output is not None:
                output.discard()
            raise
    size = cast(OutputStream, sink).size if output is not None else 0
    outcome.written = output is not None
    if not task.part.everything or outcome.status is Status.FAILED:
        return outcome
    fingerprint = Fingerprint(0, task.size, "")
    if output is not None:
        outcome.entry = Entry(fingerprint, fmt.name, task.target, size)
    elif not changed:
        outcome.entry = Entry(fingerprint, fmt.name)
    return outcome


def is_object(task: Task) -> bool:
    """Whether the task reads or writes object storage."""
    return "://" in task.source or (task.target is not None and "://" in task.target)
