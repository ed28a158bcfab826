"""Resume: which inputs are already done under the current configuration.

The pattern is black's (``src/black/cache.py``): per input, its (mtime, size, sha256); an
input counts as done when its size matches and either its mtime matches or, if only the
mtime moved, its content hash still does. The cache is keyed by the configuration (the
pipeline's :meth:`~textwash.Pipeline.cache_key`, the textwash version and the reading
options), so a changed filter, option or release is never mistaken for work already done.

Where this *state* lives, and what "done" means there:

* **with -o OUTDIR**: in the user cache folder, in a folder of its own per output folder
  (:func:`output_state_dir`), or in the folder ``--state DIR`` names (datatrove's
  ``logging_dir``). Never in OUTDIR: the output tree holds the outputs and nothing else,
  so it can be uploaded or committed as it is. An entry says "this input's output is in
  the output folder, complete": it records the output's size, and the output must still
  exist with that size. Only one configuration's entries are kept there: starting a run
  with another configuration deletes the others (their outputs are about to be
  overwritten). A lock, removed when the run ends, keeps a second ``clean`` from writing
  to the same output folder at the same time.
* **with --in-place, --check or --diff**: in the user cache folder (``$TEXTWASH_CACHE_DIR``,
  else ``$XDG_CACHE_HOME/textwash`` or the platform's equivalent), as black keeps its own,
  or in ``--state DIR``: an entry says "this file, as it is now, is clean".

Paths are stored relative to the roots of the run (the folder holding the inputs, the
output folder), so that state and outputs moved together, or inputs and outputs moved
together, still resume; and the state holds no absolute path of this machine, except for
inputs outside those roots and in the user-wide in-place cache.

Entries are recorded only after the output is on disk, never for failed files. They are
appended to a journal (``KEY.log``, one JSON line each) as each batch of files finishes, in
one write, so a run killed at any moment loses at most the lines of the batch being
recorded, whose files are then simply redone (a torn last line is ignored); at the end of a
run the journal is folded into a snapshot (``KEY.json``) written atomically. An unreadable
cache counts as empty.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from textwash.io.atomic import write_atomic

#: Version 2: paths relative to the roots of the run.
_SNAPSHOT_VERSION = 2

#: In an output folder's default state folder: the output folder's resolved path, so that
#: other runs can tell an output folder from an input folder (:func:`known_outputs`).
_OUTPUT_FILE = "output"


@dataclass(frozen=True)
class Fingerprint:
    """What identifies a file's content cheaply: mtime and size, and its hash to confirm."""

    mtime_ns: int
    size: int
    sha256: str


@dataclass(frozen=True)
class Entry:
    """One finished input: its fingerprint, format, and the output it produced (if any)."""

    fingerprint: Fingerprint
    format: str
    output: str | None = None
    output_size: int | None = None

    def to_json(self) -> list[Any]:
        fp = self.fingerprint
        return [fp.mtime_ns, fp.size, fp.sha256, self.format, self.output, self.output_size]

    @classmethod
    def from_json(cls, row: list[Any]) -> Entry:
        mtime, size, sha, fmt, output, output_size = row
        return cls(Fingerprint(int(mtime), int(size), str(sha)), str(fmt), output, output_size)


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def user_cache_dir() -> Path:
    """Where the in-place/check cache lives: ``$TEXTWASH_CACHE_DIR`` or the user cache."""
    if override := os.environ.get("TEXTWASH_CACHE_DIR"):
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "textwash" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "textwash"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "textwash"


def output_state_dir(outdir: str | Path) -> Path:
    """The default state folder of an output folder: one per resolved output path, in the
    user cache folder (``outputs/NAME-HASH``), as black keys its cache by project."""
    real = os.path.realpath(outdir)
    digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in os.path.basename(real))
    return user_cache_dir() / "outputs" / f"{name[:40] or 'root'}-{digest}"


def register_output(outdir: str | Path) -> None:
    """Note, in the user cache folder, that ``outdir`` holds the outputs of a run
    (best effort: a read-only cache folder only loses :func:`known_outputs` its help)."""
    real = os.path.realpath(outdir)
    marker = output_state_dir(real) / _OUTPUT_FILE
    with contextlib.suppress(OSError):
        if marker.read_text(encoding="utf-8", errors="surrogateescape") == real:
            return
    with contextlib.suppress(OSError):
        marker.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(marker, real.encode("utf-8", "surrogateescape"))


