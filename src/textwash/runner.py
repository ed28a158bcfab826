"""One file: open it, read its documents, clean each, write them back, say what happened.

This is the layer between the pure :class:`~textwash.Pipeline` and the engines that run
many files. It never prints and never imports click; everything it has to say goes into
the :class:`Outcome` it returns. Engines call :func:`run_batch` on groups of files,
anywhere (this process, a worker process, a Ray worker): a :class:`Job` and its
:class:`Task` list are plain picklable values, and the outputs go straight to disk.

Every file, standard input and every Parquet shard goes through one walk (:func:`walk`):

* read: the file's format (:mod:`textwash.formats`) turns an opened binary stream into
  documents (a whole text file, a JSONL record, a Parquet row), hashing the bytes on the
  way for the resume cache; a file that changes while it is read fails;
* clean: each document through the pipeline's filters in order, counting per filter the
  documents and lines it changed (:func:`clean_document`); a filter that raises fails the
  file, not the run;
* write, depending on :class:`Write`: into the output directory (every file, changed or
  not, so the output tree is complete), in place (only files that changed; an unchanged
  file keeps its mtime), or nothing (``--check``, ``--diff``), through the format's writer.
  Outputs of a batch are written through :class:`~textwash.io.atomic.AtomicBatch` and
  become visible only once they are complete and on disk.

``--diff``, ``--explain``, the audit sampler, the resume cache entry and the encoding
report ride on that walk.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import hashlib
import io
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from textwash._version import __version__
from textwash.cache import Entry, Fingerprint
from textwash.changes import Change
from textwash.document import Document
from textwash.filters.base import CorpusFilter
from textwash.formats import FORMATS, Format, FormatError
from textwash.formats.base import EVERYTHING, Item, Part, ReadOptions
from textwash.formats.compression import CodecError
from textwash.formats.html import VISIBLE_TEXT, HtmlOptions
from textwash.formats.text import Decoded, encode_text
from textwash.io.atomic import AtomicBatch, AtomicFile, temp_path
from textwash.io.streams import CountingReader, FullWriter, HashingReader, HashingWriter
from textwash.pipeline import Explanation, FilterStats, Pipeline
from textwash.pipeline import FilterError as FilterError  # where it used to be defined
from textwash.pipeline import lines_changed as lines_changed  # where it used to be defined

if TYPE_CHECKING:
    from textwash.audit.sample import Sampler, Samples

#: At most this many malformed lines of one shard are listed by number in the report.
MAX_LISTED_PROBLEMS = 20


class Write(Enum):
    """Where cleaned text goes."""

    #: Into an output directory, mirroring the inputs' layout.
    OUTDIR = "outdir"
    #: Over the input files themselves (atomically; unchanged files are not touched).
    IN_PLACE = "in-place"
    #: Nowhere: ``--check`` and ``--diff``.
    NOTHING = "nothing"


@dataclass(frozen=True)
class Job:
    """What to do to every file: the pipeline and the options that shape the output."""

    pipeline: Pipeline
    write: Write = Write.OUTDIR
    diff: bool = False
    text_key: str = "text"
    #: How outputs are made durable before they replace their targets (``--fsync``):
    #: ``batch``, ``always`` or ``never`` (:mod:`textwash.io.atomic`). Never changes an
    #: output, so it is not part of the cache key.
    fsync: str = "batch"
    #: The encoding of every text and HTML file (``--encoding``); ``None``: decided per file.
    encoding: str | None = None
    #: What HTML pages become (``--html``, ``--html-title``).
    html: HtmlOptions = VISIBLE_TEXT
    #: Documents to sample per filter for the audit page (``--report FILE.html``); 0: none.
    #: Sampling never changes an output, so it is not part of the cache key.
    sample: int = 0
    #: Count the lines each filter changed (the summary's and the report's ``lines``);
    #: without, a filter that changed a document counts 0 lines. Never changes an output.
    count_lines: bool = True

    def sampler(self) -> Sampler | None:
        """A new sampler for one file, when the run samples."""
        if not self.sample:
            return None
        from textwash.audit.sample import Sampler

        return Sampler(self.sample)

    def cache_key(self) -> str:
        """Changes whenever the output of a file could: filters, settings, version, keys."""
        parts: tuple[Any, ...] = (
            self.pipeline.cache_key(),
            __version__,
            self.text_key,
            self.encoding,
        )
        if self.html != VISIBLE_TEXT:  # (the key of a default run stays what it was)
            parts += (self.html,)
        text = repr(parts)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Task:
    """One input file, or a part of one, and where its output goes.

    ``source`` is the file to read (symlinks resolved where that matters), ``path`` how the
    user sees it (for messages), ``target`` the output path (``None``: write nothing).
    ``part`` is the part of the file to clean (a byte range on line boundaries of a JSONL
    shard, a range of row groups of a Parquet shard); the default is the whole file, and
    only a whole file is remembered by the resume cache.
    """

    index: int
    source: str
    path: str
    format: str
    target: str | None
    size: int = 0
    part: Part = EVERYTHING


class Status(str, Enum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    SKIPPED = "skipped"
    CACHED = "cached"


#: Per filter: documents it saw, documents it changed, lines it changed (the pipeline's
#: own counts, :class:`~textwash.pipeline.FilterStats`; ``+`` merges).
FilterCounts = FilterStats


def merge_counts(
    into: dict[str, FilterCounts], other: dict[str, FilterCounts]
) -> dict[str, FilterCounts]:
    """Add ``other`` into ``into`` (in place) and return it."""
    for name, counts in other.items():
        into[name] = into.get(name, FilterCounts()) + counts
    return into


@dataclass
class Outcome:
    """What happened to one file; everything the report and the cache need."""

    index: int
    path: str
    status: Status
    #: Why it failed or was skipped, in words.
    message: str = ""
    #: Problems with single records that did not stop the file (malformed JSONL lines).
    problems: tuple[str, ...] = ()
    #: The encoding the text was converted from, when it was not UTF-8.
    encoding: str | None = None
    #: ``encoding`` was guessed (nothing in or about the file declared it).
    guessed: bool = False
    documents: int = 0
    changed_documents: int = 0
    filters: dict[str, FilterCounts] = field(default_factory=dict)
    diff: str = ""
    bytes: int = 0
    #: An output file was written (or, in place, the input was replaced).
    written: bool = False
    #: What the resume cache records for this file once it is on disk (``None``: nothing).
    entry: Entry | None = None
    #: The documents kept for the audit page, and its histogram (``None``: not sampling).
    samples: Samples | None = None
    #: The cluster node that cleaned the file, as the engine names it ("": this machine).
    node: str = ""


# -- cleaning documents --------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def whole_file_pipeline(pipeline: Pipeline) -> Pipeline:
    """The pipeline for documents that are whole files (one object per pipeline, so the
    trigger scan compiled for it is compiled once)."""
    return pipeline.for_whole_files()


def clean_document(pipeline: Pipeline, doc: Document) -> tuple[Document, dict[str, FilterCounts]]:
    """Run the pipeline on ``doc``, counting per filter whether and how many lines it changed.

    A filter that raises (or returns something that is not text) becomes a
    :class:`FilterError` naming it.
    """
    return pipeline.run_with_stats(doc)


def unified_diff(before: str, after: str, old_name: str, new_name: str) -> str:
    """A unified diff of two texts, marking a missing final newline as ``diff`` does."""
    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    lines = []
    for line in difflib.unified_diff(a, b, old_name, new_name):
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        lines.append(line)
    return "".join(lines)


def _conversion_diff(path: str, item: Item, cleaned: str) -> str:
    """The diff of a file converted to UTF-8: its bytes against the cleaned text.

    The original side shows the file's bytes as :func:`~textwash.formats.text.byte_view`
    does (``Bentley\\x92s``), so every line whose bytes change is in the diff, and the
    header says what they were decoded from. (UTF-16 and UTF-32 files, whose every byte
    changes, are compared as decoded text under the same header.)
    """
    from textwash.formats.text import byte_view, is_ascii_compatible

    assert item.encoding is not None and item.document is not None
    source = f"{item.encoding}{', guessed' if item.guessed else ''}"
    old_name = f"{path}\t(original, decoded from {source})"
    new_name = f"{path}\t(cleaned, UTF-8)"
    ascii_compatible = is_ascii_compatible(item.encoding)
    before = byte_view(item.data) if ascii_compatible else item.document.text
    return unified_diff(before, cleaned, old_name, new_name) or f"--- {old_name}\n+++ {new_name}\n"


def _item_diff(path: str, item: Item, cleaned: str) -> str:
    """The diff of one document: a whole file's, or a record's or row's, named by place."""
    assert item.document is not None
    if item.converted:
        return _conversion_diff(path, item, cleaned)
    if item.line is None and item.row is None:
        return unified_diff(item.before, cleaned, f"{path}\t(original)", f"{path}\t(cleaned)")
    where = f"{path}:{item.line}" if item.line is not None else f"{path}:row {item.row}"
    ident = item.document.id
    return unified_diff(
        item.before, cleaned, f"{where}\t(original, id {ident})", f"{where}\t(cleaned)"
    )


