"""Where inputs are read from and outputs written to: local paths and object storage.

A *location* is what a user types for a path: a plain path or ``file://PATH`` (the local
disk), ``s3://BUCKET/KEY``, ``gs://BUCKET/KEY`` or ``hf://datasets/OWNER/NAME/PATH`` (the
Hugging Face Hub, read only). Object storage goes through fsspec, as datatrove and NeMo
Curator do, with one package per protocol behind an extra (``textwash[s3]``,
``textwash[gcs]``, ``textwash[hf]``); a missing one is named in the error, with the command
that installs it. Telling a local path from a URL needs no import, so ``clean`` on local
folders never loads fsspec.

Credentials come from where each protocol's own tools look, never from flags: for S3 the
AWS chain (``AWS_ACCESS_KEY_ID``..., ``~/.aws/config``, instance and pod roles; an S3-compatible
server is named by ``AWS_ENDPOINT_URL_S3`` or ``AWS_ENDPOINT_URL``), for GCS Google's
application default credentials, for the Hub ``HF_TOKEN`` or ``huggingface-cli login``.

What this module promises, whatever the protocol:

* :func:`list_inputs` lists in pages (S3 returns at most 1,000 keys per request; the pages
  are yielded as they come, so the first files can be planned while the listing goes on),
  and chooses files with the local walker's rules (:class:`~textwash.io.files.Globs`
  matched against the path relative to the named folder; this package's temporary files
  and the output prefix, when it is inside the input prefix, are never taken);
* :func:`open_output` is all-or-nothing: on disk a temporary file renamed over the target
  (:mod:`textwash.io.atomic`); on object storage one PUT for an output smaller than a
  part, else a multipart upload completed only once every part is up. A failure or a
  kill at any moment leaves the old object, or none, never part of a new one.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from textwash.io.atomic import TEMP_SUFFIX, AtomicFile
from textwash.io.files import CACHE_DIR_NAME, Globs, Input, Problem

#: Protocols as written in a URL, to the name this module uses for them.
_SCHEMES = {"file": "file", "s3": "s3", "s3a": "s3", "gs": "gs", "gcs": "gs", "hf": "hf"}

#: Per protocol: the module that implements it for fsspec, and the extra that installs it.
_EXTRAS = {
    "s3": ("s3fs", "s3"),
    "gs": ("gcsfs", "gcs"),
    "hf": ("huggingface_hub", "hf"),
}

_URL = re.compile(r"\A([A-Za-z][A-Za-z0-9+.-]*)://")

#: Bytes an object-store output collects before it becomes a multipart upload (S3's
#: smallest part is 5 MiB). Below it, an output is one PUT.
PART_SIZE = 8 << 20

#: Keys per page of a listing (S3's maximum per request).
PAGE_SIZE = 1000


class LocationError(ValueError):
    """A location that cannot be used as asked (unknown protocol, read-only, malformed)."""


class MissingExtraError(ImportError):
    """The package for a location's protocol is not installed; the message says how to."""