def known_outputs() -> set[str]:
    """The resolved paths of every folder a run on this machine wrote its outputs to, so
    that a later run over a folder holding one of them does not clean them as inputs."""
    found: set[str] = set()
    try:
        folders = list((user_cache_dir() / "outputs").iterdir())
    except OSError:
        return found
    for folder in folders:
        with contextlib.suppress(OSError):
            found.add((folder / _OUTPUT_FILE).read_bytes().decode("utf-8", "surrogateescape"))
    return found


def _stored(path: str, root: str | None) -> str:
    """``path`` as the state records it: relative to ``root`` (with ``/``) when inside it."""
    if root is None:
        return path
    root = root.rstrip(os.sep) or os.sep
    if path == root:
        return "."
    prefix = root if root.endswith(os.sep) else root + os.sep
    if path.startswith(prefix):
        return path[len(prefix) :].replace(os.sep, "/")
    return path


class CacheLockedError(Exception):
    """Another ``clean`` is writing to the same output directory."""


class Cache:
    """Finished inputs under one configuration key, in one folder.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> src = folder / "a.txt"
    >>> _ = src.write_text("hello")
    >>> cache = Cache.open(folder / "cache", "k1")
    >>> cache.done(str(src), "txt")
    False
    >>> cache.record(str(src), Entry(fingerprint_of(src), "txt"))
    >>> cache.close()
    >>> Cache.open(folder / "cache", "k1").done(str(src), "txt")
    True
    >>> Cache.open(folder / "cache", "k2").done(str(src), "txt")
    False

    ``inputs`` and ``outputs`` are the roots of the run: paths inside them are stored
    relative to them (see the module docstring). The methods take absolute paths.
    """

    def __init__(
        self,
        folder: Path,
        key: str,
        entries: dict[str, Entry],
        *,
        inputs: str | None = None,
        outputs: str | None = None,
    ) -> None:
        self.folder = folder
        self.key = key
        self.entries = entries
        self.inputs = inputs
        self.outputs = outputs
        self._journal: IO[bytes] | None = None
        self._new: dict[str, Entry] = {}
        #: The entries in the folder when it was opened (:meth:`entries` may be cleared).
        self._loaded: dict[str, Entry] = dict(entries)
        self._lock: IO[bytes] | None = None

    # -- opening and closing ------------------------------------------------------------

    @classmethod
    def open(
        cls,
        folder: Path,
        key: str,
        *,
        exclusive: bool = False,
        wait: float = 10.0,
        inputs: str | None = None,
        outputs: str | None = None,
    ) -> Cache:
        """Load the cache for ``key`` in ``folder``.

        ``exclusive`` (an output directory's state): hold a lock for the whole run, so a
        second ``clean`` into the same folder waits or stops, and delete the caches of other
        configurations.
        """
        folder.mkdir(parents=True, exist_ok=True)
        lock = _acquire(folder / "lock", wait) if exclusive else None
        if exclusive:
            for path in folder.iterdir():
                if path.suffix in (".json", ".log") and path.stem != key:
                    with contextlib.suppress(OSError):
                        path.unlink()
        cache = cls(folder, key, _load(folder, key), inputs=inputs, outputs=outputs)
        cache._lock = lock
        return cache

    def close(self) -> None:
        """Fold the journal into the snapshot and release the folder."""
        try:
            if self._journal is not None:
                self._journal.close()
                self._journal = None
                with _locked(self.folder / "lock", shared_with=self._lock):
                    if self._lock is not None:
                        # Held since it was opened: no other run wrote to it, so the
                        # snapshot is what was loaded then plus this run's journal.
                        merged = {**self._loaded, **self._new}
                    else:  # shared with other runs: take what they recorded too
                        merged = _load(self.folder, self.key)
                        merged.update(self._new)
                    self.entries = merged
                    snapshot = {
                        "version": _SNAPSHOT_VERSION,
                        "key": self.key,
                        "entries": {path: e.to_json() for path, e in merged.items()},
                    }
                    data = _encode(snapshot).encode("utf-8")
                    write_atomic(self._path(".json"), data)
                    with open(self._path(".log"), "wb"):
                        pass  # the journal is in the snapshot now
        finally:
            if self._lock is not None:
                _release(self._lock, self.folder / "lock")
                self._lock = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _path(self, suffix: str) -> Path:
        return self.folder / f"{self.key}{suffix}"

    # -- using it -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.entries)

    def done(self, path: str, fmt: str, output: str | None = None) -> bool:
        """Whether ``path`` is finished: unchanged since, same format, output still there."""
        entry = self.entries.get(_stored(path, self.inputs))
        if entry is None or entry.format != fmt:
            return False
        if entry.output != (None if output is None else _stored(output, self.outputs)):
            return False
        try:
            st = os.stat(path)
            if output is not None and os.stat(output).st_size != entry.output_size:
                return False
        except OSError:
            return False
        fp = entry.fingerprint
        if st.st_size != fp.size:
            return False
        if st.st_mtime_ns == fp.mtime_ns:
            return True
        try:
            return file_sha256(path) == fp.sha256
        except OSError:
            return False

    def record(self, path: str, entry: Entry) -> None:
        """Remember ``path`` as finished (call only once its output is on disk)."""
        self.record_all([(path, entry)])

    def record_all(self, finished: Iterable[tuple[str, Entry]]) -> None:
        """Remember several finished inputs with one write to the journal (a batch's, once
        its outputs are on disk): a kill loses at most the lines of that write."""
        lines = []
        for path, entry in finished:
            path = _stored(path, self.inputs)
            if entry.output is not None:
                output = _stored(entry.output, self.outputs)
                entry = Entry(entry.fingerprint, entry.format, output, entry.output_size)
            self.entries[path] = entry
            self._new[path] = entry
            lines.append(_encode([path, *entry.to_json()]))
        if not lines:
            return
        if self._journal is None:
            self._journal = open(self._path(".log"), "ab")  # noqa: SIM115 (closed in close)
        self._journal.write(("\n".join(lines) + "\n").encode("utf-8"))
        self._journal.flush()