# -- the walk: read documents, clean them, write them ---------------------------------------


class _ChangedWhileReading(Exception):
    pass


class _Problems:
    """Bad records of a shard: how many, and the first few (a shard may have millions)."""

    def __init__(self) -> None:
        self.count = 0
        self.listed: list[str] = []

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED_PROBLEMS:
            self.listed.append(message)


def read_options(job: Job, task: Task, source: str | None) -> ReadOptions:
    """How the format reads ``task``'s file under ``job``."""
    return ReadOptions(task.path, source, job.text_key, job.encoding, job.html, task.part)


def walk(
    job: Job,
    fmt: Format,
    task: Task,
    stream: BinaryIO,
    sink: BinaryIO | None,
    outcome: Outcome,
    *,
    source: str | None,
    on_diff: Callable[[str], None],
    flush_each: bool = False,
    empty: str = "empty file",
) -> bool:
    """Read ``stream`` as ``fmt``, clean every document, write them to ``sink`` (``None``:
    nowhere), and fill ``outcome``; return whether the output differs from the input.

    This is the whole of cleaning one file, the same for a file, standard input and a
    Parquet shard: the format reads and writes, :func:`clean_document` cleans, and what
    is counted, diffed (to ``on_diff``, document by document), sampled and reported is
    decided here alone. ``flush_each`` flushes ``sink`` after every item (a record out for
    each record in, as a pipe expects).
    """
    handler = fmt.handler
    codec = fmt.decoder
    reader = handler.reader(stream, codec, read_options(job, task, source))
    writer = handler.writer(sink, codec, reader) if sink is not None else None
    pipeline = whole_file_pipeline(job.pipeline) if handler.whole_file else job.pipeline
    problems = _Problems()
    # per filter that changed a document of the file: documents changed, lines changed
    changes: dict[str, list[int]] = {}
    count_lines = job.count_lines
    sampler = job.sampler()
    converted = False
    try:
        for item in reader:
            doc = item.document
            if doc is None:
                if item.problem is not None:
                    problems.add(f"{item.where}: {item.problem}")
                if writer is not None:
                    writer.write(item, None)
                    if flush_each:
                        sink.flush()  # type: ignore[union-attr]
                continue
            try:
                cleaned, changed_by = pipeline.run_counting(doc, count_lines=count_lines)
            except FilterError as error:
                if not item.where:
                    raise
                raise FilterError(error.name, f"{item.where}: {error}") from error
            for name, lines in changed_by.items():
                tally = changes.get(name)
                if tally is None:
                    changes[name] = [1, lines]
                else:
                    tally[0] += 1
                    tally[1] += lines
            outcome.documents += 1
            if sampler is not None:
                in_order = {f.name: changed_by[f.name] for f in pipeline if f.name in changed_by}
                sampler.note(task.path, doc, cleaned.text, in_order, whole_file=handler.whole_file)
            if item.encoding is not None:
                outcome.encoding, outcome.guessed = item.encoding, item.guessed
            text_changed = item.changes(cleaned.text)
            outcome.changed_documents += text_changed
            converted = converted or item.converted
            if job.diff and (text_changed or item.converted):
                on_diff(_item_diff(task.path, item, cleaned.text))
            if text_changed and writer is None:
                encode_text(cleaned.text)  # --check fails a file as writing it would
            if writer is not None:
                writer.write(item, cleaned)
                if flush_each:
                    sink.flush()  # type: ignore[union-attr]
    except BaseException:
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.close()  # (into an output that is discarded)
        raise
    if writer is not None:
        writer.close()
    changed = outcome.changed_documents > 0 or converted
    if outcome.documents:  # every filter saw every document
        seen = outcome.documents
        untouched = FilterCounts(seen)  # (one object for the filters that changed nothing)
        outcome.filters = {
            f.name: FilterCounts(seen, *changes[f.name]) if f.name in changes else untouched
            for f in pipeline
        }
    outcome.status = Status.CHANGED if changed else Status.UNCHANGED
    if sampler is not None:
        outcome.samples = sampler.result()
    if handler.whole_file and not outcome.documents:
        outcome.status, outcome.message = Status.SKIPPED, empty
    if problems.count:
        outcome.status = Status.FAILED
        more = problems.count - len(problems.listed)
        outcome.problems = tuple(problems.listed) + ((f"... and {more} more",) if more else ())
        kept = "kept unchanged in the output" if sink is not None else "left as they are"
        outcome.message = f"{problems.count} bad line{'s' * (problems.count != 1)} ({kept})"
    return changed


