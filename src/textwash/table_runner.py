"""One Parquet shard through the pipeline: the runner's work for column formats.

:mod:`textwash.runner` dispatches here for formats of kind ``"table"``; reading rows into
documents and writing them back is :mod:`textwash.formats.parquet`'s. Everything else is
as for a JSONL shard: each non-null text is cleaned by the pipeline (a filter that raises
fails the file, naming the row), counted per filter, diffed per row; the output is written
row group by row group into a pending file of the batch, and a shard in which nothing
changes is copied byte for byte under ``-o`` and not rewritten ``--in-place``. The input's
bytes are hashed for the resume cache, and a file that changes while it is read fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from textwash.cache import Entry, Fingerprint
from textwash.document import Document
from textwash.formats import Format, FormatError
from textwash.formats.parquet import ParquetReader, ParquetWriter, RowGroup
from textwash.io.atomic import AtomicBatch, AtomicFile
from textwash.pipeline import Pipeline

if TYPE_CHECKING:
    from textwash.audit.sample import Sampler
from textwash.runner import (
    Explained,
    FilterCounts,
    FilterError,
    Job,
    Outcome,
    Status,
    Task,
    Write,
    _ChangedWhileReading,
    _encode,
    _remove_stale_temp,
    _same_file_state,
    changed_filters,
    clean_document,
    merge_counts,
    unified_diff,
)


def process_table(job: Job, task: Task, fmt: Format, batch: AtomicBatch) -> Outcome:
    """Clean one Parquet shard; the output is left pending in ``batch``."""
    outcome = Outcome(task.index, task.path, Status.UNCHANGED)
    counts: dict[str, FilterCounts] = {}
    diffs: list[str] = []
    sampler = job.sampler()
    with open(task.source, "rb") as source:
        before = os.fstat(source.fileno())
        if not stat.S_ISREG(before.st_mode):
            raise FormatError("not a regular file")
        outcome.bytes = before.st_size
        digest = _sha256(source)
        reader = ParquetReader(source, text_key=job.text_key, name=task.path, path=task.source)
        pending: AtomicFile | None = None
        if task.target is not None and job.write is not Write.NOTHING:
            like = before if job.write is Write.IN_PLACE else None
            pending = batch.open(Path(task.target), like=like)
        writer: ParquetWriter | None = None
        try:
            if pending is not None:
                writer = ParquetWriter(pending.file, reader)
            for group in reader.row_groups():
                cleaned = _clean_group(job, task, group, outcome, counts, diffs, sampler)
                if writer is not None:
                    writer.write(group, cleaned)
            if writer is not None:
                finishing: ParquetWriter = writer
                writer = None  # closed here, or not at all
                finishing.close()
            after = os.fstat(source.fileno())
            if not _same_file_state(before, after):
                raise _ChangedWhileReading
            changed = outcome.changed_documents > 0
            if pending is not None:
                if job.write is Write.IN_PLACE and not changed:
                    pending.discard()
                    pending = None
                elif not changed:  # the output is the input, byte for byte
                    pending.file.seek(0)
                    pending.file.truncate()
                    source.seek(0)
                    while chunk := source.read(1 << 20):
                        pending.file.write(chunk)
                if pending is not None:
                    pending.file.flush()
                    batch.ready(pending)
        except BaseException:
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.close()  # (into the temporary file, which goes)
            if pending is not None:
                pending.discard()
            raise
    fingerprint = Fingerprint(after.st_mtime_ns, after.st_size, digest)
    outcome.filters = counts
    outcome.status = Status.CHANGED if outcome.changed_documents else Status.UNCHANGED
    outcome.diff = "".join(diffs)
    if sampler is not None:
        outcome.samples = sampler.result()
    if pending is not None:
        outcome.written = True
        written = os.fstat(pending.file.fileno())
        if job.write is Write.IN_PLACE:
            with open(pending.temp, "rb") as output:
                out_digest = _sha256(output)
            outcome.entry = Entry(
                Fingerprint(written.st_mtime_ns, written.st_size, out_digest), fmt.name
            )
        else:
            outcome.entry = Entry(fingerprint, fmt.name, task.target, written.st_size)
    elif job.write is Write.IN_PLACE or outcome.status is Status.UNCHANGED:
        if job.write is Write.IN_PLACE and task.target is not None:
            _remove_stale_temp(task.target)
        outcome.entry = Entry(fingerprint, fmt.name)
    return outcome


def _clean_group(
    job: Job,
    task: Task,
    group: RowGroup,
    outcome: Outcome,
    counts: dict[str, FilterCounts],
    diffs: list[str],
    sampler: Sampler | None = None,
) -> list[Document | None] | None:
    """The group's documents cleaned (``None`` when no text in it changed)."""
    cleaned: list[Document | None] = []
    changed = False
    for offset, doc in enumerate(group.documents):
        if doc is None:  # a null text passes through
            cleaned.append(None)
            continue
        row = group.row(offset)
        try:
            new, doc_counts = clean_document(job.pipeline, doc)
        except FilterError as error:
            raise FilterError(error.name, f"row {row}: {error}") from error
        merge_counts(counts, doc_counts)
        outcome.documents += 1
        if sampler is not None:
            sampler.note(task.path, doc, new.text, changed_filters(doc_counts), whole_file=False)
        cleaned.append(new)
        if new.text == doc.text:
            continue
        changed = True
        outcome.changed_documents += 1
        _encode(new.text)  # fail early on text that cannot be written
        if job.diff:
            where = f"{task.path}:row {row}"
            diffs.append(
                unified_diff(
                    doc.text, new.text, f"{where}\t(original, id {doc.id})", f"{where}\t(cleaned)"
                )
            )
    return cleaned if changed else None


def _sha256(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(1 << 20):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def table_documents(task: Task, text_key: str) -> Iterator[Document]:
    """The documents of a shard, as the clean pass sees them (null texts left out)."""
    with open(task.source, "rb") as source:
        reader = ParquetReader(source, text_key=text_key, name=task.path, path=task.source)
        for group in reader.row_groups():
            yield from (doc for doc in group.documents if doc is not None)


def explain_table(path: str, pipeline: Pipeline, text_key: str) -> Iterator[Explained]:
    """Every non-null text of a shard explained, by row."""
    real = os.path.realpath(path)
    with open(path, "rb") as source:
        reader = ParquetReader(source, text_key=text_key, name=path, path=real)
        for group in reader.row_groups():
            for offset, doc in enumerate(group.documents):
                if doc is not None:
                    ident = doc.id if not doc.id.startswith(f"{path}:row ") else None
                    yield Explained(None, ident, pipeline.explain(doc), row=group.row(offset))