#: JSON without spaces, as the journal's lines and the snapshot are written (one encoder,
#: not one per line).
_encode = json.JSONEncoder(separators=(",", ":")).encode


def fingerprint_of(path: str | Path) -> Fingerprint:
    """The fingerprint of a file as it is now."""
    st = os.stat(path)
    return Fingerprint(st.st_mtime_ns, st.st_size, file_sha256(path))


def _load(folder: Path, key: str) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    try:
        snapshot = json.loads((folder / f"{key}.json").read_bytes())
        if snapshot.get("version") == _SNAPSHOT_VERSION and snapshot.get("key") == key:
            for path, row in snapshot["entries"].items():
                entries[path] = Entry.from_json(row)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        entries = {}  # no snapshot, or an unreadable one: start from nothing
    try:
        with open(folder / f"{key}.log", "rb") as journal:
            lines = journal.read().splitlines()
    except OSError:
        return entries
    try:  # every line at once (fast), unless one is torn
        rows = json.loads(b"[" + b",".join(lines) + b"]") if lines else []
    except ValueError:
        rows = [_row(line) for line in lines]
    for row in rows:
        try:
            path, *fields = row
            entries[str(path)] = Entry.from_json(fields)
        except (ValueError, TypeError):
            continue  # a line torn by a kill
    return entries


def _row(line: bytes) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        return None  # a line torn by a kill


def _acquire(path: Path, wait: float) -> IO[bytes]:
    """Hold an exclusive lock on ``path`` (waiting up to ``wait`` seconds).

    The holder removes the file when it is done (:func:`_release`), so a lock won on a file
    that has since been removed is not a lock: it is taken again on the file now there.
    """
    try:
        import fcntl
    except ImportError:  # no advisory locks here: run without
        return open(path, "a+b")

    deadline = time.monotonic() + wait
    while True:
        handle = open(path, "a+b")  # noqa: SIM115 (kept open while the lock is held)
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            if time.monotonic() >= deadline:
                raise CacheLockedError(
                    f"another clean is running with the same state folder {path.parent} "
                    f"(writing to the same output folder); lock: {path}"
                ) from None
            time.sleep(0.1)
            continue
        try:
            held, now = os.fstat(handle.fileno()), os.stat(path)
            if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
                return handle
        except FileNotFoundError:
            pass
        handle.close()  # removed by the holder before us: take the new one


def _release(handle: IO[bytes], path: Path) -> None:
    """Remove the lock file, then let go of it (nothing stale stays behind)."""
    with contextlib.suppress(OSError):
        os.unlink(path)
    handle.close()


@contextlib.contextmanager
def _locked(path: Path, *, shared_with: IO[bytes] | None) -> Iterator[None]:
    """Hold the folder's lock while compacting (already held by an exclusive cache)."""
    if shared_with is not None:
        yield
        return
    handle = _acquire(path, wait=30.0)
    try:
        yield
    finally:
        _release(handle, path)