# -- one file ----------------------------------------------------------------------------


def process_file(job: Job, task: Task, batch: AtomicBatch) -> Outcome:
    """Clean one file; outputs are left pending in ``batch``. Never raises for a bad file."""
    fmt = FORMATS.get(task.format)
    try:
        if fmt is None:
            raise FormatError(f"unknown format {task.format!r}")
        if job.write is Write.IN_PLACE and not fmt.in_place:
            raise FormatError(
                f"{fmt.name} is converted to text and cannot be cleaned in place; use -o OUTDIR"
            )
        if "://" in task.source or "://" in (task.target or ""):  # object storage
            from textwash.object_runner import clean_object

            return clean_object(job, task, fmt)
        return _clean_file(job, task, fmt, batch)
    except FileNotFoundError as error:
        if not os.path.lexists(task.source):
            return _failed(task, "vanished before it could be read")
        return _failed(task, f"{error.strerror}: {error.filename}")
    except _ChangedWhileReading:
        return _failed(task, "changed while it was being read; run again")
    except IsADirectoryError:
        return _failed(task, "is a directory, not a file")
    except PermissionError as error:
        return _failed(task, f"cannot read or write: {error.strerror or error}")
    except OSError as error:
        return _failed(task, f"{error.strerror or error}")
    except (FormatError, CodecError, FilterError) as error:
        return _failed(task, str(error))
    except RecursionError:
        return _failed(task, "nested too deeply to process")
    except MemoryError:
        return _failed(task, "out of memory")
    except Exception as error:  # a bug somewhere; the file fails, the run goes on
        return _failed(task, f"internal error: {type(error).__name__}: {error}")