@dataclass(frozen=True)
class Location:
    """A parsed location: ``protocol`` (``file``, ``s3``, ``gs`` or ``hf``) and ``path``,
    the path within that protocol's file system (``BUCKET/KEY`` on object storage), without
    a trailing ``/``.

    >>> Location.parse("s3://bucket/raw/")
    Location(protocol='s3', path='bucket/raw')
    >>> Location.parse("s3://bucket/raw/").join("a/b.jsonl").url
    's3://bucket/raw/a/b.jsonl'
    >>> Location.parse("file:///data/x.txt"), Location.parse("notes/x.txt").is_local
    (Location(protocol='file', path='/data/x.txt'), True)
    """

    protocol: str
    path: str

    @classmethod
    def parse(cls, text: str | os.PathLike[str]) -> Location:
        """Read a location as a user gives it; raise :class:`LocationError` if unusable."""
        text = os.fspath(text)
        match = _URL.match(text)
        if match is None:
            return cls("file", text)
        scheme = match.group(1).lower()
        protocol = _SCHEMES.get(scheme)
        if protocol is None:
            raise LocationError(
                f"{text}: unknown protocol {scheme}:// (textwash reads local paths, file://, "
                "s3://, gs:// and hf://datasets/)"
            )
        rest = text[match.end() :]
        if protocol == "file":
            return cls("file", rest or "/")
        path = rest.strip("/")
        if not path:
            raise LocationError(f"{text}: names no bucket")
        if protocol == "hf" and not path.startswith("datasets/"):
            raise LocationError(
                f"{text}: only datasets are read from the Hugging Face Hub "
                "(hf://datasets/OWNER/NAME/...)"
            )
        return cls(protocol, path)

    @property
    def is_local(self) -> bool:
        return self.protocol == "file"

    @property
    def url(self) -> str:
        """The location as a user would write it (a local one as its plain path)."""
        return self.path if self.is_local else f"{self.protocol}://{self.path}"

    def join(self, rel: str) -> Location:
        """The location ``rel`` (with ``/``) below this one."""
        if self.is_local:
            return Location("file", os.path.join(self.path, *rel.split("/")))
        return Location(self.protocol, f"{self.path}/{rel.strip('/')}")

    def contains(self, other: Location) -> bool:
        """Whether ``other`` is this location or below it (same protocol)."""
        if self.protocol != other.protocol:
            return False
        if self.is_local:
            mine, theirs = os.path.realpath(self.path), os.path.realpath(other.path)
            return theirs == mine or theirs.startswith(mine.rstrip(os.sep) + os.sep)
        return other.path == self.path or other.path.startswith(self.path + "/")

    def __str__(self) -> str:
        return self.url


def is_remote(text: str | os.PathLike[str]) -> bool:
    """Whether ``text`` names object storage (cheap: no import, no request).

    >>> is_remote("s3://b/k"), is_remote("data/file.txt"), is_remote("file:///tmp")
    (True, False, False)
    """
    match = _URL.match(os.fspath(text))
    return match is not None and _SCHEMES.get(match.group(1).lower(), "?") != "file"


def check_writable(location: Location) -> None:
    """Raise :class:`LocationError` for a location outputs cannot go to."""
    if location.protocol == "hf":
        raise LocationError(
            f"{location.url}: the Hugging Face Hub is read only here; write the outputs to "
            "s3://, gs:// or a local folder"
        )


# -- file systems ------------------------------------------------------------------------------


def require(protocol: str) -> None:
    """Raise :class:`MissingExtraError` if the package for ``protocol`` is not installed."""
    found = _EXTRAS.get(protocol)
    if found is None:
        return
    module, extra = found
    if importlib.util.find_spec(module) is None or importlib.util.find_spec("fsspec") is None:
        raise MissingExtraError(
            f"{protocol}:// locations need the {module} package: pip install 'textwash[{extra}]'"
        )


def filesystem(protocol: str) -> Any:
    """The fsspec file system for ``protocol`` (one per process: fsspec caches instances,
    and makes new ones in a forked child).

    Listings are not cached: a run must see the objects as they are now.
    """
    require(protocol)
    import fsspec

    options: dict[str, Any] = {"use_listings_cache": False}
    if protocol == "s3":
        # Without this, s3fs fetches the bucket's region per bucket before each first use.
        options["cache_regions"] = True
    return fsspec.filesystem(protocol, **options)


# -- listing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredInput(Input):
    """An input on object storage: ``path`` and ``real`` are its URL; ``tag`` identifies its
    content cheaply (the ETag on S3, the generation on GCS), as mtime and size do on disk."""

    tag: str = ""


def _tag(info: dict[str, Any]) -> str:
    for key in ("ETag", "etag", "generation", "md5Hash", "LastModified", "last_modified", "mtime"):
        value = info.get(key)
        if value:
            return str(value).strip('"')
    return ""


