"""Standard input through the pipeline to standard output: ``clean -`` in a shell pipe.

The stream is cleaned as a file of its format would be, by the same pieces of
:mod:`textwash.runner`: a document format (text by default) is read whole, decoded as a
file is (UTF-8, else the detected encoding) and cleaned with the whole-file pipeline; a
record format (JSONL, ``--format jsonl``) is streamed line by line, each record cleaned as
in a shard (other fields byte for byte, malformed lines kept and reported by number), so
memory stays bounded however long the stream.

What differs from a file is only what a stream cannot do: there is no resume cache (a
stream has no identity to remember), no second pass (so no corpus filter), no random access
(so no Parquet), and diffs are handed out record by record as they are made instead of
being collected. Like the runner, this module never prints: failures and counts go into the
:class:`~textwash.runner.Outcome` it returns, and the caller decides what to show.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, BinaryIO, cast

from textwash.formats import Format, FormatError
from textwash.formats.compression import CodecError
from textwash.runner import (
    FilterCounts,
    FilterError,
    Job,
    Outcome,
    Status,
    Task,
    _clean_record,
    _decompressed_lines,
    _encode,
    _iter_records,
    _Problems,
    clean_whole_file,
)

#: How the stream is named in messages, diffs and the report.
STDIN_NAME = "<stdin>"


def stream_problem(fmt: Format, corpus_filters: bool) -> str | None:
    """Why ``fmt`` (with or without corpus filters) cannot be cleaned as a stream, if so."""
    if fmt.kind not in ("document", "records"):
        return f"{fmt.name} files need random access and cannot be read from standard input"
    if corpus_filters:
        return (
            "corpus filters read every document before cleaning any, "
            "which a stream cannot give; clean files instead"
        )
    return None


def clean_stream(
    job: Job,
    fmt: Format,
    source: BinaryIO,
    sink: BinaryIO | None,
    *,
    on_diff: Callable[[str], None] | None = None,
    name: str = STDIN_NAME,
) -> Outcome:
    """Clean ``source`` as a file of format ``fmt`` would be, writing the result to ``sink``.

    ``sink`` ``None`` writes nothing (``--check``, ``--diff``). With ``job.diff`` every diff
    goes to ``on_diff`` as soon as it is made. A broken ``sink`` (a closed pipe) raises
    ``BrokenPipeError``; everything else that can go wrong with the input is a failed
    outcome.
    """
    task = Task(0, name, name, fmt.name, None)
    if sink is not None and not isinstance(sink, FullWriter):
        sink = cast(BinaryIO, FullWriter(sink))
    try:
        if fmt.kind == "records":
            return _clean_records(job, task, fmt, source, sink, on_diff)
        return _clean_document(job, task, fmt, source, sink, on_diff)
    except (FormatError, CodecError, FilterError) as error:
        return Outcome(0, name, Status.FAILED, message=str(error))
    except RecursionError:
        return Outcome(0, name, Status.FAILED, message="nested too deeply to process")


def _clean_document(
    job: Job,
    task: Task,
    fmt: Format,
    source: BinaryIO,
    sink: BinaryIO | None,
    on_diff: Callable[[str], None] | None,
) -> Outcome:
    raw = source.read()
    data = fmt.decoder.decompress(raw)
    outcome = Outcome(0, task.path, Status.UNCHANGED, bytes=len(raw))
    if not data:
        outcome.status, outcome.message = Status.SKIPPED, "empty input"
        if sink is not None and not fmt.html:
            sink.write(raw)
        return outcome
    cleaned, changed = clean_whole_file(job, task.path, None, fmt, data, outcome)
    if outcome.diff and on_diff is not None:
        on_diff(outcome.diff)
    outcome.diff = ""  # printed as it was made, as for records
    if sink is not None:
        sink.write(fmt.decoder.compress(_encode(cleaned)) if fmt.html or changed else raw)
    return outcome


def _clean_records(
    job: Job,
    task: Task,
    fmt: Format,
    source: BinaryIO,
    sink: BinaryIO | None,
    on_diff: Callable[[str], None] | None,
) -> Outcome:
    codec = fmt.decoder
    outcome = Outcome(0, task.path, Status.UNCHANGED)
    problems = _Problems()
    counts: dict[str, FilterCounts] = {}
    diffs: list[str] = []
    sampler = job.sampler()
    writer = codec.writer(sink) if sink is not None else None
    try:
        lines = _decompressed_lines(codec.reader(source), codec.name)
        for record in _iter_records(lines, job.text_key):
            outcome.bytes += len(record.raw)
            line = _clean_record(job, task, record, outcome, counts, problems, diffs, sampler)
            if writer is not None:
                writer.write(line)
                if codec.name == "none" and sink is not None:
                    sink.flush()  # a record out for each record in, as a pipe expects
            if diffs:
                if on_diff is not None:
                    for diff in diffs:
                        on_diff(diff)
                diffs.clear()
    finally:
        if writer is not None:
            writer.close()
    outcome.filters = counts
    outcome.status = Status.CHANGED if outcome.changed_documents else Status.UNCHANGED
    if sampler is not None:
        outcome.samples = sampler.result()
    if problems.count:
        more = problems.count - len(problems.listed)
        outcome.status = Status.FAILED
        outcome.problems = tuple(problems.listed) + ((f"... and {more} more",) if more else ())
        kept = "kept unchanged in the output" if sink is not None else "left as they are"
        outcome.message = f"{problems.count} bad line{'s' * (problems.count != 1)} ({kept})"
    return outcome


class FullWriter(io.RawIOBase):
    """Writes every byte or raises: a buffered stdout whose reader has gone may accept part
    of a write and say so only in the count it returns, which callers (gzip) ignore.

    Closing it leaves the stream it writes to as it is (its owner flushes and closes it).
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._released = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        total = len(view)
        while view:
            written = self._raw.write(view)
            if not written:
                raise BrokenPipeError("the output accepts no more data")
            view = view[written:]
        return total

    def flush(self) -> None:
        if not self._released:
            self._raw.flush()

    def close(self) -> None:
        self._released = True
        super().close()