def _failed(task: Task, message: str) -> Outcome:
    return Outcome(task.index, task.path, Status.FAILED, message=message, bytes=task.size)


def _same_file_state(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_mtime_ns, a.st_size) == (b.st_mtime_ns, b.st_size)


def _clean_file(job: Job, task: Task, fmt: Format, batch: AtomicBatch) -> Outcome:
    """Open the input and a pending output, walk, then decide what is kept and cached.

    A whole file is read in one go (:func:`_clean_whole_file`); records and rows stream
    (:func:`_clean_streamed`). Either way the bytes are hashed for the resume cache as they
    are read, and a file that changes while it is read fails. Under ``-o`` every file gets
    an output; in place only files that change are replaced.
    """
    if fmt.handler.whole_file and fmt.handler.sequential and task.part.everything:
        return _clean_whole_file(job, task, fmt, batch)
    return _clean_streamed(job, task, fmt, batch)


def _read_to_end(fd: int, size: int) -> bytes:
    """Every byte of a regular file that ``fstat`` said holds ``size``: one ``read`` when
    it still does, more when it grew (which the caller's second ``fstat`` then reports)."""
    chunks: list[bytes] = []
    got = 0
    while True:
        ask = size + 1 - got if got <= size else 1 << 16  # no bigger buffer than needed
        chunk = os.read(fd, ask)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
        if got == size and len(chunk) < ask:
            break  # the end, as fstat said (a regular file reads short only there)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _clean_whole_file(job: Job, task: Task, fmt: Format, batch: AtomicBatch) -> Outcome:
    """A file that is one document: read whole with one system call, cleaned in memory,
    its output written with one more; the temporary file exists only once the output is
    complete (a worker that dies while cleaning leaves none behind)."""
    outcome = Outcome(task.index, task.path, Status.UNCHANGED)
    with open(task.source, "rb", buffering=0) as raw:
        before = os.fstat(raw.fileno())
        if not stat.S_ISREG(before.st_mode):
            raise FormatError("not a regular file")
        outcome.bytes = before.st_size
        data = _read_to_end(raw.fileno(), before.st_size)
        writes = task.target is not None and job.write is not Write.NOTHING
        sink = io.BytesIO() if writes else None
        diffs: list[str] = []
        changed = walk(
            job,
            fmt,
            task,
            io.BytesIO(data),
            sink,
            outcome,
            source=task.source,
            on_diff=diffs.append,
        )
        outcome.diff = "".join(diffs)
        after = os.fstat(raw.fileno())
    if not _same_file_state(before, after) or len(data) != after.st_size:
        raise _ChangedWhileReading
    if outcome.status is Status.FAILED:
        return outcome
    fingerprint = Fingerprint(after.st_mtime_ns, after.st_size, hashlib.sha256(data).hexdigest())
    if sink is None or (job.write is Write.IN_PLACE and not changed):
        if job.write is Write.IN_PLACE:
            _remove_stale_temp(task.target)  # type: ignore[arg-type]
        if job.write is Write.IN_PLACE or not changed:
            outcome.entry = Entry(fingerprint, fmt.name)
        return outcome
    output = sink.getvalue()
    like = before if job.write is Write.IN_PLACE else None
    pending = batch.open(task.target, like=like)  # type: ignore[arg-type]
    try:
        pending.write(output)
        batch.ready(pending)
        outcome.written = True
        if job.write is Write.IN_PLACE:
            written = os.fstat(pending.fileno())
            out = Fingerprint(written.st_mtime_ns, len(output), hashlib.sha256(output).hexdigest())
            outcome.entry = Entry(out, fmt.name)
        else:
            outcome.entry = Entry(fingerprint, fmt.name, task.target, len(output))
    except BaseException:
        pending.discard()
        raise
    return outcome