def list_inputs(
    roots: Sequence[Location],
    *,
    include: Globs,
    exclude: Globs,
    skip: Sequence[Location] = (),
    page_size: int = PAGE_SIZE,
) -> Iterator[tuple[list[StoredInput], list[Problem]]]:
    """The input objects under ``roots`` (locations on object storage), a page at a time.

    A root that names an object is that object, taken whatever the globs say (as a file
    named on the command line is); any other root is a prefix, listed in key order, whose
    keys are chosen as the local walker chooses files (see the module docstring). ``skip``
    are prefixes never taken (the output location, when it is inside an input). Each page
    comes with the problems met while listing it (a root that names nothing).
    """
    for root in roots:
        if root.is_local:
            raise LocationError(f"{root.url}: a local path (list it with find_inputs)")
        fs = filesystem(root.protocol)
        single = _object_info(fs, root.path)
        if single is not None:
            yield [_stored(root, root.path.rsplit("/", 1)[-1], single)], []
            continue
        found = False  # an object below the prefix, chosen or not: the prefix exists
        page: list[StoredInput] = []
        for info in _iter_objects(fs, root, page_size):
            found = True
            rel = info["name"][len(root.path) + 1 :]
            if not rel or rel.endswith("/") or not _wanted(rel, include, exclude):
                continue
            if any(s.contains(root.join(rel)) for s in skip):
                continue
            page.append(_stored(root.join(rel), rel, info))
            if len(page) >= page_size:
                yield page, []
                page = []
        if page or not found:
            problems = [] if found else [Problem(root.url, "no such object or prefix", True)]
            yield page, problems


def _wanted(rel: str, include: Globs, exclude: Globs) -> bool:
    parts = rel.split("/")
    if CACHE_DIR_NAME in parts[:-1] or parts[-1].endswith(TEMP_SUFFIX):
        return False
    return not exclude.match(rel) and include.match_file(rel)


def _stored(location: Location, rel: str, info: dict[str, Any]) -> StoredInput:
    url = location.url
    return StoredInput(url, rel, url, int(info.get("size") or 0), _tag(info))


def _object_info(fs: Any, path: str) -> dict[str, Any] | None:
    """The object at ``path``, or ``None`` if it is a prefix or nothing."""
    try:
        info: dict[str, Any] = fs.info(path)
    except FileNotFoundError:
        return None
    return info if info.get("type") == "file" else None


def _iter_objects(fs: Any, root: Location, page_size: int) -> Iterator[dict[str, Any]]:
    """Every object below ``root``, in key order: on S3 page by page as the server sends
    them (memory bounded by a page); elsewhere from one listing, sorted."""
    if root.protocol == "s3" and hasattr(fs, "_iterdir"):
        yield from _s3_pages(fs, root, page_size)
        return
    found = fs.find(root.path, detail=True)
    for name in sorted(found):
        info = found[name]
        if info.get("type") == "file":
            yield {**info, "name": name.strip("/")}


def _s3_pages(fs: Any, root: Location, page_size: int) -> Iterator[dict[str, Any]]:
    """S3's ListObjectsV2 pages (no delimiter: every key below the prefix, in order)."""
    from fsspec.asyn import sync

    bucket, _, key = root.path.partition("/")
    prefix = f"{key}/" if key else ""
    pages = fs._iterdir(bucket, delimiter="", prefix=prefix)

    async def take() -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        async for info in pages:
            items.append(info)
            if len(items) >= page_size:
                break
        return items

    while True:
        items = sync(fs.loop, take)
        yield from items
        if len(items) < page_size:
            return


def object_sizes(folder: Location, page_size: int = PAGE_SIZE) -> Iterator[tuple[str, int]]:
    """(name relative to ``folder``, with ``/``; size) of every object or file below it, in
    key order on object storage; nothing if there is none."""
    if folder.is_local:
        for top, _, files in os.walk(folder.path):
            rel_top = os.path.relpath(top, folder.path).replace(os.sep, "/")
            for name in sorted(files):
                rel = name if rel_top == "." else f"{rel_top}/{name}"
                with contextlib.suppress(OSError):
                    yield rel, os.path.getsize(os.path.join(top, name))
        return
    for info in _iter_objects(filesystem(folder.protocol), folder, page_size):
        rel = info["name"][len(folder.path) + 1 :]
        if rel and not rel.endswith("/"):
            yield rel, int(info.get("size") or 0)


# -- reading and writing -----------------------------------------------------------------------


def open_input(location: Location) -> BinaryIO:
    """Open an input for reading, as a binary stream (buffered reads on object storage)."""
    if location.is_local:
        return open(location.path, "rb")
    stream: BinaryIO = filesystem(location.protocol).open(location.path, "rb")
    return stream


