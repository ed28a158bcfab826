"""A big JSONL or Parquet shard cleaned as several tasks, its outputs joined in order.

One file is one task, so a corpus of a few very large shards keeps one core per shard busy.
A plain (uncompressed) JSONL file larger than :data:`SPLIT_BYTES` is cut into parts of
about that size; each part is a task of its own, run by any worker; when every part of a
file is done, the driver joins the parts' outputs, in order, into the file's output and
records the file as done. The outputs are byte for byte those of one task on the whole
file: a record's output line depends on that line alone.

**Parts on line boundaries, found by the workers** (as Hadoop splits text files): the driver
cuts at round byte offsets without reading anything; the part that starts at offset S
begins with the first line that starts at or after S (it skips the end of a line begun
before), and runs through the line that holds its last byte. So every line belongs to
exactly one part, and the driver never scans a shard for newlines.

**Joined all or nothing.** Part outputs are written beside the output, under temporary
names that listings and the local walker skip (``.NAME.part-00001.textwash-tmp``), and
joined into the output as any output is written: on disk a temporary file renamed; on S3
one multipart upload whose parts are server-side copies of the part outputs, completed
once every part is in (so the driver moves none of the bytes). A file whose part
failed fails, and its part outputs are removed.

**Parquet shards are cut between row groups**: a shard larger than :data:`SPLIT_BYTES` with
several row groups is cut into ranges of row groups of about that size (the driver reads
its footer, nothing else); each part writes its groups as a shard of its own, and the join
writes their groups again, in order, as one shard with the input's schema and writer
options: the groups a single task would write. A shard in which no text changed is copied,
as a single task copies it.

Compressed shards cannot be cut without reading them from the start, and are one task.
Line numbers in the messages of a part are counted from the start of the part, which the
message names by its byte offset.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO, cast

from textwash.cache import Entry, Fingerprint
from textwash.io.atomic import TEMP_SUFFIX
from textwash.io.storage import Location, OutputStream, open_input, open_output
from textwash.runner import Outcome, Status, Task, merge_counts

#: Files larger than this are cut into parts of about this size (the default of
#: :func:`textwash.engines.clean_files`).
SPLIT_BYTES = 128 << 20

#: Formats whose files can be cut: line-delimited and uncompressed, or between row groups.
SPLITTABLE = frozenset({"jsonl", "parquet"})

_CHUNK = 1 << 20


@dataclass(frozen=True)
class PartTask(Task):
    """One part of a file: its bytes from ``start`` to ``end`` (moved to line boundaries,
    see the module docstring), or for Parquet its row groups from ``start`` to ``end``; ``target`` is the part's own output; ``number`` counts from
    0 among ``parts``; ``output`` is the whole file's output. ``index`` is the part's own
    (its outcome comes back under it); ``file_index`` the file's."""

    file_index: int = 0
    start: int = 0
    end: int = 0
    number: int = 0
    parts: int = 1
    output: str = ""


def part_target(output: str, number: int) -> str:
    """Where part ``number`` of the output ``output`` is written before the join.

    >>> part_target("s3://b/out/a.jsonl", 2)
    's3://b/out/.a.jsonl.part-00002.textwash-tmp'
    """
    folder, _, name = output.rpartition("/")
    return f"{folder}/.{name}.part-{number:05d}{TEMP_SUFFIX}"