def _clean_streamed(job: Job, task: Task, fmt: Format, batch: AtomicBatch) -> Outcome:
    """A file of records or rows (or a part of one): read and written as a stream.

    A sequential format's bytes are hashed as the format reads them; a random-access
    format's are hashed afterwards. An input in which nothing changed is copied byte for
    byte where the format would not write it back so.
    """
    handler = fmt.handler
    outcome = Outcome(task.index, task.path, Status.UNCHANGED)
    whole = task.part.everything
    with open(task.source, "rb", buffering=0) as raw:
        before = os.fstat(raw.fileno())
        if not stat.S_ISREG(before.st_mode):
            raise FormatError("not a regular file")
        outcome.bytes = before.st_size
        hashing = HashingReader(raw) if whole and handler.sequential else None
        stream = io.BufferedReader(hashing if hashing is not None else raw, 1 << 20)
        writes = task.target is not None and job.write is not Write.NOTHING
        like = before if job.write is Write.IN_PLACE else None
        pending: AtomicFile | None = None
        hashed_out: HashingWriter | None = None
        if writes:
            pending = batch.open(task.target, like=like)  # type: ignore[arg-type]
        try:
            sink: BinaryIO | None = None
            if pending is not None:
                sink = pending.file
                if job.write is Write.IN_PLACE:
                    hashed_out = HashingWriter(pending.file)
                    sink = cast(BinaryIO, hashed_out)
            diffs: list[str] = []
            changed = walk(
                job, fmt, task, stream, sink, outcome, source=task.source, on_diff=diffs.append
            )
            outcome.diff = "".join(diffs)
            if hashing is not None:
                while stream.read(1 << 20):
                    pass  # hash the whole file, bytes after the last record included
            after = os.fstat(raw.fileno())
            if not _same_file_state(before, after) or (
                hashing is not None and hashing.count != after.st_size
            ):
                raise _ChangedWhileReading
            if job.write is Write.IN_PLACE and not changed and pending is not None:
                pending.discard()
                pending = None
            elif pending is not None and not changed and not handler.faithful(fmt.decoder):
                _copy(raw, pending.file)  # the output is the input, byte for byte
            if pending is not None:
                pending.flush()
                batch.ready(pending)
        except BaseException:
            if pending is not None:
                pending.discard()
            raise
        if not whole or outcome.status is Status.FAILED:
            outcome.written = pending is not None
            return outcome
        if hashing is not None:
            digest = hashing.digest.hexdigest()
        else:  # a random-access format: its bytes were not read in order
            raw.seek(0)
            digest = _sha256(raw)
    fingerprint = Fingerprint(after.st_mtime_ns, after.st_size, digest)
    if pending is not None:
        outcome.written = True
        if hashed_out is not None:
            written = os.fstat(pending.fileno())
            out = Fingerprint(written.st_mtime_ns, written.st_size, hashed_out.digest.hexdigest())
            outcome.entry = Entry(out, fmt.name)
        else:
            outcome.entry = Entry(fingerprint, fmt.name, task.target, pending.file.tell())
    elif job.write is Write.IN_PLACE or not changed:
        outcome.entry = Entry(fingerprint, fmt.name)
    return outcome