class Output(ABC):
    """An output being written; it appears, whole, only on :meth:`commit`.

    Use it as a context manager (commit on success, discard on an exception) or call the
    methods. ``write`` takes bytes; ``file`` is a writable binary stream for writers that
    want one (a compressor, say).
    """

    @abstractmethod
    def write(self, data: bytes) -> int:
        """Add ``data`` to the output; the number of bytes written."""

    @abstractmethod
    def commit(self) -> None:
        """Make the output appear, whole, at its location."""

    @abstractmethod
    def discard(self) -> None:
        """Drop what was written; nothing appears at the location."""

    def __enter__(self) -> Output:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


class _LocalOutput(Output):
    """Temp file beside the target, renamed over it (:class:`~textwash.io.atomic.AtomicFile`)."""

    def __init__(self, path: Path, *, fsync: bool) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = AtomicFile(path)
        self.file: BinaryIO = self._file.file
        self._fsync = fsync

    def write(self, data: bytes) -> int:
        return self.file.write(data)

    def commit(self) -> None:
        self._file.commit(fsync=self._fsync)

    def discard(self) -> None:
        self._file.discard()


class _ObjectOutput(Output):
    """One PUT below :data:`PART_SIZE`, else a multipart upload completed on commit.

    The first part is kept in memory; only when it fills is the upload started (fsspec's
    file with ``autocommit=False``: parts are uploaded as they fill, and the object appears
    when :meth:`commit` completes the upload; :meth:`discard` aborts it). Memory per output:
    about two parts.
    """

    def __init__(self, location: Location, *, part_size: int) -> None:
        self.location = location
        self._fs = filesystem(location.protocol)
        self._part_size = part_size
        self._head: bytearray | None = bytearray()
        self._upload: Any = None
        self._done = False
        self.file: BinaryIO = OutputStream(self)  # type: ignore[assignment]

    def write(self, data: bytes) -> int:
        if self._done:
            raise ValueError(f"{self.location.url}: output already committed or discarded")
        if self._upload is not None:
            written: int = self._upload.write(data)
            return written
        assert self._head is not None
        self._head += data
        if len(self._head) >= self._part_size:
            self._upload = self._fs.open(
                self.location.path, "wb", block_size=self._part_size, autocommit=False
            )
            self._upload.write(bytes(self._head))
            self._head = None
        return len(data)

    def commit(self) -> None:
        if self._done:
            return
        self._done = True
        if self._upload is None:
            assert self._head is not None
            self._fs.pipe_file(self.location.path, bytes(self._head))
            self._head = None
            return
        try:
            self._upload.close()  # the last part goes up; the upload is not completed yet
            self._upload.commit()
        except BaseException:
            _abort(self._upload)
            raise

    def discard(self) -> None:
        if self._done:
            return
        self._done = True
        self._head = None
        if self._upload is not None:
            _abort(self._upload)


def _abort(upload: Any) -> None:
    """Abort a multipart upload and make sure closing the file does not complete it."""
    try:
        upload.discard()
    finally:
        upload.forced = True  # fsspec's close() then skips the final flush
        upload.closed = True


class OutputStream(io.RawIOBase):
    """A writable binary stream over an :class:`Output` that counts the bytes written:
    what ``gzip``, ``zstd``, a format's writer or pyarrow (``write``, ``tell``) need of a
    sink, and the size a resume entry records. Closing it does not commit the output:
    its owner does."""

    def __init__(self, output: Output) -> None:
        super().__init__()
        self.output = output
        self.size = 0

    def write(self, data: Any) -> int:
        data = bytes(data)
        self.output.write(data)
        self.size += len(data)
        return len(data)

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        pass  # nothing is buffered here, closed or not


def open_output(location: Location, *, fsync: bool = True, part_size: int = PART_SIZE) -> Output:
    """Start writing ``location``; nothing is visible there until :meth:`Output.commit`.

    Local parent folders are created; object stores have none to create.
    """
    check_writable(location)
    if location.is_local:
        return _LocalOutput(Path(location.path), fsync=fsync)
    return _ObjectOutput(location, part_size=part_size)


def read_bytes(location: Location) -> bytes:
    """A whole (small) object or file."""
    with open_input(location) as stream:
        return stream.read()


def write_bytes(location: Location, data: bytes, *, fsync: bool = True) -> None:
    """Replace ``location`` by ``data``, all or nothing."""
    with open_output(location, fsync=fsync) as out:
        out.write(data)
