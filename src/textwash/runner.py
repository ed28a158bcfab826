"""One file: read it, run the pipeline on its documents, check or diff or write, report.

This is the layer between the pure :class:`~textwash.Pipeline` and the engines that run
many files. It never prints and never imports click; everything it has to say goes into
the :class:`Outcome` it returns. Engines call :func:`run_batch` on groups of files,
anywhere (this process, a worker process, a Ray worker later): a :class:`Job` and its
:class:`Task` list are plain picklable values, and the outputs go straight to disk.

What one file goes through:

* read: the whole file for document formats (``.txt``, ``.txt.gz``, ``.html``), line by
  line for record formats (``.jsonl`` and its compressed kinds), row group by row group for
  table formats (``.parquet``, in :mod:`textwash.table_runner`), hashing the bytes for the
  resume cache; a file that changes while it is read fails;
* clean: each document through the pipeline's filters in order, counting per filter the
  documents and lines it changed (:func:`clean_document`); a filter that raises fails the
  file, not the run;
* write, depending on :class:`Write`: into the output directory (every file, changed or
  not, so the output tree is complete), in place (only files that changed; an unchanged
  file keeps its mtime), or nothing (``--check``, ``--diff``). Outputs of a batch are
  written through :class:`~textwash.io.atomic.AtomicBatch` and become visible only once
  they are complete and on disk.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import hashlib
import io
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar

from textwash._version import __version__
from textwash.cache import Entry, Fingerprint
from textwash.document import Document
from textwash.filters.base import Change, CorpusFilter, Filter
from textwash.formats import FORMATS, Format, FormatError
from textwash.formats.compression import CodecError
from textwash.formats.html import VISIBLE_TEXT, HtmlOptions
from textwash.formats.jsonl import Record, parse_line, splice
from textwash.formats.text import Decoded
from textwash.io.atomic import AtomicBatch, AtomicFile, temp_path
from textwash.pipeline import Explanation, Pipeline

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
    fsync: bool = True
    #: The encoding of every text and HTML file (``--encoding``); ``None``: decided per file.
    encoding: str | None = None
    #: What HTML pages become (``--html``, ``--html-title``).
    html: HtmlOptions = VISIBLE_TEXT
    #: Documents to sample per filter for the audit page (``--report FILE.html``); 0: none.
    #: Sampling never changes an output, so it is not part of the cache key.
    sample: int = 0

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
    """One input file and where its output goes.

    ``source`` is the file to read (symlinks resolved where that matters), ``path`` how the
    user sees it (for messages), ``target`` the output path (``None``: write nothing).
    """

    index: int
    source: str
    path: str
    format: str
    target: str | None
    size: int = 0


class Status(str, Enum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    SKIPPED = "skipped"
    CACHED = "cached"


@dataclass(frozen=True)
class FilterCounts:
    """Per filter: documents it saw, documents it changed, lines it changed (``+`` merges).

    Lines changed is counted by comparing the lines before and after as multisets: the
    larger of the lines that disappeared and the lines that appeared.
    """

    documents: int = 0
    changed: int = 0
    lines: int = 0

    def __add__(self, other: FilterCounts) -> FilterCounts:
        return FilterCounts(
            self.documents + other.documents, self.changed + other.changed, self.lines + other.lines
        )


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


class FilterError(Exception):
    """A filter raised (or returned something that is not a document)."""

    def __init__(self, name: str, error: BaseException | str) -> None:
        self.name = name
        detail = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        super().__init__(f"filter {name!r} failed: {detail}")


# -- cleaning documents --------------------------------------------------------------------


class _Tally:
    """Per filter, for the document being cleaned: changed or not, and lines changed."""

    def __init__(self) -> None:
        self.changed: dict[str, int] = {}

    def note(self, name: str, before: str, after: str) -> None:
        if after is not before and after != before:
            self.changed[name] = self.changed.get(name, 0) + lines_changed(before, after)


class _Counted(Filter):
    """A filter that tells a :class:`_Tally` what it changed, and names itself on failure.

    The runner wraps the pipeline's filters in these and lets the pipeline run as it
    always does (its order, its passes to a fixed point), so the counts describe exactly
    what :meth:`Pipeline.run` did.
    """

    name: ClassVar[str] = "counted"
    summary: ClassVar[str] = ""

    def __init__(self, inner: Filter, tally: _Tally) -> None:
        self.inner = inner
        self.tally = tally

    def apply(self, text: str) -> str:
        try:
            out = self.inner.apply(text)
        except Exception as error:  # RecursionError and MemoryError included
            raise FilterError(self.name, error) from error
        self._check(out)
        self.tally.note(self.name, text, out)
        return out

    def apply_document(self, doc: Document) -> Document:
        try:
            new = self.inner.apply_document(doc)
        except Exception as error:
            raise FilterError(self.name, error) from error
        if not isinstance(new, Document):
            raise FilterError(self.name, f"returned {type(new).__name__}, not a Document")
        self._check(new.text)
        self.tally.note(self.name, doc.text, new.text)
        return new

    def explain(self, text: str) -> tuple[str, list[Change]]:
        return self.inner.explain(text)

    def explain_document(self, doc: Document) -> tuple[Document, list[Change]]:
        return self.inner.explain_document(doc)

    def _check(self, text: object) -> None:
        if not isinstance(text, str):
            raise FilterError(self.name, f"returned {type(text).__name__} text, not str")


@cache
def _counted_class(name: str, summary: str, order: int) -> type[_Counted]:
    return type(f"Counted_{name}", (_Counted,), {"name": name, "summary": summary, "order": order})


_counting: dict[int, tuple[Pipeline, Pipeline, _Tally]] = {}


def _counting_pipeline(pipeline: Pipeline) -> tuple[Pipeline, _Tally]:
    """``pipeline`` with every document filter wrapped in :class:`_Counted` (built once)."""
    found = _counting.get(id(pipeline))
    if found is not None and found[0] is pipeline:
        return found[1], found[2]
    tally = _Tally()
    wrapped: list[Filter | CorpusFilter] = [
        _counted_class(f.name, f.summary, f.order)(f, tally) if isinstance(f, Filter) else f
        for f in pipeline
    ]
    counting = Pipeline(wrapped)
    if len(_counting) > 8:
        _counting.clear()
    _counting[id(pipeline)] = (pipeline, counting, tally)
    return counting, tally


@functools.lru_cache(maxsize=8)
def whole_file_pipeline(pipeline: Pipeline) -> Pipeline:
    """The pipeline for documents that are whole files (one object per pipeline, so the
    counting wrappers built for it are built once)."""
    return pipeline.for_whole_files()


def clean_document(pipeline: Pipeline, doc: Document) -> tuple[Document, dict[str, FilterCounts]]:
    """Run the pipeline on ``doc``, counting per filter whether and how many lines it changed.

    A filter that raises (or returns something that is not text) becomes a
    :class:`FilterError` naming it.
    """
    counting, tally = _counting_pipeline(pipeline)
    tally.changed = {}
    try:
        cleaned = counting.run(doc)
    except FilterError:
        raise
    except Exception as error:  # the pipeline itself: an unfitted corpus filter, say
        raise FilterError("pipeline", error) from error
    counts = {
        f.name: FilterCounts(1, int(f.name in tally.changed), tally.changed.get(f.name, 0))
        for f in pipeline
    }
    return cleaned, counts


def changed_filters(counts: dict[str, FilterCounts]) -> dict[str, int]:
    """The filters that changed a document (from :func:`clean_document`'s counts), with the
    lines each changed."""
    return {name: c.lines for name, c in counts.items() if c.changed}


def lines_changed(before: str, after: str) -> int:
    """How many lines differ: the larger of lines gone and lines new (as multisets).

    >>> lines_changed("a\\nb\\nc\\n", "a\\nB\\nc\\n"), lines_changed("a\\nb\\n", "a\\n")
    (1, 1)
    """
    old, new = before.split("\n"), after.split("\n")
    start, end_old, end_new = 0, len(old), len(new)
    while start < end_old and start < end_new and old[start] == new[start]:
        start += 1
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old, end_new = end_old - 1, end_new - 1
    gone = Counter(old[start:end_old])
    came = Counter(new[start:end_new])
    return max(sum((gone - came).values()), sum((came - gone).values()))


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


# -- reading -----------------------------------------------------------------------------


class _HashingReader(io.RawIOBase):
    """Reads through to a file, hashing every byte that passes."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        if n:
            self.digest.update(memoryview(buffer)[:n])
        return int(n or 0)


class _HashingWriter(io.RawIOBase):
    """Writes through to a file, hashing every byte that passes."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.digest = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.digest.update(data)
        return self._raw.write(data)

    def close(self) -> None:
        if not self.closed:
            self._raw.flush()
        super().close()


def _same_file_state(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_mtime_ns, a.st_size) == (b.st_mtime_ns, b.st_size)


class _ChangedWhileReading(Exception):
    pass


def _read_whole(path: str) -> tuple[bytes, os.stat_result, str]:
    with open(path, "rb") as f:
        before = os.fstat(f.fileno())
        if not stat.S_ISREG(before.st_mode):
            raise FormatError("not a regular file")
        data = f.read()
        after = os.fstat(f.fileno())
    if not _same_file_state(before, after) or len(data) != after.st_size:
        raise _ChangedWhileReading
    return data, after, hashlib.sha256(data).hexdigest()


def _decode_document(
    fmt: Format, data: bytes, encoding: str | None, html: HtmlOptions = VISIBLE_TEXT
) -> Decoded:
    from textwash.formats.html import extract_html
    from textwash.formats.text import decode_text

    return extract_html(data, encoding, html) if fmt.html else decode_text(data, encoding)


def _conversion_diff(path: str, data: bytes, decoded: Decoded, cleaned: str) -> str:
    """The diff of a file converted to UTF-8: its bytes against the cleaned text.

    The original side shows the file's bytes as :func:`~textwash.formats.text.byte_view`
    does (``Bentley\\x92s``), so every line whose bytes change is in the diff, and the
    header says what they were decoded from. (UTF-16 and UTF-32 files, whose every byte
    changes, are compared as decoded text under the same header.)
    """
    from textwash.formats.text import byte_view, is_ascii_compatible

    source = f"{decoded.encoding}{', guessed' if decoded.guessed else ''}"
    old_name = f"{path}\t(original, decoded from {source})"
    new_name = f"{path}\t(cleaned, UTF-8)"
    assert decoded.encoding is not None
    before = byte_view(data) if is_ascii_compatible(decoded.encoding) else decoded.text
    return unified_diff(before, cleaned, old_name, new_name) or f"--- {old_name}\n+++ {new_name}\n"


def _decompressed_lines(stream: Iterable[bytes], codec: str) -> Iterator[bytes]:
    """The lines of a stream, with broken compressed data said as such (a disk error or a
    filter's failure is not relabelled)."""
    lines = iter(stream)
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except EOFError:
            raise CodecError(f"{codec} data ends too early (truncated file)") from None
        except OSError as error:
            if error.errno is not None:
                raise
            raise CodecError(f"not valid {codec} data: {error}") from None
        except Exception as error:
            if type(error).__module__.split(".")[0] == "zstandard":
                raise CodecError(f"not valid {codec} data: {error}") from None
            raise
        yield line


def _iter_records(stream: Iterable[bytes], text_key: str) -> Iterator[Record]:
    for number, raw in enumerate(stream, 1):
        yield parse_line(raw, number, text_key)


def _encode(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise FormatError(
            f"cleaned text holds an unpaired surrogate (U+{ord(text[error.start]):04X}) "
            "and cannot be written as UTF-8"
        ) from None


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
        if fmt.kind == "records":
            return _process_records(job, task, fmt, batch)
        if fmt.kind == "table":
            from textwash.table_runner import process_table

            return process_table(job, task, fmt, batch)
        return _process_document(job, task, fmt, batch)
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


def _process_document(job: Job, task: Task, fmt: Format, batch: AtomicBatch) -> Outcome:
    raw, st, sha = _read_whole(task.source)
    fingerprint = Fingerprint(st.st_mtime_ns, st.st_size, sha)
    data = fmt.decoder.decompress(raw)
    outcome = Outcome(task.index, task.path, Status.UNCHANGED, bytes=len(raw))
    if not data:
        outcome.status, outcome.message = Status.SKIPPED, "empty file"
        _deliver(
            job, task, batch, outcome, fingerprint, fmt, st, raw if not fmt.html else b"", False
        )
        return outcome

    cleaned, changed = clean_whole_file(job, task.path, task.source, fmt, data, outcome)
    # unchanged: the output is the input, byte for byte
    out = fmt.decoder.compress(_encode(cleaned)) if fmt.html or changed else raw
    _deliver(job, task, batch, outcome, fingerprint, fmt, st, out, changed)
    return outcome


def clean_whole_file(
    job: Job, path: str, source: str | None, fmt: Format, data: bytes, outcome: Outcome
) -> tuple[str, bool]:
    """Decode a whole-file document, clean it, and fill ``outcome`` (counts, encoding,
    status, diff, samples); return the cleaned text and whether the output changes.

    Files and standard input share it, so the two cannot drift apart.
    """
    decoded = _decode_document(fmt, data, job.encoding, job.html)
    text, encoding = decoded.text, decoded.encoding
    doc = Document(text, path, source)
    cleaned, counts = clean_document(whole_file_pipeline(job.pipeline), doc)
    outcome.documents, outcome.filters = 1, counts
    sampler = job.sampler()
    if sampler is not None:
        sampler.note(path, doc, cleaned.text, changed_filters(counts), whole_file=True)
        outcome.samples = sampler.result()
    outcome.encoding, outcome.guessed = encoding, decoded.guessed
    text_changed = cleaned.text != text
    outcome.changed_documents = int(text_changed)
    converted = encoding is not None and not fmt.html
    changed = text_changed or converted
    outcome.status = Status.CHANGED if changed else Status.UNCHANGED
    if job.diff and converted:
        outcome.diff = _conversion_diff(path, data, decoded, cleaned.text)
    elif job.diff and text_changed:
        outcome.diff = unified_diff(text, cleaned.text, f"{path}\t(original)", f"{path}\t(cleaned)")
    return cleaned.text, changed


def _deliver(
    job: Job,
    task: Task,
    batch: AtomicBatch,
    outcome: Outcome,
    fingerprint: Fingerprint,
    fmt: Format,
    st: os.stat_result,
    out: bytes,
    changed: bool,
) -> None:
    """Leave ``out`` pending in the batch as the task's output, and say what to cache."""
    if job.write is Write.OUTDIR and task.target is not None:
        pending = batch.open(Path(task.target))
        _write_or_discard(batch, pending, out)
        outcome.written = True
        outcome.entry = Entry(fingerprint, fmt.name, task.target, len(out))
    elif job.write is Write.IN_PLACE and task.target is not None:
        if changed:
            pending = batch.open(Path(task.target), like=st)
            _write_or_discard(batch, pending, out)
            written = os.fstat(pending.file.fileno())
            outcome.written = True
            outcome.entry = Entry(
                Fingerprint(written.st_mtime_ns, len(out), hashlib.sha256(out).hexdigest()),
                fmt.name,
            )
        else:
            _remove_stale_temp(task.target)
            outcome.entry = Entry(fingerprint, fmt.name)
    elif not changed:
        outcome.entry = Entry(fingerprint, fmt.name)


def _write_or_discard(batch: AtomicBatch, pending: AtomicFile, data: bytes) -> None:
    try:
        pending.file.write(data)
        pending.file.flush()
    except BaseException:
        pending.discard()
        raise
    batch.ready(pending)


def _remove_stale_temp(target: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temp_path(Path(target)))


def _process_records(job: Job, task: Task, fmt: Format, batch: AtomicBatch) -> Outcome:
    codec = fmt.decoder
    outcome = Outcome(task.index, task.path, Status.UNCHANGED)
    problems = _Problems()
    counts: dict[str, FilterCounts] = {}
    diffs: list[str] = []
    sampler = job.sampler()
    with open(task.source, "rb", buffering=0) as source:
        before = os.fstat(source.fileno())
        if not stat.S_ISREG(before.st_mode):
            raise FormatError("not a regular file")
        outcome.bytes = before.st_size
        hashing = _HashingReader(source)
        buffered = io.BufferedReader(hashing, 1 << 20)
        pending: AtomicFile | None = None
        hashed_out: _HashingWriter | None = None
        if task.target is not None and job.write is not Write.NOTHING:
            like = before if job.write is Write.IN_PLACE else None
            pending = batch.open(Path(task.target), like=like)
        try:
            sink: BinaryIO | None = None
            if pending is not None:
                inner: Any = pending.file
                if job.write is Write.IN_PLACE:
                    hashed_out = _HashingWriter(pending.file)
                    inner = hashed_out
                sink = codec.writer(inner)
            try:
                lines = _decompressed_lines(codec.reader(buffered), codec.name)
                for record in _iter_records(lines, job.text_key):
                    line = _clean_record(
                        job, task, record, outcome, counts, problems, diffs, sampler
                    )
                    if sink is not None:
                        sink.write(line)
                while buffered.read(1 << 20):
                    pass  # hash the whole file, trailing bytes included
            finally:
                if sink is not None:
                    sink.close()
            after = os.fstat(source.fileno())
            if not _same_file_state(before, after):
                raise _ChangedWhileReading
            changed = outcome.changed_documents > 0
            fingerprint = Fingerprint(after.st_mtime_ns, after.st_size, hashing.digest.hexdigest())
            if pending is not None:
                if job.write is Write.IN_PLACE and not changed:
                    pending.discard()
                    pending = None
                elif not changed and codec.name != "none":
                    # unchanged: the output is the input byte for byte, not a recompression
                    pending.file.seek(0)
                    pending.file.truncate()
                    source.seek(0)
                    while chunk := source.read(1 << 20):
                        pending.file.write(chunk)
                if pending is not None:
                    pending.file.flush()
                    batch.ready(pending)
        except BaseException:
            if pending is not None:
                pending.discard()
            raise
    outcome.filters = counts
    outcome.status = Status.CHANGED if outcome.changed_documents else Status.UNCHANGED
    outcome.diff = "".join(diffs)
    if sampler is not None:
        outcome.samples = sampler.result()
    if problems.count:
        outcome.status = Status.FAILED
        more = problems.count - len(problems.listed)
        outcome.problems = tuple(problems.listed) + ((f"... and {more} more",) if more else ())
        kept = "kept unchanged in the output" if pending is not None else "left as they are"
        outcome.message = f"{problems.count} bad line{'s' * (problems.count != 1)} ({kept})"
        outcome.written = pending is not None
        return outcome
    if pending is not None:
        outcome.written = True
        if job.write is Write.IN_PLACE:
            assert hashed_out is not None
            written = os.fstat(pending.file.fileno())
            outcome.entry = Entry(
                Fingerprint(written.st_mtime_ns, written.st_size, hashed_out.digest.hexdigest()),
                fmt.name,
            )
        else:
            size = os.fstat(pending.file.fileno()).st_size
            outcome.entry = Entry(fingerprint, fmt.name, task.target, size)
    elif job.write is Write.IN_PLACE or outcome.status is Status.UNCHANGED:
        if job.write is Write.IN_PLACE and task.target is not None:
            _remove_stale_temp(task.target)
        outcome.entry = Entry(fingerprint, fmt.name)
    return outcome


class _Problems:
    """Bad lines of a shard: how many, and the first few (a shard may have millions)."""

    def __init__(self) -> None:
        self.count = 0
        self.listed: list[str] = []

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED_PROBLEMS:
            self.listed.append(message)


def _clean_record(
    job: Job,
    task: Task,
    record: Record,
    outcome: Outcome,
    counts: dict[str, FilterCounts],
    problems: _Problems,
    diffs: list[str],
    sampler: Sampler | None = None,
) -> bytes:
    """The line to write for one record (the original line unless its text changed)."""
    if record.error is not None:
        problems.add(f"line {record.line}: {record.error}")
        return record.raw
    if record.text is None:
        return record.raw  # blank line
    ident = record.id if record.id is not None else f"{task.path}:{record.line}"
    doc = Document(record.text, ident, task.source, record.metadata)
    try:
        cleaned, doc_counts = clean_document(job.pipeline, doc)
    except FilterError as error:
        raise FilterError(error.name, f"line {record.line}: {error}") from error
    merge_counts(counts, doc_counts)
    outcome.documents += 1
    if sampler is not None:
        sampler.note(task.path, doc, cleaned.text, changed_filters(doc_counts), whole_file=False)
    if cleaned.text == record.text:
        return record.raw
    outcome.changed_documents += 1
    if job.diff:
        where = f"{task.path}:{record.line}"
        diffs.append(
            unified_diff(
                record.text, cleaned.text, f"{where}\t(original, id {ident})", f"{where}\t(cleaned)"
            )
        )
    _encode(cleaned.text)  # fail early on text that cannot be written
    return splice(record.raw, job.text_key, cleaned.text)


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
    for outcome, task in zip(outcomes, tasks, strict=True):
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
    if fmt.kind == "table":
        from textwash.table_runner import table_documents

        yield from table_documents(task, text_key)
        return
    if fmt.kind == "records":
        with open(task.source, "rb") as source:
            for record in _iter_records(fmt.decoder.reader(source), text_key):
                if record.text is not None:
                    ident = record.id if record.id is not None else f"{task.path}:{record.line}"
                    yield Document(record.text, ident, task.source, record.metadata)
        return
    raw, _, _ = _read_whole(task.source)
    data = fmt.decoder.decompress(raw)
    if data:
        yield Document(_decode_document(fmt, data, encoding, html).text, task.path, task.source)


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
    if fmt.kind == "table":
        from textwash.table_runner import explain_table

        yield from explain_table(path, pipeline, text_key)
        return
    if fmt.kind == "records":
        with open(path, "rb") as source:
            for record in _iter_records(fmt.decoder.reader(source), text_key):
                if record.error is not None:
                    yield Explained(record.line, record.id, record.error)
                elif record.text is not None:
                    ident = record.id if record.id is not None else f"{path}:{record.line}"
                    doc = Document(record.text, ident, real, record.metadata)
                    yield Explained(record.line, record.id, pipeline.explain(doc))
        return
    try:
        raw, _, _ = _read_whole(path)
    except _ChangedWhileReading:
        raise FormatError("changed while it was being read") from None
    data = fmt.decoder.decompress(raw)
    decoded = _decode_document(fmt, data, encoding, html) if data else None
    text = decoded.text if decoded else ""
    explanation = whole_file_pipeline(pipeline).explain(Document(text, path, real))
    if decoded is not None and decoded.encoding is not None and not fmt.html:
        changes = (*decoding_changes(data, decoded), *explanation.changes)
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