def split(
    tasks: Sequence[Task],
    size: int = SPLIT_BYTES,
    *,
    workers: int = 1,
    first_index: int | None = None,
) -> list[Task]:
    """``tasks`` with every file larger than ``size`` of a splittable format cut into parts.

    A file's part count is rounded up to a multiple of ``workers``, so that its parts keep
    every worker busy to the end (five parts on two workers leave one idle for a third of
    the time; six do not). Parts get indexes of their own, from ``first_index`` (default:
    after every task's); each knows its file's.
    """
    out: list[Task] = []
    next_index = first_index
    if next_index is None:
        next_index = max((task.index for task in tasks), default=-1) + 1
    for task in tasks:
        if task.format not in SPLITTABLE or task.size <= size or task.target is None:
            out.append(task)
            continue
        count = -(-task.size // size)
        count = -(-count // workers) * workers
        extent = task.size
        if task.format == "parquet":
            extent = _row_groups(task)
            count = min(count, extent)
            if count <= 1:
                out.append(task)
                continue
        bounds = [extent * i // count for i in range(count + 1)]
        for number in range(count):
            start, end = bounds[number], bounds[number + 1]
            out.append(
                PartTask(
                    next_index,
                    task.source,
                    task.path,
                    task.format,
                    part_target(task.target, number),
                    task.size * (end - start) // extent,
                    file_index=task.index,
                    start=start,
                    end=end,
                    number=number,
                    parts=count,
                    output=task.target,
                )
            )
            next_index += 1
    return out


def _row_groups(task: Task) -> int:
    """How many row groups a Parquet input holds (0 where its footer cannot be read: the
    task then fails, whole, with the reader's message)."""
    from textwash.formats import FormatError
    from textwash.formats.parquet import row_group_count

    try:
        with open_input(Location.parse(task.source)) as stream:
            return row_group_count(stream)
    except (FormatError, OSError):
        return 0


def align(source: BinaryIO, start: int, end: int) -> tuple[int, int]:
    """The part from ``start`` to ``end`` moved to line boundaries: from the first line
    that begins at or after ``start`` through the line that holds byte ``end - 1``
    (see the module docstring). Reads a line or two around each end, nothing else.

    >>> import io
    >>> data = io.BytesIO(b"aa\\nbbb\\ncc\\nd")
    >>> [align(data, s, e) for s, e in [(0, 4), (4, 8), (8, 12)]]
    [(0, 7), (7, 10), (10, 12)]
    """

    def next_line_start(offset: int) -> int:
        if offset <= 0:
            return 0
        source.seek(offset - 1)
        if source.read(1) == b"\n":
            return offset
        return offset + len(source.readline())

    return next_line_start(start), next_line_start(end)


def copy_part(source: BinaryIO, start: int, end: int, sink: BinaryIO) -> int:
    """Copy the part's lines (:func:`align`) to ``sink``; return the bytes copied."""
    first, last = align(source, start, end)
    source.seek(first)
    left = max(0, last - first)
    while left:
        chunk = source.read(min(left, _CHUNK))
        if not chunk:
            break
        sink.write(chunk)
        left -= len(chunk)
    return last - first


def _remove(url: str) -> None:
    location = Location.parse(url)
    try:
        if location.is_local:
            import os

            os.unlink(location.path)
        else:
            from textwash.io.storage import filesystem

            filesystem(location.protocol).rm_file(location.path)
    except (OSError, FileNotFoundError):
        pass


#: S3's smallest part of a multipart upload (all but the last).
_S3_MIN_PART = 5 << 20


def join(targets: Sequence[str], output: str, *, fsync: bool = True) -> int:
    """Write the parts' outputs, in order, as ``output`` (all or nothing); remove them.
    Returns the output's size.

    On S3 the parts are joined where they are, by a multipart upload whose parts are
    copies of them (``UploadPartCopy``): no byte passes through this process. (S3 needs
    every part but the last to hold 5 MiB; a file with a smaller one is joined by
    streaming.) Elsewhere the parts are streamed, in order, into the output.
    """
    location = Location.parse(output)
    size = _join_on_s3(targets, location) if location.protocol == "s3" else None
    if size is None:
        size = _join_by_streaming(targets, output, fsync=fsync)
    for target in targets:
        _remove(target)
    return size


def _join_on_s3(targets: Sequence[str], output: Location) -> int | None:
    from textwash.io.storage import filesystem

    fs = filesystem("s3")
    sizes = [int(fs.info(Location.parse(t).path)["size"]) for t in targets]
    if any(size < _S3_MIN_PART for size in sizes[:-1]) or len(targets) > 10_000:
        return None
    bucket, _, key = output.path.partition("/")
    upload = fs.call_s3("create_multipart_upload", Bucket=bucket, Key=key)
    try:
        parts = []
        for number, target in enumerate(targets, 1):
            source_bucket, _, source_key = Location.parse(target).path.partition("/")
            copied = fs.call_s3(
                "upload_part_copy",
                Bucket=bucket,
                Key=key,
                PartNumber=number,
                UploadId=upload["UploadId"],
                CopySource={"Bucket": source_bucket, "Key": source_key},
            )
            parts.append({"PartNumber": number, "ETag": copied["CopyPartResult"]["ETag"]})
        fs.call_s3(
            "complete_multipart_upload",
            Bucket=bucket,
            Key=key,
            UploadId=upload["UploadId"],
            MultipartUpload={"Parts": parts},
        )
    except BaseException:
        fs.call_s3("abort_multipart_upload", Bucket=bucket, Key=key, UploadId=upload["UploadId"])
        raise
    return sum(sizes)


def _join_by_streaming(targets: Sequence[str], output: str, *, fsync: bool) -> int:
    size = 0
    with open_output(Location.parse(output), fsync=fsync) as out:
        for target in targets:
            with open_input(Location.parse(target)) as part:
                while chunk := part.read(_CHUNK):
                    out.write(chunk)
                    size += len(chunk)
    return size


def join_shards(source: str, targets: Sequence[str], output: str, *, fsync: bool = True) -> int:
    """Parquet parts' outputs joined as one shard (all or nothing), written as ``source``
    is; the parts are removed. Returns the output's size."""
    from contextlib import ExitStack

    from textwash.formats.parquet import join_row_groups

    with ExitStack() as stack:
        original = stack.enter_context(open_input(Location.parse(source)))
        parts = [stack.enter_context(open_input(Location.parse(t))) for t in targets]
        with open_output(Location.parse(output), fsync=fsync) as out:
            sink = OutputStream(out)
            join_row_groups(original, parts, cast(BinaryIO, sink))
            size = sink.size
    for target in targets:
        _remove(target)
    return size


def _copy_input(task: PartTask, *, fsync: bool) -> int:
    """The input, byte for byte, as the output (a shard in which nothing changed)."""
    size = 0
    with (
        open_input(Location.parse(task.source)) as source,
        open_output(Location.parse(task.output), fsync=fsync) as out,
    ):
        while chunk := source.read(_CHUNK):
            out.write(chunk)
            size += len(chunk)
    return size


class Joiner:
    """The driver's side: outcomes of parts in, one outcome per file out once all its
    parts are in (see the module docstring)."""

    def __init__(self, *, fsync: bool = True) -> None:
        self._waiting: dict[int, dict[int, tuple[PartTask, Outcome]]] = {}
        self._fsync = fsync

    def add(self, task: Task, outcome: Outcome) -> Iterator[Outcome]:
        """Take one task's outcome; yield the file's once it is complete (a whole file's
        own outcome passes straight through)."""
        if not isinstance(task, PartTask):
            yield outcome
            return
        got = self._waiting.setdefault(task.file_index, {})
        got[task.number] = (task, outcome)
        if len(got) < task.parts:
            return
        del self._waiting[task.file_index]
        yield self._joined([got[n] for n in range(task.parts)])

    def _joined(self, done: list[tuple[PartTask, Outcome]]) -> Outcome:
        task = done[0][0]
        parts = [outcome for _, outcome in done]
        merged = Outcome(task.file_index, task.path, Status.UNCHANGED)
        targets = [part.target or "" for part, _ in done]
        for number, (piece, part) in enumerate(done):
            merged.bytes += part.bytes
            merged.documents += part.documents
            merged.changed_documents += part.changed_documents
            merge_counts(merged.filters, part.filters)
            merged.node = merged.node or part.node
            if part.diff:
                merged.diff += part.diff
            where = f"part {number + 1} of {task.parts} (from byte {piece.start})"
            merged.problems += tuple(f"{where}: {p}" for p in part.problems)
            if part.status is Status.FAILED and merged.status is not Status.FAILED:
                merged.status, merged.message = Status.FAILED, f"{where}: {part.message}"
            elif part.status is Status.CHANGED and merged.status is Status.UNCHANGED:
                merged.status = Status.CHANGED
        if any(not part.written for part in parts):
            for target in targets:
                _remove(target)
            return merged
        try:
            if task.format != "parquet":
                size = join(targets, task.output, fsync=self._fsync)
            elif merged.status is Status.UNCHANGED:
                size = _copy_input(task, fsync=self._fsync)
                for target in targets:
                    _remove(target)
            else:
                size = join_shards(task.source, targets, task.output, fsync=self._fsync)
        except Exception as error:
            for target in targets:
                _remove(target)
            merged.status, merged.written = Status.FAILED, False
            merged.message = f"could not join the parts' outputs into {task.output}: {error}"
            return merged
        merged.written = True
        if merged.status is not Status.FAILED:
            fingerprint = _fingerprint(task)
            merged.entry = Entry(fingerprint, task.format, task.output, size)
        return merged


def _fingerprint(task: PartTask) -> Fingerprint:
    """The whole input's fingerprint as the resume state records it: its mtime and size
    (the parts never read it whole, so no hash: a moved mtime redoes the file)."""
    import os

    if "://" in task.source:
        return Fingerprint(0, 0, "")
    st = os.stat(task.source)
    return Fingerprint(st.st_mtime_ns, st.st_size, "")