def _remove_stale_temp(target: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temp_path(Path(target)))


def _copy(source: BinaryIO, sink: BinaryIO) -> None:
    sink.seek(0)
    sink.truncate()
    source.seek(0)
    while chunk := source.read(1 << 20):
        sink.write(chunk)


def _sha256(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(1 << 20):
        digest.update(chunk)
    return digest.hexdigest()


# -- standard input to standard output -------------------------------------------------------

#: How the stream is named in messages, diffs and the report.
STDIN_NAME = "<stdin>"


def stream_problem(fmt: Format, corpus_filters: bool) -> str | None:
    """Why ``fmt`` (with or without corpus filters) cannot be cleaned as a stream, if so."""
    if not fmt.handler.sequential:
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

    The same walk as a file's; what differs is only what a stream cannot do: no resume
    cache (a stream has no identity to remember), no second pass (no corpus filter), no
    random access (no Parquet), and diffs go to ``on_diff`` as they are made. ``sink``
    ``None`` writes nothing (``--check``, ``--diff``). A broken ``sink`` (a closed pipe)
    raises ``BrokenPipeError``; everything else that can go wrong with the input is a
    failed outcome.
    """
    task = Task(0, name, name, fmt.name, None)
    if sink is not None and not isinstance(sink, FullWriter):
        sink = cast(BinaryIO, FullWriter(sink))
    counted = CountingReader(source)
    outcome = Outcome(0, name, Status.UNCHANGED)
    try:
        walk(
            job,
            fmt,
            task,
            cast(BinaryIO, counted),
            sink,
            outcome,
            source=None,
            on_diff=on_diff or (lambda diff: None),
            flush_each=not fmt.handler.whole_file and fmt.codec == "none",
            empty="empty input",
        )
    except (FormatError, CodecError, FilterError) as error:
        return Outcome(0, name, Status.FAILED, message=str(error))
    except RecursionError:
        return Outcome(0, name, Status.FAILED, message="nested too deeply to process")
    outcome.bytes = counted.count
    return outcome


# -- groups of files (what engines run) -----------------------------------------------------


def run_batch(job: Job, tasks: Sequence[Task]) -> list[Outcome]:
    """Clean a group of files; their outputs become visible together, each atomically."""
    batch = AtomicBatch(fsync=job.fsync)
    outcomes: list[Outcome] = []
    try:
        for task in tasks:
            outcomes.append(process_file(job, task, batch))
        failed = batch.commit()
    except BaseException:
        batch.abort()
        raise
    for outcome, task in zip(outcomes, tasks, strict=True) if failed else ():
        if task.target is not None and Path(task.target) in failed:
            error = failed[Path(task.target)]
            outcome.status = Status.FAILED
            outcome.message = f"could not write output: {error.strerror or error}"
            outcome.written, outcome.entry = False, None
    return outcomes


def crashed(tasks: Sequence[Task], reason: str) -> list[Outcome]:
    """Outcomes for files whose worker died (an engine reports these)."""
    return [_failed(task, reason) for task in tasks]


# -- corpus filters: the fit pass -----------------------------------------------------------


def documents_of(
    task: Task, text_key: str, encoding: str | None = None, html: HtmlOptions = VISIBLE_TEXT
) -> Iterator[Document]:
    """The documents of one file, as the clean pass would see them (bad records skipped)."""
    fmt = FORMATS[task.format]
    options = ReadOptions(task.path, task.source, text_key, encoding, html, task.part)
    if "://" in task.source:  # object storage
        from textwash.io.storage import Location, open_input

        opened: BinaryIO = open_input(Location.parse(task.source))
    else:
        opened = open(task.source, "rb")  # noqa: SIM115 (closed below)
    with opened as source:
        for item in fmt.handler.reader(source, fmt.decoder, options):
            if item.document is not None:
                yield item.document


def fit_batch(job: Job, tasks: Sequence[Task], *, name: str) -> Any:
    """Statistics of corpus filter ``name`` over a group of files (``None`` if no documents).

    Each document first goes through the filters before ``name`` (which must all be
    document-level by now), so the filter learns from text as it will receive it.
    """
    prefix: list[Any] = []
    for f in job.pipeline:
        if f.name == name:
            corpus = f
            break
        prefix.append(f)
    else:
        raise KeyError(name)
    assert isinstance(corpus, CorpusFilter)
    before = Pipeline(prefix)

    def docs() -> Iterator[Document]:
        for task in tasks:
            try:
                for doc in documents_of(task, job.text_key, job.encoding, job.html):
                    try:
                        yield clean_document(before, doc)[0]
                    except FilterError:
                        continue  # the clean pass reports it
            except (OSError, FormatError, CodecError, _ChangedWhileReading, RecursionError):
                continue  # the clean pass reports it

    return corpus.fit(docs())


# -- explain --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Explained:
    """One document of a file explained: its line (JSONL) or row (Parquet), id, and what
    happened.

    ``result`` is the :class:`~textwash.pipeline.Explanation`, or, for a record that
    cannot be read, the reason in words.
    """

    line: int | None
    id: str | None
    result: Explanation | str
    row: int | None = None


def explain_file(
    path: str,
    fmt: Format,
    pipeline: Pipeline,
    text_key: str,
    encoding: str | None = None,
    html: HtmlOptions = VISIBLE_TEXT,
) -> Iterator[Explained]:
    """Explain every document of a file: what the pipeline did to it, and why.

    A text file converted to UTF-8 first gets one ``decode`` change per line whose bytes
    change (see :func:`decoding_changes`), then the filters' changes.

    Raises :class:`~textwash.formats.FormatError` (or ``OSError``) for a file it cannot
    read at all.
    """
    real = os.path.realpath(path)
    handler = fmt.handler
    options = ReadOptions(path, real, text_key, encoding, html)
    whole_file = whole_file_pipeline(pipeline) if handler.whole_file else None
    with open(path, "rb") as source:
        before = os.fstat(source.fileno())
        for item in handler.reader(source, fmt.decoder, options):
            if item.problem is not None:
                yield Explained(item.line, None, item.problem)
                continue
            if whole_file is None:
                if item.document is not None:
                    explanation = pipeline.explain(item.document)
                    yield Explained(item.line, item.given_id, explanation, row=item.row)
                continue
            if not _same_file_state(before, os.fstat(source.fileno())):
                raise FormatError("changed while it was being read")
            doc = item.document or Document("", path, real)
            explanation = whole_file.explain(doc)
            if item.converted:
                decoded = Decoded(doc.text, item.encoding, item.guessed)
                changes = (*decoding_changes(item.data, decoded), *explanation.changes)
                explanation = Explanation(explanation.text, changes, explanation.steps)
            yield Explained(None, None, explanation)


def decoding_changes(data: bytes, decoded: Decoded) -> list[Change]:
    """The lines whose bytes change when a file is converted to UTF-8, as changes of a
    ``decode`` step (the bytes shown as :func:`~textwash.formats.text.byte_view` does).

    A file whose every byte changes (UTF-16, UTF-32) is one change of its first line.
    """
    from textwash.formats.text import byte_view, is_ascii_compatible

    assert decoded.encoding is not None
    guessed = " (guessed)" if decoded.guessed else ""
    reason = f"{decoded.encoding}{guessed} bytes written as UTF-8"
    old = byte_view(data).split("\n")
    new = decoded.text.split("\n")
    if not is_ascii_compatible(decoded.encoding) or len(old) != len(new):
        return [Change("decode", 1, "(the whole file)", new[0], reason)]
    return [
        Change("decode", number, before, after, reason)
        for number, (before, after) in enumerate(zip(old, new, strict=True), 1)
        if before != after
    ]
